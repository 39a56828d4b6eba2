import { describe, expect, it } from "vitest";
import { corsBlockedRule } from "../../src/core/cors/blocked.ts";
import { CORS_RULES } from "../../src/core/cors/rules.ts";
import { diagnose } from "../../src/core/diagnose.ts";
import type { Exchange } from "../../src/core/exchange.ts";
import type { Finding } from "../../src/core/findings.ts";
import { API_ORIGIN, type EntrySpec, PAGE_ORIGIN, chromeEntry, chromePreflight, codes, evidenceValue, exchangeOf, one, ruleOn } from "./helpers.ts";

const TARGET = `${API_ORIGIN}/v1/orders`;

function run(spec: EntrySpec, pageUrl?: string) {
  return ruleOn(corsBlockedRule, exchangeOf("e1", chromeEntry({ url: TARGET, ...spec }), "har-file", pageUrl));
}

/** Every CORS rule, as the product runs them: where the capture names the failed check, its exact code replaces cors.blocked. */
function runCors(exchanges: readonly Exchange[]): Map<string, readonly Finding[]> {
  return new Map(diagnose(exchanges, {}, CORS_RULES).map((d) => [d.exchange.id, d.findings]));
}

function cors(spec: EntrySpec): readonly Finding[] {
  return runCors([exchangeOf("e1", chromeEntry({ url: TARGET, ...spec }))]).get("e1") ?? [];
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
    // Nothing captured says which check failed: every CORS rule together still says only this.
    expect(codes(cors(FAILED_CROSS_ORIGIN))).toEqual(["cors.blocked"]);
    expect(f.detail).toContain("Console");
    expect(f.detail).toContain("precise mode");
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

  it("on a real 200 with net::ERR_FAILED, cookies and no Access-Control-Allow-Credentials, names cors.allow-credentials-missing instead", () => {
    const found = cors({
      status: 200,
      error: "net::ERR_FAILED",
      requestHeaders: { Origin: PAGE_ORIGIN, Cookie: "session=abc" },
      responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN, Vary: "Origin" },
    });
    expect(codes(found)).toEqual(["cors.allow-credentials-missing"]);
    const f = one(found, "cors.allow-credentials-missing");
    expect(f.phase).toBe("actual");
    expect(f.detail).toContain("200");
    expect(f.detail).toContain("session");
    expect(f.fix).toContain("Access-Control-Allow-Credentials: true");
    expect(f.fix).toContain("api.example.com");
    expect(f.fix).not.toContain("Access-Control-Allow-Origin:");
    expect(evidenceValue(f, "Access-Control-Allow-Origin")).toBe(PAGE_ORIGIN);
    expect(evidenceValue(f, "Access-Control-Allow-Credentials")).toBe("(absent)");
  });

  it("asks for Access-Control-Allow-Credentials when it is not exactly `true`", () => {
    const found = cors({
      status: 200,
      error: "net::ERR_FAILED",
      requestHeaders: { Origin: PAGE_ORIGIN, Cookie: "session=abc" },
      responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN, "Access-Control-Allow-Credentials": "True", Vary: "Origin" },
    });
    expect(codes(found)).toEqual(["cors.allow-credentials-missing"]);
    const f = one(found, "cors.allow-credentials-missing");
    expect(f.fix).toContain("Access-Control-Allow-Credentials: true");
    expect(f.detail).toContain("`True`");
    expect(evidenceValue(f, "Access-Control-Allow-Credentials")).toBe("True");
  });

  it("counts cookies listed only in HAR request.cookies as credentials", () => {
    const found = cors({
      status: 200,
      error: "net::ERR_FAILED",
      requestHeaders: { Origin: PAGE_ORIGIN },
      cookies: [{ name: "session", value: "abc" }],
      responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN, Vary: "Origin" },
    });
    expect(codes(found)).toEqual(["cors.allow-credentials-missing"]);
    expect(one(found, "cors.allow-credentials-missing").fix).toContain("Access-Control-Allow-Credentials: true");
  });

  it("names cors.missing-allow-origin, asking for the page's origin, when the response lacks it", () => {
    const found = cors({ status: 200, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN } });
    expect(codes(found)).toEqual(["cors.missing-allow-origin"]);
    const f = one(found, "cors.missing-allow-origin");
    expect(f.phase).toBe("actual");
    expect(f.fix).toContain(`Access-Control-Allow-Origin: ${PAGE_ORIGIN}`);
    expect(f.fix).not.toContain("Access-Control-Allow-Credentials");
  });

  it("reports a failing preflight in phase preflight on the request it was for, auth first, then ACAO; the preflight repeats none", () => {
    const actual = exchangeOf("a", chromeEntry({ method: "PUT", url: TARGET, at: 0, ...FAILED_CROSS_ORIGIN }));
    const pre = exchangeOf("p", chromePreflight({ url: TARGET, at: 2, requestMethod: "PUT", status: 401 }));
    const byId = runCors([actual, pre]);
    const onActual = byId.get("a") ?? [];
    expect(codes(onActual).filter((c) => c !== "cors.preflight-trigger")).toEqual([
      "cors.preflight-blocked-by-auth",
      "cors.missing-allow-origin",
      "cors.preflight-failed-status",
    ]);
    const missing = one(onActual, "cors.missing-allow-origin");
    const status = one(onActual, "cors.preflight-failed-status");
    for (const f of [missing, status]) {
      expect(f.phase).toBe("preflight");
      expect(f.related).toEqual(["p"]);
    }
    expect(evidenceValue(status, "Preflight")).toContain("401");
    expect(evidenceValue(missing, "Preflight Access-Control-Allow-Origin")).toBe("(absent)");
    expect(status.detail).toContain("401");
    expect(status.detail).toContain("never carries credentials");
    expect(status.fix).toContain("OPTIONS");
    expect(missing.fix).toContain(`Access-Control-Allow-Origin: ${PAGE_ORIGIN}`);
    // One failure, one place (FINDINGS.md v2): the preflight's row links to the request instead.
    expect(byId.get("p") ?? []).toEqual([]);
    expect(codes(onActual)).not.toContain("cors.blocked");
  });

  it("fires on Firefox's NS_ERROR_DOM_BAD_URI, pointing at Firefox's Console line", () => {
    const f = one(run({ status: 0, error: "NS_ERROR_DOM_BAD_URI", requestHeaders: { Origin: PAGE_ORIGIN } }), "cors.blocked");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("Cross-Origin Request Blocked");
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
    expect(
      cors({ status: 200, requestHeaders: { Origin: PAGE_ORIGIN }, responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN, Vary: "Origin" } }),
    ).toEqual([]);
  });

  it("does not report a preflight on its own", () => {
    const pre = exchangeOf("p", chromePreflight({ url: TARGET, status: 0, error: "net::ERR_FAILED" }));
    expect(ruleOn(corsBlockedRule, pre)).toEqual([]);
    expect(runCors([pre]).get("p")).toEqual([]);
  });
});
