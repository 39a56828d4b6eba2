/**
 * CORS on a redirect chain (Fetch "main fetch" and "HTTP fetch"): the CORS check runs on a
 * response only when the request's response tainting is "cors". A same-origin request that
 * redirects is "basic" on its first hop, so its 3xx is never CORS-checked; the request becomes a
 * CORS request from the redirect on. A cross-origin request is "cors" from the start: its 3xx
 * must pass the CORS check itself, and after it leaves for a third origin its Origin is `null`.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import type { Finding } from "../../../src/core/findings.ts";
import { type EntrySpec, chromeEntry, exchangeOf } from "../helpers.ts";

const PAGE = "https://app.example.com";
const PAGE_URL = `${PAGE}/orders`;
const API = "https://api.example.com/v1/orders";
const API_EU = "https://api-eu.example.com/v1/orders";

type HopSpec = EntrySpec & { readonly location?: string };

function hop(id: string, spec: HopSpec): Exchange {
  const e = chromeEntry({
    ...spec,
    requestHeaders: { "Sec-Fetch-Mode": "cors", ...(spec.requestHeaders as Record<string, string> | undefined) },
    responseHeaders: { ...(spec.location !== undefined ? { Location: spec.location } : {}), ...(spec.responseHeaders as Record<string, string> | undefined) },
  });
  if (spec.location !== undefined) (e.response as Record<string, unknown>).redirectURL = spec.location;
  return exchangeOf(id, e, "devtools-network", PAGE_URL);
}

function corsOf(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.code.startsWith("cors.")).map((f) => `${f.code}${f.phase ? `@${f.phase}` : ""}`);
}

function byId(xs: readonly Exchange[]): Map<string, readonly Finding[]> {
  return new Map(diagnose(xs).map((d) => [d.exchange.id, d.findings]));
}

describe("a same-origin request redirected to another origin", () => {
  const first = (spec: HopSpec = {}) => hop("e1", { url: `${PAGE}/api/orders`, status: 302, location: API, at: 0, ...spec });

  it("gets no CORS finding on its first hop; the hop after the redirect is CORS-checked", () => {
    const found = byId([
      first(),
      hop("e2", { url: API, status: 200, at: 20, requestHeaders: { Origin: PAGE }, error: "net::ERR_FAILED" }),
    ]);
    expect(corsOf(found.get("e1")!)).toEqual([]);
    expect(corsOf(found.get("e2")!)).toEqual(["cors.missing-allow-origin@actual"]);
  });

  it("not even when the first hop carries an Origin header (a POST) or is recorded with the chain's error", () => {
    const found = byId([
      first({ method: "POST", status: 307, requestHeaders: { Origin: PAGE }, error: "net::ERR_FAILED" }),
      hop("e2", { url: API, method: "POST", status: 200, at: 20, requestHeaders: { Origin: PAGE }, error: "net::ERR_FAILED" }),
    ]);
    expect(corsOf(found.get("e1")!)).toEqual([]);
    expect(corsOf(found.get("e2")!)).toEqual(["cors.missing-allow-origin@actual"]);
  });

  it("keeps its Origin after the redirect: the second hop is judged against the page's origin, not null", () => {
    const found = byId([
      first(),
      hop("e2", { url: API, status: 200, at: 20, requestHeaders: { Origin: PAGE }, responseHeaders: { "Access-Control-Allow-Origin": PAGE, Vary: "Origin" } }),
    ]);
    expect(corsOf(found.get("e1")!)).toEqual([]);
    expect(corsOf(found.get("e2")!)).toEqual([]);
  });

  it("gets none for a redirect to a URL with credentials on its own origin, which the browser follows", () => {
    const found = byId([first({ location: "https://user:secret@app.example.com/api/v2/orders" })]);
    expect(corsOf(found.get("e1")!)).toEqual([]);
  });

  it("is refused only for credentials in a URL on another origin: Fetch checks that by the request's mode, not its tainting", () => {
    // "HTTP-redirect fetch": request's mode is "cors", locationURL includes credentials, and
    // request's origin is not same origin with locationURL's origin → a network error (Chromium
    // RedirectContainsCredentials), whether or not the first hop was same-origin.
    const found = byId([first({ location: "https://user:secret@api.example.com/v1/orders", error: "net::ERR_FAILED" })]);
    expect(corsOf(found.get("e1")!)).toEqual(["cors.redirect-contains-credentials@actual"]);
  });
});

describe("a cross-origin request redirected to a third origin", () => {
  it("its 3xx is CORS-checked: without Access-Control-Allow-Origin the browser stops at the redirect", () => {
    const found = byId([hop("e1", { url: API, status: 302, location: API_EU, at: 0, requestHeaders: { Origin: PAGE }, error: "net::ERR_FAILED" })]);
    expect(corsOf(found.get("e1")!)).toEqual(["cors.missing-allow-origin@actual"]);
  });

  it("a 3xx that passes gets nothing, and the next hop, sent with Origin null, must allow null", () => {
    const found = byId([
      hop("e1", { url: API, status: 302, location: API_EU, at: 0, requestHeaders: { Origin: PAGE }, responseHeaders: { "Access-Control-Allow-Origin": PAGE, Vary: "Origin" } }),
      hop("e2", {
        url: API_EU,
        status: 200,
        at: 20,
        requestHeaders: { Origin: "null" },
        responseHeaders: { "Access-Control-Allow-Origin": PAGE },
        error: "net::ERR_FAILED",
      }),
    ]);
    expect(corsOf(found.get("e1")!)).toEqual([]);
    const second = found.get("e2")!;
    expect(corsOf(second)).toEqual(["cors.allow-origin-mismatch@actual"]);
    expect(second[0]!.detail).toContain(`followed a redirect from ${API}`);
  });
});
