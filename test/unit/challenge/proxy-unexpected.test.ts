/** auth.proxy-auth-required on Chromium's net::ERR_UNEXPECTED_PROXY_AUTH: a 407 that did not come from the configured proxy. */
import { describe, expect, it } from "vitest";
import { proxyAuthRule } from "../../../src/core/challenge/rules/proxy-auth.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import { importHar } from "../../../src/core/har.ts";
import { PAGE_ORIGIN, codes, evidenceValue, harOf, one, ruleOn } from "../helpers.ts";
import { fetchExchange } from "./rule-helpers.ts";

const failed = (error: string) => fetchExchange({ status: 0, error, requestHeaders: { Origin: PAGE_ORIGIN } });

describe("auth.proxy-auth-required for net::ERR_UNEXPECTED_PROXY_AUTH", () => {
  it("explains that Chromium refused a 407 that did not come from its proxy", () => {
    const f = one(ruleOn(proxyAuthRule, failed("net::ERR_UNEXPECTED_PROXY_AUTH")), "auth.proxy-auth-required");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("GET /v1/orders on api.example.com");
    expect(f.detail).toContain("net::ERR_UNEXPECTED_PROXY_AUTH");
    expect(f.detail).toContain("did not come from a proxy the browser is set to use");
    expect(f.detail).toContain("Failed to fetch");
    expect(f.fix).toContain("answer 401 with WWW-Authenticate");
    expect(f.fix).toContain("proxy settings");
    expect(evidenceValue(f, "Browser error")).toBe("net::ERR_UNEXPECTED_PROXY_AUTH");
  });

  it("is no CORS failure: cors.blocked does not claim it", () => {
    const found = codes(diagnose([failed("net::ERR_UNEXPECTED_PROXY_AUTH")])[0]!.findings);
    expect(found).toContain("auth.proxy-auth-required");
    expect(found.filter((c) => c.startsWith("cors."))).toEqual([]);
  });

  it.each(["net::ERR_FAILED", "net::ERR_CONNECTION_REFUSED", "net::ERR_PROXY_AUTH_UNSUPPORTED"])("does not fire on %s", (error) => {
    expect(ruleOn(proxyAuthRule, failed(error))).toEqual([]);
  });

  it("reads the error from Chromium's HAR (response._error) and from Playwright's (response._failureText)", () => {
    const base = {
      startedDateTime: "2026-11-24T10:00:00.000Z",
      time: 3,
      request: { method: "GET", url: "http://127.0.0.1:8082/api/x", httpVersion: "", headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      cache: {},
      timings: { send: 0, wait: 0, receive: 0 },
    };
    const response = { statusText: "", httpVersion: "", headers: [], cookies: [], content: { size: 0, mimeType: "x-unknown" }, redirectURL: "", headersSize: -1, bodySize: -1 };
    for (const r of [
      { ...response, status: 0, _error: "net::ERR_UNEXPECTED_PROXY_AUTH" },
      { ...response, status: -1, _failureText: "net::ERR_UNEXPECTED_PROXY_AUTH" },
    ]) {
      const imported = importHar(harOf([{ ...base, response: r }]));
      if (!imported.ok) throw new Error(imported.error);
      const x = imported.har.exchanges[0]!;
      expect(x.error).toBe("net::ERR_UNEXPECTED_PROXY_AUTH");
      expect(x.response).toBeUndefined();
      expect(codes(ruleOn(proxyAuthRule, x))).toEqual(["auth.proxy-auth-required"]);
    }
  });
});
