/**
 * Capture with webRequest, in the background, for what the DevTools log does not show: Firefox
 * leaves CORS-blocked requests out of its HAR entirely (they only appear here, failing with
 * NS_ERROR_DOM_BAD_URI), and Chromium shows preflights and the Cookie header to webRequest only
 * with 'extraHeaders' (PLATFORM-FACTS.md). Events only arrive for hosts the user granted.
 *
 * Each request's events are gathered by requestId and, when it ends, shaped as a HAR entry so
 * that the one HAR reader in core turns it into an Exchange.
 */
import browser, { type WebRequest } from "webextension-polyfill";
import type { Exchange } from "../core/exchange.ts";
import type { Header } from "../core/headers.ts";
import { exchangeFromHarEntry } from "../core/har.ts";

const DELIVERY_UNKNOWN = __AUTHLENS_BROWSER__ === "firefox";

/** Requests in flight per extension; a page that never finishes its requests cannot grow this. */
const MAX_IN_FLIGHT = 2_000;

interface InFlight {
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

/** webRequest resource types → the DevTools names core uses. */
const TYPES: Record<string, string> = { xmlhttprequest: "xhr", main_frame: "document", sub_frame: "iframe" };

function harHeaders(h: WebRequest.HttpHeaders | undefined): { name: string; value: string }[] {
  // Firefox hands repeated Set-Cookie / WWW-Authenticate lines over as one value joined by "\n"
  // (which no header value can contain): one entry per line, as Chromium gives them.
  return (h ?? []).flatMap((x) => (x.value ?? "").split("\n").map((value) => ({ name: x.name, value })));
}

function toEntry(f: InFlight, end: { error?: string; redirectURL?: string; at: number }): unknown {
  return {
    startedDateTime: new Date(f.startedAt).toISOString(),
    // HAR `time`: from the request's start to its last event, as webRequest stamps them.
    time: Math.max(0, end.at - f.startedAt),
    _resourceType: TYPES[f.type] ?? f.type,
    request: { method: f.method, url: f.url, headers: harHeaders(f.requestHeaders), cookies: [] },
    response: {
      status: f.status ?? 0,
      statusText: f.statusLine?.replace(/^HTTP\/\S+\s+\d+\s*/, "") ?? "",
      headers: harHeaders(f.responseHeaders),
      ...(end.redirectURL ? { redirectURL: end.redirectURL } : {}),
      ...(end.error ? { _error: end.error } : {}),
    },
  };
}

/**
 * Chromium needs 'extraHeaders' to show Cookie and preflights; Firefox rejects the value
 * ("Invalid enumeration value"). Try with it, fall back without.
 */
function addWithExtraHeaders<T>(
  event: { addListener(cb: T, filter: WebRequest.RequestFilter, spec?: string[]): void },
  cb: T,
  filter: WebRequest.RequestFilter,
  spec: string[],
): void {
  try {
    event.addListener(cb, filter, [...spec, "extraHeaders"]);
  } catch {
    event.addListener(cb, filter, spec);
  }
}

/** The details every webRequest event carries about its request. */
interface RequestDetails {
  requestId: string;
  tabId: number;
  url: string;
  method: string;
  type: string;
  timeStamp: number;
}

/**
 * A request whose first events went to a background that was stopped since (an MV3 service
 * worker dies with its memory, and Chromium starts a new one for the request's next event): its
 * record is begun from the later event's own details. Its start time is that event's; the
 * request headers, reported only before the stop, are not known (PLATFORM-FACTS.md).
 */
function recordOf(d: RequestDetails): InFlight {
  return { tabId: d.tabId, url: d.url, method: d.method, type: d.type, startedAt: d.timeStamp };
}

/** The status line and headers an event reports, where it reports them (onHeadersReceived, onBeforeRedirect, onCompleted). */
function takeResponse(f: InFlight, d: { statusCode?: number; statusLine?: string; responseHeaders?: WebRequest.HttpHeaders }): void {
  if (d.statusCode === undefined || d.statusCode <= 0) return;
  f.status = d.statusCode;
  if (d.statusLine !== undefined) f.statusLine = d.statusLine;
  if (d.responseHeaders !== undefined) f.responseHeaders = d.responseHeaders;
}

export interface WebRequestCaptureOptions {
  /** Makes exchange ids unique across restarts of the background: `w<idPrefix>-<n>`. */
  readonly idPrefix?: string;
  /**
   * A request's headers went out (onSendHeaders). A panel that outlives this background keeps
   * them, for the exchange a restarted background completes without them.
   */
  readonly onStarted?: (tabId: number, requestId: string, headers: readonly Header[]) => void;
  /** Only this tab's requests (standalone AuthLens watching one tab from its own page). */
  readonly tabId?: number;
}

export function startWebRequestCapture(
  onExchange: (tabId: number, x: Exchange, requestId: string) => void,
  options: WebRequestCaptureOptions = {},
): () => void {
  const inFlight = new Map<string, InFlight>();
  let next = 1;
  const idPrefix = options.idPrefix === undefined ? "w" : `w${options.idPrefix}-`;
  const filter: WebRequest.RequestFilter = options.tabId === undefined ? { urls: ["<all_urls>"] } : { urls: ["<all_urls>"], tabId: options.tabId };

  const track = (id: string, f: InFlight) => {
    if (inFlight.size >= MAX_IN_FLIGHT) {
      const oldest = inFlight.keys().next().value;
      if (oldest !== undefined) inFlight.delete(oldest);
    }
    inFlight.set(id, f);
  };
  /** The record of a request in flight; begun from these details if its start was not seen here. */
  const recordFor = (d: RequestDetails): InFlight | undefined => {
    if (d.tabId < 0) return undefined;
    let f = inFlight.get(d.requestId);
    if (!f) {
      f = recordOf(d);
      track(d.requestId, f);
    }
    return f;
  };

  const finish = (d: RequestDetails, outcome: { error?: string; redirectURL?: string }) => {
    const end = { ...outcome, at: d.timeStamp };
    const f = recordFor(d);
    if (!f) return;
    inFlight.delete(d.requestId);
    const r = exchangeFromHarEntry(toEntry(f, end), { id: `${idPrefix}${next++}`, source: "web-request" });
    if (!r.ok) return;
    // Firefox reports a response that CORS then withholds from the page as completed (measured:
    // credentialed without Allow-Credentials, missing or wrong Allow-Origin); Chromium fails it.
    onExchange(f.tabId, DELIVERY_UNKNOWN && !end.error ? { ...r.exchange, deliveryUnknown: true } : r.exchange, d.requestId);
  };

  const onBefore = (d: WebRequest.OnBeforeRequestDetailsType) => {
    if (d.tabId < 0) return;
    track(d.requestId, recordOf(d));
  };
  const onSend = (d: WebRequest.OnSendHeadersDetailsType) => {
    const f = recordFor(d);
    if (!f) return;
    f.requestHeaders = d.requestHeaders;
    options.onStarted?.(f.tabId, d.requestId, harHeaders(d.requestHeaders));
  };
  const onHeaders = (d: WebRequest.OnHeadersReceivedDetailsType) => {
    const f = recordFor(d);
    if (f) takeResponse(f, d);
  };
  const onRedirect = (d: WebRequest.OnBeforeRedirectDetailsType) => {
    const f = recordFor(d);
    if (f) takeResponse(f, d);
    finish(d, { redirectURL: d.redirectUrl });
    // The redirected request keeps its requestId: start a new record for the next hop.
    onBefore({ ...d, url: d.redirectUrl } as unknown as WebRequest.OnBeforeRequestDetailsType);
  };
  const onCompleted = (d: WebRequest.OnCompletedDetailsType) => {
    const f = recordFor(d);
    if (f) takeResponse(f, d);
    finish(d, {});
  };
  const onError = (d: WebRequest.OnErrorOccurredDetailsType) => finish(d, { error: d.error });

  const wr = browser.webRequest;
  wr.onBeforeRequest.addListener(onBefore, filter);
  addWithExtraHeaders(wr.onSendHeaders, onSend, filter, ["requestHeaders"]);
  addWithExtraHeaders(wr.onHeadersReceived, onHeaders, filter, ["responseHeaders"]);
  // The response headers again at the end: a background restarted mid-request missed onHeadersReceived.
  addWithExtraHeaders(wr.onBeforeRedirect, onRedirect, filter, ["responseHeaders"]);
  addWithExtraHeaders(wr.onCompleted, onCompleted, filter, ["responseHeaders"]);
  // Firefox throws on an empty extraInfoSpec here: pass none (PLATFORM-FACTS.md).
  wr.onErrorOccurred.addListener(onError, filter);

  return () => {
    wr.onBeforeRequest.removeListener(onBefore);
    wr.onSendHeaders.removeListener(onSend);
    wr.onHeadersReceived.removeListener(onHeaders);
    wr.onBeforeRedirect.removeListener(onRedirect);
    wr.onCompleted.removeListener(onCompleted);
    wr.onErrorOccurred.removeListener(onError);
  };
}
