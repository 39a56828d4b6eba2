#!/usr/bin/env node
/**
 * Bundles the library (src/lib/index.ts → dist/lib/index.mjs, the package's "." export) and the
 * Playwright fixture (src/playwright/index.ts → dist/playwright/index.mjs, "./playwright") the
 * way build-cli.mjs bundles the CLI: one ES module each, core and jwt-decode inside, so that the
 * installed package has no runtime dependency. @playwright/test stays outside: it is the user's
 * own (a peer dependency), and a second copy would not be the test runner that runs the suite.
 * Then the type declarations, from the same sources (tsconfig.lib.json) into dist/types.
 * Standalone: `node scripts/build-lib.mjs`.
 */
import { spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));

/** Writes beside the target and renames, as build-cli.mjs does: a reader never sees half a file. */
async function writeAtomically(file, contents) {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, file);
}

// One build for both entries: what they share (core) is one chunk, not two copies.
const outdir = join(root, "dist");
const result = await build({
  absWorkingDir: root,
  entryPoints: { "lib/index": join(root, "src", "lib", "index.ts"), "playwright/index": join(root, "src", "playwright", "index.ts") },
  outdir,
  outExtension: { ".js": ".mjs" },
  chunkNames: "lib/chunks/[name]-[hash]",
  splitting: true,
  write: false,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["@playwright/test"],
  define: { AUTHLENS_VERSION: JSON.stringify(pkg.version) },
  tsconfig: join(root, "tsconfig.json"),
  legalComments: "inline",
  logLevel: "warning",
});
// A chunk name carries a hash: the chunks of an earlier build go, so the package holds only these.
await rm(join(outdir, "lib", "chunks"), { recursive: true, force: true });
for (const output of result.outputFiles) {
  await writeAtomically(output.path, output.contents);
  console.log(`build-lib: wrote ${relative(root, output.path)} (${(output.contents.length / 1024).toFixed(1)} kB)`);
}

// Declarations: tsc writes one .d.ts per source module the entries reach. Sources import each
// other as "./x.ts" (allowImportingTsExtensions); a consumer's TypeScript resolves "./x.js" to
// x.d.ts under every moduleResolution, so the written specifiers are rewritten to .js.
const typesDir = join(root, "dist", "types");
await rm(typesDir, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.lib.json")], {
  cwd: root,
  stdio: "inherit",
});
if (tsc.status !== 0) {
  console.error("build-lib: tsc (declarations) failed");
  process.exit(tsc.status ?? 1);
}
const RELATIVE_TS = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.ts(["'])/g;
let files = 0;
for (const name of await readdir(typesDir, { recursive: true })) {
  if (!name.endsWith(".d.ts")) continue;
  const file = join(typesDir, name);
  const text = await readFile(file, "utf8");
  const rewritten = text.replace(RELATIVE_TS, "$1$2.js$3");
  if (rewritten !== text) await writeFile(file, rewritten);
  files++;
}
console.log(`build-lib: wrote ${files} declaration files under ${relative(root, typesDir)}`);
