/**
 * Importing a HAR file with entries no importer can read: the banner counts them and lists each
 * with why, as text (the file's bytes never become markup), while the readable entries are
 * listed and diagnosed once, root cause first.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Frame } from "@playwright/test";
import { generateHar } from "../../bench/analyze.bench.ts";
import type { DevtoolsSession } from "../harness/devtools.ts";
import { expect, openDetail, rowFor, SCREENSHOTS, test } from "./fixtures.ts";

test.use({ extensionDir: "dist/chrome" });

const HOSTILE_METHOD = "GET\u202e<img src=x onerror=alert(1)>";

/** The banner's states, in order: reading (with how far once known), diagnosing, showing. */
function bannerStates(name: string) {
  const n = name.replace(/\./g, "\\.");
  return {
    reading: new RegExp(`^Reading ${n}…(?: ([\\d,]+) (?:entry|entries) so far \\((\\d+)%\\))?$`),
    diagnosing: new RegExp(`^Diagnosing ${n}… ([\\d,]+) of ([\\d,]+)$`),
    showing: new RegExp(`^Showing ${n} .*$`),
  };
}

const num = (s: string) => Number(s.replace(/,/g, ""));

/**
 * Records every text the import banner shows, and the list's count beside it, in the panel
 * (window.bannerTexts): what a person sees on the way, however fast it goes by.
 */
