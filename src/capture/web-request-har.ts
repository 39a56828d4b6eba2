/**
 * A request as webRequest reports it, event by event, shaped as a HAR entry so that the one HAR
 * reader in core turns it into an Exchange. Pure: the events' details in, a record and an entry
 * out; capture/web-request.ts listens to the browser.
 */
import type { WebRequest } from "webextension-polyfill";

/** What the events of one request said so far. */
export interface InFlight {
  tabId: number;
  url: string;
  method: string;
  type: string;
  startedAt: number;
  requestHeaders?: WebRequest.HttpHeaders;
  status?: number;
  statusLine?: string;
  responseHeaders?: WebRequest.HttpHeaders;
}

/** The details every webRequest event carries about its request. */
export interface RequestDetails {
  requestId: string;
  tabId: number;
  url: string;
  method: string;
  type: string;
  timeStamp: number;
}

/** How a request ended: its last event's time, and the error or redirect it reported. */
export interface RequestEnd {
  readonly at: number;
  readonly error?: string;
  readonly redirectURL?: string;
}

/**
 * webRequest resource types → the DevTools names core uses. webRequest reports fetch() and
 * XMLHttpRequest alike as `xmlhttprequest` (Firefox and Chromium: no field tells them apart);
 * the list calls them `fetch`, what pages call APIs with today and what Chromium's DevTools shows
 * for them. Where DevTools' own log has the request, its exact type wins (capture/merge.ts).
 */
const TYPES: Record<string, string> = { xmlhttprequest: "fetch", main_frame: "document", sub_frame: "iframe" };

/** A header list as HAR has it: one entry per header line. */
export function harHeaders(h: WebRequest.HttpHeaders | undefined): { name: string; value: string }[] {
  // Firefox hands repeated Set-Cookie / WWW-Authenticate lines over as one value joined by "\n"
  // (which no header value can contain, RFC 9110 §5.5): one entry per line, as Chromium gives them.
  return (h ?? []).flatMap((x) => (x.value ?? "").split("\n").map((value) => ({ name: x.name, value })));
}

/**
 * A request's record begun from one event's details. For a request whose first events went to
 * a background that was stopped since (an MV3 service worker dies with its memory, and Chromium
 * starts a new one for the request's next event), that is a later event: its start time is that
 * event's, and the request headers, reported only before the stop, are not known
 * (PLATFORM-FACTS.md).
 */
export function recordOf(d: RequestDetails): InFlight {
  return { tabId: d.tabId, url: d.url, method: d.method, type: d.type, startedAt: d.timeStamp };
}

/** The status line and headers an event reports, where it reports them (onHeadersReceived, onBeforeRedirect, onCompleted). */
export function takeResponse(f: InFlight, d: { statusCode?: number; statusLine?: string; responseHeaders?: WebRequest.HttpHeaders }): void {
  if (d.statusCode === undefined || d.statusCode <= 0) return;
  f.status = d.statusCode;
  if (d.statusLine !== undefined) f.statusLine = d.statusLine;
  if (d.responseHeaders !== undefined) f.responseHeaders = d.responseHeaders;
}

/** The HAR entry of a request that ended. */
export function webRequestHarEntry(f: InFlight, end: RequestEnd): unknown {
  return {
    startedDateTime: new Date(f.startedAt).toISOString(),
    // HAR `time`: from the request's start to its last event, as webRequest stamps them.
    time: Math.max(0, end.at - f.startedAt),
    _resourceType: TYPES[f.type] ?? f.type,
    request: { method: f.method, url: f.url, headers: harHeaders(f.requestHeaders), cookies: [] },
    response: {
      status: f.status ?? 0,
      // The reason phrase after "HTTP/1.1 401 " (RFC 9112 §4); it may be empty.
      statusText: f.statusLine?.replace(/^HTTP\/\S+\s+\d+\s*/, "") ?? "",
      headers: harHeaders(f.responseHeaders),
      ...(end.redirectURL ? { redirectURL: end.redirectURL } : {}),
      ...(end.error ? { _error: end.error } : {}),
    },
  };
}
