/**
 * Everyday use of the panel in the real DevTools window: the search box, filters that survive a
 * reload of the panel, and the copy actions of the detail pane.
 */
import type { Frame } from "@playwright/test";
import type { DevtoolsSession } from "../harness/devtools.ts";
import { expect, exportHar, findingShown, listed, openSettings, rowFor, SCREENSHOTS, setSetting, settled, test } from "./fixtures.ts";

test.use({ extensionDir: "dist/chrome" });

async function runLab(session: DevtoolsSession, origin: string, run = "all"): Promise<void> {
  await session.page.goto(`${origin}/?run=${run}`);
  await session.page.waitForSelector("body[data-lab-done='1']");
}

/** The tokens the lab page was served with (minted per load, so read from the page itself). */
async function pageTokens(session: DevtoolsSession): Promise<string[]> {
  return await session.page.evaluate(() => {
    const config = JSON.parse(document.getElementById("lab-config")?.textContent ?? "{}") as { tokens?: Record<string, string> };
    return Object.values(config.tokens ?? {});
  });
}

function search(panel: Frame) {
  return panel.getByRole("searchbox", { name: "Filter requests" });
}

test("search narrows the list with core's query language, together with the chips", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await runLab(session, lab.pageOrigin);
  await expect(rowFor(panel, "valid-token-200")).toHaveCount(1);
  const rows = panel.locator(".row[data-exchange-id]");

  await search(panel).fill("status:401");
  await expect(rowFor(panel, "bearer-401")).toHaveCount(1);
  await expect(rowFor(panel, "valid-token-200")).toHaveCount(0);
  await expect(rows.first()).toBeVisible();
  // Only 401 rows are left (a grouped preflight follows its request; it is not a 401 itself).
  const statuses = await panel.locator(".row[data-exchange-id]:not(.child)").evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(["401"]));
  await expect(search(panel)).toHaveAttribute("title", /401/);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/daily-search-401.png` });

  await search(panel).fill("code:cors.*");
  await expect(rowFor(panel, "credentialed-no-acac")).toHaveCount(1);
  const codes = await panel.locator(".row[data-exchange-id]:not(.child)").evaluateAll((els) => els.map((e) => e.getAttribute("data-codes") ?? ""));
  expect(codes.length).toBeGreaterThan(0);
  for (const c of codes) expect(c).toMatch(/(^| )cors\./);

  // Combined with a chip: both must hold.
  await panel.getByRole("button", { name: "401/403/407" }).click();
  await expect(rowFor(panel, "credentialed-no-acac")).toHaveCount(0);
  await panel.getByRole("button", { name: "All", exact: true }).click();

  // Free text: a part of the URL.
  await search(panel).fill("forbidden-403");
  await expect(rowFor(panel, "forbidden-403")).toHaveCount(1);
  await expect(panel.locator(".row[data-exchange-id]:not(.child)")).toHaveCount(1);

  // Esc in the box clears it; "/" elsewhere focuses it.
  await search(panel).press("Escape");
  await expect(search(panel)).toHaveValue("");
  await expect(rowFor(panel, "valid-token-200")).toHaveCount(1);
  await panel.locator(".counts").click();
  await panel.locator("body").press("/");
  await expect(search(panel)).toBeFocused();
  await panel.getByRole("button", { name: "Search syntax" }).click();
  await expect(panel.locator(".search-help")).toContainText("code:cors.*");
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/daily-search-help.png` });
});

