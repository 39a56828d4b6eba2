import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests drive Debian's Chromium with the built extension and the real DevTools
 * window (test/harness/devtools.ts). One worker: each test file owns a browser and the lab.
 */
export default defineConfig({
  testDir: "test/e2e",
  testMatch: "**/*.spec.ts",
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: [["list"]],
  outputDir: "artifacts/test-results",
});
