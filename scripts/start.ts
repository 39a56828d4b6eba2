/**
 * `npm start`: build, start the scenario lab, open Chromium with AuthLens loaded, DevTools open
 * and the AuthLens panel shown on the lab page. Stops everything on Ctrl+C or when the browser
 * window is closed. `--smoke` opens everything, checks the panel and exits (for tests and CI).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { findChrome, launchWithDevtools } from "../test/harness/devtools.ts";
import { startLab } from "../test/lab/server.ts";

const smoke = process.argv.includes("--smoke");

function fail(message: string): never {
  console.error(`authlens: ${message}`);
  process.exit(1);
}

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old: AuthLens needs Node 20.19 or newer.`);

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  fail(
    "no display to open Chromium on. Run `xvfb-run -a npm start` for a virtual display, or analyse a HAR without a browser: `npx authlens analyze file.har`.",
  );
}

const chrome = findChrome();
if (!chrome) {
  fail(
    process.env.CHROME_PATH
      ? `CHROME_PATH points to ${process.env.CHROME_PATH}, which does not exist.`
      : "Chromium was not found. Install it (`sudo apt-get install -y chromium`) or set CHROME_PATH to Chrome or Chromium.",
  );
}

console.log("authlens: building the extension…");
const build = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
if (build.status !== 0) fail("the build failed (see above).");

const pagePort = Number(process.env.AUTHLENS_LAB_PAGE_PORT || 8081);
const apiPort = Number(process.env.AUTHLENS_LAB_API_PORT || 8082);
const lab = await startLab({ pagePort, apiPort }).catch((error: unknown) =>
  fail(
    `the scenario lab could not start on ports ${pagePort} and ${apiPort}, or its real servers on the ports after ${apiPort} (${error instanceof Error ? error.message : String(error)}). ` +
      "Free them or choose others with AUTHLENS_LAB_PAGE_PORT and AUTHLENS_LAB_API_PORT.",
  ),
);

const session = await launchWithDevtools({
  extensionDir: "dist/chrome",
  executablePath: chrome,
  headless: false,
  dock: "bottom",
  windowSize: { width: 1400, height: 1000 },
  viewport: null,
  keepProfile: false,
}).catch(async (error: unknown) => {
  await lab.close();
  return fail(`Chromium could not be started with AuthLens: ${error instanceof Error ? error.message : String(error)}`);
});

let closing = false;
async function shutdown(code: number): Promise<never> {
  if (!closing) {
    closing = true;
    await session.close();
    await lab.close();
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
session.context.on("close", () => void shutdown(0));

await session.page.goto(`${lab.pageOrigin}/`);
const panel = await session.showPanel();

console.log(`
AuthLens is open in Chromium, with DevTools showing the AuthLens panel.
  Scenario lab (page):  ${lab.pageOrigin}/
  Scenario lab (API):   ${lab.apiOrigin}/
  Real servers:         ${Object.entries(lab.real.origins)
    .map(([name, origin]) => `${name} ${origin}`)
    .join(", ")}
Click a scenario on the lab page, or "Run all scenarios", and watch the panel.
Press Ctrl+C here, or close the browser, to stop.`);

if (smoke) {
  await session.page.goto(`${lab.pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  await panel.locator(".row.problem").first().waitFor({ timeout: 15_000 });
  const rows = await panel.locator(".row").count();
  mkdirSync("artifacts/screenshots", { recursive: true });
  await session.devtools.screenshot({ path: "artifacts/screenshots/npm-start.png" });
  console.log(`authlens: smoke check passed: the panel lists ${rows} requests.`);
  await shutdown(0);
}
