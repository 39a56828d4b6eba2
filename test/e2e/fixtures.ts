/**
 * Shared e2e fixtures: the scenario lab on ephemeral ports, and a Chromium with the built
 * extension whose real DevTools window shows the AuthLens panel.
 */
import { mkdirSync } from "node:fs";
import { test as base, expect, type Frame } from "@playwright/test";
import { type DevtoolsSession, launchWithDevtools } from "../harness/devtools.ts";
import { type Lab, startLab } from "../lab/server.ts";

export const SCREENSHOTS = "artifacts/screenshots";
mkdirSync(SCREENSHOTS, { recursive: true });

interface Fixtures {
  session: DevtoolsSession;
  /** The build the session loads: dist/chrome, or dist/chrome-test with optional permissions granted. */
  extensionDir: string;
}
interface WorkerFixtures {
  lab: Lab;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  lab: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
    async ({}, use) => {
      const lab = await startLab({ pagePort: 0, apiPort: 0 });
      await use(lab);
      await lab.close();
    },
    { scope: "worker" },
  ],
  extensionDir: ["dist/chrome", { option: true }],
  session: async ({ extensionDir }, use) => {
    const session = await launchWithDevtools({ extensionDir });
    await use(session);
    await session.close();
  },
});

export { expect };

/** The visible rows of the actual request (not its preflight) to `/api/<name>`, with or without a query. */
export function rowFor(panel: Frame, name: string) {
  return panel.locator(`.row[data-exchange-id]`).filter({ hasNot: panel.locator('[data-badge="preflight"]') }).filter({
    has: panel.locator(`.col-name[title$="/api/${name}"], .col-name[title*="/api/${name}?"]`),
  });
}
