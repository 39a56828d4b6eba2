// `npm test`: every check the project has, in one run, with one closing line
// "authlens: N passed, N failed". Each step runs even when an earlier one failed, so one run
// shows everything that is wrong; the exit code is non-zero when anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { playwrightFailures, vitestFailures } from "./test-failures.mjs";

const bin = (pkg, path) => fileURLToPath(new URL(`../node_modules/${pkg}/${path}`, import.meta.url));
const node = process.execPath;
mkdirSync("artifacts", { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];
/** Each failed test, named with the first line of its message: the closing lines say what failed even when only the tail of the log is kept. */
const failedTests = [];

function step(label, cmd, args, { env = {}, count } = {}) {
  console.log(`\n━━ ${label}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  const counted = count?.();
  if (counted) {
    failedTests.push(...(counted.names ?? []));
    passed += counted.passed;
    failed += counted.failed;
    if (counted.failed > 0 || !ok) failures.push(label);
    if (!ok && counted.failed === 0) failed += 1; // the runner itself failed (crash, no results)
  } else if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

const vitestJson = "artifacts/vitest.json";
const playwrightJson = "artifacts/playwright.json";
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });

step("typecheck (tsc --noEmit, strict)", node, [bin("typescript", "bin/tsc"), "--noEmit", "-p", "tsconfig.json"]);
step("lint (biome)", node, [bin("@biomejs/biome", "bin/biome"), "lint", "src", "test", "scripts", "bench"]);
const built = step("build (dist/chrome, dist/firefox, dist/cli, dist/lib, dist/playwright)", node, ["scripts/build.mjs"]);
if (built) {
  step("web-ext lint dist/firefox (0 errors)", node, ["scripts/lint-firefox.mjs"]);
}
step("unit and CLI tests (vitest)", node, [bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile=${vitestJson}`], {
  count: () => {
    const r = readJson(vitestJson);
    return r ? { passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0, names: vitestFailures(r) } : undefined;
  },
});
if (built) {
  step("end-to-end tests in real DevTools (Playwright + Chromium)", node, [bin("@playwright/test", "cli.js"), "test", "--reporter=list,json"], {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
    count: () => {
      const r = readJson(playwrightJson);
      return r?.stats ? { passed: r.stats.expected ?? 0, failed: (r.stats.unexpected ?? 0) + (r.stats.flaky ?? 0), names: playwrightFailures(r) } : undefined;
    },
  });
  step("Firefox ESR e2e, and the same findings as Chromium (puppeteer-core, WebDriver BiDi)", node, ["scripts/test-firefox.mjs"], {
    count: () => readJson("artifacts/firefox-e2e.json"),
  });
  if (existsSync("/usr/bin/xvfb-run")) {
    step("npm start, headful under xvfb-run (--smoke)", "xvfb-run", ["-a", node, bin("tsx", "dist/cli.mjs"), "scripts/start.ts", "--smoke"], {
      env: { AUTHLENS_LAB_PAGE_PORT: "0", AUTHLENS_LAB_API_PORT: "0" },
    });
  } else {
    console.log("\n━━ npm start smoke skipped: xvfb-run is not installed (apt-get install xvfb)");
  }
}

if (failedTests.length > 0) console.log(`\nfailed tests:\n${failedTests.map((n) => `  ✗ ${n}`).join("\n")}`);
console.log(`\n${failures.length > 0 ? `failed steps: ${failures.join("; ")}\n` : ""}authlens: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failures.length > 0 ? 1 : 0);
