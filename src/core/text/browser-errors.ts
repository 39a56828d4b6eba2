/**
 * The names browsers give a failed request, in words a person can act on. A capture carries the
 * browser's own name (`Exchange.error`): Chromium's `net::ERR_*` (net/base/net_error_list.h) and
 * Firefox's `NS_ERROR_*` / `NS_BINDING_*` (xpcom/base/ErrorList.py, which defines every nsresult
 * name). The name stays beside the words, so it can still be searched for.
 */

/**
 * Firefox's names. Where each comes from in Firefox's source:
 * - NS_ERROR_DOM_BAD_URI (ErrorList.py, FAILURE(1012) of the DOM module; dom/base/domerr.msg
 *   "Access to restricted URI denied"): what nsCORSListenerProxy.cpp cancels a CORS-failed
 *   channel with, and what webRequest reports for a CORS-blocked fetch (PLATFORM-FACTS.md).
 * - NS_ERROR_DOM_CORP_FAILED: nsHttpChannel::ProcessCrossOriginResourcePolicyHeader refused the
 *   response by its Cross-Origin-Resource-Policy header.
 * - NS_ERROR_BLOCKED_BY_POLICY: nsHttpChannel's Cross-Origin-Embedder-Policy check.
 * - NS_ERROR_CONNECTION_REFUSED, NS_ERROR_UNKNOWN_HOST, NS_ERROR_NET_TIMEOUT, NS_ERROR_NET_RESET,
 *   NS_ERROR_NET_INTERRUPT, NS_ERROR_OFFLINE, NS_ERROR_PROXY_CONNECTION_REFUSED,
 *   NS_ERROR_UNKNOWN_PROXY_HOST, NS_ERROR_PROXY_AUTHENTICATION_FAILED, NS_ERROR_REDIRECT_LOOP,
 *   NS_ERROR_CORRUPTED_CONTENT, NS_ERROR_MALFORMED_URI: the network module of ErrorList.py
 *   (necko), each named for what the socket or channel met.
 * - NS_BINDING_ABORTED, NS_ERROR_ABORT: the channel was cancelled (the page navigated away, or
 *   its script called abort()).
 * - NS_ERROR_TRACKING_URI, NS_ERROR_CONTENT_BLOCKED: the URL classifier (Enhanced Tracking
 *   Protection) or an add-on's webRequest blocking refused the load.
 * - NS_ERROR_INTERCEPTION_FAILED: a service worker's respondWith() failed (dom/serviceworkers).
 */
const FIREFOX: Readonly<Record<string, string>> = {
  NS_ERROR_DOM_BAD_URI: "blocked by Firefox's security checks (a CORS failure, for a fetch or XHR to another origin)",
  NS_ERROR_DOM_CORP_FAILED: "blocked by the response's Cross-Origin-Resource-Policy",
  NS_ERROR_BLOCKED_BY_POLICY: "blocked by the page's Cross-Origin-Embedder-Policy",
  NS_ERROR_CONNECTION_REFUSED: "the server refused the connection",
  NS_ERROR_UNKNOWN_HOST: "the host name was not found (DNS)",
  NS_ERROR_NET_TIMEOUT: "the connection timed out",
  NS_ERROR_NET_RESET: "the connection was reset",
  NS_ERROR_NET_INTERRUPT: "the connection was interrupted",
  NS_ERROR_OFFLINE: "the browser is offline",
  NS_ERROR_PROXY_CONNECTION_REFUSED: "the proxy refused the connection",
  NS_ERROR_UNKNOWN_PROXY_HOST: "the proxy's host name was not found",
  NS_ERROR_PROXY_AUTHENTICATION_FAILED: "the proxy refused the credentials (407)",
  NS_ERROR_REDIRECT_LOOP: "too many redirects",
  NS_ERROR_CORRUPTED_CONTENT: "the response was corrupted or its type was refused",
  NS_ERROR_MALFORMED_URI: "the URL is malformed",
  NS_BINDING_ABORTED: "cancelled (the page navigated away or its script aborted the request)",
  NS_ERROR_ABORT: "cancelled",
  NS_ERROR_TRACKING_URI: "blocked as a tracker by Enhanced Tracking Protection",
  NS_ERROR_CONTENT_BLOCKED: "blocked by the browser or an extension",
  NS_ERROR_INTERCEPTION_FAILED: "a service worker failed to answer it",
};

/** Chromium's most frequent names (net/base/net_error_list.h). */
const CHROMIUM: Readonly<Record<string, string>> = {
  "net::ERR_FAILED": "the browser failed it (Chromium's generic error, which CORS failures use too)",
  "net::ERR_CONNECTION_REFUSED": "the server refused the connection",
  "net::ERR_NAME_NOT_RESOLVED": "the host name was not found (DNS)",
  "net::ERR_CONNECTION_RESET": "the connection was reset",
  "net::ERR_TIMED_OUT": "the connection timed out",
  "net::ERR_ABORTED": "cancelled (the page navigated away or its script aborted the request)",
  "net::ERR_BLOCKED_BY_CLIENT": "blocked by an extension",
  "net::ERR_BLOCKED_BY_ORB": "blocked by Opaque Response Blocking (a no-cors response of a type the page may not read)",
  "net::ERR_BLOCKED_BY_RESPONSE": "blocked by the response's Cross-Origin-Resource-Policy or embedder policy",
  "net::ERR_UNEXPECTED_PROXY_AUTH": "a 407 that did not come from a proxy the browser uses",
  "net::ERR_TOO_MANY_REDIRECTS": "too many redirects",
  "net::ERR_INTERNET_DISCONNECTED": "the browser is offline",
};

/** The words for a browser's error name, or undefined for a name not in the tables. */
export function browserErrorWords(error: string): string | undefined {
  const name = error.trim();
  const upper = name.toUpperCase();
  // Own keys only: a capture's text is hostile ("constructor" must not find Object's).
  if (Object.hasOwn(FIREFOX, upper)) return FIREFOX[upper];
  return Object.hasOwn(CHROMIUM, name) ? CHROMIUM[name] : undefined;
}

/** "blocked by the response's Cross-Origin-Resource-Policy (NS_ERROR_DOM_CORP_FAILED)"; an unknown name as it is. */
export function browserError(error: string): string {
  const words = browserErrorWords(error);
  return words === undefined ? error : `${words} (${error.trim()})`;
}
