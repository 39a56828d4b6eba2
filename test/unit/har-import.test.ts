import { describe, expect, it } from "vitest";
import { analyzeHar, importHarDocument } from "../../src/core/analyze-har.ts";
import { statusOf } from "../../src/core/exchange.ts";
import { isPreflight } from "../../src/core/preflight.ts";
import { importHar } from "../../src/core/har.ts";
import { headerValue } from "../../src/core/headers.ts";
import { LIMITS, TRUNCATION_MARK } from "../../src/core/limits.ts";
import { API_ORIGIN, PAGE_ORIGIN, T0, chromeEntry, chromePreflight, entry, harOf, importEntries } from "./helpers.ts";

function imported(doc: unknown) {
  const r = importHar(doc);
  if (!r.ok) throw new Error(r.error);
  return r.har;
}

describe("Chromium HAR entries", () => {
  const pages = [{ id: "page_1", title: `${PAGE_ORIGIN}/dashboard` }];
  // Chromium records the actual request as starting before its preflight: fetch() begins it.
  const doc = harOf(
    [
      chromePreflight({ url: `${API_ORIGIN}/v1/orders`, at: 5, requestMethod: "GET", status: 204, pageref: "page_1" }),
      chromeEntry({
        url: `${API_ORIGIN}/v1/orders`,
        at: 0,
        status: 0,
        error: "net::ERR_FAILED",
        requestHeaders: { Origin: PAGE_ORIGIN, Authorization: "Bearer abc" },
        pageref: "page_1",
      }),
      chromeEntry({
        url: `${API_ORIGIN}/v1/me`,
        at: 20,
        status: 200,
        error: "net::ERR_FAILED",
        requestHeaders: { Origin: PAGE_ORIGIN, Cookie: "session=s1" },
        responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN },
        pageref: "page_1",
        time: 123.5,
      }),
    ],
    "WebInspector",
    pages,
  );

  it("reads the creator and every entry, in start-time order", () => {
    const har = imported(doc);
    expect(har.creator).toBe("WebInspector");
    expect(har.skipped).toEqual([]);
    expect(har.exchanges.map((x) => x.id)).toEqual(["e1", "e2", "e3"]);
    expect(har.exchanges.map((x) => x.observedAt)).toEqual([T0, T0 + 5, T0 + 20]);
    expect(har.exchanges.map((x) => x.request.method)).toEqual(["GET", "OPTIONS", "GET"]);
  });

  it("labels the preflight from _resourceType and _initiator", () => {
    const pre = imported(doc).exchanges[1]!;
    expect(pre.resourceType).toBe("preflight");
    expect(pre.initiatorType).toBe("preflight");
    expect(isPreflight(pre)).toBe(true);
    expect(pre.response?.status).toBe(204);
    expect(headerValue(pre.request.headers, "access-control-request-method")).toBe("GET");
  });

  it("turns status 0 with net::ERR_FAILED into an exchange without a response that keeps the error", () => {
    const failed = imported(doc).exchanges[0]!;
    expect(failed.response).toBeUndefined();
    expect(statusOf(failed)).toBe(0);
    expect(failed.error).toBe("net::ERR_FAILED");
    expect(failed.resourceType).toBe("fetch");
    expect(failed.initiatorType).toBe("script");
    expect(isPreflight(failed)).toBe(false);
    // The provisional request headers Chromium lists are still kept.
    expect(headerValue(failed.request.headers, "authorization")).toBe("Bearer abc");
  });

  it("keeps the real status and the error of a credentialed CORS failure", () => {
    const x = imported(doc).exchanges[2]!;
    expect(x.response?.status).toBe(200);
    expect(x.response?.statusText).toBe("OK");
    expect(x.error).toBe("net::ERR_FAILED");
    expect(headerValue(x.response?.headers ?? [], "access-control-allow-origin")).toBe(PAGE_ORIGIN);
    expect(x.durationMs).toBe(123.5);
  });

  it("maps pageref to the page URL Chromium uses as page title", () => {
    for (const x of imported(doc).exchanges) expect(x.pageUrl).toBe(`${PAGE_ORIGIN}/dashboard`);
  });

  it("records the capture source", () => {
    expect(imported(doc).exchanges.every((x) => x.sources.length === 1 && x.sources[0] === "har-file")).toBe(true);
    const live = importHar(doc, "devtools-network");
    expect(live.ok && live.har.exchanges.every((x) => x.sources[0] === "devtools-network")).toBe(true);
  });

  it("reads Chromium's upper-case resource types in lower case", () => {
    const [x] = importEntries([entry({ resourceType: "XHR" })]);
    expect(x?.resourceType).toBe("xhr");
  });
});

