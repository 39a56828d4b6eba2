/**
 * cookie.blocked and cookie.set-cookie-rejected come from Chromium's own verdicts (precise mode,
 * Exchange.browserVerdict): one finding per cookie, its reason in words, and nothing at all
 * without the verdicts.
 */
import { describe, expect, it } from "vitest";
import { browserCookieVerdictsRule } from "../../../src/core/credentials/rules/browser-cookie-verdicts.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { BrowserVerdict, Exchange } from "../../../src/core/exchange.ts";
import { CATALOGUE } from "../../../src/core/findings.ts";
import { chromePreflight, codes, entry, evidenceValue, exchangeOf, one, ruleOn } from "../helpers.ts";

const PAGE = "https://app.example.com/orders";

function withVerdict(status: number, verdict: BrowserVerdict | undefined, url = "https://api.example.com/api/orders?x=1"): Exchange {
  const x = exchangeOf("e1", entry({ url, status, resourceType: "fetch", requestHeaders: { Origin: "https://app.example.com" } }), "devtools-network", PAGE);
  return verdict ? { ...x, browserVerdict: verdict, sources: [...x.sources, "debugger"] } : x;
}

describe("cookie.blocked", () => {
  it("names the cookie and Chromium's reason in words, on a failed request", () => {
    const found = ruleOn(browserCookieVerdictsRule, withVerdict(401, { blockedCookies: [{ name: "lab_scoped", reasons: ["NotOnPath"] }] }));
    const f = one(found, "cookie.blocked");
    expect(f.severity).toBe(CATALOGUE["cookie.blocked"].severity);
    expect(f.detail).toContain("`lab_scoped`");
    expect(f.detail).toContain("GET /api/orders?x=1 on api.example.com");
    expect(f.detail).toContain("Path attribute does not cover /api/orders");
    expect(f.detail).toContain("answered 401");
    expect(evidenceValue(f, "Chromium's reason")).toBe("NotOnPath");
    expect(f.fix).toContain("`Path=/`");
  });

  it("gives one finding per cookie, every reason of each", () => {
    const found = ruleOn(
      browserCookieVerdictsRule,
      withVerdict(403, {
        blockedCookies: [
          { name: "sid", reasons: ["SameSiteLax", "SecureOnly"] },
          { name: "csrf", reasons: ["ThirdPartyPhaseout"] },
        ],
      }),
    );
    expect(codes(found)).toEqual(["cookie.blocked", "cookie.blocked"]);
    const sid = found.find((f) => f.detail.includes("`sid`"))!;
    expect(sid.detail).toContain("SameSite=Lax");
    expect(sid.detail).toContain("from https://example.com to api.example.com");
    expect(sid.detail).toContain("did not go over https");
    expect(evidenceValue(sid, "Chromium's reason")).toBe("SameSiteLax, SecureOnly");
    expect(sid.fix).toContain("SameSite=None; Secure");
    const csrf = found.find((f) => f.detail.includes("`csrf`"))!;
    expect(csrf.detail).toContain("third-party cookie");
    expect(csrf.fix).toContain("Authorization header");
  });

  it("names a reason it does not know as Chromium gives it", () => {
    const f = one(ruleOn(browserCookieVerdictsRule, withVerdict(401, { blockedCookies: [{ name: "sid", reasons: ["SomeNewReason"] }] })), "cookie.blocked");
    expect(f.detail).toContain("`SomeNewReason`");
    expect(f.fix).toBeUndefined();
  });

  it("stays quiet on a request that succeeded: it did not need the cookie", () => {
    expect(ruleOn(browserCookieVerdictsRule, withVerdict(200, { blockedCookies: [{ name: "lab_scoped", reasons: ["NotOnPath"] }] }))).toEqual([]);
  });

  it("claims nothing without the browser's verdict (any HAR, webRequest)", () => {
    expect(ruleOn(browserCookieVerdictsRule, withVerdict(401, undefined))).toEqual([]);
    expect(ruleOn(browserCookieVerdictsRule, withVerdict(401, { corsError: "MissingAllowOriginHeader" }))).toEqual([]);
  });

  it("never on a preflight, which carries no cookies", () => {
    const pre = exchangeOf("p1", chromePreflight({ url: "https://api.example.com/api/orders", status: 401 }));
    expect(ruleOn(browserCookieVerdictsRule, { ...pre, browserVerdict: { blockedCookies: [{ name: "sid", reasons: ["SameSiteStrict"] }] } })).toEqual([]);
  });
});

describe("cookie.set-cookie-rejected", () => {
  it("explains SameSiteNoneInsecure, on a response that succeeded too", () => {
    const found = ruleOn(browserCookieVerdictsRule, withVerdict(200, { rejectedSetCookies: [{ name: "lab_none", reasons: ["SameSiteNoneInsecure"] }] }));
    const f = one(found, "cookie.set-cookie-rejected");
    expect(f.severity).toBe(CATALOGUE["cookie.set-cookie-rejected"].severity);
    expect(f.detail).toContain("refused to store cookie `lab_none`");
    expect(f.detail).toContain("SameSite=None without Secure");
    expect(f.fix).toContain("`lab_none`");
    expect(f.fix).toContain("SameSite=None; Secure");
  });

  it.each([
    ["InvalidDomain", "Domain attribute does not cover api.example.com"],
    ["SecureOnly", "came over plain http from api.example.com"],
    ["InvalidPrefix", "`__Host-`"],
    ["OverwriteSecure", "already stored for api.example.com"],
    ["SyntaxError", "does not parse"],
    ["ThirdPartyPhaseout", "third-party cookie"],
    ["SameSiteUnspecifiedTreatedAsLax", "treats as Lax"],
  ])("words %s", (reason, words) => {
    const f = one(ruleOn(browserCookieVerdictsRule, withVerdict(200, { rejectedSetCookies: [{ name: "c", reasons: [reason] }] })), "cookie.set-cookie-rejected");
    expect(f.detail).toContain(words);
    expect(f.fix).toBeDefined();
  });

  it("is part of the diagnosis, next to the header's own reading", () => {
    const x = exchangeOf(
      "e1",
      entry({ url: "http://api.example.com/login", method: "POST", status: 200, responseHeaders: [["Set-Cookie", "lab_none=1; SameSite=None; Path=/"]] }),
      "devtools-network",
      PAGE,
    );
    const [d] = diagnose([{ ...x, browserVerdict: { rejectedSetCookies: [{ name: "lab_none", reasons: ["SameSiteNoneInsecure"] }] } }]);
    expect(codes(d!.findings)).toEqual(expect.arrayContaining(["cookie.samesite-none-without-secure", "cookie.set-cookie-rejected"]));
  });
});
