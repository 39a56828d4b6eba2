/**
 * Capture with webRequest, in the background, for what the DevTools log does not show: Firefox
 * leaves CORS-blocked requests out of its HAR entirely (they only appear here, failing with
 * NS_ERROR_DOM_BAD_URI), and Chromium shows preflights and the Cookie header to webRequest only
 * with 'extraHeaders' (PLATFORM-FACTS.md). Events only arrive for hosts the user granted.
 *
 * Each request's events are gathered by requestId and, when it ends, shaped as a HAR entry
 * (capture/web-request-har.ts) so that the one HAR reader in core turns it into an Exchange.
 */
import browser, { type WebRequest } from "webextension-polyfill";
import type { Exchange } from "../core/exchange.ts";
import type { Header } from "../core/headers.ts";
import { exchangeFromHarEntry } from "../core/har.ts";
import { harHeaders, type InFlight, type RequestDetails, recordOf, takeResponse, webRequestHarEntry } from "./web-request-har.ts";

const DELIVERY_UNKNOWN = __AUTHLENS_BROWSER__ === "firefox";

/** Requests in flight per extension; a page that never finishes its requests cannot grow this. */
const MAX_IN_FLIGHT = 2_000;

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
    const r = exchangeFromHarEntry(webRequestHarEntry(f, end), { id: `${idPrefix}${next++}`, source: "web-request" });
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