test("the chip, the search and 'Preflights as rows' survive a reload of the panel", async ({ session, lab }) => {
  let panel = await session.showPanel();
  await panel.getByRole("button", { name: "Problems", exact: true }).click();
  await search(panel).fill("status:4xx");
  await setSetting(panel, "Preflights as rows", true);
  const url = panel.url();
  await panel.evaluate(() => location.reload());
  await expect.poll(async () => (await session.showPanel()).locator(".toolbar").count()).toBe(1);
  panel = await session.showPanel();
  expect(panel.url()).toBe(url);
  await expect(search(panel)).toHaveValue("status:4xx");
  await expect(panel.getByRole("button", { name: "Problems", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(panel.getByLabel("Preflights as rows")).toBeChecked();
  // Only view settings are stored, never captured requests or tokens.
  const stored = await panel.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).not.toMatch(/eyJ|Bearer|Cookie/i);

  await runLab(session, lab.pageOrigin);
  await expect(rowFor(panel, "bearer-401")).toHaveCount(1);
  await expect(rowFor(panel, "valid-token-200")).toHaveCount(0);
});

test("copies a request as cURL, redacted unless secrets are shown", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await runLab(session, lab.pageOrigin);
  const tokens = await pageTokens(session);
  expect(tokens.length).toBeGreaterThan(0);
  await session.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: lab.pageOrigin });
  const readClipboard = () => session.page.evaluate(() => navigator.clipboard.readText());

  await rowFor(panel, "bearer-401").click();
  const detail = panel.locator(".detail");
  await detail.getByRole("button", { name: "Copy as cURL" }).click();
  await expect(detail.locator(".copy-status")).toHaveText("Copied cURL");
  await session.page.bringToFront();
  const redacted = await readClipboard();
  expect(redacted).toContain("curl ");
  expect(redacted).toContain("/api/bearer-401");
  expect(redacted).toContain("REDACTED");
  for (const t of tokens) expect(redacted).not.toContain(t);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/daily-copy-curl.png` });

  await setSetting(panel, "Show secrets", true);
  await detail.getByRole("button", { name: "Copy as cURL" }).click();
  await expect(detail.locator(".copy-status")).toHaveText("Copied cURL (with secrets)");
  const full = await readClipboard();
  expect(full).toMatch(/Authorization: Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+/);

  await detail.getByRole("button", { name: "Copy diagnosis (Markdown)" }).click();
  await expect(detail.locator(".copy-status")).toHaveText("Copied Markdown (with secrets)");
  expect(await readClipboard()).toContain("auth.credentials-rejected");
  await detail.getByRole("button", { name: "Copy as fetch" }).click();
  await expect(detail.locator(".copy-status")).toHaveText("Copied fetch (with secrets)");
  expect(await readClipboard()).toContain("fetch(");
});

test("exports the view as HAR, redacted unless secrets are included, and imports it back", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await runLab(session, lab.pageOrigin);
  await expect(rowFor(panel, "valid-token-200")).toHaveCount(1);
  const tokens = await pageTokens(session);
  const before = await settled(panel);

  const exportOnce = (includeSecrets: boolean) =>
    exportHar(session, panel, includeSecrets, async (dialog) => {
      // What is removed reads as a table, what then where from, wrapped: nothing scrolls sideways.
      const table = dialog.locator(".export-removed table");
      await expect(table.locator("th")).toHaveText(["Removed", "From"]);
      await expect(table.locator("tbody tr").first().locator("td").first()).toContainText(/Bearer|cookie|token/i);
      await expect(table.locator("tbody tr").first().locator("td").last()).toContainText(/ of (GET|POST|OPTIONS) http/);
      for (const box of [dialog, dialog.locator(".export-removed")]) expect(await box.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
      await session.devtools.screenshot({ path: `${SCREENSHOTS}/daily-export-dialog.png` });
    });

  const redacted = await exportOnce(false);
  expect(redacted.name).toMatch(/^authlens-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.har$/);
  // After saving, the panel says where the file went, by its name.
  const saved = panel.getByTestId("export-saved");
  await expect(saved).toContainText(`Downloaded ${redacted.name} (${before.length} requests,`);
  await expect(saved).toContainText("secrets removed");
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/daily-export-saved.png` });
  expect(JSON.parse(redacted.text).log.entries.length).toBe(before.length);
  for (const t of tokens) expect(redacted.text).not.toContain(t);
  expect(redacted.text).toContain("REDACTED");

  const full = await exportOnce(true);
  expect(tokens.some((t) => full.text.includes(t))).toBe(true);
  await expect(saved).toContainText(`Downloaded ${full.name} (${before.length} requests, with secrets)`);

  // Import the file with secrets: the same requests, judged the same way.
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "authlens-har-"));
  const fullPath = join(dir, full.name);
  writeFileSync(fullPath, full.text);
  await panel.getByTestId("har-input").setInputFiles(fullPath);
  await expect(panel.locator(".banner.imported")).toContainText(`Showing ${full.name} (${before.length} requests)`);
  await expect.poll(() => listed(panel)).toEqual(before);
  await rowFor(panel, "bearer-401").click();
  await expect(await findingShown(panel.locator(".detail"), "auth.credentials-rejected")).toBeVisible();
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/daily-imported.png` });

  // A file that is not JSON: a one-line error, and the list stays as it was.
  const bad = join(dir, "broken.har");
  writeFileSync(bad, "{ garbage <b>bold</b>");
  await panel.getByTestId("har-input").setInputFiles(bad);
  await expect(panel.getByRole("alert")).toHaveText(/broken\.har is not a HAR file: it is not valid JSON\./);
  // The message is one sentence of AuthLens's: none of the file's bytes are echoed.
  await expect(panel.getByRole("alert")).not.toContainText("garbage");
  await expect(panel.locator(".banner.imported")).toBeVisible();

  await panel.getByRole("button", { name: "Back to live capture" }).click();
  await expect(panel.locator(".banner.imported")).toHaveCount(0);
  await expect.poll(() => listed(panel)).toEqual(before);
});

test("a 10,000-request lab page stays responsive: bounded capture, only the rows in view rendered", async ({ session, lab }) => {
  // DevTools itself records every request: with it open, Chromium sends about 100 a second here.
  test.setTimeout(300_000);
  const panel = await session.showPanel();
  const total = 10_000;
  await session.page.goto(`${lab.pageOrigin}/?busy=${total}`);
  // While the page is still sending, the panel answers: a search narrows the list and a row opens.
  await expect(panel.locator(".row[data-exchange-id]").first()).toBeVisible();
  await search(panel).fill("status:401");
  await expect(panel.locator(".row[data-status='401']").first()).toBeVisible();
  await panel.locator(".row[data-status='401']").first().click();
  await expect(await findingShown(panel.locator(".detail"), "auth.no-credentials-sent")).toBeVisible();
  await search(panel).fill("");
  await session.page.waitForSelector("body[data-lab-done='1']", { timeout: 240_000 });

  // The capture keeps the newest 5,000 (the default bound) and says how many it dropped.
  await expect(panel.getByTestId("counts")).toContainText(/^5000 requests/, { timeout: 60_000 });
  await expect(panel.locator(".toolbar .notice")).toContainText(/^\d+ older requests dropped$/);
  // The log's last events can trail the page's own "done": every request ends up counted.
  const dropped = async () => Number((await panel.locator(".toolbar .notice").first().textContent())?.split(" ")[0]);
  await expect.poll(dropped, { timeout: 60_000 }).toBeGreaterThanOrEqual(total - 5_000);
  // The page's document and script were delivered too: everything is in once the panel has
  // diagnosed all it received and the count reads the same twice.
  let seen = -1;
  await expect
    .poll(async () => {
      const busy = (await panel.locator(".app").getAttribute("aria-busy")) !== "false";
      const now = busy ? -1 : await dropped();
      const same = now >= 0 && now === seen;
      seen = now;
      return same;
    }, { timeout: 60_000, intervals: [250] })
    .toBe(true);
  const rendered = await panel.locator(".row[data-exchange-id]").count();
  expect(rendered).toBeGreaterThan(10);
  expect(rendered).toBeLessThan(150);

  const lastName = panel.locator(`.col-name[title$="?i=${total - 1}"]`);
  const last = panel.locator(".row[data-exchange-id]").filter({ has: lastName });
  await expect(last).toHaveCount(0);
  await panel.locator(".list").evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(last).toBeVisible();
  expect(await panel.locator(".row[data-exchange-id]").count()).toBeLessThan(150);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/daily-10000-bottom.png` });

  // The keyboard walks the virtual list: ↑ from the last row selects the one before and keeps it in view.
  await last.click();
  await expect(panel.locator(".detail")).toContainText(`?i=${total - 1}`);
  const lastIndex = Number(await last.getAttribute("aria-rowindex"));
  expect(lastIndex).toBeGreaterThan(4_000);
  for (let i = 0; i < 60; i++) await session.devtools.keyboard.press("ArrowUp");
  const selected = panel.locator(".row.selected");
  await expect(selected).toHaveAttribute("aria-rowindex", String(lastIndex - 60));
  await expect(panel.locator(".detail")).toHaveAttribute("data-exchange-id", (await selected.getAttribute("data-exchange-id")) ?? "");
  await expect(selected).toBeFocused();
  await expect(selected).toBeInViewport();
  await session.devtools.keyboard.press("ArrowDown");
  await expect(panel.locator(".row.selected")).toHaveAttribute("aria-rowindex", String(lastIndex - 59));

  // Sorting and searching 5,000 rows.
  await panel.getByRole("columnheader", { name: /^Status/ }).getByRole("button").click();
  await panel.locator(".list").evaluate((el) => {
    el.scrollTop = 0;
  });
  // CORS-blocked answers (status 200) first, then the 204s, the 401s last.
  await expect(panel.locator(".row[aria-rowindex='2']")).toHaveAttribute("data-status", "200");
  await panel.locator(".list").evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(panel.locator(".row[aria-rowindex='5001']")).toHaveAttribute("data-status", "401");
  await search(panel).fill(`i=${total - 2}`);
  await expect(panel.locator(".row[data-exchange-id]")).toHaveCount(1);
  await search(panel).fill("");

  // The bound is a setting: keeping 1,000 drops 4,000 more at once, and says so.
  const before = await dropped();
  await (await openSettings(panel)).getByLabel(/^Keep/).selectOption("1000");
  await expect(panel.getByTestId("counts")).toContainText(/^1000 requests/);
  await expect.poll(dropped).toBe(before + 4_000);
});
