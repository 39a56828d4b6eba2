// `npm run package`: the store uploads, in artifacts/packages/:
//   authlens-chrome-<version>.zip   dist/chrome at the zip root (Chrome Web Store, Edge Add-ons)
//   authlens-firefox-<version>.zip  dist/firefox at the zip root (addons.mozilla.org)
//   authlens-source-<version>.zip   the source AMO's reviewers rebuild the add-on from, with
//                                   SOURCE-README.md saying how
// Builds first when dist is missing (or with --build); --with-untracked adds new files git does
// not ignore yet to the source archive. The zips are written by the small ZIP
// writer below (deflate from node:zlib): no zip library is a dependency, and the system `zip`
// is not everywhere. Entries are sorted and dated 1980-01-01, so the same files give the same zip.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

const OUT = "artifacts/packages";
const { version } = JSON.parse(readFileSync("package.json", "utf8"));

function die(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

// ── ZIP (APPNOTE.TXT 6.3.x, no ZIP64: every size and offset fits in 32 bits) ──────────────────
const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01, the earliest DOS date
const UTF8_NAMES = 0x0800;

/** @param {{ name: string, data: Buffer, mode?: number }[]} entries */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data, mode = 0o644 } of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const deflated = deflateRawSync(data, { level: 9 });
    // Store what deflate cannot shrink (the PNG icons).
    const [method, body] = deflated.length < data.length ? [8, deflated] : [0, data];
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28); // no extra field
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix (so the mode below counts), 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    // extra, comment, disk number, internal attributes: 0
    central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38); // regular file, Unix mode
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  if (entries.length > 0xffff || offset + directory.length > 0xffffffff) die("too large for a ZIP without ZIP64");
  return Buffer.concat([...locals, directory, end]);
}

/** Reads a zip written above back through its central directory: names, and content checked. */
function verify(buf, expected) {
  const endAt = buf.length - 22;
  if (buf.readUInt32LE(endAt) !== 0x06054b50) throw new Error("no end of central directory");
  const count = buf.readUInt16LE(endAt + 10);
  let at = buf.readUInt32LE(endAt + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(dataAt, dataAt + size);
    const data = method === 8 ? inflateRawSync(body) : body;
    if (crc32(data) !== crc || !data.equals(expected.get(name))) throw new Error(`${name} does not read back`);
    names.push(name);
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  if (names.length !== expected.size) throw new Error(`${names.length} entries, expected ${expected.size}`);
}

function writeZip(file, entries) {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const buf = zip(sorted);
  verify(buf, new Map(sorted.map((e) => [e.name, e.data])));
  const path = join(OUT, file);
  writeFileSync(path, buf);
  console.log(`package: ${path}  ${sorted.length} files, ${(buf.length / 1024).toFixed(1)} KiB`);
}

// ── Contents ────────────────────────────────────────────────────────────────────────────────
function isExecutable(path) {
  return (statSync(path).mode & 0o111) !== 0;
}

function entryFor(path, name) {
  return { name, data: readFileSync(path), mode: isExecutable(path) ? 0o755 : 0o644 };
}

/** Every file under `dir`, named relative to it with forward slashes (the zip's root is `dir`). */
function treeOf(dir) {
  const out = [];
  for (const d of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!d.isFile()) continue;
    const path = join(d.parentPath ?? d.path, d.name);
    out.push(entryFor(path, relative(dir, path).split(sep).join("/")));
  }
  return out;
}

function git(args) {
  const r = spawnSync("git", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) die(`git ${args.join(" ")} failed: ${r.stderr || r.error}`);
  return r.stdout;
}

/**
 * The files git tracks (`git ls-files`), as they are on disk; with --with-untracked also the new
 * files git does not ignore, to check a work in progress. Never node_modules, dist or artifacts.
 * A store release packages a clean commit: then the archive is exactly that commit.
 */
