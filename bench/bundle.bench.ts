/**
 * The panel's download size: every script and stylesheet the panel page loads from dist/chrome,
 * raw and gzip-compressed (target ≤ 60 KB gzip), and apart from it the analysis worker's script
 * (the capture's diagnosis, started by the page with `new Worker(…)` and loaded off its main
 * thread). Prints only; run `npm run build` first.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dir = "dist/chrome/assets";
if (!existsSync(dir)) {
  console.log("bundle: dist/chrome is missing; run npm run build first");
  process.exit(0);
}
const panelHtml = readFileSync("dist/chrome/src/panel/panel.html", "utf8");

/**
 * Chunks a script loads: `static` ones before it runs, `deferred` ones through import() later,
 * `workers` as the script of a Worker it starts (`new Worker(new URL("/assets/….js", …))`).
 */
function importsOf(name: string): { static: string[]; deferred: string[]; workers: string[] } {
  const code = readFileSync(join(dir, name), "utf8");
  const found = (re: RegExp) => [...code.matchAll(re)].map((m) => m[1]!).filter((f) => existsSync(join(dir, f)));
  return {
    static: found(/(?:from|import)\s*["']\.\/([\w.-]+\.js)["']/g),
    deferred: found(/import\(\s*[`"']\.\/([\w.-]+\.js)[`"']\s*\)/g),
    workers: found(/new Worker\(\s*new URL\(\s*[`"'](?:\/assets\/|\.\/)([\w.-]+\.js)[`"']/g),
  };
}

/** The panel page's own assets plus every chunk they import statically, then what they defer. */
const initial = new Set<string>();
const deferred = new Set<string>();
/** The workers' scripts and every chunk they import: loaded by the worker, not by the page. */
const worker = new Set<string>();
for (const m of panelHtml.matchAll(/assets\/([\w.-]+\.(?:js|css))/g)) initial.add(m[1]!);
const queue = [...initial];
while (queue.length > 0) {
  const name = queue.shift()!;
  if (!name.endsWith(".js")) continue;
  const { static: now, deferred: later, workers } = importsOf(name);
  const enqueue = (f: string, into: Set<string>) => {
    if (initial.has(f) || deferred.has(f) || worker.has(f)) return;
    into.add(f);
    queue.push(f);
  };
  const own = initial.has(name) ? initial : worker.has(name) ? worker : deferred;
  // A chunk imported statically by a deferred one is deferred too; by a worker's, the worker's.
  for (const f of now) enqueue(f, own);
  for (const f of later) enqueue(f, own === worker ? worker : deferred);
  for (const f of workers) enqueue(f, worker);
}

function report(title: string, names: Iterable<string>): { raw: number; gz: number } {
  let raw = 0;
  let gz = 0;
  console.log(title);
  for (const name of [...names].sort()) {
    const bytes = readFileSync(join(dir, name));
    const z = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += z;
    console.log(`  ${name.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(z / 1024).toFixed(1).padStart(6)} KB gzip`);
  }
  console.log(`  ${"subtotal".padEnd(40)} ${(raw / 1024).toFixed(1).padStart(7)} KB  ${(gz / 1024).toFixed(1).padStart(6)} KB gzip`);
  return { raw, gz };
}

console.log("Panel bundle (dist/chrome)");
const first = report("loaded with the panel page:", initial);
const later = deferred.size > 0 ? report("loaded later by the page, through import():", deferred) : { raw: 0, gz: 0 };
const work = worker.size > 0 ? report("the analysis worker (its own thread):", worker) : { raw: 0, gz: 0 };
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const TARGET = 60 * 1024;
console.log(`panel page: ${kb(first.gz)} gzip (${kb(first.raw)} raw) (target ≤ 60 KB)${first.gz > TARGET ? "  ABOVE TARGET" : ""}`);
if (deferred.size > 0) console.log(`panel page, loaded later: ${kb(later.gz)} gzip (${kb(later.raw)} raw)`);
console.log(
  worker.size > 0
    ? `analysis worker: ${kb(work.gz)} gzip (${kb(work.raw)} raw), loaded by the worker, not the page`
    : "analysis worker: none found (the page runs the analysis itself)",
);
