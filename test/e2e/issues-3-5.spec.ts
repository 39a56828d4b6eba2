/**
 * What a person reads in the AuthLens panel, in real DevTools, for challenges (every scheme
 * family of the lab), tokens and credentials, and CORS — where precise mode shows Chromium's own
 * verdict next to AuthLens's reading, and where AuthLens's fix, applied to the lab server, lets
 * the browser through.
 */
import type { Frame } from "@playwright/test";
import { SCENARIOS, type Scenario } from "../lab/scenarios.ts";
import { expect, findingShown, openDetail, openSettings, rowFor, SCREENSHOTS, test } from "./fixtures.ts";

test.use({ extensionDir: "dist/chrome-test" });

async function runAll(session: { page: import("@playwright/test").Page }, pageOrigin: string): Promise<void> {
  await session.page.goto(`${pageOrigin}/?run=all`);
  await session.page.waitForSelector("body[data-lab-done='1']", { timeout: 60_000 });
}

/** Opens the scenario's request (its last attempt, once every attempt is listed) on a section. */
async function open(panel: Frame, name: string, section: string): Promise<void> {
  const rows = rowFor(panel, name);
  await expect(rows).toHaveCount(SCENARIOS.find((s) => s.name === name)?.request.repeat ?? 1);
  await openDetail(panel, rows.last(), section);
}

test("challenge cards: Bearer with its error, Basic, a DPoP nonce, Negotiate and NTLM on two lines", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await runAll(session, lab.pageOrigin);
  const cards = panel.locator(".detail .card.challenge");

  await open(panel, "bearer-401", "Challenge");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute("data-family", "Bearer");
  await expect(cards.first().locator("tr", { hasText: "error" }).first()).toContainText("invalid_token");
  await expect(cards.first()).toContainText("The access token expired");
  await expect(cards.first().locator(".next")).toBeVisible();
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-challenge-bearer.png` });

  await open(panel, "basic-401", "Challenge");
  await expect(cards.first()).toHaveAttribute("data-family", "Basic");
  await expect(cards.first()).toContainText("authlens-lab");
  await expect(cards.first()).toContainText("UTF-8");

  await open(panel, "dpop-nonce-401", "Challenge");
  await expect(cards.first()).toHaveAttribute("data-family", "DPoP");
  await expect(cards.first()).toContainText("use_dpop_nonce");
  await open(panel, "dpop-nonce-401", "Summary");
  await expect(await findingShown(panel.locator(".detail"), "auth.dpop-nonce-required")).toContainText(/nonce/i);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-challenge-dpop.png` });

  await open(panel, "negotiate-ntlm-401", "Challenge");
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(0)).toHaveAttribute("data-family", "Negotiate");
  await expect(cards.nth(1)).toHaveAttribute("data-family", "NTLM");
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-challenge-negotiate-ntlm.png` });

  await open(panel, "malformed-challenge-401", "Challenge");
  await expect(cards.first().locator(".problems")).toBeVisible();
});

test("tokens and credentials: expiry relative to the request, not-yet-valid, Basic user, cookies", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await runAll(session, lab.pageOrigin);
  const token = panel.locator(".detail .card.token").first();

  await open(panel, "bearer-401", "Token");
  await expect(token).toHaveAttribute("data-kind", "jws");
  await expect(token.locator(".times")).toContainText("before this request");
  await expect(token.locator(".times")).toContainText("expired");
  await expect(token.locator(".claims")).toContainText("lab-user-42");
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-token-expired.png` });

  // "Copy token" is explicit and copies the whole token; the clipboard is read back in the page.
  await session.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: lab.pageOrigin });
  const sent = await session.page.evaluate(() => {
    const config = JSON.parse(document.getElementById("lab-config")?.textContent ?? "{}") as { tokens?: { expired?: string } };
    return config.tokens?.expired ?? "";
  });
  expect(sent.split(".")).toHaveLength(3);
  await token.getByRole("button", { name: "Copy token" }).click();
  await expect(token.getByRole("button", { name: "Copied" })).toBeVisible();
  await session.page.bringToFront();
  expect(await session.page.evaluate(() => navigator.clipboard.readText())).toBe(sent);

  await open(panel, "nbf-future-401", "Token");
  await expect(token.locator(".times")).toContainText("not yet valid");

  await open(panel, "scheme-mismatch-401", "Token");
  await expect(token).toHaveAttribute("data-kind", "basic");
  await expect(token).toContainText("lab");
  await expect(token).toContainText("password hidden");
  await expect(token).not.toContainText("lab-password");

  await open(panel, "credentialed-ok", "Credentials");
  await expect(panel.locator('[data-testid="attached-line"]')).toContainText("lab_session");

  await open(panel, "samesite-none-insecure", "Credentials");
  await expect(panel.locator('.detail .card[data-cookie="lab_none"] .problems')).toBeVisible();
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-set-cookie.png` });
});

const CORS_WITH_VERDICT = SCENARIOS.filter((s): s is Scenario & { chromiumCorsError: string } => s.chromiumCorsError !== undefined);

test("precise mode: for every CORS scenario, AuthLens's reading from the headers equals Chromium's corsErrorStatus", async ({ session, lab }) => {
  expect(CORS_WITH_VERDICT.length).toBeGreaterThan(10);
  const panel = await session.showPanel();
  await session.page.goto(`${lab.pageOrigin}/`);
  await (await openSettings(panel)).getByLabel("Precise mode").click();
  await panel.getByRole("button", { name: "Turn on" }).click();
  await expect(panel.getByLabel("Precise mode")).toBeChecked();
  await runAll(session, lab.pageOrigin);

  for (const s of CORS_WITH_VERDICT) {
    await test.step(s.name, async () => {
      await open(panel, s.name, "CORS");
      await expect(panel.locator('[data-testid="chromium-says"]')).toContainText(s.chromiumCorsError);
      await expect(panel.locator('[data-testid="authlens-reads"]')).toHaveText(s.chromiumCorsError);
      await expect(panel.locator('[data-testid="chromium-says"]')).toContainText("agrees");
    });
  }
  await open(panel, "cors-origin-mismatch", "CORS");
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/chromium-cors-precise.png` });

  // Healthy CORS raises no error or warning.
  for (const name of ["cors-json-post-ok", "cors-wildcard-ok", "credentialed-ok", "valid-token-200"]) {
    const codes = (await rowFor(panel, name).last().getAttribute("data-codes")) ?? "";
    await open(panel, name, "Summary");
    // The Summary of this request is shown (open waited for it): its verdict, then no error or warning.
    await expect(panel.locator(".detail .all-clear")).toBeVisible();
    await expect(panel.locator(".detail .finding.sev-error, .detail .finding.sev-warning"), `${name}: ${codes}`).toHaveCount(0);
  }
});

