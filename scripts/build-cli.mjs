#!/usr/bin/env node
/**
 * Bundles the CLI (src/cli/main.ts and everything it imports, core and npm dependencies
 * included) into one ES module that plain `node` runs without a TypeScript loader:
 * dist/cli/authlens.mjs, the package's `bin`. Standalone: `node scripts/build-cli.mjs`.
 */
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist", "cli", "authlens.mjs");
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));

const result = await build({
  absWorkingDir: root,
  entryPoints: [join(root, "src", "cli", "main.ts")],
  outfile,
  write: false,
  bundle: true,
  platform: "node",
  format: "esm",
  // package.json "engines": node >= 20.19.
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
  define: { AUTHLENS_VERSION: JSON.stringify(pkg.version) },
  tsconfig: join(root, "tsconfig.json"),
  legalComments: "inline",
  logLevel: "warning",
});

const [output] = result.outputFiles;
if (!output || result.outputFiles.length !== 1) throw new Error(`expected one output file, got ${result.outputFiles.length}`);

// Write beside the target and rename: a build running while the CLI is being run (tests,
// a watcher, scripts/build.mjs) never exposes a half-written file. Mode 755 so that the bin
// runs directly (`npx authlens`, a global install).
await mkdir(dirname(outfile), { recursive: true });
const temporary = `${outfile}.${process.pid}.tmp`;
await writeFile(temporary, output.contents, { mode: 0o755 });
await chmod(temporary, 0o755);
await rename(temporary, outfile);

console.log(`build-cli: wrote ${relative(root, outfile)} (${(output.contents.length / 1024).toFixed(1)} kB, authlens ${pkg.version})`);
