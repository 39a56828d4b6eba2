/** oauth.invalid-grant, oauth.invalid-client, oauth.token-error: token endpoint errors (RFC 6749 §5.2). */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { tokenErrorRule } from "../../../src/core/oauth/rules/token-error.ts";
import { credentialVerdictRule } from "../../../src/core/credentials/verdict.ts";
import { PAGE_ORIGIN, codes, entry, evidenceValue, exchangeOf, one, ruleOn, runRule, visibleText } from "../helpers.ts";

const TOKEN_URL = "https://id.example.com/oauth2/token";
const REFRESH = "rt-7f3a9c1e5b2d8f4a6c0e9b7d5f3a1c8e";
const SECRET = "s3cr3t-client-secret-value-9f8e7d";
const CODE = "SplxlOBeZQQYbYS6WxSbIA-0123456789";

interface TokenSpec {
  readonly id?: string;
  readonly at?: number;
  readonly status?: number;
  /** Form body of the request; a string is sent as is. */
  readonly form?: Record<string, string> | string;
  readonly json?: Record<string, string>;
  /** The response body: an object is JSON, undefined leaves the body out (as getHAR() does). */
  readonly answer?: Record<string, unknown> | string;
  readonly headers?: Record<string, string>;
  readonly url?: string;
}

function tokenRequest(spec: TokenSpec): Exchange {
  const e = entry({
    url: spec.url ?? TOKEN_URL,
    method: "POST",
    at: spec.at ?? 0,
    status: spec.status ?? 400,
    requestHeaders: { Origin: PAGE_ORIGIN, ...(spec.headers ?? {}) },
    resourceType: "fetch",
  }) as { request: Record<string, unknown>; response: Record<string, unknown> };
  if (spec.form !== undefined) {
    const text = typeof spec.form === "string" ? spec.form : new URLSearchParams(spec.form).toString();
    e.request.postData = { mimeType: "application/x-www-form-urlencoded", text };
  }
  if (spec.json !== undefined) e.request.postData = { mimeType: "application/json", text: JSON.stringify(spec.json) };
  if (spec.answer !== undefined) {
    const text = typeof spec.answer === "string" ? spec.answer : JSON.stringify(spec.answer);
    e.response.content = { size: text.length, mimeType: typeof spec.answer === "string" ? "text/html" : "application/json", text };
  }
  return exchangeOf(spec.id ?? "e1", e);
}

const run = (spec: TokenSpec) => ruleOn(tokenErrorRule, tokenRequest(spec));

describe("oauth.invalid-grant", () => {
  it("names the refresh_token grant, quotes error_description and lists the refresh causes", () => {
    const f = one(
      run({
        form: { grant_type: "refresh_token", refresh_token: REFRESH, client_id: "spa-client" },
        answer: { error: "invalid_grant", error_description: "Token is not active", error_uri: "https://id.example.com/docs/errors#invalid_grant" },
      }),
      "oauth.invalid-grant",
    );
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("POST /oauth2/token on id.example.com");
    expect(f.detail).toContain("grant_type=refresh_token");
    expect(f.detail).toContain('error="invalid_grant"');
    expect(f.detail).toContain("Token is not active");
    expect(f.detail).toContain("https://id.example.com/docs/errors#invalid_grant");
    expect(f.detail).toMatch(/expired/);
    expect(f.detail).toMatch(/revoked/);
    expect(f.detail).toMatch(/rotation/);
    expect(f.fix).toMatch(/only one refresh/);
    expect(evidenceValue(f, "grant_type")).toBe("refresh_token");
    expect(evidenceValue(f, "error_description")).toBe("Token is not active");
    expect(evidenceValue(f, "error_uri")).toBe("https://id.example.com/docs/errors#invalid_grant");
    expect(visibleText(f)).not.toContain(REFRESH);
  });

  it("lists the authorization_code causes and what the request shows of redirect_uri and PKCE", () => {
    const f = one(
      run({
        form: { grant_type: "authorization_code", code: CODE, redirect_uri: "https://app.example.com/callback/", client_id: "spa-client" },
        answer: { error: "invalid_grant", error_description: "PKCE verification failed" },
      }),
      "oauth.invalid-grant",
    );
    expect(f.detail).toContain("grant_type=authorization_code");
    expect(f.detail).toMatch(/already used/);
    expect(f.detail).toMatch(/redirect_uri differs/);
    expect(f.detail).toMatch(/code_verifier does not match/);
    expect(f.detail).toContain("https://app.example.com/callback/");
    expect(f.detail).toContain("It sent no PKCE code_verifier.");
    expect(f.fix).toMatch(/exactly once/);
    expect(visibleText(f)).not.toContain(CODE);
  });

  it("shows an earlier use of the same refresh token in the capture: rotated and reused", () => {
    const first = tokenRequest({ id: "e1", at: 0, status: 200, form: { grant_type: "refresh_token", refresh_token: REFRESH }, answer: { access_token: "x", token_type: "Bearer" } });
    const second = tokenRequest({ id: "e2", at: 30, form: { grant_type: "refresh_token", refresh_token: REFRESH }, answer: { error: "invalid_grant" } });
    const f = one(runRule(tokenErrorRule, [first, second]).get("e2") ?? [], "oauth.invalid-grant");
    expect(f.detail).toContain("same refresh token sent before");
    expect(f.detail).toContain("answered 200");
    expect(f.detail).toContain("RFC 9700");
    expect(runRule(tokenErrorRule, [first, second]).get("e1")).toEqual([]);
  });

  it("shows a code exchanged twice", () => {
    const first = tokenRequest({ id: "e1", at: 0, status: 200, form: { grant_type: "authorization_code", code: CODE }, answer: { access_token: "x" } });
    const second = tokenRequest({ id: "e2", at: 5, form: { grant_type: "authorization_code", code: CODE }, answer: { error: "invalid_grant" } });
    expect(one(runRule(tokenErrorRule, [first, second]).get("e2") ?? [], "oauth.invalid-grant").detail).toContain("a code is single-use");
  });

  it("does not claim an earlier use when the values differ", () => {
    const first = tokenRequest({ id: "e1", at: 0, status: 200, form: { grant_type: "refresh_token", refresh_token: `${REFRESH}-a` }, answer: {} });
    const second = tokenRequest({ id: "e2", at: 5, form: { grant_type: "refresh_token", refresh_token: REFRESH }, answer: { error: "invalid_grant" } });
    expect(one(runRule(tokenErrorRule, [first, second]).get("e2") ?? [], "oauth.invalid-grant").detail).not.toContain("sent before");
  });
});

