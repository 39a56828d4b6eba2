/**
 * What kind of request an exchange is, as far as CORS goes, read from the capture alone: a
 * navigation or a `no-cors` fetch (never checked), a failure that looks like CORS, a redirect,
 * a scheme CORS does not serve — and the cheap look every rule takes before anything else.
 */
import { type Exchange, originOf } from "../exchange.ts";
import { headerValue } from "../headers.ts";
import { isPreflight } from "../preflight.ts";

/** Errors browsers give a CORS failure. Other net errors (refused, DNS, TLS, aborted) are not CORS. */
const CORS_LIKE_ERRORS: ReadonlySet<string> = new Set(["net::err_failed", "ns_error_dom_bad_uri", "cors", "corsdisabled"]);

/** Resource types CORS never applies to: navigations are fetched in mode "navigate", never "cors". */
const NOT_CORS_TYPES: ReadonlySet<string> = new Set(["document", "iframe", "subdocument", "main_frame", "sub_frame"]);

/** Schemes Fetch never sends through the CORS protocol: handled by "scheme fetch" or by the browser itself. */
const NON_NETWORK_SCHEMES: ReadonlySet<string> = new Set([
  "about:",
  "blob:",
  "data:",
  "chrome-extension:",
  "moz-extension:",
  "ws:",
  "wss:",
]);

/** Fetch §2.2.3 "redirect status". */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export function isCorsLikeError(error: string | undefined): boolean {
  return error !== undefined && CORS_LIKE_ERRORS.has(error.toLowerCase());
}

export function schemeOf(url: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  return m ? `${m[1]!.toLowerCase()}:` : undefined;
}

export function isNavigation(x: Exchange): boolean {
  return NOT_CORS_TYPES.has(x.resourceType ?? "");
}

/** Only http(s) URLs reach Fetch's "HTTP fetch", where CORS applies; file:, ftp: or a custom scheme is refused (Chromium CorsDisabledScheme). */
export function isUnsupportedScheme(scheme: string | undefined): boolean {
  return scheme !== undefined && scheme !== "http:" && scheme !== "https:" && !NON_NETWORK_SCHEMES.has(scheme);
}

/** The Location a redirect response points to (HAR `redirectURL`, else the header). */
export function redirectLocation(x: Exchange): string | undefined {
  const r = x.response;
  if (!r || !REDIRECT_STATUSES.has(r.status)) return undefined;
  const location = r.redirectURL ?? headerValue(r.headers, "location");
  return location === undefined || location === "" ? undefined : location;
}

/**
 * Chromium's log sometimes records a redirected preflight without its redirect response, as a
 * request that failed with this error (seen with a 307 answer to OPTIONS in Chromium 156; other
 * runs of the same exchange record the 307). On a preflight it means a redirect was refused.
 */
const REDIRECT_REFUSED_ERROR = "net::err_invalid_redirect";

/** A preflight that ended in the error Chromium gives a refused redirect, with no response recorded. */
export function preflightRedirectRefused(preflight: Exchange): boolean {
  return preflight.response === undefined && preflight.error?.toLowerCase() === REDIRECT_REFUSED_ERROR;
}

/** Fetch §4.4 "HTTP-redirect fetch" step 8: the location URL "includes credentials". */
export function locationHasCredentials(location: string, base: string): boolean {
  try {
    const u = new URL(location, base);
    return u.username !== "" || u.password !== "";
  } catch {
    return false;
  }
}

/**
 * Fetch "HTTP-redirect fetch", the two steps on a location URL that includes credentials: a
 * network error when the request's mode is "cors" and its origin is not same origin with the
 * location's — whether or not the first hop was same-origin, the step reads the mode — or when
 * its response tainting is "cors" (the request already left its origin). A same-origin request
 * redirected to its own origin follows it. An origin the capture does not show counts as another.
 */
export function credentialedRedirectRefused(location: string, base: string, origin: string | undefined): boolean {
  if (!locationHasCredentials(location, base)) return false;
  let target: string | undefined;
  try {
    target = originOf(new URL(location, base).href);
  } catch {
    target = undefined;
  }
  return origin === undefined || target === undefined || target !== origin || origin !== originOf(base);
}

/** Does a Vary value name Origin (or `*`, which varies on everything)? RFC 9110 §12.5.5. */
export function variesOnOrigin(vary: string | undefined): boolean {
  if (vary === undefined) return false;
  // Read in place: most responses of a capture carry Vary, and only two names matter.
  for (let start = 0; start <= vary.length; ) {
    const comma = vary.indexOf(",", start);
    const end = comma === -1 ? vary.length : comma;
    const name = vary.slice(start, end).trim();
    if (name === "*" || (name.length === 6 && name.toLowerCase() === "origin")) return true;
    start = end + 1;
  }
  return false;
}

/**
 * The cheap look every rule takes first: could this exchange get a CORS finding? Most requests
 * of a capture went through without a preflight; for those the one piece of advice left is a
 * missing `Vary: Origin`, decided here from two headers without parsing a URL.
 */
export function mightConcernCors(x: Exchange, mayBeLocal: (url: string) => boolean): boolean {
  if (isNavigation(x)) return false;
  if (x.error !== undefined || !x.response) return true;
  if (x.preflightId !== undefined || x.preflightFor !== undefined || isPreflight(x)) return true;
  if (REDIRECT_STATUSES.has(x.response.status)) return true;
  if (!x.request.url.startsWith("https:") && !x.request.url.startsWith("http:")) return true;
  if (mayBeLocal(x.request.url)) return true;
  const h = x.response.headers;
  const allowed = headerValue(h, "access-control-allow-origin")?.trim();
  if (allowed === undefined || allowed === "*") return false;
  return allowed === headerValue(x.request.headers, "origin")?.trim() && !variesOnOrigin(headerValue(h, "vary"));
}

/**
 * `Sec-Fetch-Mode` carries the request's mode (Fetch Metadata): a `no-cors` image or script, a
 * navigation or a WebSocket never goes through the CORS check. Absent (provisional headers, other
 * browsers), the request may be a CORS one.
 */
export function corsMode(x: Exchange): boolean {
  const mode = headerValue(x.request.headers, "sec-fetch-mode")?.trim().toLowerCase();
  return mode === undefined || mode === "cors";
}