async function recordBanner(panel: Frame): Promise<void> {
  await panel.evaluate(() => {
    const w = window as unknown as { bannerTexts: { text: string; counts: string }[] };
    w.bannerTexts = [];
    new MutationObserver(() => {
      const text = document.querySelector(".banner.imported [role=status], .banner.imported[role=status]")?.textContent;
      const counts = document.querySelector("[data-testid=counts]")?.textContent ?? "";
      const last = w.bannerTexts.at(-1);
      if (text && (last?.text !== text || last.counts !== counts)) w.bannerTexts.push({ text, counts });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

async function bannerTexts(panel: Frame): Promise<{ text: string; counts: string }[]> {
  return await panel.evaluate(() => (window as unknown as { bannerTexts: { text: string; counts: string }[] }).bannerTexts);
}

/**
 * Picks a file in the panel's file input by its path, as the browser's own file chooser does: the
 * browser reads the file from disk (Playwright's setInputFiles would send its bytes over the CDP
 * connection, tens of megabytes for a large capture). DOM.setFileInputFiles fires the input's change.
 */
async function pickByPath(session: DevtoolsSession, panel: Frame, path: string): Promise<void> {
  const cdp = await session.devtools.context().newCDPSession(panel);
  try {
    const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: '[data-testid="har-input"]' });
    expect(nodeId, "the panel's file input").toBeGreaterThan(0);
    await cdp.send("DOM.setFileInputFiles", { nodeId, files: [path] });
  } finally {
    await cdp.detach();
  }
}

test("an imported HAR with broken entries says how many could not be read, lists why, and diagnoses the rest", async ({ session }) => {
  const panel = await session.showPanel();
  const doc = JSON.parse(readFileSync("test/fixtures/lab/lab-chromium-sanitized.har", "utf8")) as { log: { entries: unknown[] } };
  const good = doc.log.entries.length;
  // Three broken entries among the good ones: not an object, no request, a request without a URL (whose method is hostile).
  doc.log.entries.splice(3, 0, "not an entry", { startedDateTime: "2026-01-01T00:00:00Z", response: { status: 200 } });
  doc.log.entries.push({ request: { method: HOSTILE_METHOD, url: "" } });
  const dir = mkdtempSync(join(tmpdir(), "authlens-har-"));
  const file = join(dir, "partly-broken.har");
  writeFileSync(file, JSON.stringify(doc));

  // Every text the banner shows on the way is one of its states, and its progress only counts up.
  await recordBanner(panel);
  await panel.getByTestId("har-input").setInputFiles(file);

  const banner = panel.locator(".banner.imported");
  await expect(banner).toContainText(`Showing partly-broken.har (${good} requests); 3 entries could not be read`);
  await expect(panel.locator(".app")).toHaveAttribute("aria-busy", "false");
  const texts = (await bannerTexts(panel)).map((t) => t.text);
  expect(texts.at(-1)).toContain("Showing partly-broken.har");
  const states = bannerStates("partly-broken.har");
  let last = -1;
  for (const t of texts) {
    expect([states.reading, states.diagnosing, states.showing].some((re) => re.test(t)), t).toBe(true);
    const m = states.diagnosing.exec(t);
    if (m) {
      const done = num(m[1]!);
      expect(done).toBeGreaterThanOrEqual(last);
      expect(num(m[2]!)).toBe(good);
      last = done;
    }
  }

  // The list of what could not be read, on request: place in the file, request when known, why.
  const toggle = banner.getByRole("button", { name: "Show which" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  const list = banner.getByRole("list", { name: "Entries that could not be read" });
  await expect(list.getByRole("listitem")).toHaveText([
    /^log\.entries\[3\]\s*The entry is not an object\.$/,
    /^log\.entries\[4\]\s*The entry has no request\.$/,
    /^log\.entries\[\d+\]\s*GET⟨U\+202E⟩<img src=x onerror=alert\(1\)>\s*The request has no URL\.$/,
  ]);
  // The hostile method is text: no element came of it, and its bidi control is shown escaped.
  await expect(banner.locator("img")).toHaveCount(0);
  expect(await list.textContent()).not.toContain("\u202e");

  // The readable entries are listed and diagnosed: the rejected token's request leads with its root cause.
  const bearer = rowFor(panel, "bearer-401");
  await expect(bearer).toHaveCount(1);
  await expect(bearer.locator(".verdict")).toHaveText("Server says the token is invalid");
  const detail = await openDetail(panel, bearer);
  await expect(detail.locator(".finding.root-cause").first()).toBeVisible();
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/har-import-skipped.png` });

  await banner.getByRole("button", { name: "Hide the list" }).click();
  await expect(list).toHaveCount(0);
});

test("a 10,000-entry HAR: the banner counts the entries as the file is read, then the diagnosis, while the list fills", async ({ session }) => {
  const panel = await session.showPanel();
  const dir = mkdtempSync(join(tmpdir(), "authlens-har-"));
  const file = join(dir, "capture.har");
  writeFileSync(file, JSON.stringify(generateHar(10_000)));

  await recordBanner(panel);
  await pickByPath(session, panel, file);

  const banner = panel.locator(".banner.imported");
  // The banner while the file is read, for the record (it may already have moved on).
  await expect(banner).toHaveText(/entries so far|Diagnosing|Showing/);
  if (/entries so far/.test((await banner.textContent()) ?? "")) await session.devtools.screenshot({ path: `${SCREENSHOTS}/har-import-reading.png` });

  await expect(banner).toContainText("Showing capture.har (10,000 requests)", { timeout: 75_000 });
  await expect(panel.getByTestId("counts")).toHaveText(/^10000 requests · /);
  await expect(panel.locator(".app")).toHaveAttribute("aria-busy", "false");

  const seen = await bannerTexts(panel);
  const states = bannerStates("capture.har");
  const phase = (t: string) => (states.reading.test(t) ? 0 : states.diagnosing.test(t) ? 1 : states.showing.test(t) ? 2 : -1);
  // Reading, then diagnosing, then showing: every text is one of them, in that order.
  for (let i = 0; i < seen.length; i++) {
    expect(phase(seen[i]!.text), seen[i]!.text).toBeGreaterThanOrEqual(i > 0 ? phase(seen[i - 1]!.text) : 0);
  }
  // While reading, the count of entries read and the share of the file go up, and it said so part-way.
  const listedIn = (counts: string) => Number(/^(\d+) requests?/.exec(counts)?.[1] ?? 0);
  const reading = seen.flatMap(({ text, counts }) => {
    const m = states.reading.exec(text);
    return m?.[1] !== undefined ? [{ entries: num(m[1]), percent: Number(m[2]), listed: listedIn(counts) }] : [];
  });
  expect(reading.some((r) => r.entries > 0 && r.entries < 10_000), JSON.stringify(reading)).toBe(true);
  for (let i = 1; i < reading.length; i++) {
    expect(reading[i]!.entries).toBeGreaterThanOrEqual(reading[i - 1]!.entries);
    expect(reading[i]!.percent).toBeGreaterThanOrEqual(reading[i - 1]!.percent);
  }
  expect(reading.every((r) => r.entries <= 10_000 && r.percent <= 100)).toBe(true);
  // Then, if the diagnosis is still behind once the file is read, diagnosing, counting up to the
  // file's 10,000 exchanges. The rows are listed as they are read and judged: part of the file
  // was listed before all of it was.
  const diagnosing = seen.flatMap(({ text, counts }) => {
    const m = states.diagnosing.exec(text);
    return m ? [{ done: num(m[1]!), total: num(m[2]!), listed: listedIn(counts) }] : [];
  });
  expect(diagnosing.every((d) => d.total === 10_000)).toBe(true);
  for (let i = 1; i < diagnosing.length; i++) expect(diagnosing[i]!.done).toBeGreaterThanOrEqual(diagnosing[i - 1]!.done);
  const partly = [...reading, ...diagnosing].map((d) => d.listed);
  expect(partly.some((listed) => listed > 0 && listed < 10_000), JSON.stringify(partly)).toBe(true);
  expect(seen.at(-1)!.text).toMatch(/^Showing capture\.har \(10,000 requests\)/);
});
