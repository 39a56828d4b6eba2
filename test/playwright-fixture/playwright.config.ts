import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

/** The nested run of test/e2e/authlens-fixture.spec.ts: a suite whose test fails on a 401. */
export default defineConfig({
  testDir: ".",
  testMatch: "failing.spec.ts",
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  outputDir: process.env.AUTHLENS_NESTED_OUT ?? join(tmpdir(), "authlens-nested-results"),
});
