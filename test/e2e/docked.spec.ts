/**
 * The panel where developers use it: DevTools docked at the bottom of the browser window, about
 * 300 px tall (1280 and 800 px wide), and undocked windows small and large (800×600, 1600×1000).
 * In each, in the real DevTools window: one toolbar row; nothing in the toolbar, the settings
 * menu, the search syntax, the capture dialogs or the detail runs past its box
 * (scrollWidth ≤ clientWidth, for every element of those regions); the root cause's title and
 * first line in view as the detail opens, on the section that explains the request; the
 * verdict column beside the detail where the panel is wide, the detail over the list with a way
 * back where it is narrow; Esc closing a popover or dialog without opening DevTools' drawer.
 * Screenshots of each layout go to artifacts/screenshots/layout-*.png.
 */
import type { Frame, Locator, Page } from "@playwright/test";
import { type DevtoolsSession, type LaunchOptions, launchWithDevtools } from "../harness/devtools.ts";
import { expect, openDetail, openSettings, rowFor, SCREENSHOTS, settled, test } from "./fixtures.ts";

interface Layout {
  readonly name: string;
  readonly launch: LaunchOptions;
  /** The panel's size DevTools gives it, as measured: what the layout is said to be. */
  readonly panel: { readonly width: number; readonly minHeight: number; readonly maxHeight: number };
}

/**
 * Docked: the browser window is 800 px tall and DevTools takes 300 px of it (its dragged edge,
 * DevTools' own setting); the panel is what is left under DevTools' tab strip.
 */
const LAYOUTS: readonly Layout[] = [
  {
    name: "docked-1280x300",
    launch: { dock: "bottom", viewport: null, windowSize: { width: 1280, height: 800 }, dockedHeight: 300 },
    panel: { width: 1280, minHeight: 250, maxHeight: 300 },
  },
  {
    name: "docked-800x300",
    launch: { dock: "bottom", viewport: null, windowSize: { width: 800, height: 800 }, dockedHeight: 300 },
    panel: { width: 800, minHeight: 250, maxHeight: 300 },
  },
  {
    // The narrowest panel that keeps the list (and its verdicts) beside the detail.
    name: "docked-1000x300",
    launch: { dock: "bottom", viewport: null, windowSize: { width: 1000, height: 800 }, dockedHeight: 300 },
    panel: { width: 1000, minHeight: 250, maxHeight: 300 },
  },
  { name: "undocked-800x600", launch: { dock: "undocked", devtoolsSize: { width: 800, height: 600 } }, panel: { width: 800, minHeight: 500, maxHeight: 600 } },
  {
    name: "undocked-1600x1000",
    launch: { dock: "undocked", devtoolsSize: { width: 1600, height: 1000 } },
    panel: { width: 1600, minHeight: 900, maxHeight: 1000 },
  },
];

/** From this width the list and the detail sit side by side (panel.css). */
const SIDE_BY_SIDE = 1000;

/**
 * Every element of the regions `selector` matches (and the regions themselves) whose content is
 * wider than its box, described; and how many elements were looked at (never none).
 */
async function overflowing(panel: Frame, selector: string): Promise<{ checked: number; over: string[] }> {
  return await panel.evaluate((sel) => {
    let checked = 0;
    const over: string[] = [];
    for (const region of document.querySelectorAll(sel)) {
      for (const el of [region, ...region.querySelectorAll("*")]) {
        checked++;
        if (el.scrollWidth <= el.clientWidth) continue;
        const cls = typeof el.className === "string" && el.className.trim() !== "" ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
        over.push(`${el.tagName.toLowerCase()}${cls} ${el.scrollWidth} > ${el.clientWidth}: ${(el.textContent ?? "").slice(0, 80)}`);
      }
    }
    return { checked, over };
  }, selector);
}

async function expectNoOverflow(panel: Frame, selector: string, where: string): Promise<void> {
  const { checked, over } = await overflowing(panel, selector);
  expect(checked, `${where}: the region is on screen`).toBeGreaterThan(0);
  expect(over, `${where}: elements wider than their box`).toEqual([]);
}

/** The element lies wholly inside the panel's window. */
async function expectInsidePanel(target: Locator, what: string): Promise<void> {
  const box = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: innerWidth, height: innerHeight };
  });
  expect(box.left, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.top, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(box.right, `${what}: right edge`).toBeLessThanOrEqual(box.width);
  expect(box.bottom, `${what}: bottom edge`).toBeLessThanOrEqual(box.height);
}

/** DevTools' console drawer: an Esc that AuthLens used must not also open it. */
async function expectNoDrawer(devtools: Page): Promise<void> {
  await expect(devtools.locator(".console-view")).toBeHidden();
}

