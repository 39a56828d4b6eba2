/** auth.basic-prompt-risk, auth.challenge-hidden-from-script, auth.resource-metadata, auth.proxy-auth-required */
import { describe, expect, it } from "vitest";
import { basicPromptRule } from "../../../src/core/challenge/rules/basic-prompt.ts";
import { challengeHiddenRule } from "../../../src/core/challenge/rules/hidden-from-script.ts";
import { proxyAuthRule } from "../../../src/core/challenge/rules/proxy-auth.ts";
import { resourceMetadataRule } from "../../../src/core/challenge/rules/resource-metadata.ts";
import { API_ORIGIN, PAGE_ORIGIN, entry, evidenceValue, exchangeOf, one, ruleOn } from "../helpers.ts";
import { TARGET, fetchExchange } from "./rule-helpers.ts";

describe("auth.basic-prompt-risk", () => {
  const basic = { "WWW-Authenticate": 'Basic realm="Restricted"' };

  it("fires on a same-origin fetch answered with Basic: the native dialog", () => {
    const f = one(ruleOn(basicPromptRule, fetchExchange({ status: 401, requestHeaders: { Origin: API_ORIGIN }, responseHeaders: basic })), "auth.basic-prompt-risk");
    expect(f.severity).toBe("info");
    expect(f.detail).toContain("a fetch()");
    expect(f.detail).toContain('Basic realm="Restricted"');
    expect(f.detail).toContain("native sign-in dialog");
    expect(f.fix).toContain('WWW-Authenticate: Bearer realm="Restricted"');
  });

  it("on a cross-origin XHR, says the Fetch standard does not prompt here but the endpoint does elsewhere", () => {
    const x = exchangeOf("e1", entry({ url: TARGET, status: 401, resourceType: "xhr", requestHeaders: { Origin: PAGE_ORIGIN }, responseHeaders: basic }));
    const f = one(ruleOn(basicPromptRule, x), "auth.basic-prompt-risk");
    expect(f.detail).toContain("an XMLHttpRequest");
    expect(f.detail).toContain(PAGE_ORIGIN);
    expect(f.detail).toContain("api.example.com itself");
  });

  it("fires when the type is unknown but the request has an Origin header", () => {
    const x = exchangeOf("e1", entry({ url: TARGET, status: 401, requestHeaders: { Origin: PAGE_ORIGIN }, responseHeaders: basic }));
    expect(evidenceValue(one(ruleOn(basicPromptRule, x), "auth.basic-prompt-risk"), "Request type")).toContain("unknown");
  });

  it.each([
    ["a document navigation", entry({ url: TARGET, status: 401, resourceType: "document", responseHeaders: basic })],
    ["an unknown type without Origin", entry({ url: TARGET, status: 401, responseHeaders: basic })],
    ["a Bearer challenge", entry({ url: TARGET, status: 401, resourceType: "fetch", responseHeaders: { "WWW-Authenticate": 'Bearer realm="x"' } })],
    ["a Newauth challenge (greenbytes 'unknown')", entry({ url: TARGET, status: 401, resourceType: "fetch", responseHeaders: { "WWW-Authenticate": 'Newauth param="value"' } })],
    ["a 200", entry({ url: TARGET, status: 200, resourceType: "fetch", responseHeaders: basic })],
  ])("does not fire on %s", (_label, e) => {
    expect(ruleOn(basicPromptRule, exchangeOf("e1", e))).toEqual([]);
  });
});

