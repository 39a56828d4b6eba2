/**
 * One exchange per request from the DevTools log, webRequest and precise mode's verdicts
 * (src/capture/merge.ts). The sources share no request id: they pair by method, URL and the
 * nearest start time within 2 s.
 */
import { describe, expect, it } from "vitest";
import { mergeSources } from "../../../src/capture/merge.ts";
import type { VerdictObservation } from "../../../src/capture/protocol.ts";
import { API_ORIGIN, T0, chromeEntry, entry, exchangeOf } from "../helpers.ts";

const ORDERS = `${API_ORIGIN}/v1/orders`;
const LOGIN = `${API_ORIGIN}/login`;

const devtools = (id: string, spec: Parameters<typeof chromeEntry>[0]) => exchangeOf(id, chromeEntry(spec), "devtools-network");
/** webRequest's entries carry no `_initiator` and no cookies list (capture/web-request-har.ts). */
const webRequest = (id: string, spec: Parameters<typeof entry>[0]) => exchangeOf(id, entry({ resourceType: "xhr", ...spec }), "web-request");
const verdict = (url: string, at: number, v: VerdictObservation["verdict"], method = "GET"): VerdictObservation => ({ url, method, startedAt: T0 + at, verdict: v });

describe("mergeSources", () => {
  it("fills the DevTools entry with the headers only webRequest saw, and names both sources", () => {
    const d = devtools("e1", { url: ORDERS, at: 0, status: 401, requestHeaders: { Accept: "*/*" } });
    const w = webRequest("w1", { url: ORDERS, at: 3, status: 401, requestHeaders: { accept: "*/*", Cookie: "sid=s3cr3t" } });
    const [x, ...rest] = mergeSources([d], [w], []);
    expect(rest).toEqual([]);
    expect(x!.id).toBe("e1");
    // A header the log showed is not doubled in another case; the Cookie it did not show is added.
    expect(x!.request.headers).toEqual([
      { name: "Accept", value: "*/*" },
      { name: "Cookie", value: "sid=s3cr3t" },
    ]);
    expect(x!.sources).toEqual(["devtools-network", "web-request"]);
  });

  it("keeps a request only webRequest saw (Firefox's CORS-blocked requests) on its own", () => {
    const d = devtools("e1", { url: ORDERS, at: 0 });
    const blocked = webRequest("w9", { url: LOGIN, method: "POST", at: 10, status: 0, error: "NS_ERROR_DOM_BAD_URI" });
    expect(mergeSources([d], [blocked], []).map((x) => [x.id, x.error])).toEqual([
      ["e1", undefined],
      ["w9", "NS_ERROR_DOM_BAD_URI"],
    ]);
  });

  it("pairs repeated requests each with the nearest in time, one to one", () => {
    const ds = [devtools("e1", { url: ORDERS, at: 0 }), devtools("e2", { url: ORDERS, at: 1_000 })];
    const ws = [
      webRequest("w2", { url: ORDERS, at: 1_004, requestHeaders: { Cookie: "n=2" } }),
      webRequest("w1", { url: ORDERS, at: 2, requestHeaders: { Cookie: "n=1" } }),
    ];
    const merged = mergeSources(ds, ws, []);
    expect(merged.map((x) => [x.id, x.request.headers.find((h) => h.name === "Cookie")?.value])).toEqual([
      ["e1", "n=1"],
      ["e2", "n=2"],
    ]);
  });

  it("does not pair across methods, or beyond 2 s", () => {
    const d = devtools("e1", { url: ORDERS, at: 0 });
    const otherMethod = webRequest("w1", { url: ORDERS, method: "POST", at: 1 });
    const tooLate = webRequest("w2", { url: ORDERS, at: 2_001 });
    expect(mergeSources([d], [otherMethod, tooLate], []).map((x) => x.id)).toEqual(["e1", "w1", "w2"]);
    // 2 s apart still pairs: the window is inclusive.
    expect(mergeSources([d], [webRequest("w3", { url: ORDERS, at: 2_000 })], []).map((x) => x.id)).toEqual(["e1"]);
  });

  it("takes the response, the error, the resource type and the duration the log lacked", () => {
    const bare = { ...devtools("e1", { url: ORDERS, at: 0 }), response: undefined, resourceType: undefined, durationMs: undefined };
    const w = { ...webRequest("w1", { url: ORDERS, at: 1, status: 200, error: "net::ERR_FAILED" }), durationMs: 42 };
    const [x] = mergeSources([bare], [w], []);
    expect(x!.response?.status).toBe(200);
    expect(x!.error).toBe("net::ERR_FAILED");
    expect(x!.resourceType).toBe("xhr");
    // A log entry without a time (the Time column would be empty) takes webRequest's.
    expect(x!.durationMs).toBe(42);
  });

  it("keeps the log's own response and error when it has them", () => {
    const d = devtools("e1", { url: ORDERS, at: 0, status: 200, error: "net::ERR_FAILED" });
    const w = webRequest("w1", { url: ORDERS, at: 1, status: 401, error: "net::ERR_ABORTED" });
    const [x] = mergeSources([d], [w], []);
    expect([x!.response?.status, x!.error, x!.resourceType]).toEqual([200, "net::ERR_FAILED", "fetch"]);
  });

  it("gives each verdict to the nearest exchange of its request, and adds the debugger as a source", () => {
    const ds = [devtools("e1", { url: LOGIN, method: "POST", at: 0 }), devtools("e2", { url: LOGIN, method: "POST", at: 900 })];
    const vs = [
      verdict(LOGIN, 905, { blockedCookies: [{ name: "sid", reasons: ["SameSiteLax"] }] }, "post"),
      verdict(LOGIN, 1, { corsError: "InvalidAllowCredentials" }, "POST"),
      // No exchange within the window: dropped, not given to a far one.
      verdict(LOGIN, 5_000, { corsError: "PreflightMissingAllowOriginHeader" }, "POST"),
    ];
    const merged = mergeSources(ds, [], vs);
    expect(merged.map((x) => [x.id, x.browserVerdict, x.sources])).toEqual([
      ["e1", { corsError: "InvalidAllowCredentials" }, ["devtools-network", "debugger"]],
      ["e2", { blockedCookies: [{ name: "sid", reasons: ["SameSiteLax"] }] }, ["devtools-network", "debugger"]],
    ]);
  });

  it("pairs a verdict with a request only webRequest saw", () => {
    const blocked = webRequest("w9", { url: LOGIN, method: "POST", at: 10, status: 0, error: "net::ERR_FAILED" });
    const [x] = mergeSources([], [blocked], [verdict(LOGIN, 12, { corsError: "MissingAllowOriginHeader" }, "POST")]);
    expect(x!.browserVerdict).toEqual({ corsError: "MissingAllowOriginHeader" });
    expect(x!.sources).toEqual(["web-request", "debugger"]);
  });

  it("changes none of its inputs", () => {
    const d = devtools("e1", { url: ORDERS, at: 0 });
    const w = webRequest("w1", { url: ORDERS, at: 1, requestHeaders: { Cookie: "n=1" } });
    const before = JSON.stringify([d, w]);
    mergeSources([d], [w], [verdict(ORDERS, 0, { corsError: "InvalidAllowCredentials" })]);
    expect(JSON.stringify([d, w])).toBe(before);
  });
});
