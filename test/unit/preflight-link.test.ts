import { describe, expect, it } from "vitest";
import { linkPreflights } from "../../src/core/cors/preflight-link.ts";
import type { Exchange } from "../../src/core/exchange.ts";
import { API_ORIGIN, PAGE_ORIGIN, chromeEntry, chromePreflight, entry, exchangeOf } from "./helpers.ts";

const URL_A = `${API_ORIGIN}/v1/orders`;
const URL_B = `${API_ORIGIN}/v1/users`;

function actual(id: string, method: string, url: string, at: number): Exchange {
  return exchangeOf(id, chromeEntry({ method, url, at, status: 0, error: "net::ERR_FAILED" }));
}

function preflight(id: string, requestMethod: string, url: string, at: number): Exchange {
  return exchangeOf(id, chromePreflight({ url, at, requestMethod }));
}

/** A Firefox preflight: no vendor labels, only OPTIONS + Access-Control-Request-Method. */
function firefoxPreflight(id: string, requestMethod: string, url: string, at: number): Exchange {
  return exchangeOf(
    id,
    entry({ method: "OPTIONS", url, at, status: 200, requestHeaders: { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": requestMethod } }),
  );
}

function byId(xs: readonly Exchange[]): Map<string, Exchange> {
  return new Map(xs.map((x) => [x.id, x]));
}

describe("linkPreflights", () => {
  it("pairs a preflight with the request of the same URL and method, both ways", () => {
    const linked = byId(linkPreflights([actual("a", "PUT", URL_A, 0), preflight("p", "PUT", URL_A, 3)]));
    expect(linked.get("a")?.preflightId).toBe("p");
    expect(linked.get("p")?.preflightFor).toBe("a");
    expect(linked.get("a")?.preflightFor).toBeUndefined();
    expect(linked.get("p")?.preflightId).toBeUndefined();
  });

  it("pairs Firefox preflights, which carry no labels", () => {
    const linked = byId(linkPreflights([firefoxPreflight("p", "DELETE", URL_A, 0), actual("a", "DELETE", URL_A, 4)]));
    expect(linked.get("a")?.preflightId).toBe("p");
    expect(linked.get("p")?.preflightFor).toBe("a");
  });

  it("compares the requested method case-insensitively", () => {
    const linked = byId(linkPreflights([preflight("p", "put", URL_A, 0), actual("a", "PUT", URL_A, 1)]));
    expect(linked.get("a")?.preflightId).toBe("p");
  });

  it("requires Access-Control-Request-Method to name the request's method", () => {
    const linked = byId(
      linkPreflights([actual("put", "PUT", URL_A, 0), preflight("p", "DELETE", URL_A, 1), actual("del", "DELETE", URL_A, 30)]),
    );
    expect(linked.get("put")?.preflightId).toBeUndefined();
    expect(linked.get("del")?.preflightId).toBe("p");
  });

  it("requires the same URL", () => {
    const linked = byId(linkPreflights([actual("a", "PUT", URL_B, 0), preflight("p", "PUT", URL_A, 1)]));
    expect(linked.get("a")?.preflightId).toBeUndefined();
    expect(linked.get("p")?.preflightFor).toBeUndefined();
  });

  it("picks the request nearest in time", () => {
    const linked = byId(
      linkPreflights([actual("early", "PUT", URL_A, 0), preflight("p", "PUT", URL_A, 29_000), actual("late", "PUT", URL_A, 30_000)]),
    );
    expect(linked.get("p")?.preflightFor).toBe("late");
    expect(linked.get("late")?.preflightId).toBe("p");
    expect(linked.get("early")?.preflightId).toBeUndefined();
  });

  it("accepts a preflight that starts after its request, as Chromium records them", () => {
    const linked = byId(linkPreflights([actual("a", "GET", URL_A, 0), preflight("p", "GET", URL_A, 250)]));
    expect(linked.get("a")?.preflightId).toBe("p");
  });

  it("never gives one request two preflights", () => {
    const linked = linkPreflights([preflight("p1", "PUT", URL_A, 0), actual("a", "PUT", URL_A, 500), preflight("p2", "PUT", URL_A, 1_000)]);
    const pairedPreflights = linked.filter((x) => x.preflightFor !== undefined);
    expect(pairedPreflights).toHaveLength(1);
    expect(pairedPreflights[0]?.preflightFor).toBe("a");
    expect(byId(linked).get("a")?.preflightId).toBe(pairedPreflights[0]?.id);
  });

  it("gives two requests to the same URL a preflight each", () => {
    const linked = byId(
      linkPreflights([
        actual("a1", "PUT", URL_A, 0),
        preflight("p1", "PUT", URL_A, 2),
        actual("a2", "PUT", URL_A, 1_000),
        preflight("p2", "PUT", URL_A, 1_002),
      ]),
    );
    expect(linked.get("a1")?.preflightId).toBe("p1");
    expect(linked.get("a2")?.preflightId).toBe("p2");
  });

  it("does not pair across more than 60 s", () => {
    const far = byId(linkPreflights([preflight("p", "PUT", URL_A, 0), actual("a", "PUT", URL_A, 61_000)]));
    expect(far.get("a")?.preflightId).toBeUndefined();
    expect(far.get("p")?.preflightFor).toBeUndefined();
    const near = byId(linkPreflights([preflight("p", "PUT", URL_A, 0), actual("a", "PUT", URL_A, 59_000)]));
    expect(near.get("a")?.preflightId).toBe("p");
  });

  it("never pairs two preflights with each other", () => {
    const linked = linkPreflights([preflight("p1", "OPTIONS", URL_A, 0), preflight("p2", "OPTIONS", URL_A, 1)]);
    for (const x of linked) {
      expect(x.preflightFor).toBeUndefined();
      expect(x.preflightId).toBeUndefined();
    }
  });

  it("keeps the order and leaves unpaired exchanges as they were", () => {
    const input = [actual("a", "GET", URL_B, 0), preflight("p", "PUT", URL_A, 1), actual("b", "PUT", URL_A, 2)];
    const linked = linkPreflights(input);
    expect(linked.map((x) => x.id)).toEqual(["a", "p", "b"]);
    expect(linked[0]).toEqual(input[0]);
    // The input is plain data shared with views: linking must not mutate it.
    expect(input[2]?.preflightId).toBeUndefined();
  });
});
