/**
 * The panel's download size: every script and stylesheet the panel page loads from dist/chrome,
 * raw and gzip-compressed (target ≤ 60 KB gzip). Prints only; run `npm run build` first.
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
/** The panel page's own assets plus the chunks they import (named in the panel script). */
const loaded = new Set<string>();
for (const m of panelHtml.matchAll(/assets\/([\w.-]+\.(?:js|css))/g)) loaded.add(m[1]!);
for (const name of [...loaded]) {
  if (!name.endsWith(".js")) continue;
  for (const m of readFileSync(join(dir, name), "utf8").matchAll(/["'/]([\w.-]+\.js)["']/g)) if (existsSync(join(dir, m[1]!))) loaded.add(m[1]!);
}
let raw = 0;
let gz = 0;
console.log("Panel bundle (dist/chrome)");
for (const name of [...loaded].sort()) {
  const bytes = readFileSync(join(dir, name));
  const z = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += z;
  console.log(`  ${name.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(z / 1024).toFixed(1).padStart(6)} KB gzip`);
}
console.log(`  ${"total".padEnd(40)} ${(raw / 1024).toFixed(1).padStart(7)} KB  ${(gz / 1024).toFixed(1).padStart(6)} KB gzip (target ≤ 60 KB)${gz > 60 * 1024 ? "  ABOVE TARGET" : ""}`);
