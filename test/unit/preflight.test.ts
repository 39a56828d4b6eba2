/**
 * One answer to "is this a CORS preflight?": an OPTIONS request with Access-Control-Request-Method
 * (Fetch §4.8), however the capture labels it. Each shape is tested both as the importer reads it
 * and as an Exchange built directly (as a capture adapter or a test may build one), so that the
 * predicate does not rely on the importer's labelling.
 */
import { describe, expect, it } from "vitest";
import { linkPreflights } from "../../src/core/cors/preflight-link.ts";
import type { Exchange } from "../../src/core/exchange.ts";
import { announcesPreflight, isPreflight } from "../../src/core/preflight.ts";
import { API_ORIGIN, entry, exchangeOf, PAGE_ORIGIN } from "./helpers.ts";

const URL_ = `${API_ORIGIN}/v1/orders`;

function direct(method: string, headers: Record<string, string>, labels: { resourceType?: string; initiatorType?: string } = {}): Exchange {
  return {
    id: "d",
    observedAt: 0,
    request: { method, url: URL_, headers: Object.entries(headers).map(([name, value]) => ({ name, value })), cookies: [] },
    sources: ["har-file"],
    ...labels,
  };
}

describe("isPreflight", () => {
  it("counts Chromium's labelled preflight", () => {
    const headers = { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "PUT" };
    expect(isPreflight(exchangeOf("c", entry({ method: "OPTIONS", url: URL_, resourceType: "preflight", requestHeaders: headers })))).toBe(true);
    expect(isPreflight(direct("OPTIONS", headers, { resourceType: "preflight", initiatorType: "preflight" }))).toBe(true);
    // The label is the browser's own word, even where the capture dropped the header.
    expect(isPreflight(direct("OPTIONS", { Origin: PAGE_ORIGIN }, { resourceType: "preflight" }))).toBe(true);
    expect(isPreflight(direct("OPTIONS", { Origin: PAGE_ORIGIN }, { initiatorType: "preflight" }))).toBe(true);
  });

  it("counts Firefox's unlabelled preflight: OPTIONS with Access-Control-Request-Method and Origin", () => {
    const headers = { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization" };
    expect(isPreflight(exchangeOf("f", entry({ method: "OPTIONS", url: URL_, requestHeaders: headers })))).toBe(true);
    expect(isPreflight(direct("OPTIONS", headers))).toBe(true);
    // Firefox's webRequest files it under the type of the request it precedes.
    expect(isPreflight(direct("OPTIONS", headers, { resourceType: "xhr" }))).toBe(true);
    expect(isPreflight(direct("OPTIONS", { origin: PAGE_ORIGIN, "access-control-request-method": "PUT" }))).toBe(true);
  });

  it("does not take a page's own OPTIONS request for a preflight", () => {
    const headers = { Origin: PAGE_ORIGIN };
    expect(isPreflight(exchangeOf("o", entry({ method: "OPTIONS", url: URL_, resourceType: "fetch", requestHeaders: headers })))).toBe(false);
    expect(isPreflight(direct("OPTIONS", headers, { resourceType: "fetch" }))).toBe(false);
    expect(isPreflight(direct("OPTIONS", {}))).toBe(false);
    // The header on another method is not a preflight either.
    expect(isPreflight(direct("PUT", { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "PUT" }))).toBe(false);
  });

  it("links Firefox's unlabelled preflight to the request it precedes", () => {
    const pre = exchangeOf("p", entry({ method: "OPTIONS", url: URL_, resourceType: "xhr", requestHeaders: { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "PUT" } }));
    const actual = exchangeOf("a", entry({ method: "PUT", url: URL_, at: 3, resourceType: "xhr", status: 0, error: "NS_ERROR_DOM_BAD_URI" }));
    const linked = new Map(linkPreflights([pre, actual]).map((x) => [x.id, x]));
    expect(linked.get("a")?.preflightId).toBe("p");
    expect(linked.get("p")?.preflightFor).toBe("a");
  });
});

describe("announcesPreflight", () => {
  it("reads the request line and headers before an Exchange exists", () => {
    expect(announcesPreflight("OPTIONS", [{ name: "Access-Control-Request-Method", value: "POST" }])).toBe(true);
    expect(announcesPreflight("OPTIONS", [{ name: "Origin", value: PAGE_ORIGIN }])).toBe(false);
    expect(announcesPreflight("GET", [{ name: "Access-Control-Request-Method", value: "POST" }])).toBe(false);
  });
});
