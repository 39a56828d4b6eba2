/**
 * A HAR of a whole OAuth 2.0 / OpenID Connect sign-in imported in the real DevTools panel: the
 * Timeline section of any of its requests shows the sign-in as steps with their status, its
 * secrets masked until *Show secrets* is on.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { harOf } from "../unit/helpers.ts";
import { CODE, signInEntries, VERIFIER } from "../unit/oauth/sign-in-captures.ts";
import { expect, openDetail, SCREENSHOTS, setSetting, test } from "./fixtures.ts";

test.use({ extensionDir: "dist/chrome" });

test("the Timeline shows the sign-in as steps, its PKCE failure marked and its secrets masked until shown", async ({ session }) => {
  const panel = await session.showPanel();
  const dir = mkdtempSync(join(tmpdir(), "authlens-sign-in-"));
  const file = join(dir, "sign-in.har");
  const entries = signInEntries({ verifier: "c0de-verifier-of-another-tab-0123456789abcdefghijk", tokenAnswer: { status: 400, body: { error: "invalid_grant", error_description: "PKCE verification failed" } } });
  writeFileSync(file, JSON.stringify(harOf(entries)));
  await panel.getByTestId("har-input").setInputFiles(file);
  await expect(panel.locator(".app")).toHaveAttribute("aria-busy", "false");

  const exchange = panel.locator(".row[data-exchange-id]").filter({ has: panel.locator('.col-name[title$="/oauth2/token"]') });
  await expect(exchange).toHaveCount(1);
  await expect(exchange.locator(".verdict")).toHaveText("PKCE code_verifier does not match the code_challenge");
  const detail = await openDetail(panel, exchange, "Timeline");
  const flow = detail.getByRole("region", { name: "Sign-in flow" });
  const steps = flow.locator("li.flow-step");
  await expect(steps).toHaveCount(4);
  await expect(steps.nth(0)).toContainText("Authorization request");
  await expect(steps.nth(3)).toHaveClass(/flow-failed/);
  await expect(steps.nth(3)).toHaveClass(/current/);
  await expect(steps.nth(3)).toContainText("PKCE: the code_verifier does not answer the code_challenge");
  await expect(steps.nth(3)).toContainText("code_verifier: c0de… (50 chars)");
  expect(await flow.textContent()).not.toContain(CODE);
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/detail-sign-in-flow.png` });

  // Shown on request: the verifier itself.
  await setSetting(panel, "Show secrets", true);
  await expect(flow.locator("li.flow-step").nth(3)).toContainText("code_verifier: c0de-verifier-of-another-tab-0123456789abcdefghijk");
  expect(await flow.textContent()).not.toContain(VERIFIER);
});
