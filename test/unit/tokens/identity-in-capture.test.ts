/**
 * Who is this token for, as the capture shows it (core/tokens/identity/): a 401 whose server
 * does not say why in known words gets auth.token-key-unknown, auth.token-audience-mismatch or
 * auth.token-issuer-mismatch as its root cause when the issuer's key set, the tokens the same
 * API accepted, its RFC 9728 metadata or the environments of both hosts show it; never on a
 * token the evidence does not contradict, never on an accepted request.
 */
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Diagnosis } from "../../../src/core/diagnose.ts";
import { apiOf } from "../../../src/core/tokens/identity/api.ts";
import { environmentOf } from "../../../src/core/tokens/identity/environment.ts";
import { jwt, secondsAt } from "../challenge/rule-helpers.ts";
import { API_ORIGIN, codes, entry, evidenceValue, importEntries, one, visibleText } from "../helpers.ts";

const ISSUER = "https://login.example.com/";
const API = `${API_ORIGIN}/v1`;

const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: "user-1",
  aud: "https://api.example.com",
  iat: secondsAt(-60_000),
  exp: secondsAt(3_600_000),
  scope: "orders:read",
  ...extra,
});

const bearer = (c: Record<string, unknown>, kid = "key-2026") => ({ Authorization: `Bearer ${jwt(c, { alg: "RS256", typ: "at+jwt", kid })}` });

/** A JSON response body on a HAR entry. */
function withJson(e: Record<string, unknown>, body: unknown): Record<string, unknown> {
  const text = JSON.stringify(body);
  return { ...e, response: { ...(e.response as object), content: { size: text.length, mimeType: "application/json", text } } };
}

