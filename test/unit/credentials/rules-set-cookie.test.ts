/** cookie.samesite-none-without-secure and cookie.secure-over-http. */
import { describe, expect, it } from "vitest";
import { sameSiteNoneWithoutSecureRule } from "../../../src/core/credentials/rules/samesite-none-without-secure.ts";
import { secureOverHttpRule } from "../../../src/core/credentials/rules/secure-over-http.ts";
import { chromeEntry, evidenceValue, exchangeOf, one, ruleOn, visibleText } from "../helpers.ts";

const setting = (url: string, ...lines: string[]) => exchangeOf("e1", chromeEntry({ url, responseHeaders: lines.map((l) => ["Set-Cookie", l] as const) }));

describe("cookie.samesite-none-without-secure", () => {
  it("names the cookie and the consequence", () => {
    const f = one(ruleOn(sameSiteNoneWithoutSecureRule, setting("https://api.example.com/login", "session=9f8e7d6c5b4a39281706; Path=/; SameSite=None; HttpOnly")), "cookie.samesite-none-without-secure");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("GET /login on api.example.com sets cookie `session` with SameSite=None but without Secure");
    expect(evidenceValue(f, "Attributes")).toBe("Path=/; SameSite=None; HttpOnly");
    expect(f.fix).toContain("Path=/; SameSite=None; HttpOnly; Secure");
    expect(visibleText(f)).not.toContain("9f8e7d6c5b4a39281706");
  });

  it("one per offending cookie", () => {
    const found = ruleOn(sameSiteNoneWithoutSecureRule, setting("https://api.example.com/", "a=1; SameSite=None", "b=2; SameSite=None; Secure", "c=3; samesite=none"));
    expect(found.map((f) => f.detail.match(/cookie `(\w)`/)?.[1])).toEqual(["a", "c"]);
  });

  it.each(["a=1; SameSite=None; Secure", "a=1; SameSite=Lax", "a=1", "a=1; SameSite=None; SameSite=Lax"])("not for %j", (line) => {
    expect(ruleOn(sameSiteNoneWithoutSecureRule, setting("https://api.example.com/", line))).toEqual([]);
  });
});

describe("cookie.secure-over-http", () => {
  it("a Secure cookie set over plain http", () => {
    const f = one(ruleOn(secureOverHttpRule, setting("http://shop.example.com/login", "sid=abcdef123456789; Secure; HttpOnly")), "cookie.secure-over-http");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("served over plain http, sets cookie `sid` with Secure");
    expect(evidenceValue(f, "Set by")).toBe("http://shop.example.com");
  });

  it.each([["http://localhost:3000/login"], ["http://127.0.0.1:8080/login"]])("on loopback (%s), where browsers keep it: a note (info), since nothing failed, that it breaks elsewhere", (url) => {
    const f = one(ruleOn(secureOverHttpRule, setting(url, "sid=1; Secure")), "cookie.secure-over-http");
    expect(f.severity).toBe("info");
    expect(f.detail).toContain("keep it here, but the same response from any other http host would have `sid` ignored");
  });

  it.each([
    ["https", "https://shop.example.com/login", "sid=1; Secure"],
    ["a non-Secure cookie", "http://shop.example.com/login", "sid=1"],
  ])("not for %s", (_l, url, line) => {
    expect(ruleOn(secureOverHttpRule, setting(url, line))).toEqual([]);
  });
});
