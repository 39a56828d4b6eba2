/**
 * `test` from authlens/playwright (its source), with the scenario lab as a worker fixture and
 * Debian's Chromium: what test/e2e/authlens-fixture.spec.ts and the nested run share.
 */
import type { Page } from "@playwright/test";
import { test as authlensTest, expect } from "../../src/playwright/index.ts";
import { findChrome } from "../harness/devtools.ts";
import { type Lab, startLab } from "../lab/server.ts";

export const test = authlensTest.extend<object, { lab: Lab }>({
  lab: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
    async ({}, use) => {
      const lab = await startLab({ pagePort: 0, apiPort: 0 });
      await use(lab);
      await lab.close();
    },
    { scope: "worker" },
  ],
});
test.use({ launchOptions: { executablePath: findChrome() } });

export { expect };

/** Runs lab scenarios one page load each, as a person clicks them, and waits until each is done. */
export async function runScenarios(page: Page, lab: Lab, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await page.goto(`${lab.pageOrigin}/?run=${name}`);
    await expect(page.locator("body[data-lab-done]")).toBeAttached();
  }
}
