/** Set-Cookie as RFC 6265bis §5.6 parses it, the cookie-date algorithm (§5.1.1), matching (§5.1.3, §5.1.4) and setCookiesOf. */
import { describe, expect, it } from "vitest";
import { parseCookieDate } from "../../../src/core/credentials/cookie-date.ts";
import { setCookiesOf } from "../../../src/core/credentials/index.ts";
import { defaultPath, domainMatches, parseSetCookie, pathMatches } from "../../../src/core/credentials/set-cookie.ts";
import { API_ORIGIN, T0, chromeEntry, exchangeOf } from "../helpers.ts";

describe("parseSetCookie (RFC 6265bis §5.6)", () => {
  it("reads the pair and every attribute, names case-insensitive", () => {
    const c = parseSetCookie("SID=31d4d96e407aad42; path=/app; DOMAIN=.Example.com; secure; HttpOnly; SameSite=lax; Max-Age=3600; Partitioned");
    expect(c).toMatchObject({ name: "SID", value: "31d4d96e407aad42", path: "/app", domain: "example.com", secure: true, httpOnly: true, sameSite: "Lax", maxAge: 3600, partitioned: true });
  });

  it("without '=', the name is empty and the pair is the value (§5.6 step 3)", () => {
    expect(parseSetCookie("justavalue; Secure")).toMatchObject({ name: "", value: "justavalue", secure: true });
  });

  it("the last occurrence of an attribute wins; an invalid SameSite resets to the default", () => {
    expect(parseSetCookie("a=1; SameSite=Strict; SameSite=Lax").sameSite).toBe("Lax");
    const c = parseSetCookie("a=1; SameSite=Strict; SameSite=Bogus");
    expect(c.sameSite).toBeUndefined();
    expect(c.sameSiteInvalid).toBe("Bogus");
  });

  it("ignores a Max-Age that is not digits and a Path that does not start with '/'", () => {
    const c = parseSetCookie("a=1; Max-Age=1h; Path=app");
    expect(c.maxAge).toBeUndefined();
    expect(c.path).toBeUndefined();
  });

  it("an empty Domain is ignored (§5.6.3)", () => {
    expect(parseSetCookie("a=1; Domain=example.com; Domain=").domain).toBe("example.com");
  });
});

describe("cookie-date (RFC 6265bis §5.1.1)", () => {
  it.each([
    ["Wed, 21 Oct 2015 07:28:00 GMT", Date.UTC(2015, 9, 21, 7, 28, 0)],
    ["Wednesday, 21-Oct-15 07:28:00 GMT", Date.UTC(2015, 9, 21, 7, 28, 0)],
    ["Wed Oct 21 07:28:00 2015", Date.UTC(2015, 9, 21, 7, 28, 0)],
    ["21 oct 2015 7:28:0", Date.UTC(2015, 9, 21, 7, 28, 0)],
    ["Thu, 01 Jan 70 00:00:00 GMT", Date.UTC(1970, 0, 1)],
  ])("reads %j", (text, ms) => {
    expect(parseCookieDate(text)).toBe(ms);
  });

  it.each(["", "tomorrow", "Wed, 31 Feb 2015 07:28:00 GMT", "Wed, 21 Oct 1600 07:28:00 GMT", "Wed, 21 Oct 2015 24:00:00 GMT", "Wed, 21 Oct 2015"])("refuses %j", (text) => {
    expect(parseCookieDate(text)).toBeUndefined();
  });
});

describe("matching (RFC 6265bis §5.1.3, §5.1.4)", () => {
  it.each([
    ["/", "/"],
    ["/app/page", "/app"],
    ["/app/", "/app/"],
    ["/app/x", "/app/"],
  ])("path %s matches %s", (request, cookie) => {
    expect(pathMatches(request, cookie)).toBe(true);
  });
  it.each([["/application", "/app"], ["/", "/app"]])("path %s does not match %s", (request, cookie) => {
    expect(pathMatches(request, cookie)).toBe(false);
  });
  it("default path is the directory of the request path", () => {
    expect(defaultPath("/auth/login")).toBe("/auth");
    expect(defaultPath("/login")).toBe("/");
    expect(defaultPath("")).toBe("/");
  });
  it("domain-match: the domain itself and its subdomains, not IP addresses", () => {
    expect(domainMatches("api.example.com", "example.com")).toBe(true);
    expect(domainMatches("example.com", "example.com")).toBe(true);
    expect(domainMatches("badexample.com", "example.com")).toBe(false);
    expect(domainMatches("1.2.3.4", "3.4")).toBe(false);
  });
});

describe("setCookiesOf", () => {
  function set(...lines: string[]) {
    return setCookiesOf(exchangeOf("e1", chromeEntry({ url: `${API_ORIGIN}/auth/login`, responseHeaders: lines.map((l) => ["Set-Cookie", l] as const) })));
  }

  it("breaks a cookie down: masked value, each attribute with its meaning, expiry relative to the response", () => {
    const [c] = set(`sid=31d4d96e407aad42d1; Path=/; Secure; HttpOnly; SameSite=Strict; Expires=${new Date(T0 + 2 * 3_600_000).toUTCString()}`);
    expect(c!.name).toBe("sid");
    expect(c!.maskedValue).toBe("31d4… (18 chars)");
    expect(c!.expires).toEqual({ iso: "2026-11-24T12:00:00Z", relative: "2 h after this response" });
    const meaning = (name: string) => c!.attributes.find((a) => a.name === name)?.meaning;
    expect(meaning("Domain")).toContain("host-only, sent to api.example.com only");
    expect(meaning("SameSite")).toMatch(/never on cross-site/);
    expect(meaning("HttpOnly")).toMatch(/hidden from page JavaScript/);
    expect(c!.attributes.find((a) => a.name === "Path")?.value).toBe("/");
    expect(c!.problems).toEqual([]);
  });

  it("Max-Age wins over Expires, and 0 deletes", () => {
    const [a, b] = set(`a=1; Max-Age=60; Expires=${new Date(T0 + 86_400_000).toUTCString()}`, "b=; Max-Age=0");
    expect(a!.expires).toEqual({ iso: "2026-11-24T10:01:00Z", relative: "1 min after this response" });
    expect(a!.attributes.find((x) => x.name === "Expires")?.meaning).toBe("ignored: Max-Age wins");
    expect(b!.expires?.relative).toMatch(/deletes the cookie/);
  });

  it("caps lifetimes at 400 days (RFC 6265bis §5.6.2)", () => {
    const [c] = set("a=1; Max-Age=63072000");
    expect(c!.problems.some((p) => p.includes("400 days"))).toBe(true);
  });

  it("lists what browsers refuse, and the default path of a cookie without Path", () => {
    const [none, host, domain] = set("x=1; SameSite=None", "__Host-id=1; Secure; Path=/app", "y=1; Domain=other.org");
    expect(none!.problems[0]).toMatch(/SameSite=None without Secure/);
    expect(host!.problems[0]).toMatch(/__Host- prefix requires.*Path=\/app/);
    expect(domain!.problems[0]).toMatch(/Domain=other.org does not cover the host that set it \(api.example.com\)/);
    expect(none!.attributes.find((a) => a.name === "Path")?.meaning).toContain("defaults to /auth");
  });

  it("returns one breakdown per Set-Cookie line, none without them", () => {
    expect(set("a=1", "b=2").map((c) => c.name)).toEqual(["a", "b"]);
    expect(set()).toEqual([]);
  });
});
