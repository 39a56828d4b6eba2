/** Access-Control-Allow-Origin as Chromium classifies it, and where a request's origin is read. */
import { describe, expect, it } from "vitest";
import { originDifference, readAllowOrigin, requestOrigin } from "../../../src/core/cors/origin.ts";
import type { HeaderList } from "../../../src/core/headers.ts";
import { chromeEntry, chromePreflight, exchangeOf } from "../helpers.ts";

const acao = (...values: string[]): HeaderList => values.map((value) => ({ name: "Access-Control-Allow-Origin", value }));

describe("Access-Control-Allow-Origin", () => {
  it.each([
    [[], "absent"],
    [["*"], "wildcard"],
    [[" * "], "wildcard"],
    [["null"], "null"],
    [["https://app.example.com"], "origin"],
    [["https://app.example.com/"], "origin"],
    [["HTTPS://APP.EXAMPLE.COM"], "origin"],
    [["https://app.example.com, https://b.example.com"], "multiple"],
    [["https://app.example.com https://b.example.com"], "multiple"],
    [["https://app.example.com", "https://app.example.com"], "multiple"],
    [["*", "*"], "multiple"],
    [["app.example.com"], "invalid"],
    [["https://"], "invalid"],
    [["*.example.com"], "invalid"],
    [["true"], "invalid"],
  ])("%j is %s", (values, kind) => {
    expect(readAllowOrigin(acao(...values)).kind).toBe(kind);
  });

  it("names what differs", () => {
    const o = "https://app.example.com";
    expect(originDifference("https://app.example.com/", o)).toContain("trailing slash");
    expect(originDifference("https://app.example.com/app", o)).toContain("path");
    expect(originDifference("http://app.example.com", o)).toContain("scheme");
    expect(originDifference("https://app.example.com:8443", o)).toContain("8443");
    expect(originDifference("https://app.example.com:443", o)).toContain("default port");
    expect(originDifference("https://App.Example.com", o)).toContain("letter case");
    expect(originDifference("https://*.example.com", o)).toContain("wildcards inside an origin");
    expect(originDifference("localhost:3000", "http://localhost:3000")).toContain("no scheme");
    expect(originDifference("null", o)).toContain("`null`");
    expect(originDifference(o, "null")).toContain("redirect");
    expect(originDifference("https://www.example.com", o)).toContain("different origin");
  });
});

describe("the request's origin", () => {
  const url = "https://api.example.com/v1/orders";

  it("is the Origin header when captured", () => {
    const x = exchangeOf("a", chromeEntry({ url, requestHeaders: { Origin: "https://app.example.com" } }), "har-file", "https://other.example.com/");
    expect(requestOrigin(x, undefined)).toEqual({ value: "https://app.example.com", source: "Origin header" });
  });

  it("falls back to the preflight's Origin (Chromium's provisional headers lack it), then the page, then the Referer", () => {
    const x = exchangeOf("a", chromeEntry({ url, status: 0, error: "net::ERR_FAILED", requestHeaders: { Referer: "https://ref.example.com/page" } }));
    const pre = exchangeOf("p", chromePreflight({ url }));
    expect(requestOrigin(x, pre)).toEqual({ value: "https://app.example.com", source: "preflight's Origin header" });
    const withPage = { ...x, pageUrl: "https://page.example.com/x" };
    expect(requestOrigin(withPage, undefined)).toEqual({ value: "https://page.example.com", source: "page URL" });
    expect(requestOrigin(x, undefined)).toEqual({ value: "https://ref.example.com", source: "Referer header" });
  });

  it("keeps `null` as sent", () => {
    const x = exchangeOf("a", chromeEntry({ url, requestHeaders: { Origin: "null" } }));
    expect(requestOrigin(x, undefined)?.value).toBe("null");
  });
});
