/**
 * webRequest events shaped as a HAR entry (src/capture/web-request-har.ts), then read by core's
 * one HAR reader. Event details are shaped as Chromium 156 and Firefox ESR 153 deliver them
 * (PLATFORM-FACTS.md): Firefox joins repeated header lines with "\n" and fails CORS-blocked
 * requests with NS_ERROR_DOM_BAD_URI; Chromium gives each header line its own entry.
 */
import { describe, expect, it } from "vitest";
import { harHeaders, recordOf, takeResponse, webRequestHarEntry } from "../../../src/capture/web-request-har.ts";
import { exchangeFromHarEntry } from "../../../src/core/har.ts";

const T = Date.UTC(2026, 10, 24, 10, 0, 0);

/** Chromium's onBeforeRequest for a fetch() of the page. */
const chromeBefore = {
  documentId: "5D1E0A2B7F0C4E4A9C1D2E3F4A5B6C7D",
  documentLifecycle: "active",
  frameId: 0,
  frameType: "outermost_frame",
  initiator: "https://app.example.com",
  method: "GET",
  parentFrameId: -1,
  requestId: "1187",
  tabId: 412,
  timeStamp: T,
  type: "xmlhttprequest",
  url: "https://api.example.com/v1/orders",
};

/** Firefox's onHeadersReceived for a login answer with two cookies. */
const firefoxHeaders = {
  requestId: "219",
  url: "https://api.example.com/login",
  originUrl: "https://app.example.com/",
  documentUrl: "https://app.example.com/",
  method: "POST",
  type: "xmlhttprequest",
  timeStamp: T + 30,
  tabId: 3,
  frameId: 0,
  parentFrameId: -1,
  incognito: false,
  thirdParty: false,
  cookieStoreId: "firefox-default",
  ip: "127.0.0.1",
  frameAncestors: [],
  urlClassification: { firstParty: [], thirdParty: [] },
  statusCode: 200,
  statusLine: "HTTP/1.1 200 OK",
  responseHeaders: [
    { name: "content-type", value: "application/json" },
    { name: "set-cookie", value: "sid=s3cr3t; Path=/; HttpOnly; SameSite=None; Secure\ncsrf=9f1c; Path=/; SameSite=Strict" },
  ],
  proxyInfo: null,
};

function exchange(entry: unknown) {
  const r = exchangeFromHarEntry(entry, { id: "w1", source: "web-request" });
  if (!r.ok) throw new Error(r.reason);
  return r.exchange;
}

describe("header lines", () => {
  it("splits Firefox's newline-joined Set-Cookie value into one line each", () => {
    expect(harHeaders(firefoxHeaders.responseHeaders)).toEqual([
      { name: "content-type", value: "application/json" },
      { name: "set-cookie", value: "sid=s3cr3t; Path=/; HttpOnly; SameSite=None; Secure" },
      { name: "set-cookie", value: "csrf=9f1c; Path=/; SameSite=Strict" },
    ]);
  });

  it("splits joined WWW-Authenticate challenges the same way", () => {
    const joined = [{ name: "www-authenticate", value: 'Negotiate\nBasic realm="corp"' }];
    expect(harHeaders(joined).map((h) => h.value)).toEqual(["Negotiate", 'Basic realm="corp"']);
  });

  it("keeps Chromium's lines as they come, one entry each", () => {
    const chromium = [
      { name: "Set-Cookie", value: "sid=s3cr3t; Path=/" },
      { name: "Set-Cookie", value: "csrf=9f1c; Path=/" },
    ];
    expect(harHeaders(chromium)).toEqual(chromium);
  });

  it("has no headers when the event reported none, and an empty value for a binary one", () => {
    expect(harHeaders(undefined)).toEqual([]);
    expect(harHeaders([{ name: "x-bin", binaryValue: [1, 2] }])).toEqual([{ name: "x-bin", value: "" }]);
  });
});

