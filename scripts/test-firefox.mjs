// `npm run test:firefox`: AuthLens in real Firefox ESR (test/e2e-firefox/firefox.test.ts) and the
// Firefox-vs-Chromium comparison (test/e2e-firefox/parity.test.ts), from the `npm run build`
// output. Node's own test runner runs them one file at a time (each starts browsers), with tsx
// for TypeScript. Writes artifacts/firefox-e2e.json ({passed, failed, todo, names of the failed}) for scripts/test.mjs.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const DIR = "test/e2e-firefox";
const TAP = "artifacts/firefox-e2e.tap";
const SUMMARY = "artifacts/firefox-e2e.json";
// The whole Firefox part must stay under three minutes; a hung browser must not stall `npm test`.
const TIME_LIMIT_MS = 180_000;

mkdirSync("artifacts", { recursive: true });
rmSync(TAP, { force: true });
rmSync(SUMMARY, { force: true });

function fail(message) {
  console.error(`test:firefox: ${message}`);
  writeFileSync(SUMMARY, `${JSON.stringify({ passed: 0, failed: 1, todo: 0 })}\n`);
  process.exit(1);
}

for (const build of ["dist/firefox-test", "dist/chrome-test"]) {
  if (!existsSync(join(build, "manifest.json"))) fail(`${build} is missing: run npm run build first`);
}
const firefox = process.env.FIREFOX_PATH ?? ["/usr/bin/firefox-esr", "/usr/bin/firefox"].find((p) => existsSync(p));
if (!firefox || !existsSync(firefox)) fail("Firefox was not found: apt-get install firefox-esr, or set FIREFOX_PATH");

const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".test.ts"))
  .sort()
  .map((f) => join(DIR, f));
const started = Date.now();
// Its own process group, so that a timeout stops the test files' processes and their browsers too.
const child = spawn(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-concurrency=1",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${TAP}`,
    ...files,
  ],
  { stdio: "inherit", detached: true },
);
const signalGroup = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
};
// SIGTERM lets the browsers close; a test process that outlives it gets SIGKILL.
const stopGroup = () => {
  signalGroup("SIGTERM");
  setTimeout(() => signalGroup("SIGKILL"), 5_000).unref();
};
let timedOut = false;
const timer = setTimeout(() => {
  timedOut = true;
  stopGroup();
}, TIME_LIMIT_MS);
// Ctrl+C reaches this process only: pass it on to the group.
process.on("SIGINT", stopGroup);
process.on("SIGTERM", stopGroup);
const code = await new Promise((resolveExit) => child.on("exit", (c, signal) => resolveExit(signal ? 1 : (c ?? 1))));
clearTimeout(timer);
if (timedOut) {
  // The runner may exit before its test processes: give them the same grace, then stop them.
  await new Promise((r) => setTimeout(r, 3_000));
  signalGroup("SIGKILL");
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);

let tap = "";
try {
  tap = readFileSync(TAP, "utf8");
} catch {
  // No report at all: counted as one failure below.
}
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, "m").exec(tap)?.[1] ?? 0);
// TAP's "not ok N - name" lines, nested subtests included, todo ones left out: named in npm test's closing lines.
const names = [...tap.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map((m) => m[1]).filter((n) => !/# TODO/i.test(n));
const summary = { passed: count("pass"), failed: count("fail") + count("cancelled"), todo: count("todo"), names: names.map((n) => `firefox › ${n}`) };
if (timedOut) console.error(`test:firefox: stopped after ${TIME_LIMIT_MS / 1000} s`);
if (code !== 0 && summary.failed === 0) summary.failed = 1;
writeFileSync(SUMMARY, `${JSON.stringify(summary)}\n`);
console.log(`test:firefox: ${summary.passed} passed, ${summary.failed} failed, ${summary.todo} todo (known gaps) in ${seconds} s`);
process.exit(summary.failed > 0 ? 1 : 0);