describe("Firefox HAR entries", () => {
  const pages = [{ id: "page_1", title: "Orders — Example Shop" }];
  const doc = harOf(
    [
      entry({
        method: "OPTIONS",
        url: `${API_ORIGIN}/v1/orders`,
        at: 0,
        status: 200,
        requestHeaders: { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "PUT" },
        pageref: "page_1",
      }),
      entry({ method: "PUT", url: `${API_ORIGIN}/v1/orders`, at: 10, status: 401, pageref: "page_1" }),
      // A plain OPTIONS request (no Access-Control-Request-Method) is not a preflight.
      entry({ method: "OPTIONS", url: `${API_ORIGIN}/v1/orders`, at: 20, status: 204, pageref: "page_1" }),
    ],
    "Firefox",
    pages,
  );

  it("detects the preflight from OPTIONS + Access-Control-Request-Method", () => {
    const [pre, put, options] = imported(doc).exchanges;
    expect(pre?.resourceType).toBe("preflight");
    expect(pre?.initiatorType).toBeUndefined();
    expect(pre && isPreflight(pre)).toBe(true);
    expect(put?.resourceType).toBeUndefined();
    expect(put && isPreflight(put)).toBe(false);
    expect(options && isPreflight(options)).toBe(false);
  });

  it("detects a preflight whose method is written in lower case", () => {
    const [x] = importEntries(
      [entry({ method: "options", requestHeaders: { "access-control-request-method": "DELETE" } })],
      "Firefox",
    );
    expect(x?.request.method).toBe("OPTIONS");
    expect(x && isPreflight(x)).toBe(true);
  });

  it("gives no page URL when the page title is the document title", () => {
    const har = imported(doc);
    expect(har.creator).toBe("Firefox");
    for (const x of har.exchanges) expect(x.pageUrl).toBeUndefined();
  });
});

describe("order and ids", () => {
  it("sorts by startedDateTime and numbers the exchanges e1, e2, … in that order", () => {
    const xs = importEntries([
      entry({ url: "https://api.example.com/c", at: 300 }),
      entry({ url: "https://api.example.com/a", at: 100 }),
      entry({ url: "https://api.example.com/b", at: 200 }),
    ]);
    expect(xs.map((x) => [x.id, new URL(x.request.url).pathname])).toEqual([
      ["e1", "/a"],
      ["e2", "/b"],
      ["e3", "/c"],
    ]);
  });

  it("keeps the file order for entries that started at the same time", () => {
    const xs = importEntries([entry({ url: "https://api.example.com/1" }), entry({ url: "https://api.example.com/2" })]);
    expect(xs.map((x) => x.request.url)).toEqual(["https://api.example.com/1", "https://api.example.com/2"]);
  });

  it("reads timestamps with a zone offset as the same instant", () => {
    const e = entry();
    e.startedDateTime = "2026-11-24T11:00:00.250+01:00";
    const [x] = importEntries([e]);
    expect(x?.observedAt).toBe(T0 + 250);
  });

  it("gives ids only to readable entries, without gaps", () => {
    const har = imported(harOf([entry({ at: 1 }), 42, { request: {} }, entry({ at: 2 })]));
    expect(har.exchanges.map((x) => x.id)).toEqual(["e1", "e2"]);
    expect(har.skipped.map((s) => s.index).sort()).toEqual([1, 2]);
  });
});