/** Scenarios the fix can mend on the server: the browser blocked them for the server's headers. */
// nginx answers from its config file: the lab cannot rewrite its headers per request, and the
// fix AuthLens gives there is a change of that config (OPTIONS before auth_basic), not headers.
const FIXABLE = CORS_WITH_VERDICT.filter((s) => s.name !== "cors-redirect-credentials" && s.server !== "nginx");

test("the fix AuthLens writes, applied to the lab server, lets the browser through", async ({ session, lab }) => {
  const panel = await session.showPanel();
  await runAll(session, lab.pageOrigin);
  for (const s of FIXABLE) {
    await test.step(s.name, async () => {
      await open(panel, s.name, "CORS");
      const rows = panel.locator(".detail .fix-headers tr");
      await expect(rows.first()).toBeVisible();
      const read = async (phase: string) =>
        Promise.all(
          (await panel.locator(`.detail .fix-headers tr[data-phase="${phase}"]`).all()).map(async (r) => ({
            name: (await r.locator("th").textContent()) ?? "",
            value: (await r.locator("td.mono").textContent()) ?? "",
          })),
        );
      lab.overrideCors(s.name, { preflight: await read("preflight"), actual: await read("actual") });
      const result = await session.page.evaluate(
        (name) => (window as unknown as { authlensLab: { run(n: string): Promise<{ status: number | null; error?: string }> } }).authlensLab.run(name),
        s.name,
      );
      lab.overrideCors(s.name, undefined);
      expect(result.status, `${s.name} after the fix: ${result.error ?? ""}`).not.toBeNull();
    });
  }
});