function sourceFiles(withUntracked) {
  const skip = /^(node_modules|dist|artifacts)(\/|$)/;
  const list = (args) => git(["ls-files", "-z", ...args]).split("\0").filter((f) => f !== "" && !skip.test(f));
  const untracked = list(["--others", "--exclude-standard"]);
  const files = [...new Set([...list(["--cached"]), ...(withUntracked ? untracked : [])])].filter((f) => existsSync(f));
  const changed = git(["status", "--porcelain", "--untracked-files=no"]).split("\n").filter(Boolean).length;
  if (changed > 0) console.warn(`package: warning: ${changed} tracked file(s) differ from the last commit`);
  if (untracked.length > 0 && !withUntracked) {
    const some = untracked.slice(0, 5).join(", ");
    console.warn(`package: warning: ${untracked.length} untracked file(s) left out of the source archive (${some}${untracked.length > 5 ? ", …" : ""})`);
  }
  if (changed > 0 || untracked.length > 0) console.warn("package: for a store release, package a clean commit");
  return files;
}

function sourceReadme(nodeRange) {
  return `# AuthLens ${version}: source code for review

This archive is the source of the AuthLens browser extension. The Firefox add-on
(\`authlens-firefox-${version}.zip\`, uploaded to addons.mozilla.org) is built from it, unchanged,
by the two commands below.

## Build

Requirements: Node.js ${nodeRange}, with the npm it ships.
Nothing else is needed, and nothing is downloaded besides the npm packages pinned in
package-lock.json.

    npm ci
    npm run build

The add-on is then in \`dist/firefox/\`: its files are those of \`authlens-firefox-${version}.zip\`.
(\`npm run build\` also writes dist/chrome, dist/*-test and dist/cli, which are not part of the add-on.)

## What the build does

\`scripts/build.mjs\` runs Vite (vite.config.ts) with @crxjs/vite-plugin and AUTHLENS_BROWSER=firefox:
it compiles the TypeScript and TSX in \`src/\` and bundles them, with the npm packages preact,
webextension-polyfill and jwt-decode, into the JavaScript files under \`dist/firefox/assets/\`, and
writes \`dist/firefox/manifest.json\` from \`manifest.json\` plus the Firefox additions in
vite.config.ts. \`public/\` (the icons) is copied as is. No code is fetched at run time.
`;
}

// ── Main ────────────────────────────────────────────────────────────────────────────────────
const builds = { chrome: "dist/chrome", firefox: "dist/firefox" };
const missing = Object.values(builds).some((d) => !existsSync(join(d, "manifest.json")));
if (missing || process.argv.includes("--build")) {
  console.log("package: building (npm run build)");
  const r = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  if (r.status !== 0) die("the build failed");
}
for (const dir of Object.values(builds)) {
  const built = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")).version;
  if (built !== version) die(`${dir} is version ${built}, package.json says ${version}: run npm run package -- --build`);
}
// AMO refuses a Manifest V3 upload without an add-on id.
if (!JSON.parse(readFileSync(join(builds.firefox, "manifest.json"), "utf8")).browser_specific_settings?.gecko?.id) {
  die(`${builds.firefox}/manifest.json has no gecko id: not a Firefox build`);
}

mkdirSync(OUT, { recursive: true });
writeZip(`authlens-chrome-${version}.zip`, treeOf(builds.chrome));
writeZip(`authlens-firefox-${version}.zip`, treeOf(builds.firefox));
const nodeRange = (JSON.parse(readFileSync("package.json", "utf8")).engines?.node ?? ">=20.19").replace(/^>=\s*(.+)$/, "$1 or newer");
const source = sourceFiles(process.argv.includes("--with-untracked")).map((f) => entryFor(f, f));
source.push({ name: "SOURCE-README.md", data: Buffer.from(sourceReadme(nodeRange)), mode: 0o644 });
writeZip(`authlens-source-${version}.zip`, source);
