/**
 * auth.id-token-as-access-token: an OpenID Connect ID token sent as the Bearer access token and
 * refused. The tokens are shaped like the providers' real ID tokens (Auth0, Microsoft Entra ID
 * v2, Amazon Cognito, Keycloak) and the refusals are the APIs' documented words; access tokens,
 * Firebase ID tokens (its APIs' credential by design) and accepted requests are never judged.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Finding } from "../../../src/core/findings.ts";
import { idTokenAsAccessTokenRule } from "../../../src/core/tokens/rules/id-token-as-access-token.ts";
import { API_ORIGIN, codes, entry, evidenceValue, exchangeOf, one, PAGE_ORIGIN, ruleOn } from "../helpers.ts";
import { jws, T0_SECONDS, validClaims } from "./make.ts";

const SPA = "Xq7pQmT0nR2sV4wY6zA8bC1dE3fG5hJ9";

const ID_TOKENS = {
  auth0: jws(
    validClaims({ iss: "https://example.eu.auth0.com/", aud: SPA, sub: "auth0|64f0c0ffee", nonce: "bm9uY2UtZnJvbS1zcGE", sid: "s-9f8e7d", auth_time: T0_SECONDS - 300, name: "Alice" }),
    { alg: "RS256", typ: "JWT", kid: "Vq3Kf0Yb" },
  ),
  entra: jws(
    validClaims({
      iss: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
      aud: "a1b2c3d4-0000-4000-8000-000000000000",
      nonce: "0a1b2c3d-4e5f",
      oid: "00000000-0000-0000-66f3-3332eca7ea81",
      tid: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      ver: "2.0",
    }),
    { alg: "RS256", typ: "JWT", kid: "nOo3ZDrODXEK1jKWhXslHR_KXEg" },
  ),
  cognito: jws(
    validClaims({ iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example", aud: "1example23456789", token_use: "id", "cognito:username": "alice", auth_time: T0_SECONDS - 60 }),
    { alg: "RS256", kid: "abcdefghijklmnopqrsexample=" },
  ),
  keycloak: jws(
    validClaims({ iss: "https://sso.example.com/realms/orders", aud: "orders-spa", azp: "orders-spa", typ: "ID", at_hash: "77QmUPtjPfzWtF2AnpK9RQ", auth_time: T0_SECONDS - 60, session_state: "5f1b" }),
    { alg: "RS256", typ: "JWT", kid: "FJ86GcF3jTbNLOco4NvZkUCIUmfYCqoqtOQeMfbhNlE" },
  ),
} as const;

function refused(token: string, spec: { status?: number; challenge?: string; body?: string; headers?: Record<string, string> } = {}) {
  const e = entry({
    url: `${API_ORIGIN}/v1/orders`,
    status: spec.status ?? 401,
    requestHeaders: { Origin: PAGE_ORIGIN, Authorization: `Bearer ${token}` },
    responseHeaders: { ...(spec.challenge !== undefined ? { "WWW-Authenticate": spec.challenge } : {}), ...(spec.headers ?? {}) },
    resourceType: "fetch",
  }) as { response: Record<string, unknown> };
  if (spec.body !== undefined) e.response.content = { size: spec.body.length, mimeType: "application/json", text: spec.body };
  return exchangeOf("x1", e);
}

function supporting(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.role === "supporting").map((f) => f.code);
}

describe("an ID token sent as the access token and refused", () => {
  it("Auth0's ID token to express-oauth2-jwt-bearer (Unexpected 'aud' value): the root, with the audience mismatch supporting it", () => {
    const d = diagnose([refused(ID_TOKENS.auth0, { challenge: `Bearer realm="api", error="invalid_token", error_description="Unexpected 'aud' value"` })])[0]!;
    expect(d.rootCause).toBe("auth.id-token-as-access-token");
    expect(d.findings[0]!.code).toBe("auth.id-token-as-access-token");
    expect(supporting(d.findings)).toEqual(expect.arrayContaining(["auth.token-audience-mismatch", "auth.credentials-rejected", "auth.bearer-invalid-token"]));
    const f = one(d.findings, "auth.id-token-as-access-token");
    // Both sides: what the token is (its aud, its typ, its marks) and why that is not an access token.
    expect(f.detail).toContain(`its aud \`${SPA}\` names the client that signed the user in, not this API`);
    expect(f.detail).toContain("its header typ is `JWT`, not at+jwt");
    expect(f.detail).toContain("the nonce the sign-in request sent");
    expect(f.detail).toContain("it has no scope or scp");
    expect(evidenceValue(f, "ID token marks")).toBe("nonce");
    expect(evidenceValue(f, "aud (the token's)")).toBe(SPA);
    expect(f.fix).toContain("access_token of the token response");
    expect(f.fix).toContain("not its id_token");
  });

  it("Microsoft Entra ID's v2 ID token to an ASP.NET Core API (IDX10214)", () => {
    const d = diagnose([
      refused(ID_TOKENS.entra, {
        challenge: `Bearer error="invalid_token", error_description="The audience 'a1b2c3d4-0000-4000-8000-000000000000' is invalid"`,
      }),
    ])[0]!;
    expect(d.rootCause).toBe("auth.id-token-as-access-token");
    expect(codes(d.findings)).toContain("auth.token-audience-mismatch");
  });

  it("Amazon Cognito's ID token (token_use id) refused by an API Gateway authorizer that wants access tokens", () => {
    const d = diagnose([refused(ID_TOKENS.cognito, { body: '{"message":"Unauthorized"}', headers: { "x-amzn-ErrorType": "UnauthorizedException" } })])[0]!;
    expect(d.rootCause).toBe("auth.id-token-as-access-token");
    const f = one(d.findings, "auth.id-token-as-access-token");
    expect(f.detail).toContain("Amazon Cognito's mark of an ID token");
    expect(f.detail).toContain("its header has no typ");
    // API Gateway's own words stay, folded under the root.
    expect(supporting(d.findings)).toContain("auth.vendor-reason");
  });

  it("Keycloak's ID token (typ ID, at_hash; aud = azp) with a 403", () => {
    const d = diagnose([refused(ID_TOKENS.keycloak, { status: 403 })])[0]!;
    expect(d.rootCause).toBe("auth.id-token-as-access-token");
    const f = one(d.findings, "auth.id-token-as-access-token");
    expect(evidenceValue(f, "ID token marks")).toBe("at_hash, typ, auth_time");
    expect(f.detail).toContain("is the client it was issued to (the same as azp)");
  });
});

describe("never", () => {
  const access = (extra: Record<string, unknown>, header: Record<string, unknown> = { alg: "RS256", typ: "JWT" }) => jws(validClaims({ aud: "https://api.example.com", ...extra }), header);

  it.each([
    ["an RFC 9068 access token (typ at+jwt), even with a nonce", access({ nonce: "n" }, { alg: "RS256", typ: "at+jwt" })],
    ["an access token with scope", access({ scope: "orders:read", nonce: "n" })],
    ["an Entra access token with scp", access({ scp: "Orders.Read", nonce: "n" })],
    ["a Cognito access token", access({ token_use: "access", auth_time: T0_SECONDS - 60 })],
    ["a token without any ID token mark", access({ aud: SPA, azp: SPA })],
    ["auth_time alone, aud not the client that asked", access({ auth_time: T0_SECONDS - 60 })],
    ["a Firebase ID token (its APIs' own credential)", access({ iss: "https://securetoken.google.com/orders-prod", aud: "orders-prod", auth_time: T0_SECONDS - 60, nonce: "n" })],
  ])("%s", (_name, token) => {
    expect(ruleOn(idTokenAsAccessTokenRule, refused(token))).toEqual([]);
  });

  it("on a request that went through", () => {
    const e = entry({ url: `${API_ORIGIN}/v1/me`, status: 200, requestHeaders: { Authorization: `Bearer ${ID_TOKENS.auth0}` } });
    const d = diagnose([exchangeOf("ok", e)])[0]!;
    expect(codes(d.findings)).not.toContain("auth.id-token-as-access-token");
    expect(d.rootCause).toBeNull();
  });

  it("on other failures (a 500)", () => {
    expect(ruleOn(idTokenAsAccessTokenRule, refused(ID_TOKENS.auth0, { status: 500 }))).toEqual([]);
  });

  it("when the token is expired: expiry is the root, the ID token a separate finding", () => {
    const expired = jws(validClaims({ aud: SPA, nonce: "n", exp: T0_SECONDS - 600 }));
    const d = diagnose([refused(expired, { challenge: 'Bearer error="invalid_token", error_description="jwt expired"' })])[0]!;
    expect(d.rootCause).toBe("auth.token-expired");
    expect(codes(d.findings)).toContain("auth.id-token-as-access-token");
  });

  it("on a capture stripped of credentials", () => {
    expect(ruleOn(idTokenAsAccessTokenRule, refused(ID_TOKENS.auth0), { credentialsStripped: "the HAR was sanitized" })).toEqual([]);
  });
});
