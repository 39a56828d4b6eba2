import { describe, expect, it } from "vitest";
import { corsBlockedRule } from "../../src/core/cors/blocked.ts";
import { API_ORIGIN, type EntrySpec, PAGE_ORIGIN, chromeEntry, chromePreflight, evidenceValue, exchangeOf, one, ruleOn, runRule } from "./helpers.ts";

const TARGET = `${API_ORIGIN}/v1/orders`;

function run(spec: EntrySpec, pageUrl?: string) {
  return ruleOn(corsBlockedRule, exchangeOf("e1", chromeEntry({ url: TARGET, ...spec }), "har-file", pageUrl));
}

const FAILED_CROSS_ORIGIN: EntrySpec = { status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN } };

describe("cors.blocked", () => {
  it("fires on a cross-origin status 0 with net::ERR_FAILED, naming origin, target and error", () => {
    const f = one(run(FAILED_CROSS_ORIGIN), "cors.blocked");
    expect(f.severity).toBe("error");
    expect(f.phase).toBe("actual");
    expect(f.detail).toContain("GET /v1/orders");
    expect(f.detail).toContain("api.example.com");
    expect(f.detail).toContain(PAGE_ORIGIN);
    expect(f.detail).toContain("net::ERR_FAILED");
    expect(evidenceValue(f, "Request origin")).toBe(PAGE_ORIGIN);
    expect(evidenceValue(f, "Target")).toBe(API_ORIGIN);
    expect(evidenceValue(f, "Browser error")).toBe("net::ERR_FAILED");
    expect(f.fix).toMatch(/\S/);
  });

  // Regression test for a fixed bug: with neither a preflight nor a response captured, cors/blocked.ts falls back to a
  // generic fix ("… for this URL") that names no value of the exchange; FINDINGS.md requires
  // `fix` to name the real values (here at least the host or URL to look at), never generic text.
  it("names the host in its fix even when nothing but the error was captured", () => {
    const f = one(run(FAILED_CROSS_ORIGIN), "cors.blocked");
    expect(f.fix).toContain("api.example.com");
  });

  it("takes the page's origin from the page URL when no Origin header was captured", () => {
    const f = one(run({ status: 0, error: "net::ERR_FAILED" }, `${PAGE_ORIGIN}/dashboard`), "cors.blocked");
    expect(evidenceValue(f, "Request origin")).toBe(PAGE_ORIGIN);
  });

  it("on a real 200 with net::ERR_FAILED, cookies and no Access-Control-Allow-Credentials, asks for it", () => {
    const f = one(
      run({
        status: 200,
        error: "net::ERR_FAILED",
        requestHeaders: { Origin: PAGE_ORIGIN, Cookie: "session=abc" },
        responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN },
      }),
      "cors.blocked",
    );
    expect(f.phase).toBe("actual");
    expect(f.detail).toContain("200");
    expect(f.fix).toContain("Access-Control-Allow-Credentials: true");
    expect(f.fix).toContain("api.example.com");
    expect(f.fix).not.toContain("Access-Control-Allow-Origin:");
    expect(evidenceValue(f, "Access-Control-Allow-Origin")).toBe(PAGE_ORIGIN);
  });

  it("asks for Access-Control-Allow-Credentials when it is not exactly `true`", () => {
    const f = one(
      run({
        status: 200,
        error: "net::ERR_FAILED",
        requestHeaders: { Origin: PAGE_ORIGIN, Cookie: "session=abc" },
        responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN, "Access-Control-Allow-Credentials": "True" },
      }),
      "cors.blocked",
    );
    expect(f.fix).toContain("Access-Control-Allow-Credentials: true");
    expect(evidenceValue(f, "Access-Control-Allow-Credentials")).toBe("True");
  });

  it("counts cookies listed only in HAR request.cookies as credentials", () => {
    const f = one(
      run({
        status: 200,
        error: "net::ERR_FAILED",
        requestHeaders: { Origin: PAGE_ORIGIN },
        cookies: [{ name: "session", value: "abc" }],
        responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN },
      }),
      "cors.blocked",
    );
    expect(f.fix).toContain("Access-Control-Allow-Credentials: true");
  });

  it("asks for Access-Control-Allow-Origin with the page's origin when the response lacks it", () => {
    const f = one(run({ status: 200, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN } }), "cors.blocked");
    expect(f.fix).toContain(`Access-Control-Allow-Origin: ${PAGE_ORIGIN}`);
    expect(f.fix).not.toContain("Access-Control-Allow-Credentials");
  });

  it("reports a failing preflight in phase preflight, on both the request and its preflight", () => {
    const actual = exchangeOf("a", chromeEntry({ method: "PUT", url: TARGET, at: 0, ...FAILED_CROSS_ORIGIN }));
    const pre = exchangeOf("p", chromePreflight({ url: TARGET, at: 2, requestMethod: "PUT", status: 401 }));
    const byId = runRule(corsBlockedRule, [actual, pre]);
    const onActual = one(byId.get("a") ?? [], "cors.blocked");
    expect(onActual.phase).toBe("preflight");
    expect(onActual.related).toEqual(["p"]);
    expect(evidenceValue(onActual, "Preflight")).toContain("401");
    expect(evidenceValue(onActual, "Preflight Access-Control-Allow-Origin")).toBeDefined();
    expect(onActual.detail).toContain("401");
    expect(onActual.fix).toContain("OPTIONS");
    expect(onActual.fix).toContain(`Access-Control-Allow-Origin: ${PAGE_ORIGIN}`);
    const onPreflight = one(byId.get("p") ?? [], "cors.blocked");
    expect(onPreflight.phase).toBe("preflight");
    expect(onPreflight.related).toEqual(["a"]);
    expect(onPreflight.detail).toBe(onActual.detail);
  });

  it("fires on Firefox's NS_ERROR_DOM_BAD_URI", () => {
    expect(one(run({ status: 0, error: "NS_ERROR_DOM_BAD_URI", requestHeaders: { Origin: PAGE_ORIGIN } }), "cors.blocked").severity).toBe(
      "error",
    );
  });

  it.each(["net::ERR_CONNECTION_REFUSED", "net::ERR_NAME_NOT_RESOLVED", "net::ERR_BLOCKED_BY_CLIENT", "net::ERR_CERT_AUTHORITY_INVALID"])(
    "does not fire on %s: a network failure, not CORS",
    (error) => {
      expect(run({ status: 0, error, requestHeaders: { Origin: PAGE_ORIGIN } })).toEqual([]);
    },
  );

  it.each(["document", "iframe"])("does not fire on a %s navigation: navigations are not CORS requests", (resourceType) => {
    expect(run({ ...FAILED_CROSS_ORIGIN, resourceType, initiator: "parser" })).toEqual([]);
  });

  it("does not fire on a same-origin status 0 without error", () => {
    expect(run({ status: 0, requestHeaders: { Origin: API_ORIGIN } })).toEqual([]);
    expect(run({ status: 0 }, `${API_ORIGIN}/app`)).toEqual([]);
  });

  it("does not fire on a successful cross-origin response", () => {
    expect(
      run({ status: 200, requestHeaders: { Origin: PAGE_ORIGIN }, responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN } }),
    ).toEqual([]);
  });

  it("does not report a preflight on its own", () => {
    const pre = exchangeOf("p", chromePreflight({ url: TARGET, status: 0, error: "net::ERR_FAILED" }));
    expect(ruleOn(corsBlockedRule, pre)).toEqual([]);
  });
});
