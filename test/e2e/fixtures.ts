/**
 * Shared e2e fixtures: the scenario lab on ephemeral ports, and a Chromium with the built
 * extension whose real DevTools window shows the AuthLens panel.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { test as base, expect, type Frame, type Locator } from "@playwright/test";
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

/** Status, URL and codes of the listed rows, in order: what a person compares between two lists. */
export async function listed(panel: Frame): Promise<string[]> {
  return await panel
    .locator(".row[data-exchange-id]")
    .evaluateAll((els) => els.map((e) => `${e.getAttribute("data-status")} ${e.querySelector(".col-name")?.getAttribute("title")} [${e.getAttribute("data-codes")}]`));
}

/**
 * The list once the capture has settled: the panel has diagnosed everything it received (its
 * `aria-busy` is false) and two readings in a row agree, since a capture source delivers the last
 * requests of a run a little after the page saw them finish.
 */
export async function settled(panel: Frame): Promise<string[]> {
  let last: string[] = [];
  await expect
    .poll(
      async () => {
        if ((await panel.locator(".app").getAttribute("aria-busy")) !== "false") {
          last = [];
          return false;
        }
        const now = await listed(panel);
        const same = now.length > 0 && JSON.stringify(now) === JSON.stringify(last);
        last = now;
        return same;
      },
      { intervals: [250] },
    )
    .toBe(true);
  return last;
}

/** The visible rows of the actual request (not its preflight) to `/api/<name>`, with or without a query. */
export function rowFor(panel: Frame, name: string) {
  return panel.locator(`.row[data-exchange-id]`).filter({ hasNot: panel.locator('[data-badge="preflight"]') }).filter({
    has: panel.locator(`.col-name[title$="/api/${name}"], .col-name[title*="/api/${name}?"]`),
  });
}

/**
 * Opens the toolbar's settings menu (the gear), where the view settings (Preflights as rows,
 * Preserve log, Show secrets, Keep) and the capture settings are, unless it is open already.
 */
export async function openSettings(panel: Frame): Promise<Locator> {
  const button = panel.getByRole("button", { name: "Settings", exact: true });
  const menu = panel.getByRole("group", { name: "View and capture settings" });
  if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
  await expect(menu).toBeVisible();
  return menu;
}

/** Sets one of the settings menu's checkboxes as a person does, then closes the menu (Esc). */
export async function setSetting(panel: Frame, label: string, on: boolean): Promise<void> {
  const menu = await openSettings(panel);
  await menu.getByLabel(label).setChecked(on);
  await panel.page().keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(panel.getByLabel(label)).toBeChecked({ checked: on });
}

/**
 * Turns on the panel's precise mode (chrome.debugger) as a person does: the panel first explains
 * the browser's "debugging" bar, then attaches once the person agrees.
 */
export async function turnOnPreciseMode(panel: Frame): Promise<void> {
  await (await openSettings(panel)).getByLabel("Precise mode").click();
  await expect(panel.getByRole("dialog")).toContainText("started debugging this browser");
  await panel.getByRole("button", { name: "Turn on" }).click();
  await expect(panel.getByLabel("Precise mode")).toBeChecked();
}

/**
 * A finding as a person sees it in the open detail's Summary: its own card, or, when it supports
 * the root cause, its entry folded inside the root's card, unfolded first (as a person would
 * click "The evidence agrees") so that what is asserted next is on screen. A detail that opened
 * on another section (a CORS failure opens on CORS) is switched to its Summary first.
 */
export async function findingShown(detail: Locator, code: string): Promise<Locator> {
  await showSummary(detail);
  const card = detail.locator(`.finding[data-code="${code}"]`);
  const folded = detail.locator(`.supporting-item[data-code="${code}"]`);
  await expect(card.or(folded).first(), `${code} is in the detail`).toBeAttached();
  if ((await card.count()) > 0) return card.first();
  const supporting = detail.locator("details.supporting");
  if ((await supporting.getAttribute("open")) === null) await supporting.locator("summary").click();
  await expect(folded.first()).toBeVisible();
  return folded.first();
}

/** Shows the open detail's Summary, as a person clicks its tab (unless it shows already). */
export async function showSummary(detail: Locator): Promise<void> {
  const tab = detail.getByRole("tablist", { name: "Detail sections" }).getByRole("tab", { name: /^Summary/ });
  // Once the detail has arrived: which section it opens on is settled then.
  await expect(detail).toHaveAttribute("aria-busy", "false");
  if ((await tab.getAttribute("aria-selected")) !== "true") await tab.click();
  await expect(tab).toHaveAttribute("aria-selected", "true");
}

/**
 * Opens a row's detail on one of its sections and waits until the detail shows that row and that
 * section: what the caller asserts next is about this request, not the one shown before.
 */
export async function openDetail(panel: Frame, row: Locator, section?: string): Promise<Locator> {
  const id = await row.getAttribute("data-exchange-id");
  expect(id, "the row has an exchange id").toBeTruthy();
  await row.click();
  const detail = panel.locator(`.detail[data-exchange-id="${id}"]`);
  await expect(detail).toBeVisible();
  if (section !== undefined) {
    const tab = detail.getByRole("tablist", { name: "Detail sections" }).getByRole("tab", { name: new RegExp(`^${section}`) });
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true");
  }
  return detail;
}

/**
 * Exports the list through the panel's dialog, redacted or with secrets, and reads the file.
 * `redactedPreview` checks the dialog's preview of what a redacted export removes.
 */
export async function exportHar(
  session: DevtoolsSession,
  panel: Frame,
  includeSecrets: boolean,
  redactedPreview?: (dialog: Locator) => Promise<void>,
): Promise<{ name: string; text: string }> {
  await panel.getByRole("button", { name: "Export HAR…" }).click();
  const dialog = panel.getByRole("dialog", { name: "Export HAR" });
  await expect(dialog).toBeVisible();
  if (includeSecrets) await dialog.getByLabel(/Include secrets/).check();
  else {
    await expect(dialog.getByTestId("removed-count")).not.toHaveText("0");
    await redactedPreview?.(dialog);
  }
  const download = session.devtools.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download" }).click();
  const file = await download;
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf8") };
}
