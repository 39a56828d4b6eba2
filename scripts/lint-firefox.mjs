// web-ext lint on the Firefox build: fails on any error; warnings are printed (the README
// explains the ones that remain).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const webExt = fileURLToPath(new URL("../node_modules/web-ext/bin/web-ext.js", import.meta.url));
const r = spawnSync(process.execPath, [webExt, "lint", "--source-dir", "dist/firefox", "--self-hosted=false", "--output", "json", "--no-config-discovery"], {
  encoding: "utf8",
});
let report;
try {
  report = JSON.parse(r.stdout);
} catch {
  console.error(`web-ext lint did not produce a report:\n${r.stdout}\n${r.stderr}`);
  process.exit(1);
}
const { errors = 0, warnings = 0, notices = 0 } = report.summary ?? {};
for (const m of [...(report.errors ?? []), ...(report.warnings ?? [])]) {
  console.log(`  ${m._type ?? ""} ${m.code}: ${m.message}${m.file ? ` (${m.file})` : ""}`);
}
console.log(`web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices`);
process.exit(errors === 0 ? 0 : 1);
