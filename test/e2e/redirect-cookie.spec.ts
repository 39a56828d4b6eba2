/**
 * Redirects and cookies in real Chromium: a bearer request redirected to another origin loses
 * its Authorization (the panel says so, not "no credentials were sent"), in the DevTools log
 * alone and merged with webRequest; and with precise mode on, Chromium's own cookie verdicts
 * (a cookie kept back, a Set-Cookie refused) become findings.
 */
import type { Frame } from "@playwright/test";
import { MOVED_PATH } from "../lab/scenarios.ts";
import { expect, findingShown, openDetail, rowFor, SCREENSHOTS, test, turnOnPreciseMode } from "./fixtures.ts";
import { untilBackgroundListens } from "./worker-watch.ts";

const REDIRECT = "redirect-drops-authorization";

/** The row of the request the redirect led to, on the page's origin. */
function movedRow(panel: Frame, name: string) {
  return panel.locator(".row[data-exchange-id]").filter({ has: panel.locator(`.col-name[title$="${MOVED_PATH}${name}"]`) });
}

async function run(session: { page: import("@playwright/test").Page }, pageOrigin: string, name: string): Promise<void> {
  await session.page.goto(`${pageOrigin}/?run=${name}`);
  await session.page.waitForSelector("body[data-lab-done='1']");
}

async function checkRedirect(panel: Frame, pageOrigin: string): Promise<void> {
  const target = movedRow(panel, REDIRECT);
  await expect(target).toHaveCount(1);
  await expect(target).toHaveAttribute("data-status", "401");
  await expect(target).toHaveAttribute("data-codes", /auth\.authorization-stripped-on-redirect/);
  await expect(target).not.toHaveAttribute("data-codes", /auth\.no-credentials-sent/);
  const detail = await openDetail(panel, target);
  const f = detail.locator('.finding[data-code="auth.authorization-stripped-on-redirect"]');
  await expect(f).toContainText(`${pageOrigin}`);
  await expect(f).toContainText("HTTP-redirect fetch");
  await expect(detail.locator('.finding[data-code="auth.no-credentials-sent"]')).toHaveCount(0);

  // The redirecting request carried the token and shows the same finding.
  const first = rowFor(panel, REDIRECT);
  await expect(first).toHaveCount(1);
  await expect(first).toHaveAttribute("data-status", "302");
  await expect(first.locator('[data-badge="authorization"]')).toHaveText("Bearer");
  await expect(first).toHaveAttribute("data-codes", /auth\.authorization-stripped-on-redirect/);
}

test.describe("the DevTools log alone", () => {
  test("a redirect to another origin lost the Authorization header: said so, not \"no credentials\"", async ({ session, lab }) => {
    const panel = await session.showPanel();
    await run(session, lab.pageOrigin, REDIRECT);
    await checkRedirect(panel, lab.pageOrigin);
    await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-${REDIRECT}.png` });
  });
});

test("a response the browser blocked by CORS never reads as a green 200 OK", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await run(session, lab.pageOrigin, "credentialed-no-acac");
  const row = rowFor(panel, "credentialed-no-acac");
  // The server answered 200; Chromium withheld it from the page.
  await expect(row).toHaveAttribute("data-status", "200");
  await expect(row.locator(".col-status")).toHaveClass(/status-blocked/);
  await expect(row.locator(".col-status")).not.toHaveClass(/status-2xx/);
  await expect(row.locator(".col-status [data-badge='cors']")).toHaveText("CORS");

  // The diagnosis as the panel copies it heads with the blocked outcome.
  await session.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: lab.pageOrigin });
  const detail = await openDetail(panel, row);
  // The detail's heading says so, in the error colour, the server's status line kept.
  const heading = detail.locator(".status").first();
  await expect(heading).toHaveText("200 OK · blocked by CORS");
  await expect(heading).toHaveClass(/status-blocked/);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/blocked-200-heading.png` });
  await detail.getByRole("button", { name: "Copy diagnosis (Markdown)" }).click();
  await expect(detail.locator(".copy-status")).toHaveText("Copied Markdown");
  await session.page.bringToFront();
  const markdown = await session.page.evaluate(() => navigator.clipboard.readText());
  expect(markdown.split("\n")[0]).toMatch(/ → 200 OK · blocked by CORS$/);
});

test.describe("with webRequest and precise mode", () => {
  test.use({ extensionDir: "dist/chrome-test" });


  test("the redirect's hops stay apart when webRequest sees them too", async ({ session, lab }) => {
    const panel = await session.showPanel();
    await untilBackgroundListens(session.context);
    await run(session, lab.pageOrigin, REDIRECT);
    await expect(movedRow(panel, REDIRECT)).toHaveAttribute("data-sources", /web-request/);
    await checkRedirect(panel, lab.pageOrigin);
  });

  test("precise mode: Chromium's reasons for a cookie kept back and a Set-Cookie refused", async ({ session, lab }) => {
    const panel = await session.showPanel();
    await session.page.goto(`${lab.pageOrigin}/`);
    await turnOnPreciseMode(panel);

    await run(session, lab.pageOrigin, "cookie-not-sent-401");
    const kept = rowFor(panel, "cookie-not-sent-401");
    await expect(kept).toHaveAttribute("data-sources", /debugger/);
    let detail = await openDetail(panel, kept);
    const blocked = detail.locator('.finding[data-code="cookie.blocked"]');
    await expect(blocked).toHaveCount(1);
    await expect(blocked).toContainText("lab_scoped");
    await expect(blocked).toContainText("Path attribute does not cover /api/cookie-not-sent-401");
    await expect(blocked).toContainText("NotOnPath");
    await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-precise-cookie-blocked.png` });

    await run(session, lab.pageOrigin, "samesite-none-insecure");
    const refused = rowFor(panel, "samesite-none-insecure");
    await expect(refused).toHaveAttribute("data-sources", /debugger/);
    detail = await openDetail(panel, refused);
    // AuthLens's own reading of the Set-Cookie leads; Chromium's verdict agrees, folded under it.
    await expect(detail.locator('.finding[data-role="root"]')).toHaveAttribute("data-code", "cookie.samesite-none-without-secure");
    // Chromium refuses lab_none only: http://127.0.0.1 may set the Secure lab_secure.
    await expect(detail.locator('[data-code="cookie.set-cookie-rejected"]')).toHaveCount(1);
    const rejected = await findingShown(detail, "cookie.set-cookie-rejected");
    await expect(rejected).toContainText("lab_none");
    await expect(rejected).toContainText("SameSite=None without Secure");
    await expect(rejected).toContainText("SameSiteNoneInsecure");
  });

  test("without precise mode no cookie verdict is claimed", async ({ session, lab }) => {
    const panel = await session.showPanel();
    await run(session, lab.pageOrigin, "cookie-not-sent-401");
    const row = rowFor(panel, "cookie-not-sent-401");
    await expect(row).toHaveAttribute("data-codes", /cookie\.not-sent/);
    await expect(row).not.toHaveAttribute("data-codes", /cookie\.blocked/);
    await run(session, lab.pageOrigin, "samesite-none-insecure");
    const refused = rowFor(panel, "samesite-none-insecure");
    await expect(refused).toHaveAttribute("data-codes", /cookie\.samesite-none-without-secure/);
    await expect(refused).not.toHaveAttribute("data-codes", /cookie\.set-cookie-rejected/);
  });
});