describe("hostile input", () => {
  function importOne(e: unknown) {
    const har = imported(harOf([e]));
    return { x: har.exchanges[0], skipped: har.skipped };
  }

  it.each([
    ["null", null],
    ["a number", 42],
    ["a string", "GET https://api.example.com/"],
    ["an array", [entry()]],
    ["true", true],
  ])("skips an entry that is %s, saying why", (_label, e) => {
    const har = imported(harOf([e, entry()]));
    expect(har.exchanges).toHaveLength(1);
    expect(har.skipped).toHaveLength(1);
    expect(har.skipped[0]?.index).toBe(0);
    expect(har.skipped[0]?.reason).toMatch(/\S/);
  });

  it.each([
    ["no request", { startedDateTime: new Date(T0).toISOString(), response: { status: 200 } }],
    ["a request that is a string", { request: "GET /" }],
    ["a request without url", { request: { method: "GET", headers: [] } }],
    ["an empty url", { request: { method: "GET", url: "" } }],
    ["a url that is a number", { request: { method: "GET", url: 42 } }],
  ])("skips an entry with %s", (_label, e) => {
    const { x, skipped } = importOne(e);
    expect(x).toBeUndefined();
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.reason).toMatch(/request|url/i);
  });

  it("keeps a skipped entry's method (clipped), so the panel can name it; a URL that is no text is not kept", () => {
    const long = "X".repeat(500);
    const har = imported(harOf([{ request: { method: "PATCH", url: 42 } }, { request: { method: long, url: "" } }, entry()]));
    expect(har.skipped).toEqual([
      { index: 0, reason: "the request has no URL", method: "PATCH" },
      { index: 1, reason: "the request has no URL", method: `${"X".repeat(64)}${TRUNCATION_MARK}` },
    ]);
  });

  it("importHarDocument reads what analyzeHar reads, without diagnoses", () => {
    const doc = harOf([entry({ status: 401 }), "not an entry"]);
    const read = importHarDocument(doc);
    const analysed = analyzeHar(doc);
    if (!read.ok || !analysed.ok) throw new Error("expected both to read the document");
    expect(read.har).toEqual(analysed.analysis.har);
    expect(read.facts).toEqual(analysed.analysis.facts);
    expect(Object.keys(read)).not.toContain("diagnoses");
    expect(importHarDocument({ log: {} })).toEqual({ ok: false, error: expect.stringContaining("log.entries") });
  });

  it("reads headers that are not a list as no headers", () => {
    const e = entry();
    (e.request as Record<string, unknown>).headers = { Authorization: "Bearer abc" };
    (e.response as Record<string, unknown>).headers = "WWW-Authenticate: Bearer";
    const { x } = importOne(e);
    expect(x?.request.headers).toEqual([]);
    expect(x?.response?.headers).toEqual([]);
  });

  it("drops header lines that are not objects or have no name, keeping the others in order", () => {
    const e = entry();
    (e.request as Record<string, unknown>).headers = [
      null,
      "Accept: */*",
      { value: "no name" },
      { name: "", value: "empty name" },
      { name: 7, value: "numeric name" },
      { name: "Accept", value: "application/json" },
      { name: "X-Trace", value: "t1" },
    ];
    const { x } = importOne(e);
    expect(x?.request.headers).toEqual([
      { name: "Accept", value: "application/json" },
      { name: "X-Trace", value: "t1" },
    ]);
  });

  it("turns header values that are not strings into strings", () => {
    const e = entry();
    (e.request as Record<string, unknown>).headers = [
      { name: "X-Number", value: 42 },
      { name: "X-Null", value: null },
      { name: "X-Missing" },
      { name: "X-Bool", value: false },
      { name: "X-Object", value: { a: 1 } },
      { name: "X-List", value: ["a", "b"] },
    ];
    const { x } = importOne(e);
    expect(x?.request.headers.map((h) => h.name)).toEqual(["X-Number", "X-Null", "X-Missing", "X-Bool", "X-Object", "X-List"]);
    for (const h of x?.request.headers ?? []) expect(typeof h.value).toBe("string");
  });

  // Regression test for a fixed bug: har.ts readHeaders coerces a non-string value with String(), which throws a TypeError
  // for a JSON object whose "toString" key is not a function (valid JSON: {"toString": 1}).
  // exchangeFromHarEntry documents "Never throws"; importHar throws instead, and analyzeHar then
  // refuses the whole file rather than reading the other entries.
  it("does not throw on a header value object that shadows toString", () => {
    const bad = entry({ url: `${API_ORIGIN}/bad`, at: 0 });
    (bad.request as Record<string, unknown>).headers = JSON.parse('[{"name":"X-Odd","value":{"toString":1}}]');
    const good = entry({ url: `${API_ORIGIN}/good`, at: 1, status: 401 });
    const doc = harOf([bad, good]);
    expect(() => importHar(doc)).not.toThrow();
    const r = analyzeHar(doc);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.analysis.har.exchanges.length + r.analysis.har.skipped.length).toBe(2);
  });

  it(`keeps at most LIMITS.headersPerMessage (${LIMITS.headersPerMessage}) of 5,000 header lines, the first ones`, () => {
    const many = Array.from({ length: 5_000 }, (_, i) => [`X-H${i}`, `v${i}`] as const);
    const { x } = importOne(entry({ requestHeaders: many, responseHeaders: many }));
    expect(x?.request.headers).toHaveLength(LIMITS.headersPerMessage);
    expect(x?.response?.headers).toHaveLength(LIMITS.headersPerMessage);
    expect(x?.request.headers[0]).toEqual({ name: "X-H0", value: "v0" });
    const last = LIMITS.headersPerMessage - 1;
    expect(x?.request.headers[last]).toEqual({ name: `X-H${last}`, value: `v${last}` });
  });

  it("clips a 1 MB header value and marks the cut", () => {
    const huge = "a".repeat(1024 * 1024);
    const { x } = importOne(entry({ requestHeaders: { Cookie: `big=${huge}` } }));
    const v = headerValue(x?.request.headers ?? [], "cookie") ?? "";
    expect(v.length).toBe(LIMITS.headerValueChars + TRUNCATION_MARK.length);
    expect(v.endsWith(TRUNCATION_MARK)).toBe(true);
    expect(v.startsWith(`big=${"a".repeat(LIMITS.headerValueChars - 4)}`)).toBe(true);
  });

  it("clips a huge URL and a huge cookie list", () => {
    const e = entry({
      url: `${API_ORIGIN}/?q=${"x".repeat(LIMITS.urlChars * 2)}`,
      cookies: Array.from({ length: LIMITS.cookiesPerRequest * 2 }, (_, i) => ({ name: `c${i}`, value: "v" })),
    });
    const { x } = importOne(e);
    expect(x?.request.url.length).toBe(LIMITS.urlChars + TRUNCATION_MARK.length);
    expect(x?.request.url.endsWith(TRUNCATION_MARK)).toBe(true);
    expect(x?.request.cookies).toHaveLength(LIMITS.cookiesPerRequest);
  });

  it("reads a three-digit status written as a string, as some exporters write it", () => {
    const e = entry();
    (e.response as Record<string, unknown>).status = "401";
    const { x } = importOne(e);
    expect(x && statusOf(x)).toBe(401);
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["a word", "Unauthorized"],
  ])("treats a status of %s as no response", (_label, status) => {
    const e = entry();
    (e.response as Record<string, unknown>).status = status;
    const { x } = importOne(e);
    expect(x?.response).toBeUndefined();
    expect(x && statusOf(x)).toBe(0);
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["negative", -1],
    ["a string", "12"],
  ])("gives no duration for a time of %s", (_label, time) => {
    const e = entry();
    e.time = time;
    const { x } = importOne(e);
    expect(x).toBeDefined();
    expect(x?.durationMs).toBeUndefined();
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["not a date", "yesterday-ish"],
    ["missing", undefined],
  ])("keeps an entry whose startedDateTime is %s, with a finite observedAt", (_label, started) => {
    const e = entry();
    e.startedDateTime = started;
    const { x } = importOne(e);
    expect(x).toBeDefined();
    expect(Number.isFinite(x?.observedAt)).toBe(true);
  });

  it("reads vendor fields of the wrong type as absent", () => {
    const e = entry();
    e._resourceType = 7;
    e._initiator = "preflight";
    (e.response as Record<string, unknown>)._error = { code: -2 };
    e.pageref = 1;
    const har = imported(harOf([e], "WebInspector", [{ id: "1", title: "https://app.example.com/" }]));
    const x = har.exchanges[0];
    expect(x?.resourceType).toBeUndefined();
    expect(x?.initiatorType).toBeUndefined();
    expect(x?.error).toBeUndefined();
    expect(x?.pageUrl).toBeUndefined();
  });

  it("ignores a creator or pages of the wrong type", () => {
    const doc = { log: { creator: "WebInspector", pages: "page_1", entries: [entry({ pageref: "page_1" })] } };
    const har = imported(doc);
    expect(har.creator).toBeUndefined();
    expect(har.exchanges[0]?.pageUrl).toBeUndefined();
  });

  it("never throws on a whole file of broken entries, and reports each one", () => {
    const broken: unknown[] = [
      null,
      {},
      { request: null },
      { request: { url: null } },
      { request: { url: "https://x.example/", headers: [1, 2, 3] }, response: { status: "x", headers: null } },
      { request: { url: "not a url at all", method: 5, cookies: "a=b" }, response: [] },
    ];
    const r = analyzeHar(harOf(broken));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.analysis.har.exchanges.length + r.analysis.har.skipped.length).toBe(broken.length);
    expect(r.analysis.har.skipped.map((s) => s.index).sort()).toEqual([0, 1, 2, 3]);
    expect(r.analysis.har.exchanges.map((x) => x.request.method)).toEqual(["GET", "GET"]);
  });
});

describe("documents that are not HAR", () => {
  it.each([
    ["null", null],
    ["an array", []],
    ["a string", "{\"log\":{}}"],
    ["an empty object", {}],
    ["a log that is not an object", { log: [] }],
    ["a log without entries", { log: {} }],
    ["entries that are an object", { log: { entries: {} } }],
    ["entries that are null", { log: { entries: null } }],
  ])("refuses %s with a message", (_label, doc) => {
    const r = importHar(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/not a HAR file/);
    const viaAnalyze = analyzeHar(doc);
    expect(viaAnalyze).toEqual({ ok: false, error: r.error });
  });

  it("says which part is missing", () => {
    const messages = [null, {}, { log: {} }].map((d) => {
      const r = importHar(d);
      return r.ok ? "" : r.error;
    });
    expect(messages[0]).toMatch(/object/);
    expect(messages[1]).toMatch(/"log"/);
    expect(messages[2]).toMatch(/entries/);
  });

  it("accepts an empty entries list", () => {
    const har = imported({ log: { entries: [] } });
    expect(har.exchanges).toEqual([]);
    expect(har.skipped).toEqual([]);
  });
});
