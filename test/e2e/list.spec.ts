/**
 * The request list as a daily tool, in the real DevTools window: its columns and their sort
 * orders, the keyboard, "Preserve log", pause, the Timeline section and a live theme switch.
 */
import type { Frame } from "@playwright/test";
import { type DevtoolsSession, setDevtoolsTheme } from "../harness/devtools.ts";
import { expect, rowFor, SCREENSHOTS, setSetting, settled, test } from "./fixtures.ts";

test.use({ extensionDir: "dist/chrome" });

async function runLab(session: DevtoolsSession, origin: string, run = "all"): Promise<void> {
  await session.page.goto(`${origin}/?run=${run}`);
  await session.page.waitForSelector("body[data-lab-done='1']");
}

/** The top-level rows (preflights grouped under their request are left out). */
function topRows(panel: Frame) {
  return panel.locator(".row[data-exchange-id]:not(.child)");
}

function header(panel: Frame, name: string) {
  return panel.getByRole("columnheader", { name: new RegExp(`^${name}`) });
}

test("columns name the type, credentials and time; a header click sorts, reverses, then restores capture order", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await runLab(session, lab.pageOrigin);
  await expect(rowFor(panel, "valid-token-200")).toHaveCount(1);
  // The orders compared below are of one capture: every request of the run listed.
  await settled(panel);
  const names = await panel.getByRole("columnheader").allTextContents();
  expect(names.map((n) => n.trim())).toEqual(["Status", "Method", "Name", "Type", "Credentials", "AuthLens", "Time"]);

  const bearer = rowFor(panel, "bearer-401");
  await expect(bearer.locator(".col-type")).toHaveText("fetch");
  await expect(bearer.locator(".col-credentials [data-badge='authorization']")).toHaveText("Bearer");
  await expect(bearer.locator(".col-time")).toHaveText(/^\d+ ms$|^\d+\.\d+ s$/);
  await expect(rowFor(panel, "credentialed-no-acac").locator(".col-status [data-badge='cors']")).toHaveText("CORS");

  const captureOrder = await topRows(panel).evaluateAll((els) => els.map((e) => e.getAttribute("data-exchange-id")));
  const statuses = () => topRows(panel).evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-status"))));
  const answered = (list: number[]) => list.filter((s) => s > 0);

  await header(panel, "Status").getByRole("button").click();
  await expect(header(panel, "Status")).toHaveAttribute("aria-sort", "ascending");
  const up = await statuses();
  expect(answered(up)).toEqual([...answered(up)].sort((a, b) => a - b));
  // Failed requests (no status) come after every answered one.
  expect(up.slice(up.indexOf(0)).every((s) => s === 0)).toBe(true);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/list-sorted-status.png` });

  await header(panel, "Status").getByRole("button").click();
  await expect(header(panel, "Status")).toHaveAttribute("aria-sort", "descending");
  const down = answered(await statuses());
  expect(down).toEqual([...down].sort((a, b) => b - a));

  await header(panel, "Status").getByRole("button").click();
  await expect(header(panel, "Status")).toHaveAttribute("aria-sort", "none");
  expect(await topRows(panel).evaluateAll((els) => els.map((e) => e.getAttribute("data-exchange-id")))).toEqual(captureOrder);

  // The verdict column sorts the most severe first: errors lead, healthy rows come last.
  await header(panel, "AuthLens").getByRole("button").click();
  const severities = await topRows(panel).evaluateAll((els) =>
    els.map((e) => (e.querySelector(".sev-icon.sev-error") ? 3 : e.querySelector(".sev-icon.sev-warning") ? 2 : e.querySelector(".sev-icon.sev-info") ? 1 : 0)),
  );
  expect(severities[0]).toBe(3);
  expect(severities).toEqual([...severities].sort((a, b) => b - a));

  // The sort order is a view setting: it survives a reload of the panel.
  await panel.evaluate(() => location.reload());
  await expect.poll(async () => (await session.showPanel()).locator(".toolbar").count()).toBe(1);
  const reloaded = await session.showPanel();
  await expect(header(reloaded, "AuthLens")).toHaveAttribute("aria-sort", "ascending");
});

test("keyboard: arrows move the selection, Enter opens the detail, Esc closes it, / focuses the search", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await runLab(session, lab.pageOrigin);
  await expect(rowFor(panel, "forbidden-403")).toHaveCount(1);
  // End's row index below is read from the list: every request of the run listed first.
  await settled(panel);
  const first = topRows(panel).first();
  await first.focus();
  await session.devtools.keyboard.press("ArrowDown");
  const selected = panel.locator(".row.selected");
  await expect(selected).toHaveCount(1);
  await expect(selected).toBeFocused();
  const id = await selected.getAttribute("data-exchange-id");
  await expect(panel.locator(".detail")).toHaveAttribute("data-exchange-id", id ?? "");

  // End and Home jump to the last and the first row, as in the Network panel.
  await session.devtools.keyboard.press("End");
  await expect(selected).toHaveAttribute("aria-rowindex", String(await topRows(panel).count() + (await panel.locator(".row.child").count()) + 1));
  await session.devtools.keyboard.press("Home");
  await expect(selected).toHaveAttribute("aria-rowindex", "2");
  await session.devtools.keyboard.press("ArrowDown");
  await expect(selected).toHaveAttribute("data-exchange-id", id ?? "");

  await session.devtools.keyboard.press("Enter");
  await expect(panel.locator(".detail")).toBeFocused();
  // Tab from the detail reaches its own controls, not the list behind it.
  await session.devtools.keyboard.press("Tab");
  expect(await panel.evaluate(() => document.activeElement?.closest(".detail") !== null)).toBe(true);

  await session.devtools.keyboard.press("Escape");
  await expect(panel.locator(".detail")).toHaveCount(0);
  await expect(panel.locator(`.row[data-exchange-id="${id}"]`)).toBeFocused();
  // AuthLens used that Esc: DevTools did not also open its console drawer over the panel.
  await expect(session.devtools.locator(".console-view")).toBeHidden();

  await session.devtools.keyboard.press("/");
  await expect(panel.getByRole("searchbox", { name: "Filter requests" })).toBeFocused();
  await session.devtools.keyboard.type("status:403 forbidden-403");
  await expect(topRows(panel)).toHaveCount(1);
  await session.devtools.keyboard.press("Escape");
  await expect(panel.getByRole("searchbox", { name: "Filter requests" })).toHaveValue("");

  // With no detail open, Esc stays DevTools' own shortcut (its console drawer), as in every panel.
  await topRows(panel).first().focus();
  await session.devtools.keyboard.press("Escape");
  await expect(session.devtools.locator(".console-view")).toBeVisible();
});

test("Preserve log keeps the list across navigations; without it a navigation starts afresh", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await runLab(session, lab.pageOrigin, "bearer-401");
  await expect(rowFor(panel, "bearer-401")).toHaveCount(1);

  // Without Preserve log, loading another scenario page replaces the list.
  await runLab(session, lab.pageOrigin, "forbidden-403");
  await expect(rowFor(panel, "forbidden-403")).toHaveCount(1);
  await expect(rowFor(panel, "bearer-401")).toHaveCount(0);

  await setSetting(panel, "Preserve log", true);
  await runLab(session, lab.pageOrigin, "basic-401");
  await expect(rowFor(panel, "basic-401")).toHaveCount(1);
  await expect(rowFor(panel, "forbidden-403")).toHaveCount(1);
  await expect(panel.getByTestId("counts")).toContainText("2 page loads");
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/list-preserve-log.png` });

  await setSetting(panel, "Preserve log", false);
  await runLab(session, lab.pageOrigin, "digest-401");
  await expect(rowFor(panel, "digest-401")).toHaveCount(1);
  await expect(rowFor(panel, "basic-401")).toHaveCount(0);
});

