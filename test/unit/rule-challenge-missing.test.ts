import { describe, expect, it } from "vitest";
import { challengeMissingRule } from "../../src/core/challenge/missing.ts";
import { API_ORIGIN, type EntrySpec, REAL_JWT, entry, evidenceValue, exchangeOf, one, ruleOn, visibleText } from "./helpers.ts";

const TARGET = `${API_ORIGIN}/v1/orders/17`;

function run(spec: EntrySpec) {
  return ruleOn(challengeMissingRule, exchangeOf("e1", entry({ url: TARGET, ...spec })));
}

describe("auth.challenge-missing", () => {
  it("fires on a 401 without WWW-Authenticate, naming the status, request and header", () => {
    const f = one(run({ status: 401 }), "auth.challenge-missing");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("401");
    expect(f.detail).toContain("GET /v1/orders/17");
    expect(f.detail).toContain("api.example.com");
    expect(f.detail).toContain("WWW-Authenticate");
    expect(evidenceValue(f, "Status")).toMatch(/^401\b/);
    expect(f.evidence.some((e) => e.label === "WWW-Authenticate")).toBe(true);
    expect(f.fix).toContain("WWW-Authenticate:");
    expect(f.fix).toContain("api.example.com");
    expect(f.docs.some((d) => d.includes("rfc9110"))).toBe(true);
  });

  it("builds the example challenge from the scheme the client sent", () => {
    const f = one(run({ status: 401, requestHeaders: { Authorization: "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" } }), "auth.challenge-missing");
    expect(f.fix).toMatch(/WWW-Authenticate: Basic realm="api\.example\.com"/);
    // The credentials themselves have no place in a challenge example.
    expect(f.fix).not.toContain("QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  });

  it("fires on a 401 whose WWW-Authenticate is empty, and says it is empty rather than absent", () => {
    const f = one(run({ status: 401, responseHeaders: { "WWW-Authenticate": "  " } }), "auth.challenge-missing");
    expect(evidenceValue(f, "WWW-Authenticate")).not.toBe(evidenceValue(one(run({ status: 401 }), "auth.challenge-missing"), "WWW-Authenticate"));
  });

  it("fires on a 401 that only carries Proxy-Authenticate", () => {
    expect(run({ status: 401, responseHeaders: { "Proxy-Authenticate": "Basic realm=\"proxy\"" } })).toHaveLength(1);
  });

  it("fires on a 407 without Proxy-Authenticate, naming that header", () => {
    const f = one(run({ status: 407 }), "auth.challenge-missing");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("407");
    expect(f.detail).toContain("Proxy-Authenticate");
    expect(f.fix).toContain("Proxy-Authenticate:");
    expect(f.evidence.some((e) => e.label === "Proxy-Authenticate")).toBe(true);
  });

  it("fires on a 407 that only carries WWW-Authenticate (a proxy must use Proxy-Authenticate)", () => {
    const f = one(run({ status: 407, responseHeaders: { "WWW-Authenticate": "Basic realm=\"proxy\"" } }), "auth.challenge-missing");
    expect(f.detail).toContain("Proxy-Authenticate");
  });

  // Regression test for a fixed bug: challenge/missing.ts builds the example from the request's Authorization scheme for
  // every status. A 407 is answered with Proxy-Authorization (RFC 9110 §11.7.2), so the example
  // `Proxy-Authenticate: <scheme>` must use the Proxy-Authorization scheme (here Basic), not the
  // origin server's Bearer.
  it("builds a 407's example challenge from Proxy-Authorization, not Authorization", () => {
    const f = one(
      run({ status: 407, requestHeaders: { Authorization: "Bearer abc.def.ghi", "Proxy-Authorization": "Basic dXNlcjpwYXNz" } }),
      "auth.challenge-missing",
    );
    expect(f.fix).toContain("Proxy-Authenticate: Basic");
  });

  // Regression test for a fixed bug: a token sent without a scheme (`Authorization: <token>`) is read as the scheme, and
  // challenge/missing.ts pastes that "scheme" into its example challenge: the fix shows the
  // whole token (`WWW-Authenticate: eyJ… realm="…"`).
  it("never shows a token sent without a scheme whole", () => {
    const f = one(run({ status: 401, requestHeaders: { Authorization: REAL_JWT } }), "auth.challenge-missing");
    expect(visibleText(f)).not.toContain(REAL_JWT);
  });

  it.each([
    ["a 401 with a challenge", { status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer realm="orders"' } }],
    ["a 401 with a lower-case challenge header", { status: 401, responseHeaders: { "www-authenticate": "Basic" } }],
    ["a 407 with Proxy-Authenticate", { status: 407, responseHeaders: { "Proxy-Authenticate": 'Basic realm="corp"' } }],
    ["a 200", { status: 200 }],
    ["a 403 without challenge", { status: 403 }],
    ["a request without response", { status: 0, error: "net::ERR_FAILED" }],
  ] as const)("does not fire on %s", (_label, spec) => {
    expect(run(spec)).toEqual([]);
  });
});
