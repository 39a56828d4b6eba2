/** endpointHistory: every request to one endpoint across the capture, through describeExchange. */
import { describe, expect, it } from "vitest";
import { describeExchange } from "../../src/core/detail.ts";
import { API_ORIGIN, chromeEntry, exchangeOf } from "./helpers.ts";
import { jws, validClaims } from "./tokens/make.ts";

function call(id: string, at: number, url: string, status: number, requestHeaders: Record<string, string> = {}, method = "GET") {
  return exchangeOf(id, chromeEntry({ url, at, status, method, requestHeaders }));
}

describe("endpoint history", () => {
  const token = jws(validClaims({}));
  const capture = [
    call("e1", 0, `${API_ORIGIN}/v1/orders?page=1`, 200, { Authorization: `Bearer ${token}` }),
    call("e2", 1_000, `${API_ORIGIN}/v1/orders/7`, 200, { Authorization: `Bearer ${token}` }),
    call("e3", 2_000, `${API_ORIGIN}/v1/orders?page=2`, 401, { Cookie: "sid=1; theme=dark" }),
    call("e4", 3_000, `${API_ORIGIN}/v1/orders`, 201, {}, "POST"),
    call("e5", 4_000, `${API_ORIGIN}/v1/orders#top`, 401),
  ];

  it("keeps the method, origin and path; ignores the query and fragment", () => {
    const history = describeExchange("e3", capture)?.endpoint;
    expect(history?.endpoint).toBe(`GET ${API_ORIGIN}/v1/orders`);
    expect(history?.visits.map((v) => v.id)).toEqual(["e1", "e3", "e5"]);
    expect(history?.omitted).toBe(0);
  });

  it("says when each started relative to this one, what came back and which credentials went", () => {
    const visits = describeExchange("e3", capture)?.endpoint?.visits ?? [];
    expect(visits.map((v) => [v.offsetMs, v.status, v.current])).toEqual([
      [-2_000, 200, false],
      [0, 401, true],
      [2_000, 401, false],
    ]);
    expect(visits[0]?.credentials).toMatch(/^Bearer JWT · no cookies$/);
    expect(visits[0]?.token).toMatch(/^eyJ.+…/);
    expect(visits[0]?.token).not.toContain(token.split(".")[2]);
    expect(visits[1]?.credentials).toBe("no Authorization · 2 cookies (sid, theme)");
    expect(visits[1]?.token).toBeUndefined();
  });

  it("keeps the visits nearest this one when the endpoint is busy, and counts the rest", () => {
    const busy = Array.from({ length: 200 }, (_, i) => call(`b${i}`, i * 100, `${API_ORIGIN}/poll`, 200));
    const history = describeExchange("b150", busy)?.endpoint;
    expect(history?.visits).toHaveLength(50);
    expect(history?.omitted).toBe(150);
    const ids = history?.visits.map((v) => v.id) ?? [];
    expect(ids).toContain("b150");
    expect(ids[0]).toBe("b125");
    // At the end of the capture, the window slides back rather than shrinking.
    expect(describeExchange("b199", busy)?.endpoint?.visits[0]?.id).toBe("b150");
  });

  it("survives URLs that do not parse", () => {
    const odd = [call("o1", 0, "not a url?x=1", 200), call("o2", 1, "not a url?x=2", 401)];
    expect(describeExchange("o2", odd)?.endpoint?.visits.map((v) => v.id)).toEqual(["o1", "o2"]);
  });
});