/**
 * The root cause's card as the detail opens: its title and the first line of its text lie in the
 * visible part of the detail's body (and of the panel), the body not scrolled.
 */
async function expectRootCardReadable(detail: Locator): Promise<void> {
  await expect(detail.locator(".finding.root-cause .finding-detail")).toBeVisible();
  const m = await detail.evaluate((d) => {
    const body = d.querySelector(".detail-body") as HTMLElement;
    const card = body.querySelector(".finding.root-cause") as HTMLElement;
    const title = (card.querySelector(".finding-title") as HTMLElement).getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(card.querySelector(".finding-detail") as HTMLElement);
    const line = range.getClientRects()[0] as DOMRect;
    const view = body.getBoundingClientRect();
    return {
      scrollTop: body.scrollTop,
      view: { top: view.top, bottom: Math.min(view.bottom, innerHeight) },
      title: { top: title.top, bottom: title.bottom },
      line: { top: line.top, bottom: line.bottom },
    };
  });
  expect(m.scrollTop).toBe(0);
  for (const [what, r] of [
    ["root card title", m.title],
    ["root card first line", m.line],
  ] as const) {
    expect(r.top, `${what} below the top of the detail`).toBeGreaterThanOrEqual(m.view.top);
    expect(r.bottom, `${what} above the bottom of what is visible`).toBeLessThanOrEqual(m.view.bottom);
  }
}

/**
 * Header values wrap at spaces and delimiters: a line that ends inside a word is a fault unless
 * that word is wider than its cell (a token, which can only break where the line ends).
 */
async function midWordBreaks(detail: Locator): Promise<string[]> {
  return await detail.evaluate((d) => {
    const faults: string[] = [];
    const delimiter = /[\s,;&/?]/;
    for (const cell of d.querySelectorAll("table.headers td")) {
      const text = cell.textContent ?? "";
      const chars: { ch: string; rect: DOMRect }[] = [];
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const value = node.nodeValue ?? "";
        for (let i = 0; i < value.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (rect) chars.push({ ch: value[i] as string, rect });
        }
      }
      const width = (cell as HTMLElement).clientWidth;
      for (let i = 0; i + 1 < chars.length; i++) {
        const here = chars[i] as { ch: string; rect: DOMRect };
        const next = chars[i + 1] as { ch: string; rect: DOMRect };
        // Same line, or a break after a delimiter or at a space (a space at a break may be laid on either line).
        if (next.rect.top <= here.rect.top + 1 || delimiter.test(here.ch) || /\s/.test(next.ch)) continue;
        // The word this break cuts: from the last delimiter before it to the next after it.
        let from = i;
        while (from > 0 && !delimiter.test((chars[from - 1] as { ch: string }).ch)) from--;
        let to = i + 1;
        while (to < chars.length && !delimiter.test((chars[to] as { ch: string }).ch)) to++;
        const wordWidth = chars.slice(from, to).reduce((w, c) => w + c.rect.width, 0);
        if (wordWidth <= width) faults.push(`${text.slice(0, 60)}: "${chars.slice(from, to).map((c) => c.ch).join("")}" broken after "${here.ch}"`);
      }
    }
    return faults;
  });
}

/** Every tab of the open detail, each checked for overflow (and header values for mid-word breaks). */
async function checkEverySection(panel: Frame, detail: Locator, where: string): Promise<void> {
  const tabs = detail.locator(".tabs").getByRole("tab");
  const count = await tabs.count();
  expect(count).toBeGreaterThan(2);
  for (let i = 0; i < count; i++) {
    const tab = tabs.nth(i);
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true");
    const section = await tab.getAttribute("data-section");
    await expect(detail.locator(`.detail-body[data-section="${section}"]`)).toBeVisible();
    await expectNoOverflow(panel, ".detail", `${where}, ${section}`);
    if (section === "headers") {
      await expect(detail.locator("table.headers td").first()).toBeVisible();
      expect(await midWordBreaks(detail), `${where}: header values broken mid-word`).toEqual([]);
    }
  }
}