describe("oauth.invalid-client", () => {
  it("puts the public-browser-client cause first for page script without a secret", () => {
    const f = one(
      run({ status: 401, form: { grant_type: "authorization_code", code: CODE, client_id: "spa-client", code_verifier: "v".repeat(43) }, answer: { error: "invalid_client", error_description: "Client authentication failed" } }),
      "oauth.invalid-client",
    );
    expect(f.detail).toContain('no client secret (a public client) as client_id "spa-client"');
    expect(f.detail).toContain(`page script at ${PAGE_ORIGIN}`);
    expect(f.detail).toMatch(/Likely causes for authorization_code: \(1\) a public browser client/);
    expect(f.detail).toContain("It sent a PKCE code_verifier.");
    expect(f.detail).not.toMatch(/No credentials were sent/i);
    expect(f.fix).toMatch(/public client/);
  });

  it("names the client id of Basic client authentication, never the secret", () => {
    const basic = Buffer.from(`backend-client:${SECRET}`).toString("base64");
    const f = one(
      run({ status: 401, headers: { Authorization: `Basic ${basic}` }, form: { grant_type: "client_credentials" }, answer: { error: "invalid_client" } }),
      "oauth.invalid-client",
    );
    expect(evidenceValue(f, "Client authentication")).toBe('HTTP Basic (client_secret_basic) as client_id "backend-client"');
    expect(f.detail).toMatch(/\(1\) the client_id is unknown/);
    expect(visibleText(f)).not.toContain(SECRET);
  });

  it("says a secret went in the body, without showing it", () => {
    const f = one(run({ status: 401, form: { grant_type: "client_credentials", client_id: "svc", client_secret: SECRET }, answer: { error: "invalid_client" } }), "oauth.invalid-client");
    expect(f.detail).toContain("client_secret_post");
    expect(visibleText(f)).not.toContain(SECRET);
  });
});

