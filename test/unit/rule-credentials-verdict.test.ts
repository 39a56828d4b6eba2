import { describe, expect, it } from "vitest";
import { credentialVerdictRule } from "../../src/core/credentials/verdict.ts";
import {
  API_ORIGIN,
  type EntrySpec,
  OPAQUE_TOKEN,
  PAGE_ORIGIN,
  REAL_JWT,
  chromePreflight,
  codes,
  entry,
  evidenceValue,
  exchangeOf,
  one,
  ruleOn,
  runRule,
  visibleText,
} from "./helpers.ts";

const TARGET = `${API_ORIGIN}/v1/orders`;

function run(spec: EntrySpec, pageUrl?: string) {
  return ruleOn(credentialVerdictRule, exchangeOf("e1", entry({ url: TARGET, ...spec }), "har-file", pageUrl));
}

describe("auth.no-credentials-sent", () => {
  it("fires on a 401 without Authorization or cookies, naming the request", () => {
    const findings = run({ status: 401 });
    expect(codes(findings)).toEqual(["auth.no-credentials-sent"]);
    const f = one(findings, "auth.no-credentials-sent");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("GET /v1/orders");
    expect(f.detail).toContain("api.example.com");
    expect(f.fix).toContain("/v1/orders");
    expect(evidenceValue(f, "Status")).toBe("401");
  });

  it("quotes the challenge and asks for its scheme", () => {
    const f = one(
      run({ status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer realm="orders", scope="orders:read"' } }),
      "auth.no-credentials-sent",
    );
    expect(f.detail).toContain('Bearer realm="orders"');
    expect(f.fix).toContain("Authorization: Bearer");
    expect(evidenceValue(f, "WWW-Authenticate")).toBe('Bearer realm="orders", scope="orders:read"');
  });

  it("gives the cross-origin hint when the Origin header names another origin", () => {
    const f = one(run({ status: 401, requestHeaders: { Origin: PAGE_ORIGIN } }), "auth.no-credentials-sent");
    expect(f.evidence.some((e) => e.label === "Cross-origin")).toBe(true);
    expect(f.fix).toContain('credentials: "include"');
    expect(f.fix).toContain("Access-Control-Allow-Credentials: true");
  });

  it("gives the cross-origin hint from the page URL when there is no Origin header", () => {
    const f = one(run({ status: 401 }, `${PAGE_ORIGIN}/dashboard`), "auth.no-credentials-sent");
    expect(f.evidence.some((e) => e.label === "Cross-origin")).toBe(true);
  });

  it("gives the cookie-scope hint on a same-origin request, naming host and path", () => {
    const f = one(run({ status: 401, requestHeaders: { Origin: API_ORIGIN } }), "auth.no-credentials-sent");
    expect(f.evidence.some((e) => e.label === "Cross-origin")).toBe(false);
    expect(f.fix).not.toContain('credentials: "include"');
    expect(f.fix).toContain("api.example.com/v1/orders");
  });
});

describe("auth.credentials-rejected", () => {
  it("fires when only Authorization was sent, naming the scheme and host, masking the token", () => {
    const findings = run({ status: 401, requestHeaders: { Authorization: `Bearer ${REAL_JWT}` } });
    expect(codes(findings)).toEqual(["auth.credentials-rejected"]);
    const f = one(findings, "auth.credentials-rejected");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("GET /v1/orders");
    expect(f.detail).toContain("Authorization");
    expect(f.detail).toContain("Bearer");
    expect(f.fix).toContain("Bearer");
    expect(f.fix).toContain("api.example.com");
    expect(evidenceValue(f, "Authorization")).toMatch(/^Bearer /);
    expect(visibleText(f)).not.toContain(REAL_JWT);
  });

  it("fires when only a Cookie header was sent, naming the cookies", () => {
    const f = one(run({ status: 401, requestHeaders: { Cookie: "session=s3cr3t-value; csrf=c0ffee" } }), "auth.credentials-rejected");
    expect(f.detail).toContain("session");
    expect(f.detail).toContain("csrf");
    expect(f.fix).toContain("session");
    expect(evidenceValue(f, "Cookies")).toContain("session");
    expect(evidenceValue(f, "Authorization")).not.toMatch(/Bearer|Basic/);
    // Cookie values are secrets too and are never needed to diagnose.
    expect(visibleText(f)).not.toContain("s3cr3t-value");
  });

  it("fires when only HAR request.cookies lists cookies (no Cookie header)", () => {
    const findings = run({ status: 401, cookies: [{ name: "sid", value: "opaque-session-id" }] });
    expect(codes(findings)).toEqual(["auth.credentials-rejected"]);
    const f = one(findings, "auth.credentials-rejected");
    expect(f.detail).toContain("sid");
    expect(f.fix).toContain("sid");
    expect(visibleText(f)).not.toContain("opaque-session-id");
  });

  it("quotes the server's challenge", () => {
    const challenge = 'Bearer error="invalid_token", error_description="The access token expired"';
    const f = one(
      run({ status: 401, requestHeaders: { Authorization: `Bearer ${OPAQUE_TOKEN}` }, responseHeaders: { "WWW-Authenticate": challenge } }),
      "auth.credentials-rejected",
    );
    expect(f.detail).toContain("The access token expired");
    expect(evidenceValue(f, "WWW-Authenticate")).toBe(challenge);
    expect(visibleText(f)).not.toContain(OPAQUE_TOKEN);
  });

  it("points at the placeholder when the Authorization header holds one", () => {
    const f = one(run({ status: 401, requestHeaders: { Authorization: "Bearer undefined" } }), "auth.credentials-rejected");
    expect(f.detail).toContain("undefined");
  });

  // Regression test for a fixed bug: a token sent without a scheme (`Authorization: <token>`, a common client mistake) is
  // parsed as a scheme with empty credentials, and verdict.ts shows the "scheme" unmasked in
  // detail (describeCredentials) and evidence (credentialEvidence): the whole token leaks.
  it("never shows a token sent without a scheme whole", () => {
    const f = one(run({ status: 401, requestHeaders: { Authorization: REAL_JWT } }), "auth.credentials-rejected");
    expect(visibleText(f)).not.toContain(REAL_JWT);
  });
});

describe("auth.forbidden-not-unauthenticated", () => {
  it("fires on a 403 with credentials, as info, naming method, path and host", () => {
    const findings = run({ status: 403, requestHeaders: { Authorization: `Bearer ${OPAQUE_TOKEN}` } });
    expect(codes(findings)).toEqual(["auth.forbidden-not-unauthenticated"]);
    const f = one(findings, "auth.forbidden-not-unauthenticated");
    expect(f.severity).toBe("info");
    expect(f.detail).toContain("403");
    expect(f.detail).toContain("GET /v1/orders");
    expect(f.detail).toContain("api.example.com");
    expect(f.fix).toContain("GET /v1/orders");
    expect(evidenceValue(f, "Status")).toBe("403");
    expect(visibleText(f)).not.toContain(OPAQUE_TOKEN);
  });

  it("fires on a 403 with a cookie only", () => {
    expect(codes(run({ status: 403, method: "DELETE", requestHeaders: { Cookie: "sid=1" } }))).toEqual([
      "auth.forbidden-not-unauthenticated",
    ]);
  });

  it("does not fire on a 403 without credentials", () => {
    expect(run({ status: 403 })).toEqual([]);
  });
});

describe("no verdict", () => {
  it.each([
    ["a 200 with credentials", { status: 200, requestHeaders: { Authorization: "Bearer x" } }],
    ["a 200 without credentials", { status: 200 }],
    ["a 407", { status: 407 }],
    ["a 500", { status: 500, requestHeaders: { Cookie: "sid=1" } }],
    ["no response", { status: 0, error: "net::ERR_FAILED" }],
  ] as const)("on %s", (_label, spec) => {
    expect(run(spec)).toEqual([]);
  });

  it("on a preflight answered 401: preflights never carry credentials", () => {
    const pre = exchangeOf("p", chromePreflight({ url: TARGET, status: 401, requestMethod: "PUT" }));
    expect(ruleOn(credentialVerdictRule, pre)).toEqual([]);
    // Also when it is linked to its request, which gets its own verdict.
    const put = exchangeOf("a", entry({ method: "PUT", url: TARGET, status: 401, requestHeaders: { Authorization: "Bearer x" } }));
    const byId = runRule(credentialVerdictRule, [put, pre]);
    expect(byId.get("p")).toEqual([]);
    expect(codes(byId.get("a") ?? [])).toEqual(["auth.credentials-rejected"]);
  });
});
