/**
 * "Verify signature…" in the real DevTools panel: a 401 whose Bearer JWT was signed by a key the
 * issuer's JWK Set (fetched by the page, in the capture) does not hold is diagnosed as such, and
 * the Token section checks the signature locally: against the captured JWKS when nothing is
 * pasted, against a pasted JWKS or PEM otherwise. Keys are generated with jose for the test.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from "jose";
import { API_ORIGIN, entry, harOf, T0 } from "../unit/helpers.ts";
import { expect, openDetail, SCREENSHOTS, test } from "./fixtures.ts";

test.use({ extensionDir: "dist/chrome" });

const ISSUER = "https://login.example.com/";

/** A JSON response body on a HAR entry. */
function withJson(e: Record<string, unknown>, body: unknown): Record<string, unknown> {
  const text = JSON.stringify(body);
  return { ...e, response: { ...(e.response as object), content: { size: text.length, mimeType: "application/json", text } } };
}

test("a token signed by a key its issuer's captured JWKS lacks: the root cause names the kid, and Verify signature checks it locally", async ({ session }) => {
  const current = await generateKeyPair("RS256", { extractable: true });
  const retired = await generateKeyPair("RS256", { extractable: true });
  // Issued just before the capture's requests (T0), as a real session's tokens are.
  const issuedAt = Math.floor(T0 / 1000) - 60;
  const sign = (key: CryptoKey, kid: string, aud: string) =>
    new SignJWT({ scope: "orders:read" }).setProtectedHeader({ alg: "RS256", kid }).setIssuer(ISSUER).setAudience(aud).setSubject("user-1").setIssuedAt(issuedAt).setExpirationTime(issuedAt + 3600).sign(key);
  const jwks = { keys: [{ ...(await exportJWK(current.publicKey)), kid: "2026-12", alg: "RS256", use: "sig" }] };
  const valid = await sign(current.privateKey, "2026-12", "https://api.example.com");
  const stale = await sign(retired.privateKey, "2025-06", "https://api.example.com");
  const entries = [
    withJson(entry({ url: `${ISSUER}.well-known/openid-configuration`, at: 0 }), { issuer: ISSUER, jwks_uri: `${ISSUER}keys` }),
    withJson(entry({ url: `${ISSUER}keys`, at: 10 }), jwks),
    entry({ url: `${API_ORIGIN}/v1/me`, at: 20, status: 200, requestHeaders: { Authorization: `Bearer ${valid}` } }),
    entry({
      url: `${API_ORIGIN}/v1/orders`,
      at: 30,
      status: 401,
      requestHeaders: { Authorization: `Bearer ${stale}` },
      responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
    }),
  ];
  const dir = mkdtempSync(join(tmpdir(), "authlens-verify-"));
  const file = join(dir, "rotated-key.har");
  writeFileSync(file, JSON.stringify(harOf(entries)));

  const panel = await session.showPanel();
  await panel.getByTestId("har-input").setInputFiles(file);
  await expect(panel.locator(".app")).toHaveAttribute("aria-busy", "false");

  const refused = panel.locator(".row[data-exchange-id]").filter({ has: panel.locator('.col-name[title$="/v1/orders"]') });
  await expect(refused).toHaveCount(1);
  await expect(refused).toHaveAttribute("data-codes", /auth\.token-key-unknown/);
  const summary = await openDetail(panel, refused, "Summary");
  const root = summary.locator('[data-role="root"]');
  await expect(root).toContainText("2025-06");
  await expect(root).toContainText("2026-12");
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/detail-key-unknown.png` });

  const token = await openDetail(panel, refused, "Token");
  const box = token.locator("details.verify-signature");
  await box.locator("summary").click();
  await expect(box).toContainText("nothing is sent anywhere");

  // Nothing pasted: the JWKS the page fetched, which has no key 2025-06.
  await box.getByRole("button", { name: "Verify" }).click();
  const result = box.locator(".verify-result");
  await expect(result).toHaveAttribute("data-verdict", "key-unknown");
  await expect(result).toContainText(`the JWKS the page fetched from ${ISSUER}keys`);

  // The retired key's public half, pasted as PEM: the signature verifies.
  await box.locator("textarea").fill(await exportSPKI(retired.publicKey));
  await box.getByRole("button", { name: "Verify" }).click();
  await expect(result).toHaveAttribute("data-verdict", "valid");
  await expect(result).toContainText("Signature verifies");
  await expect(result).toContainText("the PEM you pasted");
  await result.scrollIntoViewIfNeeded();
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/detail-verify-signature.png` });

  // Another key under the token's kid: the signature does not verify.
  await box.locator("textarea").fill(JSON.stringify({ keys: [{ ...(await exportJWK(current.publicKey)), kid: "2025-06" }] }));
  await box.getByRole("button", { name: "Verify" }).click();
  await expect(result).toHaveAttribute("data-verdict", "invalid");
  await expect(result).toContainText("the JWKS you pasted");
});

test("a token for another audience: the root cause names both audiences and the request that showed what the API accepts", async ({ session }) => {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const issuedAt = Math.floor(T0 / 1000) - 60;
  const sign = (aud: string) =>
    new SignJWT({ scope: "orders:read" }).setProtectedHeader({ alg: "RS256", kid: "2026-12" }).setIssuer(ISSUER).setAudience(aud).setSubject("user-1").setIssuedAt(issuedAt).setExpirationTime(issuedAt + 3600).sign(privateKey);
  const entries = [
    entry({ url: `${API_ORIGIN}/v1/me`, at: 0, status: 200, requestHeaders: { Authorization: `Bearer ${await sign("https://api.example.com")}` } }),
    entry({
      url: `${API_ORIGIN}/v1/orders`,
      at: 30,
      status: 401,
      requestHeaders: { Authorization: `Bearer ${await sign("https://billing.example.com")}` },
      responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
    }),
  ];
  const dir = mkdtempSync(join(tmpdir(), "authlens-audience-"));
  const file = join(dir, "wrong-audience.har");
  writeFileSync(file, JSON.stringify(harOf(entries)));

  const panel = await session.showPanel();
  await panel.getByTestId("har-input").setInputFiles(file);
  await expect(panel.locator(".app")).toHaveAttribute("aria-busy", "false");
  const refused = panel.locator(".row[data-exchange-id]").filter({ has: panel.locator('.col-name[title$="/v1/orders"]') });
  await expect(refused.locator(".verdict")).toHaveText("Token issued for another audience");
  const summary = await openDetail(panel, refused, "Summary");
  const root = summary.locator('[data-role="root"]');
  await expect(root).toContainText("https://billing.example.com");
  await expect(root).toContainText("https://api.example.com");
  await expect(root).toContainText("GET /v1/me");
  await session.devtools.screenshot({ path: `${SCREENSHOTS}/detail-audience-mismatch.png` });
});