async function shot(session: DevtoolsSession, layout: Layout, state: string): Promise<void> {
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/layout-${layout.name}-${state}.png` });
}

for (const layout of LAYOUTS) {
  test(`${layout.name}: one toolbar row, popovers and dialogs that fit, the detail readable on the right section`, async ({ lab }) => {
    test.setTimeout(180_000);
    const session = await launchWithDevtools({ extensionDir: "dist/chrome", ...layout.launch });
    try {
      const { devtools } = session;
      const panel = await session.showPanel();
      await session.page.goto(`${lab.pageOrigin}/?run=all`);
      await session.page.waitForSelector("body[data-lab-done='1']");
      await settled(panel);
      const size = await panel.evaluate(() => ({ width: innerWidth, height: innerHeight }));
      expect(size.width, "the panel is as wide as the layout").toBe(layout.panel.width);
      expect(size.height, "the panel is as tall as the layout leaves it").toBeGreaterThanOrEqual(layout.panel.minHeight);
      expect(size.height).toBeLessThanOrEqual(layout.panel.maxHeight);
      const wide = size.width >= SIDE_BY_SIDE;
      await shot(session, layout, "list");

      // One toolbar row: every control on the same line, and nothing running past its box.
      const toolbar = panel.locator(".toolbar");
      const tops = await toolbar.evaluate((t) => [...t.children].filter((c) => (c as HTMLElement).offsetParent !== null).map((c) => c.getBoundingClientRect().top));
      expect(tops.length).toBeGreaterThan(5);
      expect(Math.max(...tops) - Math.min(...tops), "toolbar controls on one line").toBeLessThan(8);
      expect((await toolbar.boundingBox())?.height ?? 0).toBeLessThanOrEqual(30);
      await expectNoOverflow(panel, ".toolbar", "toolbar");

      // The search syntax: inside the panel, wrapped at words; closed by Esc and by a click outside.
      const helpButton = panel.getByRole("button", { name: "Search syntax" });
      await helpButton.click();
      const help = panel.locator(".search-help");
      await expect(help).toContainText("severity:warning");
      await expectInsidePanel(help, "search syntax");
      await expectNoOverflow(panel, ".search-help", "search syntax");
      const examplesWhole = await help.locator(".search-example code").evaluateAll((els) => els.every((e) => e.getClientRects().length === 1));
      expect(examplesWhole, "each example on one line").toBe(true);
      await shot(session, layout, "search-help");
      await devtools.keyboard.press("Escape");
      await expect(help).toHaveCount(0);
      await expectNoDrawer(devtools);
      await helpButton.click();
      await expect(help).toBeVisible();
      await panel.locator(".counts").click();
      await expect(help).toHaveCount(0);

      // The settings menu: inside the panel, closed by Esc.
      const menu = await openSettings(panel);
      await expect(menu.getByLabel("Show secrets")).toBeVisible();
      await expectInsidePanel(menu, "settings menu");
      await expectNoOverflow(panel, ".settings-menu", "settings menu");
      await shot(session, layout, "settings");
      await devtools.keyboard.press("Escape");
      await expect(menu).toBeHidden();
      await expectNoDrawer(devtools);

      // The capture dialogs: their text wraps inside them, their buttons in view; Esc cancels.
      for (const { open, title, confirm } of [
        { open: (m: Locator) => m.getByRole("button", { name: "Enable full capture…" }).click(), title: "Enable full capture for this site", confirm: "Allow access…" },
        { open: (m: Locator) => m.getByLabel("Precise mode").click(), title: "Turn on precise mode (Chromium)", confirm: "Turn on" },
      ]) {
        await open(await openSettings(panel));
        const dialog = panel.getByRole("dialog", { name: title });
        await expect(dialog).toBeVisible();
        await expectInsidePanel(dialog, title);
        await expectNoOverflow(panel, ".dialog", title);
        await expectInsidePanel(dialog.getByRole("button", { name: confirm }), `${title}: ${confirm}`);
        await expectInsidePanel(dialog.getByRole("button", { name: "Cancel" }), `${title}: Cancel`);
        await shot(session, layout, title.startsWith("Enable") ? "dialog-full-capture" : "dialog-precise");
        await devtools.keyboard.press("Escape");
        await expect(dialog).toHaveCount(0);
        await expectNoDrawer(devtools);
      }
      await expect(panel.getByLabel("Precise mode")).not.toBeChecked();

      // A 401 opens on its Summary, the root cause readable without scrolling.
      const row401 = rowFor(panel, "bearer-401");
      const detail401 = await openDetail(panel, row401);
      await expect(detail401.getByRole("tab", { name: /^Summary/ })).toHaveAttribute("aria-selected", "true");
      await expectRootCardReadable(detail401);
      const detailShare = (await detail401.evaluate((d) => d.getBoundingClientRect().height)) / size.height;
      expect(detailShare, "the open detail keeps at least 60% of the panel's height").toBeGreaterThanOrEqual(0.6);
      if (wide) {
        // Side by side: the list keeps the verdict column, and the method whole.
        await expect(panel.locator(".list")).toBeVisible();
        await expect(row401.locator(".col-verdict")).toBeVisible();
        await expect(row401.locator(".col-verdict")).toContainText("Token expired");
        expect((await row401.locator(".col-verdict").boundingBox())?.width ?? 0).toBeGreaterThan(120);
      } else {
        await expect(panel.locator(".list")).toBeHidden();
        await expect(detail401.getByRole("button", { name: "Back to the list" })).toBeVisible();
      }
      await shot(session, layout, "detail-401");
      await checkEverySection(panel, detail401, `${layout.name} 401`);

      if (!wide) {
        // The way back: the list again, on the row the detail described.
        await detail401.getByRole("button", { name: "Back to the list" }).click();
        await expect(panel.locator(".detail")).toHaveCount(0);
        await expect(panel.locator(".list")).toBeVisible();
        await expect(row401).toBeFocused();
      }

      // A CORS failure opens on its CORS section.
      const detailCors = await openDetail(panel, rowFor(panel, "credentialed-no-acac"));
      const corsTab = detailCors.locator(".tabs").getByRole("tab", { name: /^CORS/ });
      await expect(corsTab).toHaveAttribute("aria-selected", "true");
      await expect(detailCors.locator(".cors-verdict")).toBeVisible();
      await expectInsidePanel(detailCors.locator(".cors-verdict"), "the CORS verdict");
      await shot(session, layout, "detail-cors");
      await checkEverySection(panel, detailCors, `${layout.name} CORS failure`);
      await devtools.keyboard.press("Escape");
      await expect(panel.locator(".detail")).toHaveCount(0);

      // Long header values (a challenge listing a dozen algorithms, behind an auth middleware that
      // answered the preflight) wrap over several lines, at their spaces and delimiters only, and
      // the detail's title line keeps a long status ("no response (blocked by CORS, …)") inside it.
      const detailLong = await openDetail(panel, rowFor(panel, "express-cors-after-auth"), "Headers");
      const wrapped = await detailLong.locator("table.headers td").evaluateAll((tds) =>
        tds.filter((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
        }).length,
      );
      expect(wrapped, "some header value wraps").toBeGreaterThan(0);
      expect(await midWordBreaks(detailLong), `${layout.name}: long header values broken mid-word`).toEqual([]);
      await expectNoOverflow(panel, ".detail", `${layout.name}, long headers`);
      await shot(session, layout, "detail-long-headers");
      await devtools.keyboard.press("Escape");
      await expect(panel.locator(".detail")).toHaveCount(0);

      // Method names whole, "OPTIONS" the longest of them.
      await expect(panel.locator(".col-method", { hasText: "OPTIONS" }).first()).toBeVisible();
      const cut = await panel.locator("td.col-method").evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent));
      expect(cut, "method names cut").toEqual([]);
    } finally {
      await session.close();
    }
  });
}

test("a request opens on the section that explains it; a picked tab holds across requests of its kind only", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await session.page.goto(`${lab.pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  await settled(panel);
  const selectedTab = (detail: Locator) => detail.locator('.tabs [role="tab"][aria-selected="true"]');

  let detail = await openDetail(panel, rowFor(panel, "credentialed-no-acac"));
  await expect(selectedTab(detail)).toHaveAttribute("data-section", "cors");
  detail = await openDetail(panel, rowFor(panel, "bearer-401"));
  await expect(selectedTab(detail)).toHaveAttribute("data-section", "summary");

  // The user picks Headers on a 401: the next 401 opens on Headers too.
  await detail.locator(".tabs").getByRole("tab", { name: /^Headers/ }).click();
  detail = await openDetail(panel, rowFor(panel, "no-challenge-401"));
  await expect(selectedTab(detail)).toHaveAttribute("data-section", "headers");
  // A CORS failure is another kind: its own section, and the pick is dropped.
  detail = await openDetail(panel, rowFor(panel, "cors-missing-acao"));
  await expect(selectedTab(detail)).toHaveAttribute("data-section", "cors");
  detail = await openDetail(panel, rowFor(panel, "bearer-401"));
  await expect(selectedTab(detail)).toHaveAttribute("data-section", "summary");

  // The same holds for a pick made on a CORS failure.
  detail = await openDetail(panel, rowFor(panel, "credentialed-no-acac"));
  await detail.locator(".tabs").getByRole("tab", { name: /^Timeline/ }).click();
  detail = await openDetail(panel, rowFor(panel, "cors-missing-acao"));
  await expect(selectedTab(detail)).toHaveAttribute("data-section", "timeline");
  detail = await openDetail(panel, rowFor(panel, "no-challenge-401"));
  await expect(selectedTab(detail)).toHaveAttribute("data-section", "summary");
});