/** A 401 as a JWT middleware sends it when it does not say why (RFC 6750 §3.1 invalid_token, no description). */
const refused = (at: number, headers: Record<string, string>, url = `${API}/orders`) =>
  entry({ url, at, status: 401, requestHeaders: headers, responseHeaders: { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' } });

const accepted = (at: number, headers: Record<string, string>, url = `${API}/me`) => entry({ url, at, status: 200, requestHeaders: headers });

function diagnosed(entries: readonly unknown[]): Diagnosis[] {
  return diagnose(importEntries(entries));
}

describe("the API and the environments a URL names", () => {
  it.each([
    ["https://api.example.com/v1/orders/5", "https://api.example.com/v1"],
    ["https://api.example.com/orders", "https://api.example.com"],
    ["https://api.example.com/", "https://api.example.com"],
    ["not a url", undefined],
  ])("apiOf(%s) = %s", (url, api) => expect(apiOf(url)).toBe(api));

  it.each([
    ["https://dev-tenant.us.auth0.com/", "development"],
    ["https://login.staging.example.com", "staging"],
    ["https://api-pre-prod.example.com", "staging"],
    ["https://auth.qa.example.org/realms/app", "test"],
    ["https://api.prod.example.com", "production"],
    ["https://api.example.com", undefined],
    ["https://login.live.com", undefined],
    ["https://dev.prod.example.com", undefined],
  ])("environmentOf(%s) = %s", (url, env) => expect(environmentOf(url)).toBe(env));
});

describe("a refused token, against what the capture shows", () => {
  it("a kid the issuer's captured key set does not hold is the root cause (discovery names the jwks_uri)", () => {
    const ds = diagnosed([
      withJson(entry({ url: `${ISSUER}.well-known/openid-configuration`, at: 0 }), { issuer: ISSUER, jwks_uri: `${ISSUER}keys` }),
      withJson(entry({ url: `${ISSUER}keys?v=2`, at: 10 }), { keys: [{ kty: "RSA", kid: "key-2026", n: "x", e: "AQAB" }, { kty: "RSA", kid: "key-2025", n: "y", e: "AQAB" }] }),
      refused(20, bearer(claims(), "dev-key-1")),
    ]);
    const d = ds.at(-1)!;
    expect(d.rootCause).toBe("auth.token-key-unknown");
    const f = one(d.findings, "auth.token-key-unknown");
    expect(f.detail).toContain("`dev-key-1`");
    expect(f.detail).toContain("`key-2026`");
    expect(f.detail).toContain("`key-2025`");
    expect(evidenceValue(f, "Issuer's keys (captured)")).toBe(`${ISSUER}keys?v=2: kid key-2026, key-2025`);
    expect(codes(d.findings)).not.toContain("auth.token-audience-mismatch");
  });

  it("finds the key set at the issuer's /.well-known/jwks.json without discovery, and says nothing when the kid is in it", () => {
    const keys = withJson(entry({ url: `${ISSUER}.well-known/jwks.json`, at: 0 }), { keys: [{ kty: "EC", kid: "key-2026", crv: "P-256", x: "a", y: "b" }] });
    const unknown = diagnosed([keys, refused(20, bearer(claims(), "old"))]).at(-1)!;
    expect(unknown.rootCause).toBe("auth.token-key-unknown");
    const known = diagnosed([keys, refused(20, bearer(claims(), "key-2026"))]).at(-1)!;
    expect(codes(known.findings)).not.toContain("auth.token-key-unknown");
    expect(known.rootCause).toBe("auth.bearer-invalid-token");
  });

  it("an RS256 signature that does not verify with its kid's key in the captured JWK Set is the root cause, checked locally", async () => {
    const issuerKey = await generateKeyPair("RS256", { extractable: true });
    const otherKey = await generateKeyPair("RS256", { extractable: true });
    const jwks = { keys: [{ ...(await exportJWK(issuerKey.publicKey)), kid: "key-2026", alg: "RS256" }] };
    const sign = (key: CryptoKey) => new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid: "key-2026" }).sign(key);
    const capture = async (token: string) =>
      diagnosed([
        withJson(entry({ url: `${ISSUER}.well-known/jwks.json`, at: 0 }), jwks),
        refused(20, { Authorization: `Bearer ${token}` }),
      ]).at(-1)!;
    const forged = await capture(await sign(otherKey.privateKey));
    expect(forged.rootCause).toBe("auth.token-signature-invalid");
    const f = one(forged.findings, "auth.token-signature-invalid");
    expect(f.detail).toContain("does not verify");
    expect(f.detail).toContain("`key-2026`");
    expect(evidenceValue(f, "Issuer's keys (captured)")).toBe(`${ISSUER}.well-known/jwks.json: kid key-2026`);
    const genuine = await capture(await sign(issuerKey.privateKey));
    expect(codes(genuine.findings)).not.toContain("auth.token-signature-invalid");
    expect(genuine.rootCause).toBe("auth.bearer-invalid-token");
  });

  it("an aud the same API never accepted, while it accepted another, is the root cause, both named", () => {
    const ds = diagnosed([accepted(0, bearer(claims())), refused(20, bearer(claims({ aud: "https://billing.example.com" })))]);
    const d = ds.at(-1)!;
    expect(d.rootCause).toBe("auth.token-audience-mismatch");
    const f = one(d.findings, "auth.token-audience-mismatch");
    expect(f.detail).toContain("`https://billing.example.com`");
    expect(f.detail).toContain("`https://api.example.com`");
    expect(f.detail).toContain("GET /v1/me on api.example.com at 10:00:00.000 UTC, answered 200");
    expect(f.detail, "no internal id in the text").not.toContain(`(${ds[0]!.exchange.id})`);
    expect(evidenceValue(f, "Accepted audience (captured)")).toBe(`https://api.example.com: GET ${API}/me → 200`);
    expect(f.fix).toContain("`https://api.example.com`");
  });

  it("an audience list that names an accepted audience is no mismatch; another API's accepted tokens are no evidence", () => {
    const shared = diagnosed([accepted(0, bearer(claims())), refused(20, bearer(claims({ aud: ["https://billing.example.com", "https://api.example.com"] })))]).at(-1)!;
    expect(codes(shared.findings)).not.toContain("auth.token-audience-mismatch");
    const otherApi = diagnosed([
      accepted(0, bearer(claims({ aud: "https://reports" })), `${API_ORIGIN}/reports/daily`),
      refused(20, bearer(claims())),
    ]).at(-1)!;
    expect(codes(otherApi.findings)).not.toContain("auth.token-audience-mismatch");
  });

  it("a token the same API accepted before, refused now (revoked, say), is not called a mismatch", () => {
    const token = bearer(claims());
    const d = diagnosed([accepted(0, token), refused(20, token)]).at(-1)!;
    expect(codes(d.findings).filter((c) => c.startsWith("auth.token-"))).toEqual([]);
    expect(d.rootCause).toBe("auth.bearer-invalid-token");
  });

  it("an issuer the same API never accepted, while it accepted another, is named with the one it trusts", () => {
    const d = diagnosed([accepted(0, bearer(claims())), refused(20, bearer(claims({ iss: "https://login.other.example.net/" })))]).at(-1)!;
    expect(d.rootCause).toBe("auth.token-issuer-mismatch");
    const f = one(d.findings, "auth.token-issuer-mismatch");
    expect(f.detail).toContain("`https://login.other.example.net/`");
    expect(f.detail).toContain(`\`${ISSUER}\``);
  });

  it("RFC 9728 metadata the page fetched names the resource and the authorization servers the API expects", () => {
    const metadata = withJson(entry({ url: `${API_ORIGIN}/.well-known/oauth-protected-resource/v1`, at: 0 }), {
      resource: `${API}/`,
      authorization_servers: [ISSUER],
    });
    const aud = diagnosed([metadata, refused(20, bearer(claims({ aud: "https://api.example.com" })))]).at(-1)!;
    expect(aud.rootCause).toBe("auth.token-audience-mismatch");
    expect(evidenceValue(one(aud.findings, "auth.token-audience-mismatch"), "Protected resource metadata (captured)")).toBe(
      `${API_ORIGIN}/.well-known/oauth-protected-resource/v1: resource ${API}/`,
    );
    const iss = diagnosed([metadata, refused(20, bearer(claims({ aud: API, iss: "https://login.other.example.net/" })))]).at(-1)!;
    expect(iss.rootCause).toBe("auth.token-issuer-mismatch");
    const right = diagnosed([metadata, refused(20, bearer(claims({ aud: API })))]).at(-1)!;
    expect(codes(right.findings).filter((c) => c.startsWith("auth.token-"))).toEqual([]);
  });

  it("a dev issuer's token refused by an API whose host names production is an issuer mismatch; a host that names none is no evidence", () => {
    const dev = claims({ iss: "https://dev-tenant.us.auth0.com/" });
    const prod = diagnosed([refused(0, bearer(dev), "https://api.prod.example.com/v1/orders")]).at(-1)!;
    expect(prod.rootCause).toBe("auth.token-issuer-mismatch");
    const text = visibleText(one(prod.findings, "auth.token-issuer-mismatch"));
    expect(text).toContain("development");
    expect(text).toContain("production");
    const unnamed = diagnosed([refused(0, bearer(dev))]).at(-1)!;
    expect(codes(unnamed.findings)).not.toContain("auth.token-issuer-mismatch");
  });

  it("the server's own words come first: a code they name is not said twice", () => {
    const e = entry({
      url: `${API}/orders`,
      at: 20,
      status: 401,
      requestHeaders: bearer(claims({ aud: "https://billing.example.com" })),
      responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token", error_description="unexpected \\"aud\\" claim value"' },
    });
    const d = diagnosed([accepted(0, bearer(claims())), e]).at(-1)!;
    expect(codes(d.findings).filter((c) => c === "auth.token-audience-mismatch")).toHaveLength(1);
    expect(d.rootCause).toBe("auth.token-audience-mismatch");
  });

  it("never judges an accepted request, a 403, or a capture stripped of credentials", () => {
    const ds = diagnosed([
      accepted(0, bearer(claims())),
      accepted(10, bearer(claims({ aud: "https://billing.example.com" })), `${API}/other`),
      entry({ url: `${API}/orders`, at: 20, status: 403, requestHeaders: bearer(claims({ aud: "https://third.example.com" })) }),
    ]);
    for (const d of ds) expect(codes(d.findings).filter((c) => /audience|issuer|key-unknown/.test(c))).toEqual([]);
    const stripped = diagnose(importEntries([accepted(0, bearer(claims())), refused(20, bearer(claims({ aud: "x" })))]), { credentialsStripped: "test" });
    expect(codes(stripped.at(-1)!.findings)).not.toContain("auth.token-audience-mismatch");
  });
});