describe("auth.challenge-hidden-from-script", () => {
  const challenge = 'Bearer realm="api", error="invalid_token"';
  const run = (responseHeaders: Record<string, string>, requestHeaders: Record<string, string> = { Origin: PAGE_ORIGIN }) =>
    ruleOn(challengeHiddenRule, fetchExchange({ status: 401, requestHeaders, responseHeaders: { "WWW-Authenticate": challenge, "Access-Control-Allow-Origin": PAGE_ORIGIN, ...responseHeaders } }));

  it("fires on a cross-origin 401 that does not expose WWW-Authenticate", () => {
    const f = one(run({ "Access-Control-Expose-Headers": "X-Request-Id" }), "auth.challenge-hidden-from-script");
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain(PAGE_ORIGIN);
    expect(f.detail).toContain('"X-Request-Id"');
    expect(f.detail).toContain('response.headers.get("WWW-Authenticate") returns null');
    expect(f.fix).toBe("Expose it on the response: `Access-Control-Expose-Headers: X-Request-Id, WWW-Authenticate`.");
  });

  it("says * does not count for a request with cookies", () => {
    const f = one(run({ "Access-Control-Expose-Headers": "*", "Access-Control-Allow-Credentials": "true" }, { Origin: PAGE_ORIGIN, Cookie: "sid=1" }), "auth.challenge-hidden-from-script");
    expect(f.detail).toContain('"*" does not help');
    expect(f.fix).toBe("Expose it on the response: `Access-Control-Expose-Headers: WWW-Authenticate`.");
  });

  it("adds DPoP-Nonce to the fix when it is hidden too", () => {
    const f = one(run({ "DPoP-Nonce": "n-1" }), "auth.challenge-hidden-from-script");
    expect(f.fix).toBe("Expose it on the response: `Access-Control-Expose-Headers: WWW-Authenticate, DPoP-Nonce`.");
  });

  it.each([
    ["it is exposed (any case)", run({ "Access-Control-Expose-Headers": "x-request-id, www-authenticate" })],
    ["* exposes it to a request without credentials", run({ "Access-Control-Expose-Headers": "*" })],
    ["the request is same-origin", run({}, { Origin: API_ORIGIN })],
    [
      "the response has no Access-Control-Allow-Origin (CORS blocks it all)",
      ruleOn(challengeHiddenRule, fetchExchange({ status: 401, requestHeaders: { Origin: PAGE_ORIGIN }, responseHeaders: { "WWW-Authenticate": challenge } })),
    ],
  ])("does not fire when %s", (_label, findings) => {
    expect(findings).toEqual([]);
  });
});

describe("auth.resource-metadata", () => {
  it("shows the RFC 9728 URL", () => {
    const url = "https://resource.example.com/.well-known/oauth-protected-resource";
    const f = one(ruleOn(resourceMetadataRule, fetchExchange({ status: 401, responseHeaders: { "WWW-Authenticate": `Bearer resource_metadata="${url}"` } })), "auth.resource-metadata");
    expect(f.severity).toBe("info");
    expect(f.detail).toContain(url);
    expect(f.detail).toContain(API_ORIGIN);
    expect(f.detail).not.toContain("Note:");
    expect(evidenceValue(f, "resource_metadata")).toBe(url);
    expect(f.fix).toContain(TARGET);
  });

  it("notes a URL that is not https or not at the well-known path", () => {
    const f = one(ruleOn(resourceMetadataRule, fetchExchange({ status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer resource_metadata="http://api.example.com/meta"' } })), "auth.resource-metadata");
    expect(f.detail).toContain("RFC 9728 §3 requires https");
    expect(f.detail).toContain("/.well-known/oauth-protected-resource");
  });

  it("does not fire without resource_metadata", () => {
    expect(ruleOn(resourceMetadataRule, fetchExchange({ status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer realm="x"' } }))).toEqual([]);
  });
});

describe("auth.proxy-auth-required", () => {
  it("names the proxy's schemes and realm, and how to configure them", () => {
    const x = exchangeOf("e1", entry({ url: TARGET, status: 407, responseHeaders: [["Proxy-Authenticate", 'Basic realm="corp-proxy"'], ["Proxy-Authenticate", "Negotiate"]] }));
    const f = one(ruleOn(proxyAuthRule, x), "auth.proxy-auth-required");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain('Basic (realm "corp-proxy"), Negotiate');
    expect(f.detail).toContain("no Proxy-Authorization");
    expect(f.detail).toContain("forbidden request header");
    expect(f.fix).toContain("HTTPS_PROXY=http://user:password@proxy:port");
    expect(f.fix).toContain("--proxy-negotiate");
  });

  it("says the Proxy-Authorization that was sent was refused", () => {
    const x = exchangeOf("e1", entry({ url: TARGET, status: 407, requestHeaders: { "Proxy-Authorization": "Basic dXNlcjpwYXNz" }, responseHeaders: { "Proxy-Authenticate": 'Basic realm="corp"' } }));
    const f = one(ruleOn(proxyAuthRule, x), "auth.proxy-auth-required");
    expect(f.detail).toContain("carried Proxy-Authorization (Basic), which the proxy refused");
    expect(f.detail).not.toContain("dXNlcjpwYXNz");
  });

  it.each([
    ["a 407 without Proxy-Authenticate (auth.challenge-missing covers it)", entry({ url: TARGET, status: 407 })],
    ["a 401 with Proxy-Authenticate", entry({ url: TARGET, status: 401, responseHeaders: { "Proxy-Authenticate": "Basic realm=x" } })],
  ])("does not fire on %s", (_label, e) => {
    expect(ruleOn(proxyAuthRule, exchangeOf("e1", e))).toEqual([]);
  });
});
