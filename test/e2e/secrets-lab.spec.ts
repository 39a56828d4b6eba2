/**
 * *Show secrets* means all of them, on the lab's everyday scenarios in the real DevTools window:
 * with it off, no token or cookie value the page sent or received is anywhere in the panel's
 * DOM (every row, every tab of its detail, attributes and form fields included), a token in
 * the URL's query among them; with it on, the Summary card that explains the request shows the
 * value itself, as the Headers tab does. Findings name other requests by time, not by id.
 */
import type { Frame, Request, Response } from "@playwright/test";
import { LAB_COOKIES } from "../lab/scenarios.ts";
import { expect, findingShown, openDetail, rowFor, SCREENSHOTS, setSetting, settled, test } from "./fixtures.ts";

test.use({ extensionDir: "dist/chrome" });

/** Shorter values ("1", "yes") are everywhere in any DOM: they say nothing about a leak. */
const MIN_SECRET = 8;

/** What a broken client sends where a token should be (the lab's placeholder scenarios): no secret, and AuthLens names it. */
const PLACEHOLDERS = new Set(["undefined", "null", "[object Object]"]);

/**
 * The lab's own cookies. The real sign-in stack's (oidc-provider's `_interaction` and
 * `_interaction_resume`) are left out: by its design their value is also the interaction's id in
 * its URL paths (`/interaction/<uid>`), which no redaction policy could tell from a path segment.
 */
const LAB_COOKIE_NAMES: ReadonlySet<string> = new Set(Object.values(LAB_COOKIES));

/** The value of each lab cookie's `name=value` of a Cookie or Set-Cookie line (a Set-Cookie's first pair only). */
function cookieValues(line: string, setCookie: boolean): string[] {
  const pairs = setCookie ? [line.split(";")[0] ?? ""] : line.split(";");
  return pairs
    .filter((p) => LAB_COOKIE_NAMES.has(p.slice(0, p.indexOf("=")).trim()))
    .map((p) => p.slice(p.indexOf("=") + 1).trim())
    .filter((v) => v.length >= MIN_SECRET);
}

/** The token and cookie values of everything the page sent and received, as the browser saw them. */
class SecretsSeen {
  readonly values = new Set<string>();
  /** The last value sent or set for each cookie name (an expiring Set-Cookie's empty value aside). */
  readonly cookies = new Map<string, string>();
  private cookie(pair: string): void {
    const value = pair.slice(pair.indexOf("=") + 1).trim();
    if (value !== "") this.cookies.set(pair.slice(0, pair.indexOf("=")).trim(), value);
  }
  async request(r: Request): Promise<void> {
    for (const h of await r.headersArray().catch(() => [])) {
      const name = h.name.toLowerCase();
      if (name === "authorization") {
        const credentials = h.value.replace(/^\S+\s+/, "").trim();
        if (credentials.length >= MIN_SECRET && !PLACEHOLDERS.has(credentials)) this.values.add(credentials);
      }
      if (name !== "cookie") continue;
      for (const v of cookieValues(h.value, false)) this.values.add(v);
      for (const pair of h.value.split(";")) this.cookie(pair);
    }
    try {
      for (const [name, value] of new URL(r.url()).searchParams) if (/token|key|secret/i.test(name) && value.length >= MIN_SECRET) this.values.add(value);
    } catch {
      // Not a URL with a query.
    }
  }
  async response(r: Response): Promise<void> {
    for (const h of await r.headersArray().catch(() => [])) {
      if (h.name.toLowerCase() !== "set-cookie") continue;
      for (const line of h.value.split("\n")) {
        const pair = line.split(";")[0] ?? "";
        this.cookie(pair);
        for (const v of cookieValues(line, true)) this.values.add(v);
      }
    }
  }
}

/**
 * Which of `secrets` are in the panel's whole document or the values of its form fields (a value
 * typed in is not in outerHTML), each named by its first characters. Searched in the panel, so
 * that only the names of what leaked cross back.
 */
