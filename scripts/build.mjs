// Builds everything `npm run build` promises: dist/chrome, dist/firefox, the CLI, the library and the Playwright fixture.
// Each browser build runs in its own process because vite.config.ts reads AUTHLENS_BROWSER once.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

// vite does not export its bin path; it sits at a fixed place in the installed package.
const viteBin = fileURLToPath(new URL("../node_modules/vite/bin/vite.js", import.meta.url));

function run(label, args, env = {}) {
  const r = spawnSync(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? "");
    console.error(`build: ${label} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`build: ${label} done`);
}

run("dist/chrome", [viteBin, "build", "--logLevel", "warn"], { AUTHLENS_BROWSER: "chrome" });
run("dist/firefox", [viteBin, "build", "--logLevel", "warn"], { AUTHLENS_BROWSER: "firefox" });
// The e2e tests' variant: optional permissions granted at install (no prompt can be clicked headless).
run("dist/chrome-test", [viteBin, "build", "--logLevel", "warn"], { AUTHLENS_BROWSER: "chrome", AUTHLENS_GRANTS: "test" });
run("dist/firefox-test", [viteBin, "build", "--logLevel", "warn"], { AUTHLENS_BROWSER: "firefox", AUTHLENS_GRANTS: "test" });
run("dist/cli", ["scripts/build-cli.mjs"]);
run("dist/lib, dist/playwright, dist/types", ["scripts/build-lib.mjs"]);
