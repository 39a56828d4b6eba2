/**
 * A suite's test that fails on an auth problem: run by test/e2e/authlens-fixture.spec.ts in a
 * child Playwright run (playwright.config.ts here), which reads the failure and its attachments.
 */
import { expectNoAuthProblems } from "../../src/playwright/index.ts";
import { runScenarios, test } from "./lab-test.ts";

test("orders load", async ({ page, lab }) => {
  await runScenarios(page, lab, ["valid-token-200", "bearer-401"]);
  await expectNoAuthProblems(page);
});
