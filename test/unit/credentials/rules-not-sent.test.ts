/** cookie.not-sent: which cookies stayed behind on a 401, and the attribute that most likely kept each back. */
import { describe, expect, it } from "vitest";
import { cookieNotSentRule } from "../../../src/core/credentials/rules/not-sent.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { T0, chromeEntry, exchangeOf, one, runRule } from "../helpers.ts";

const APP = "https://app.example.com";
const API = "https://api.example.com";

function login(setCookie: string, url = `${API}/auth/login`, at = 0): Exchange {
  return exchangeOf("e1", chromeEntry({ method: "POST", url, at, responseHeaders: [["Set-Cookie", setCookie]] }));
}

function call(spec: Parameters<typeof chromeEntry>[0] = {}): Exchange {
  return exchangeOf("e2", chromeEntry({ url: `${API}/v1/me`, at: 60_000, status: 401, requestHeaders: { Accept: "application/json" }, ...spec }));
}

function detailFor(xs: Exchange[], facts = {}) {
  return runRule(cookieNotSentRule, xs, facts).get("e2") ?? [];
}

describe("cookie.not-sent", () => {
  it("not when the capture could not see the request's headers (they may have carried cookies)", () => {
    const blind = exchangeOf("e2", chromeEntry({ url: `${API}/v1/me`, at: 60_000, status: 401 }));
    expect(detailFor([login("sid=1; Path=/"), blind])).toEqual([]);
  });

  it("SameSite=Strict on a cross-site request: names the cookie, the attribute and the site it came from", () => {
    const f = one(detailFor([login("sid=1; Path=/; Secure; SameSite=Strict"), call({ requestHeaders: { Origin: "https://shop.other.com" } })]), "cookie.not-sent");
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain("GET /v1/me on api.example.com got 401 and carried no cookies, although earlier responses set cookie `sid`");
    expect(f.detail).toContain("(POST /auth/login at 10:00:00.000 UTC)");
    expect(f.detail, "no internal id in the text").not.toMatch(/\be\d+\b/);
    expect(f.detail).toContain("`sid`: it is SameSite=Strict and the request is cross-site (from https://other.com)");
    expect(f.evidence[0]).toEqual({ label: "sid (set by POST /auth/login at 10:00:00.000 UTC, api.example.com)", value: expect.stringMatching(/^SameSite:/) });
    expect(f.fix).toContain("SameSite=None; Secure");
  });

  it("SameSite=Lax on a cross-site fetch", () => {
    const f = one(detailFor([login("sid=1; Path=/; Secure; SameSite=Lax"), call({ requestHeaders: { Origin: "https://shop.other.com" } })]), "cookie.not-sent");
    expect(f.detail).toContain("SameSite=Lax and the request is a cross-site GET fetch/XHR");
  });

  it("not for a host-only cookie another port of the same host set: another service's cookie, not this API's", () => {
    const otherService = login("sid=1; Path=/", "http://127.0.0.1:8082/login");
    expect(detailFor([otherService, call({ url: "http://127.0.0.1:8085/v1/me" })])).toEqual([]);
    // The same cookie set by this API's own origin is this API's.
    const own = login("sid=1; Path=/", "http://127.0.0.1:8085/login");
    expect(one(detailFor([own, call({ url: "http://127.0.0.1:8085/v1/me" })]), "cookie.not-sent").detail).toContain("`sid`");
  });

  it("Secure on plain http", () => {
    const f = one(detailFor([login("sid=1; Path=/; Secure"), call({ url: "http://api.example.com/v1/me" })]), "cookie.not-sent");
    expect(f.detail).toContain("it is Secure and this request used http, not https");
  });

  it("Path that does not cover the request", () => {
    const f = one(detailFor([login("sid=1; Path=/auth; Secure"), call()]), "cookie.not-sent");
    expect(f.detail).toContain("Path=/auth does not cover /v1/me");
    expect(f.fix).toContain("Path=/");
  });

  it("a default path: set by /auth/login without Path, so only /auth and below", () => {
    expect(one(detailFor([login("sid=1; Secure"), call()]), "cookie.not-sent").detail).toContain("Path=/auth does not cover /v1/me");
  });

  it("a host-only cookie of another host of the same site", () => {
    const f = one(detailFor([login("sid=1; Path=/; Secure", "https://auth.example.com/login"), call()]), "cookie.not-sent");
    expect(f.detail).toContain("it is host-only (set by auth.example.com without a Domain attribute), so it goes to auth.example.com alone, not to api.example.com");
    expect(f.fix).toContain("Domain=example.com");
  });

  it("expired before the request (Max-Age counted from the response that set it)", () => {
    const f = one(detailFor([login("sid=1; Path=/; Secure; Max-Age=30"), call()]), "cookie.not-sent");
    expect(f.detail).toContain(`it expired at ${new Date(T0 + 30_000).toISOString().replace(".000", "")}, 30 s before this request`);
  });

  it("refused when it was set (SameSite=None without Secure)", () => {
    const f = one(detailFor([login("sid=1; Path=/; SameSite=None"), call()]), "cookie.not-sent");
    expect(f.detail).toContain("the browser never stored it: SameSite=None without Secure");
  });

  it("a same-site, cross-origin fetch: the credentials mode", () => {
    const f = one(detailFor([login("sid=1; Domain=example.com; Path=/; Secure; SameSite=Lax"), call({ requestHeaders: { Origin: APP } })]), "cookie.not-sent");
    expect(f.detail).toContain('fetch() sends cookies only with credentials: "include"');
    expect(f.fix).toContain("Access-Control-Allow-Credentials: true");
  });

  it.each([
    ["cookies were sent", [login("sid=1; Path=/"), call({ requestHeaders: { Cookie: "sid=1" } })], {}],
    ["the capture is stripped", [login("sid=1; Path=/"), call()], { credentialsStripped: "sanitized" }],
    ["the cookie was set after the request", [exchangeOf("e1", chromeEntry({ url: `${API}/v1/me`, at: 0, status: 401, requestHeaders: { Accept: "*/*" } })), exchangeOf("e2", chromeEntry({ url: `${API}/auth/login`, at: 1000, responseHeaders: { "Set-Cookie": "sid=1; Path=/" } }))], {}],
    ["the cookie belongs to another site", [login("sid=1; Path=/", "https://other.org/login"), call()], {}],
    ["the cookie was deleted before", [login("sid=1; Path=/"), exchangeOf("e3", chromeEntry({ url: `${API}/auth/logout`, at: 100, responseHeaders: { "Set-Cookie": "sid=; Path=/; Max-Age=0" } })), call()], {}],
    ["the request succeeded", [login("sid=1; Path=/"), call({ status: 200 })], {}],
  ])("not when %s", (_l, xs, facts) => {
    const all = runRule(cookieNotSentRule, xs as Exchange[], facts);
    for (const found of all.values()) expect(found).toEqual([]);
  });
});