describe("oauth.token-error", () => {
  it.each([
    ["invalid_request", /missing a required parameter/],
    ["unauthorized_client", /not allowed to use this grant type/],
    ["unsupported_grant_type", /does not support this grant type/],
    ["invalid_scope", /scope asked for is invalid/],
  ])("explains %s", (error, meaning) => {
    const f = one(run({ form: { grant_type: "refresh_token", refresh_token: REFRESH, scope: "orders:write" }, answer: { error, error_description: "see docs" } }), "oauth.token-error");
    expect(f.detail).toMatch(meaning);
    expect(f.detail).toContain(`error="${error}"`);
    expect(f.detail).toContain("see docs");
    expect(f.detail).toContain("grant_type=refresh_token");
  });

  it("names the scope asked for on invalid_scope", () => {
    const f = one(run({ form: { grant_type: "client_credentials", scope: "orders:write admin" }, answer: { error: "invalid_scope" } }), "oauth.token-error");
    expect(f.detail).toContain("orders:write admin");
  });

  it("says a JSON body carries no form parameters", () => {
    const f = one(run({ json: { grant_type: "client_credentials" }, answer: { error: "unsupported_grant_type" } }), "oauth.token-error");
    expect(f.detail).toContain("sent as JSON");
    expect(f.detail).toContain("application/x-www-form-urlencoded");
  });

  it("says the error is unknown when the capture holds no response body, without guessing", () => {
    const f = one(run({ status: 400, form: { grant_type: "refresh_token", refresh_token: REFRESH } }), "oauth.token-error");
    expect(f.detail).toContain("grant_type=refresh_token");
    expect(f.detail).toContain("does not hold the response body");
    expect(evidenceValue(f, "error")).toBe("unknown (no response body captured)");
    expect(codes(run({ status: 400, form: { grant_type: "refresh_token", refresh_token: REFRESH } }))).not.toContain("oauth.invalid-grant");
  });

  it("says the grant is unknown when the capture holds no request body", () => {
    const f = one(run({ answer: { error: "invalid_grant" } }), "oauth.invalid-grant");
    expect(f.detail).toContain("grant_type unknown");
    expect(evidenceValue(f, "grant_type")).toBe("unknown");
  });

  it("quotes an unregistered error code without inventing a meaning", () => {
    const f = one(run({ form: { grant_type: "password", username: "u", password: "p" }, answer: { error: "account_locked", error_description: "Too many attempts" } }), "oauth.token-error");
    expect(f.detail).toContain('"account_locked"');
    expect(f.detail).toContain("Too many attempts");
  });

  it.each(["authorization_pending", "slow_down", "use_dpop_nonce"])("stays silent on %s, a normal round", (error) => {
    expect(run({ form: { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: "d" }, answer: { error } })).toEqual([]);
  });
});

describe("which requests are token requests", () => {
  it.each([
    ["a resource server's 400 invalid_request (no grant, not a /token path)", { url: "https://api.example.com/v1/orders", answer: { error: "invalid_request" } }],
    ["a success", { status: 200, form: { grant_type: "refresh_token", refresh_token: REFRESH }, answer: { access_token: "x" } }],
    ["a 403", { status: 403, form: { grant_type: "refresh_token", refresh_token: REFRESH }, answer: { error: "invalid_grant" } }],
    ["a 400 without grant_type or a known error", { form: "a=b", answer: "<html>Bad Request</html>" }],
  ])("does not fire on %s", (_label, spec) => {
    expect(run(spec as TokenSpec)).toEqual([]);
  });

  it("recognises a §5.2 error at a /token path without a request body", () => {
    expect(codes(run({ answer: { error: "invalid_request" } }))).toEqual(["oauth.token-error"]);
  });

  it("survives hostile bodies", () => {
    for (const answer of ["{", "[]", "null", '{"error": 42}', `{"error":"${"x".repeat(100_000)}"}`, "{".repeat(10_000)]) {
      const findings = run({ form: { grant_type: "refresh_token" }, answer });
      expect(findings.length).toBeLessThanOrEqual(1);
    }
  });
});

describe("no auth.no-credentials-sent on a refused token request", () => {
  it("the 401 invalid_client of a public client gets the oauth finding, not the no-credentials verdict", () => {
    const x = tokenRequest({ status: 401, form: { grant_type: "authorization_code", code: CODE, client_id: "spa-client" }, answer: { error: "invalid_client" } });
    expect(ruleOn(credentialVerdictRule, x)).toEqual([]);
    const all = codes(diagnose([x])[0]!.findings);
    expect(all).toContain("oauth.invalid-client");
    expect(all).not.toContain("auth.no-credentials-sent");
  });

  it("nor when the capture lost the response body", () => {
    const x = tokenRequest({ status: 401, form: { grant_type: "refresh_token", refresh_token: REFRESH } });
    const all = codes(diagnose([x])[0]!.findings);
    expect(all).toContain("oauth.token-error");
    expect(all).not.toContain("auth.no-credentials-sent");
  });

  it("an ordinary API 401 without credentials still gets it", () => {
    const x = exchangeOf("e1", entry({ url: "https://api.example.com/v1/orders", status: 401, responseHeaders: { "WWW-Authenticate": "Bearer" } }));
    expect(codes(ruleOn(credentialVerdictRule, x))).toEqual(["auth.no-credentials-sent"]);
  });
});