test("Pause stops recording and says how many requests it missed; Record resumes", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await setSetting(panel, "Preserve log", true);
  await runLab(session, lab.pageOrigin, "bearer-401");
  await expect(rowFor(panel, "bearer-401")).toHaveCount(1);
  const before = await settled(panel);

  await panel.getByRole("button", { name: "Pause" }).click();
  await expect(panel.getByRole("button", { name: "Record" })).toHaveAttribute("aria-pressed", "false");
  await session.page.evaluate(() => (window as unknown as { authlensLab: { run(n: string): Promise<unknown> } }).authlensLab.run("forbidden-403"));
  // forbidden-403 sends a preflight and its request, both after the click: the panel heard of
  // both (the count proves it) and listed neither.
  await expect(panel.locator(".banner.paused")).toContainText("2 requests finished meanwhile");
  expect(await settled(panel)).toEqual(before);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/list-paused.png` });

  await panel.getByRole("button", { name: "Record" }).click();
  await expect(panel.locator(".banner.paused")).toHaveCount(0);
  await session.page.evaluate(() => (window as unknown as { authlensLab: { run(n: string): Promise<unknown> } }).authlensLab.run("basic-401"));
  await expect(rowFor(panel, "basic-401")).toHaveCount(1);
  // basic-401 was delivered after forbidden-403: had that been listed, it would be by now.
  await expect(rowFor(panel, "forbidden-403")).toHaveCount(0);
});

test("Timeline: every request to this endpoint with its credentials and verdict, and this token's history", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await runLab(session, lab.pageOrigin, "retry-loop-401");
  const rows = rowFor(panel, "retry-loop-401");
  await expect.poll(() => rows.count()).toBeGreaterThan(2);
  const count = await rows.count();
  await rows.last().click();
  await panel.locator(".detail .tab[data-section='timeline']").click();
  const history = panel.getByRole("table", { name: "Requests to this endpoint" });
  await expect(history.locator("tbody tr")).toHaveCount(count);
  await expect(history.locator("tr.current")).toContainText("this request");
  await expect(history.locator("tbody tr").first()).toContainText("401");
  await expect(history.locator("tbody tr").first()).toContainText("Bearer JWT");
  await expect(panel.locator(".detail .token-history")).toHaveCount(1);
  await expect(panel.locator(".detail .token-history .timeline li")).toHaveCount(count);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/detail-timeline.png` });

  // A visit is a link to that request.
  const firstId = await rows.first().getAttribute("data-exchange-id");
  await history.locator("tbody tr").first().getByRole("button").click();
  await expect(panel.locator(".detail")).toHaveAttribute("data-exchange-id", firstId ?? "");
});

test("follows a DevTools theme switch made while the panel is open", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await runLab(session, lab.pageOrigin, "bearer-401");
  await expect(panel.locator("html")).toHaveAttribute("data-theme", "light");
  await setDevtoolsTheme(session.devtools, "dark");
  await expect(panel.locator("html")).toHaveAttribute("data-theme", "dark");
  const background = await panel.locator("body").evaluate((b) => getComputedStyle(b).backgroundColor);
  await rowFor(panel, "bearer-401").click();
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/theme-switched-dark.png` });
  await setDevtoolsTheme(session.devtools, "default");
  await expect(panel.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await panel.locator("body").evaluate((b) => getComputedStyle(b).backgroundColor)).not.toBe(background);
});
