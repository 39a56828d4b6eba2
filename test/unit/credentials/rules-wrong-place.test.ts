/** auth.token-in-url and auth.credentials-over-http: credentials where they should not be. */
import { describe, expect, it } from "vitest";
import { credentialsOverHttpRule } from "../../../src/core/credentials/rules/over-http.ts";
import { tokenInUrlRule } from "../../../src/core/credentials/rules/token-in-url.ts";
import { OPAQUE_TOKEN, REAL_JWT, chromeEntry, chromePreflight, evidenceValue, exchangeOf, one, ruleOn, visibleText } from "../helpers.ts";

describe("auth.token-in-url", () => {
  const at = (url: string) => ruleOn(tokenInUrlRule, exchangeOf("e1", chromeEntry({ url })));

  it("an access token in the query: cites RFC 6750 §2.3 and the Security BCP, never shows the token", () => {
    const f = one(at(`https://api.example.com/v1/me?access_token=${REAL_JWT}`), "auth.token-in-url");
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain("GET /v1/me?access_token=[REDACTED] on api.example.com carries an OAuth access token in `access_token` in its URL");
    expect(f.detail).toContain("RFC 6750 §2.3");
    expect(f.detail).toContain("RFC 9700 §4.3.2");
    expect(evidenceValue(f, "URL parameter access_token")).toBe(`${REAL_JWT.slice(0, 4)}… (${REAL_JWT.length} chars)`);
    expect(f.fix).toContain("Authorization: Bearer");
    expect(visibleText(f)).not.toContain(REAL_JWT);
  });

  it("names every credential parameter, each with its reason", () => {
    const f = one(at(`https://id.example.com/token?client_secret=s3cr3tvalue&id_token=${REAL_JWT}&api_key=${OPAQUE_TOKEN}`), "auth.token-in-url");
    expect(f.detail).toContain("an OAuth client secret in `client_secret`");
    expect(f.detail).toContain("RFC 6749 §2.3.1");
    expect(f.detail).toContain("an OpenID Connect ID token in `id_token`");
    expect(f.detail).toContain("an API key in `api_key`");
    expect(f.evidence.map((e) => e.label)).toEqual(["URL parameter client_secret", "URL parameter id_token", "URL parameter api_key"]);
  });

  it("on a WebSocket, says browsers cannot set its headers", () => {
    expect(one(at(`wss://api.example.com/ws?token=${OPAQUE_TOKEN}`), "auth.token-in-url").fix).toContain("cannot set headers on a WebSocket");
  });

  it.each([
    ["an authorization code (RFC 6749 §4.1.2)", "https://app.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz"],
    ["a short token flag", "https://api.example.com/x?token=1"],
    ["a placeholder", "https://api.example.com/x?access_token=undefined"],
    ["no credential", "https://api.example.com/x?q=access_token"],
  ])("not for %s", (_l, url) => {
    expect(at(url)).toEqual([]);
  });

  it("not on a preflight (its request gets the finding)", () => {
    expect(ruleOn(tokenInUrlRule, exchangeOf("e1", chromePreflight({ url: `https://api.example.com/x?access_token=${OPAQUE_TOKEN}` })))).toEqual([]);
  });
});

describe("auth.credentials-over-http", () => {
  const over = (url: string, headers: Record<string, string>, facts = {}) => ruleOn(credentialsOverHttpRule, exchangeOf("e1", chromeEntry({ url, requestHeaders: headers })), facts);

  it("a Bearer token over http to a public host", () => {
    const f = one(over("http://api.example.com/v1/me", { Authorization: `Bearer ${OPAQUE_TOKEN}` }), "auth.credentials-over-http");
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain("GET /v1/me on api.example.com sent Authorization over plain http:// to api.example.com");
    expect(evidenceValue(f, "Authorization")).toBe(`Bearer ${OPAQUE_TOKEN.slice(0, 4)}… (${OPAQUE_TOKEN.length} chars)`);
    expect(visibleText(f)).not.toContain(OPAQUE_TOKEN);
  });

  it("Basic over http: the password is readable on the path, and still not shown here", () => {
    const f = one(over("http://intranet.example.com/", { Authorization: "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" }), "auth.credentials-over-http");
    expect(evidenceValue(f, "Authorization")).toBe("Basic Aladdin:•••••••• (11 chars) (a user and password in base64, readable by anyone on the path)");
    expect(visibleText(f)).not.toContain("QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  });

  it("session cookies and token headers over http, a private address included", () => {
    const f = one(over("http://192.168.1.20/api", { Cookie: "JSESSIONID=abc; theme=dark", "X-API-Key": OPAQUE_TOKEN }), "auth.credentials-over-http");
    expect(evidenceValue(f, "Session cookies")).toBe("JSESSIONID");
    expect(evidenceValue(f, "X-API-Key")).toContain("…");
  });

  it.each([
    ["https", "https://api.example.com/", { Authorization: "Bearer abc123def456" }],
    ["localhost", "http://localhost:3000/", { Authorization: "Bearer abc123def456" }],
    ["*.localhost", "http://api.localhost/", { Authorization: "Bearer abc123def456" }],
    ["127.0.0.1", "http://127.0.0.1:8080/", { Authorization: "Bearer abc123def456" }],
    ["::1", "http://[::1]:8080/", { Authorization: "Bearer abc123def456" }],
    ["non-session cookies only", "http://api.example.com/", { Cookie: "theme=dark; lang=en" }],
    ["no credentials", "http://api.example.com/", { Accept: "*/*" }],
    ["a placeholder", "http://api.example.com/", { Authorization: "Bearer undefined" }],
  ])("not for %s", (_l, url, headers) => {
    expect(over(url, headers)).toEqual([]);
  });

  it("not on a stripped capture", () => {
    expect(over("http://api.example.com/", { Authorization: "Bearer [REDACTED]" }, { credentialsStripped: "redacted" })).toEqual([]);
  });
});
