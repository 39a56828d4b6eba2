/**
 * No secret on screen while *Show secrets* is off, and hostile text inert and readable, in the
 * real DevTools window. The lab's secrets page (test/lab/secrets.ts) puts a distinct marked
 * secret in every place a credential travels; with secrets hidden, the panel's whole DOM (every
 * tab of every row, title attributes included), every copy and the redacted export hold none
 * of them — masks show at most 4 characters, so not even the `SECRETMARK` prefix. With secrets
 * shown, the panel shows them.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Frame, Locator } from "@playwright/test";
import type { DevtoolsSession } from "../harness/devtools.ts";
import { BIDI_SHOWN, BIDI_TEXT, hostileHar, LONG_HEADER_NAME, SECRET_MARKS, SECRET_PREFIX, secretsPageUrl } from "../lab/secrets.ts";
import { expect, exportHar, SCREENSHOTS, setSetting, test } from "./fixtures.ts";

test.use({ extensionDir: "dist/chrome" });

const MARKS = Object.entries(SECRET_MARKS);

/** The places whose secret `text` still holds (an empty list is the goal). */
function leaked(text: string): string[] {
  return MARKS.filter(([, secret]) => text.includes(secret)).map(([place]) => place);
}

async function openSecretsPage(session: DevtoolsSession, pageOrigin: string): Promise<void> {
  await session.page.goto(secretsPageUrl(pageOrigin));
  await session.page.waitForSelector("body[data-secrets-done='1']");
}

function rowOf(panel: Frame, path: string): Locator {
  return panel
    .locator(".row[data-exchange-id]")
    .filter({ hasNot: panel.locator('[data-badge="preflight"]') })
    .filter({ has: panel.locator(`.col-name[title*="${path}"]`) });
}

const PATHS = ["/secrets.html", "/secrets/query", "/secrets/body", "/secrets/bidi"];

async function html(panel: Frame): Promise<string> {
  return await panel.evaluate(() => document.documentElement.outerHTML);
}

/** Selects the row and shows each of its detail tabs in turn, handing the DOM of each to `check`. */
async function everyTab(panel: Frame, row: Locator, check: (section: string, dom: string) => void | Promise<void>): Promise<void> {
  await row.click();
  const id = await row.getAttribute("data-exchange-id");
  const detail = panel.locator(`.detail[data-exchange-id="${id}"]`);
  await expect(detail).toBeVisible();
  const tabs = detail.getByRole("tablist", { name: "Detail sections" }).getByRole("tab");
  const sections = await tabs.evaluateAll((els) => els.map((e) => e.getAttribute("data-section") ?? ""));
  expect(sections).toContain("headers");
  for (const section of sections) {
    await detail.locator(`.tab[data-section="${section}"]`).click();
    await expect(detail.locator(`.detail-body[data-section="${section}"]`)).toBeVisible();
    await check(section, await html(panel));
  }
}

/** Copies with one button and reads the clipboard back, once it no longer holds what was there before. */
async function copied(session: DevtoolsSession, panel: Frame, button: string): Promise<string> {
  const sentinel = `before ${button} ${Math.random()}`;
  await session.page.bringToFront();
  await session.page.evaluate((s) => navigator.clipboard.writeText(s), sentinel);
  await panel.locator(".detail").getByRole("button", { name: button }).click();
  await session.page.bringToFront();
  let text = sentinel;
  await expect
    .poll(async () => {
      text = await session.page.evaluate(() => navigator.clipboard.readText());
      return text !== sentinel;
    })
    .toBe(true);
  return text;
}

/** The export, redacted or not; a redacted one's preview names each request and place, never the secret. */
async function exported(session: DevtoolsSession, panel: Frame, includeSecrets: boolean): Promise<string> {
  const file = await exportHar(session, panel, includeSecrets, async () => {
    const dom = await html(panel);
    expect(leaked(dom)).toEqual([]);
    expect(dom).not.toContain(SECRET_PREFIX);
    await session.devtools.screenshot({ path: `${SCREENSHOTS}/secrets-export-dialog.png` });
  });
  return file.text;
}

