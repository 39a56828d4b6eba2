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

function toEntry(f: InFlight, end: { error?: string; redirectURL?: string }): unknown {
  return {
    startedDateTime: new Date(f.startedAt).toISOString(),
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

export function startWebRequestCapture(onExchange: (tabId: number, x: Exchange) => void): () => void {
  const inFlight = new Map<string, InFlight>();
  let next = 1;
  const filter: WebRequest.RequestFilter = { urls: ["<all_urls>"] };

  const finish = (id: string, end: { error?: string; redirectURL?: string }) => {
    const f = inFlight.get(id);
    if (!f) return;
    inFlight.delete(id);
    const r = exchangeFromHarEntry(toEntry(f, end), { id: `w${next++}`, source: "web-request" });
    if (!r.ok) return;
    // Firefox reports a response that CORS then withholds from the page as completed (measured:
    // credentialed without Allow-Credentials, missing or wrong Allow-Origin); Chromium fails it.
    onExchange(f.tabId, DELIVERY_UNKNOWN && !end.error ? { ...r.exchange, deliveryUnknown: true } : r.exchange);
  };

  const onBefore = (d: WebRequest.OnBeforeRequestDetailsType) => {
    if (d.tabId < 0) return;
    if (inFlight.size >= MAX_IN_FLIGHT) {
      const oldest = inFlight.keys().next().value;
      if (oldest !== undefined) inFlight.delete(oldest);
    }
    inFlight.set(d.requestId, { tabId: d.tabId, url: d.url, method: d.method, type: d.type, startedAt: d.timeStamp });
  };
  const onSend = (d: WebRequest.OnSendHeadersDetailsType) => {
    const f = inFlight.get(d.requestId);
    if (f) f.requestHeaders = d.requestHeaders;
  };
  const onHeaders = (d: WebRequest.OnHeadersReceivedDetailsType) => {
    const f = inFlight.get(d.requestId);
    if (!f) return;
    f.status = d.statusCode;
    f.statusLine = d.statusLine;
    f.responseHeaders = d.responseHeaders;
  };
  const onRedirect = (d: WebRequest.OnBeforeRedirectDetailsType) => {
    finish(d.requestId, { redirectURL: d.redirectUrl });
    // The redirected request keeps its requestId: start a new record for the next hop.
    onBefore({ ...d, url: d.redirectUrl } as unknown as WebRequest.OnBeforeRequestDetailsType);
  };
  const onCompleted = (d: WebRequest.OnCompletedDetailsType) => finish(d.requestId, {});
  const onError = (d: WebRequest.OnErrorOccurredDetailsType) => finish(d.requestId, { error: d.error });

  const wr = browser.webRequest;
  wr.onBeforeRequest.addListener(onBefore, filter);
  addWithExtraHeaders(wr.onSendHeaders, onSend, filter, ["requestHeaders"]);
  addWithExtraHeaders(wr.onHeadersReceived, onHeaders, filter, ["responseHeaders"]);
  wr.onBeforeRedirect.addListener(onRedirect, filter);
  wr.onCompleted.addListener(onCompleted, filter);
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
