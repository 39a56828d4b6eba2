/**
 * Importing a HAR file with entries no importer can read: the banner counts them and lists each
 * with why, as text (the file's bytes never become markup), while the readable entries are
 * listed and diagnosed once, root cause first.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, openDetail, rowFor, SCREENSHOTS, test } from "./fixtures.ts";

test.use({ extensionDir: "dist/chrome" });

const HOSTILE_METHOD = "GET\u202e<img src=x onerror=alert(1)>";

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
  await panel.evaluate(() => {
    const w = window as unknown as { bannerTexts: string[] };
    w.bannerTexts = [];
    new MutationObserver(() => {
      const text = document.querySelector(".banner.imported [role=status], .banner.imported[role=status]")?.textContent;
      if (text && w.bannerTexts.at(-1) !== text) w.bannerTexts.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await panel.getByTestId("har-input").setInputFiles(file);

  const banner = panel.locator(".banner.imported");
  await expect(banner).toContainText(`Showing partly-broken.har (${good} requests); 3 entries could not be read`);
  await expect(panel.locator(".app")).toHaveAttribute("aria-busy", "false");
  const texts = await panel.evaluate(() => (window as unknown as { bannerTexts: string[] }).bannerTexts);
  expect(texts.at(-1)).toContain("Showing partly-broken.har");
  let last = -1;
  for (const t of texts) {
    expect(t).toMatch(/^(Reading partly-broken\.har…|Diagnosing partly-broken\.har… [\d,]+ of [\d,]+|Showing partly-broken\.har .*)$/);
    const m = /… ([\d,]+) of ([\d,]+)$/.exec(t);
    if (m) {
      const done = Number(m[1]!.replace(/,/g, ""));
      expect(done).toBeGreaterThanOrEqual(last);
      expect(Number(m[2]!.replace(/,/g, ""))).toBe(good);
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
