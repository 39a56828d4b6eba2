/** A preflight is an OPTIONS request with Access-Control-Request-Method, however the capture labels it. */
import { describe, expect, it } from "vitest";
import { linkPreflights } from "../../../src/core/cors/preflight-link.ts";
import { isCorsPreflight } from "../../../src/core/cors/preflight-kind.ts";
import { entry, exchangeOf } from "../helpers.ts";

const URL_ = "https://api.example.com/v1/orders";

describe("isCorsPreflight", () => {
  it("recognises Firefox webRequest preflights, which carry the type of the request they precede", () => {
    const pre = exchangeOf("p", entry({ method: "OPTIONS", url: URL_, resourceType: "xhr", requestHeaders: { "Access-Control-Request-Method": "PUT" } }));
    expect(isCorsPreflight(pre)).toBe(true);
    const actual = exchangeOf("a", entry({ method: "PUT", url: URL_, at: 3, resourceType: "xhr", status: 0, error: "NS_ERROR_DOM_BAD_URI" }));
    const linked = new Map(linkPreflights([pre, actual]).map((x) => [x.id, x]));
    expect(linked.get("a")?.preflightId).toBe("p");
    expect(linked.get("p")?.preflightFor).toBe("a");
  });

  it("does not take a page's own OPTIONS request for a preflight", () => {
    expect(isCorsPreflight(exchangeOf("o", entry({ method: "OPTIONS", url: URL_, resourceType: "fetch" })))).toBe(false);
  });
});