async function leakedIn(panel: Frame, secrets: readonly string[]): Promise<string[]> {
  return await panel.evaluate((secrets) => {
    const fields = [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")].map((e) => e.value);
    const text = `${document.documentElement.outerHTML}\n${fields.join("\n")}`;
    return secrets.filter((s) => text.includes(s)).map((s) => `${s.slice(0, 6)}… (${s.length} chars)`);
  }, secrets);
}

test("with secrets hidden no token or cookie value is in the panel's DOM; shown, the Summary card holds them", async ({ session, lab }) => {
  test.setTimeout(300_000);
  const seen = new SecretsSeen();
  const pending: Promise<void>[] = [];
  session.page.on("request", (r) => void pending.push(seen.request(r)));
  session.page.on("response", (r) => void pending.push(seen.response(r)));
  const panel = await session.showPanel();
  await session.page.goto(`${lab.pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']", { timeout: 120_000 });
  await Promise.all(pending);
  const rows = await settled(panel);

  // What the page sent includes the token in token-in-url's query and the lab's session cookie.
  const inUrl = await session.page.evaluate(() => {
    const config = JSON.parse(document.getElementById("lab-config")?.textContent ?? "{}") as { tokens?: Record<string, string> };
    return config.tokens?.valid ?? "";
  });
  expect(inUrl.length).toBeGreaterThan(MIN_SECRET);
  expect(seen.values).toContain(inUrl);
  expect(seen.cookies.get(LAB_COOKIES.session)?.length ?? 0).toBeGreaterThanOrEqual(MIN_SECRET);
  expect(seen.values).toContain(seen.cookies.get(LAB_COOKIES.session));
  const secrets = [...seen.values];
  expect(secrets.length).toBeGreaterThan(3);

  // Every row but the preflights (a preflight carries no credentials, Fetch §4.8), every tab of its detail.
  const all = await panel.locator(".row[data-exchange-id]").evaluateAll((els) =>
    els.map((e) => ({ id: e.getAttribute("data-exchange-id") ?? "", preflight: e.querySelector('[data-badge="preflight"]') !== null })),
  );
  expect(all.length).toBe(rows.length);
  const ids = all.filter((r) => !r.preflight).map((r) => r.id);
  expect(ids.length).toBeGreaterThan(all.length / 2);
  for (const id of ids) {
    const detail = await openDetail(panel, panel.locator(`.row[data-exchange-id="${id}"]`));
    const tabs = detail.getByRole("tablist", { name: "Detail sections" }).getByRole("tab");
    // The section the request opened on first, then every other one.
    const opened = await detail.locator(".detail-body[data-section]").getAttribute("data-section");
    expect(await leakedIn(panel, secrets), `${id} ${opened}`).toEqual([]);
    const sections = await tabs.evaluateAll((els) => els.map((e) => e.getAttribute("data-section") ?? ""));
    for (const section of sections.filter((s) => s !== opened)) {
      await detail.locator(`.tab[data-section="${section}"]`).click();
      await expect(detail.locator(`.detail-body[data-section="${section}"]`)).toBeVisible();
      expect(await leakedIn(panel, secrets), `${id} ${section}`).toEqual([]);
    }
  }

  // The token in the URL: masked in the Name column, the detail's heading and the finding alike.
  const tokenRow = rowFor(panel, "token-in-url");
  await expect(tokenRow).toHaveCount(1);
  let detail = await openDetail(panel, tokenRow, "Summary");
  const card = detail.locator('.finding[data-code="auth.token-in-url"]');
  await expect(card).toContainText(`${inUrl.slice(0, 4)}… (${inUrl.length} chars)`);
  await expect(tokenRow.locator(".col-name")).toContainText(`${inUrl.slice(0, 4)}… (${inUrl.length} chars)`);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/secrets-lab-hidden.png` });

  // Shown: the same card says what the Headers tab says, the token itself.
  await setSetting(panel, "Show secrets", true);
  detail = await openDetail(panel, tokenRow, "Summary");
  await expect(card).toContainText(`?access_token=${inUrl}`);
  await expect(card.locator(".evidence, dl, table").first()).toContainText(inUrl);
  await expect(card).not.toContainText("[REDACTED]");
  // A token of hundreds of characters wraps inside the card instead of running off it.
  expect(await card.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await expect(tokenRow.locator(".col-name")).toHaveAttribute("title", new RegExp(`access_token=${inUrl}`));
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/secrets-lab-shown.png` });

  // Other requests are named as a person finds them in the list, never by AuthLens's internal ids ("e40, e42").
  const loop = await openDetail(panel, rowFor(panel, "retry-loop-401").first(), "Summary");
  const loopCard = await findingShown(loop, "auth.retry-loop");
  await expect(loopCard).toContainText(/401 4 times in [\d.]+ \w+ \(at \d\d:\d\d:\d\d\.\d{3}, /);
  await expect(loopCard).not.toContainText(/\be\d+\b/);
  await loopCard.scrollIntoViewIfNeeded();
  // Its text names the shown token whole: it wraps instead of running off the pane.
  expect(await loopCard.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/secrets-lab-retry-loop.png` });

  // A JWT in a cookie: its reading on the Summary shows the token the lab set, not its mask.
  const cookieJwt = seen.cookies.get("lab_jwt") ?? "";
  expect(cookieJwt).toMatch(/^eyJ/);
  const cookieRow = rowFor(panel, "jwt-cookie-200");
  await expect(cookieRow).toHaveCount(1);
  detail = await openDetail(panel, cookieRow, "Summary");
  const jwtCard = detail.locator('.finding[data-code="token.jwt"]');
  await expect(jwtCard).toContainText(cookieJwt);
  await expect(jwtCard).not.toContainText(`${cookieJwt.slice(0, 4)}… (${cookieJwt.length} chars)`);
});