test("with secrets hidden, no marked secret reaches the panel's DOM, a copy or the export; shown, they are there", async ({ session, lab }) => {
  test.setTimeout(180_000);
  const panel = await session.showPanel();
  await session.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: lab.pageOrigin });
  await openSecretsPage(session, lab.pageOrigin);
  for (const path of PATHS) await expect(rowOf(panel, path)).toHaveCount(1);

  // Every row (preflights included), every tab: the whole document, titles and tooltips included.
  const ids = await panel.locator(".row[data-exchange-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-exchange-id") ?? ""));
  expect(ids.length).toBeGreaterThanOrEqual(PATHS.length);
  for (const id of ids) {
    await everyTab(panel, panel.locator(`.row[data-exchange-id="${id}"]`), (section, dom) => {
      expect(leaked(dom), `${id} ${section}`).toEqual([]);
      expect(dom, `${id} ${section}`).not.toContain(SECRET_PREFIX);
      expect(dom, `${id} ${section}: a raw bidi control`).not.toContain("\u202E");
    });
  }
  // The 19-character token: 4 characters and the length, in the Headers tab and the Markdown copy.
  const body = rowOf(panel, "/secrets/body");
  await body.click();
  await panel.locator('.detail .tab[data-section="headers"]').click();
  await expect(panel.locator(".detail table.headers").first()).toContainText(`Bearer SECR… (${SECRET_MARKS.bearer19.length} chars)`);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/secrets-hidden-headers.png` });

  for (const path of ["/secrets/query", "/secrets/body", "/secrets/bidi"]) {
    await rowOf(panel, path).click();
    for (const button of ["Copy as cURL", "Copy as fetch", "Copy diagnosis (Markdown)"]) {
      const text = await copied(session, panel, button);
      expect(text, `${path} ${button}`).toContain(path);
      expect(leaked(text), `${path} ${button}`).toEqual([]);
      expect(text, `${path} ${button}`).not.toContain(SECRET_PREFIX.slice(0, 5));
    }
  }

  const redacted = await exported(session, panel, false);
  expect(leaked(redacted)).toEqual([]);
  const har = JSON.parse(redacted) as { log: { entries: { request: { url: string; postData?: { text: string } } }[] } };
  // The request body is exported, redacted: its shape stays, its secrets go.
  const posted = har.log.entries.find((e) => e.request.url.includes("/secrets/body"))?.request.postData?.text ?? "";
  expect(posted).toContain("password=[REDACTED]&client_secret=[REDACTED]");
  expect(posted).toContain('"nickname":"lab"');

  // Shown on request: the same places now hold the secrets themselves.
  await setSetting(panel, "Show secrets", true);
  const query = rowOf(panel, "/secrets/query");
  await query.click();
  await panel.locator('.detail .tab[data-section="headers"]').click();
  await expect(panel.locator(".detail table.headers").first()).toContainText(SECRET_MARKS.xSession);
  const shown = await html(panel);
  for (const place of ["urlAccessToken", "urlCode", "urlState", "urlApiKey", "xApiKey", "apiKey", "xAuthToken", "xCsrfToken", "xSession", "responseXAuthToken", "pageAccessToken"] as const) {
    expect(shown, place).toContain(SECRET_MARKS[place]);
  }
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/secrets-shown-headers.png` });
  const curl = await copied(session, panel, "Copy as cURL");
  expect(curl).toContain(SECRET_MARKS.xApiKey);
  const full = await exported(session, panel, true);
  expect(full).toContain(SECRET_MARKS.notePassword);
});

async function longHeaderStaysOnScreen(panel: Frame, shot: string, session: DevtoolsSession): Promise<void> {
  const detail = panel.locator(".detail");
  await detail.locator('.tab[data-section="headers"]').click();
  // The long name wraps in its column; its value stays inside the pane.
  const long = detail.locator("table.headers tr").filter({ has: panel.locator("th", { hasText: LONG_HEADER_NAME.slice(0, 40) }) });
  await expect(long).toHaveCount(1);
  const value = long.locator("td");
  await expect(value).toContainText("a header name of 3,000 characters");
  await long.scrollIntoViewIfNeeded();
  const paneBox = await detail.boundingBox();
  const valueBox = await value.boundingBox();
  expect(paneBox && valueBox).toBeTruthy();
  expect(valueBox!.x).toBeGreaterThan(paneBox!.x);
  expect(valueBox!.x + valueBox!.width).toBeLessThanOrEqual(paneBox!.x + paneBox!.width + 1);
  expect(valueBox!.width).toBeGreaterThan(80);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/${shot}` });
}

test("bidi controls are shown escaped, and a 3,000-character header name keeps the values on screen", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await openSecretsPage(session, lab.pageOrigin);
  const bidi = rowOf(panel, "/secrets/bidi");
  await expect(bidi).toHaveCount(1);
  await bidi.click();
  const detail = panel.locator(".detail");

  // The claim (live capture): its escaped form, never the override itself (which would read "exe.png").
  await detail.locator('.tab[data-section="token"]').click();
  await expect(detail.locator('.detail-body[data-section="token"]')).toContainText(BIDI_SHOWN);
  expect(await html(panel)).not.toContain(BIDI_TEXT);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/secrets-bidi-token.png` });
  await longHeaderStaysOnScreen(panel, "secrets-long-header.png", session);

  // A browser hands header bytes over as Latin-1, so a challenge parameter and a header with
  // U+202E come from HAR files: imported, they read escaped too.
  const dir = mkdtempSync(join(tmpdir(), "authlens-hostile-"));
  const file = join(dir, "hostile.har");
  writeFileSync(file, hostileHar(lab.apiOrigin));
  await panel.getByTestId("har-input").setInputFiles(file);
  await expect(panel.locator(".banner.imported")).toContainText("hostile.har");
  const imported = rowOf(panel, "/secrets/bidi-imported");
  await imported.click();
  await detail.locator('.tab[data-section="challenge"]').click();
  await expect(detail.locator('.detail-body[data-section="challenge"]')).toContainText(BIDI_SHOWN);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/secrets-bidi-challenge.png` });
  expect(await html(panel)).not.toContain(BIDI_TEXT);
  await detail.locator('.tab[data-section="headers"]').click();
  const notes = detail.locator("table.headers tr").filter({ has: panel.locator("th", { hasText: /^X-Lab-Note$/ }) });
  await expect(notes).toHaveCount(2);
  for (const td of await notes.locator("td").all()) await expect(td).toContainText(BIDI_SHOWN);
  expect(await html(panel)).not.toContain(BIDI_TEXT);
  await longHeaderStaysOnScreen(panel, "secrets-long-header-imported.png", session);
});
