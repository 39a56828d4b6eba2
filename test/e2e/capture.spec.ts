/**
 * Background capture in real Chromium: precise mode (chrome.debugger) gives Chromium's own CORS
 * verdicts next to AuthLens's reading, and the panel survives its service worker being stopped.
 * Uses the build whose optional permissions are granted at install (dist/chrome-test).
 */
import { expect, findingShown, openDetail, openSettings, rowFor, SCREENSHOTS, showSummary, test, turnOnPreciseMode } from "./fixtures.ts";
import { backgroundListens, untilBackgroundListens, WorkerWatch } from "./worker-watch.ts";

test.use({ extensionDir: "dist/chrome-test" });

test("precise mode shows Chromium's own verdict for blocked requests", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await session.page.goto(`${lab.pageOrigin}/`);
  await turnOnPreciseMode(panel);
  await session.page.goto(`${lab.pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']");

  // What the browser says is in the Summary (a CORS failure opens on its CORS section).
  await showSummary(await openDetail(panel, rowFor(panel, "preflight-fails")));
  await expect(panel.locator('.browser-verdict [data-verdict="cors"]')).toContainText("PreflightMissingAllowOriginHeader");
  await showSummary(await openDetail(panel, rowFor(panel, "credentialed-no-acac")));
  await expect(panel.locator('.browser-verdict [data-verdict="cors"]')).toContainText("InvalidAllowCredentials");
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-precise-mode.png` });

  // A healthy request has no CORS verdict from Chromium.
  await rowFor(panel, "valid-token-200").click();
  await expect(panel.locator('.browser-verdict [data-verdict="cors"]')).toHaveCount(0);
});

test("the background listens to webRequest only once a panel watches a tab", async ({ session, lab }) => {
  // DevTools is open, the AuthLens panel not yet shown: nothing watches, nothing listens.
  await session.page.goto(`${lab.pageOrigin}/?run=bearer-401`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  await expect.poll(() => backgroundListens(session.context), { message: "the background runs, without webRequest listeners" }).toBe(false);
  const panel = await session.showPanel();
  await expect.poll(() => backgroundListens(session.context), { message: "the panel's watch registers its tab" }).toBe(true);
  // The request made before any panel watched comes from the DevTools log alone: the
  // background kept nothing of a tab nobody watched.
  await expect(rowFor(panel, "bearer-401")).toHaveAttribute("data-sources", "devtools-network");
  await session.page.evaluate(() => (window as unknown as { authlensLab: { run(n: string): Promise<unknown> } }).authlensLab.run("no-challenge-401"));
  await expect(rowFor(panel, "no-challenge-401")).toHaveAttribute("data-sources", "devtools-network web-request");
});

test("full capture is on for the granted lab origins, and one request stays one row", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await untilBackgroundListens(session.context);
  await session.page.goto(`${lab.pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  await expect((await openSettings(panel)).getByText("Full capture on")).toBeVisible();
  await session.devtools.keyboard.press("Escape");
  // webRequest saw the same requests as the DevTools log: merged, not doubled.
  await expect(rowFor(panel, "bearer-401")).toHaveCount(1);
  await expect(rowFor(panel, "bearer-401")).toHaveAttribute("data-sources", "devtools-network web-request");
  await expect(rowFor(panel, "preflight-fails")).toHaveCount(1);
});

test("the panel keeps working when the service worker is stopped mid-capture", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await untilBackgroundListens(session.context);
  await session.page.goto(`${lab.pageOrigin}/?run=bearer-401`);
  await session.page.waitForSelector("body[data-lab-done='1']");
  await expect(rowFor(panel, "bearer-401")).toHaveCount(1);
  await expect(rowFor(panel, "bearer-401")).toHaveAttribute("data-sources", /web-request/);

  // Stop the extension's service worker as Chromium does when it idles, watched from a page of
  // the extension's origin (its manifest: no AuthLens code runs there).
  const extensionPage = await session.context.newPage();
  await extensionPage.goto(`chrome-extension://${session.extensionId}/manifest.json`);
  const worker = await WorkerWatch.attach(extensionPage);
  await worker.stop();
  // The background does not wake for a page's requests: it listens only to watched tabs. The
  // panel's port reconnects (waking it) and watches its tab again, which registers the tab's
  // webRequest listeners in the new service worker.
  await untilBackgroundListens(session.context);
  await session.page.bringToFront();

  // Keep browsing in the same page: what was shown stays, new requests still arrive.
  await session.page.evaluate(() => (window as unknown as { authlensLab: { run(n: string): Promise<unknown> } }).authlensLab.run("no-challenge-401"));
  await expect(rowFor(panel, "no-challenge-401")).toHaveCount(1);
  // The restarted background listens to the watched tab again: webRequest still reports.
  await expect(rowFor(panel, "no-challenge-401")).toHaveAttribute("data-sources", /web-request/);
  await expect(rowFor(panel, "bearer-401")).toHaveCount(1);
  await rowFor(panel, "no-challenge-401").click();
  await expect(await findingShown(panel.locator(".detail"), "auth.challenge-missing")).toBeVisible();
});

test("standalone AuthLens watches a tab picked from the list, through the background alone", async ({ session, lab }) => {
  await session.page.goto(`${lab.pageOrigin}/`);
  const standalone = await session.context.newPage();
  await standalone.goto(`chrome-extension://${session.extensionId}/src/panel/panel.html`);
  await expect(standalone.locator("html")).toHaveAttribute("lang", "en");
  const choice = standalone.locator(".tab-choice", { hasText: lab.pageOrigin });
  await expect(choice).toHaveCount(1);
  await choice.click();
  await expect(standalone.locator("html")).toHaveAttribute("data-mode", "standalone");

  await session.page.bringToFront();
  await session.page.evaluate(() => (window as unknown as { authlensLab: { run(n: string): Promise<unknown> } }).authlensLab.run("bearer-401"));
  const row = rowFor(standalone.mainFrame(), "bearer-401");
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute("data-sources", "web-request");
  await row.click();
  await expect(await findingShown(standalone.locator(".detail"), "auth.credentials-rejected")).toBeVisible();
  await standalone.screenshot({ path: `${SCREENSHOTS}/chromium-standalone.png` });
});
