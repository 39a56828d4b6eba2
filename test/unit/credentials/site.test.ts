/** Sites (scheme + registrable domain, by the documented heuristic) and loopback hosts. */
import { describe, expect, it } from "vitest";
import { isLoopbackHost, registrableDomain, sameSite, siteOf } from "../../../src/core/credentials/site.ts";

describe("registrableDomain", () => {
  it.each([
    ["api.example.com", "example.com"],
    ["a.b.c.example.com", "example.com"],
    ["example.com", "example.com"],
    ["shop.example.co.uk", "example.co.uk"],
    ["alice.github.io", "alice.github.io"],
    ["my-app.herokuapp.com", "my-app.herokuapp.com"],
    ["127.0.0.1", "127.0.0.1"],
    ["localhost", "localhost"],
    ["API.Example.COM.", "example.com"],
  ])("%s → %s", (host, domain) => {
    expect(registrableDomain(host)).toBe(domain);
  });
});

describe("sites", () => {
  it("are schemeful: http and https of one domain are different sites", () => {
    expect(sameSite(siteOf("https://app.example.com")!, siteOf("https://api.example.com/x")!)).toBe(true);
    expect(sameSite(siteOf("http://app.example.com")!, siteOf("https://api.example.com")!)).toBe(false);
    expect(sameSite(siteOf("https://alice.github.io")!, siteOf("https://bob.github.io")!)).toBe(false);
    expect(siteOf("not a url")).toBeUndefined();
  });
});

describe("isLoopbackHost (RFC 6890, RFC 6761 §6.3)", () => {
  it.each(["localhost", "app.localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::1", "LOCALHOST"])("%s is loopback", (h) => {
    expect(isLoopbackHost(h)).toBe(true);
  });
  it.each(["example.com", "10.0.0.1", "192.168.1.10", "localhost.example.com", "128.0.0.1", "[::2]"])("%s is not", (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });
});