describe("a request's record", () => {
  it("begins from the event's details: where, what, when", () => {
    expect(recordOf(chromeBefore)).toEqual({ tabId: 412, url: chromeBefore.url, method: "GET", type: "xmlhttprequest", startedAt: T });
  });

  it("takes the status and headers of an event that has them, and nothing from one that has none", () => {
    const f = recordOf(firefoxHeaders);
    takeResponse(f, firefoxHeaders);
    expect([f.status, f.statusLine, f.responseHeaders]).toEqual([200, "HTTP/1.1 200 OK", firefoxHeaders.responseHeaders]);
    // Firefox's onErrorOccurred carries no status; a status 0 says no answer came: what came stays.
    takeResponse(f, {});
    takeResponse(f, { statusCode: 0, statusLine: "" });
    expect([f.status, f.statusLine]).toEqual([200, "HTTP/1.1 200 OK"]);
  });

  it("keeps the earlier headers when a later event repeats the status without them", () => {
    const f = recordOf(firefoxHeaders);
    takeResponse(f, firefoxHeaders);
    takeResponse(f, { statusCode: 200, statusLine: "HTTP/1.1 200 OK" });
    expect(f.responseHeaders).toBe(firefoxHeaders.responseHeaders);
  });
});

describe("the HAR entry of a request that ended", () => {
  it("reads as Chromium's 401 with its challenge, its Authorization and its time", () => {
    const f = recordOf(chromeBefore);
    f.requestHeaders = [
      { name: "Authorization", value: "Bearer abc.def.ghi" },
      { name: "Accept", value: "*/*" },
    ];
    takeResponse(f, {
      statusCode: 401,
      statusLine: "HTTP/1.1 401 Unauthorized",
      responseHeaders: [{ name: "www-authenticate", value: 'Bearer error="invalid_token"' }],
    });
    const x = exchange(webRequestHarEntry(f, { at: T + 145 }));
    expect(x.request).toMatchObject({ method: "GET", url: chromeBefore.url, headers: f.requestHeaders });
    expect(x.response).toMatchObject({ status: 401, statusText: "Unauthorized", headers: [{ name: "www-authenticate", value: 'Bearer error="invalid_token"' }] });
    // fetch() and XMLHttpRequest are both `xmlhttprequest` to webRequest: listed as fetch.
    expect(x.resourceType).toBe("fetch");
    expect(x.observedAt).toBe(T);
    expect(x.durationMs).toBe(145);
    expect(x.error).toBeUndefined();
  });

  it("reads as Firefox's CORS-blocked request: no status, its error", () => {
    const f = recordOf({ ...firefoxHeaders, timeStamp: T });
    const x = exchange(webRequestHarEntry(f, { at: T + 12, error: "NS_ERROR_DOM_BAD_URI" }));
    expect(x.response?.status ?? 0).toBe(0);
    expect(x.error).toBe("NS_ERROR_DOM_BAD_URI");
    expect(x.request.method).toBe("POST");
  });

  it("names the next hop of a redirect, and the document types as DevTools does", () => {
    const f = recordOf({ ...chromeBefore, type: "main_frame", url: "https://app.example.com/login" });
    takeResponse(f, { statusCode: 302, statusLine: "HTTP/1.1 302 Found", responseHeaders: [{ name: "Location", value: "/home" }] });
    const x = exchange(webRequestHarEntry(f, { at: T + 5, redirectURL: "https://app.example.com/home" }));
    expect(x.response).toMatchObject({ status: 302, statusText: "Found", redirectURL: "https://app.example.com/home" });
    expect(x.resourceType).toBe("document");
    expect((webRequestHarEntry(recordOf({ ...chromeBefore, type: "sub_frame" }), { at: T }) as { _resourceType: string })._resourceType).toBe("iframe");
    expect((webRequestHarEntry(recordOf({ ...chromeBefore, type: "ping" }), { at: T }) as { _resourceType: string })._resourceType).toBe("ping");
  });

  it("has an empty reason phrase when the status line has none, and no negative time", () => {
    const f = recordOf(chromeBefore);
    takeResponse(f, { statusCode: 204, statusLine: "HTTP/2 204" });
    const entry = webRequestHarEntry(f, { at: T - 3 }) as { time: number; response: { statusText: string } };
    expect(entry.response.statusText).toBe("");
    expect(entry.time).toBe(0);
  });
});
