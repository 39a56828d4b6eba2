import type { HeaderList } from "./headers.ts";

/** Where an observation of a request came from. Several sources may see one request. */
export type CaptureSource =
  | "devtools-network" // chrome.devtools.network / browser.devtools.network HAR entries
  | "har-file" // a HAR file imported in the panel or given to the CLI
  | "web-request" // the background's webRequest listeners
  | "debugger"; // chrome.debugger (Chromium's own CORS verdicts)

export interface CookiePair {
  readonly name: string;
  readonly value: string;
}

export interface ExchangeRequest {
  readonly method: string;
  readonly url: string;
  readonly httpVersion?: string;
  readonly headers: HeaderList;
  /** Cookies the capture says were sent (HAR `request.cookies`); may be filled when the header is not. */
  readonly cookies: readonly CookiePair[];
  /**
   * The request body (HAR `request.postData`) when it is small JSON, a form or text (a token
   * request); clipped to LIMITS.bodyChars. Kept so an export can carry it, redacted.
   */
  readonly body?: { readonly text: string; readonly mimeType: string };
}

export interface ExchangeResponse {
  /** The HTTP status; a response object only exists when a status line was received (status > 0). */
  readonly status: number;
  readonly statusText: string;
  readonly httpVersion?: string;
  readonly headers: HeaderList;
  readonly redirectURL?: string;
  /**
   * The response body as text, when the capture has it and it is small JSON or text (a token
   * endpoint's answer); clipped to LIMITS.bodyChars. Absent otherwise: never assume it is there.
   */
  readonly body?: { readonly text: string; readonly mimeType: string };
}

/** A cookie the browser withheld or refused, with the browser's own reasons (CDP names). */
export interface CookieVerdict {
  readonly name: string;
  readonly reasons: readonly string[];
}

/**
 * What the browser itself decided about a request, where a capture source can tell (Chromium's
 * precise mode: CDP Network.loadingFailed.corsErrorStatus, associatedCookies, blockedCookies).
 */
export interface BrowserVerdict {
  /** CDP `Network.CorsError`, e.g. "PreflightMissingAllowOriginHeader". */
  readonly corsError?: string;
  /** The header or value the CORS check failed on (`corsErrorStatus.failedParameter`). */
  readonly corsFailedParameter?: string;
  /** Cookies that matched the request but were not sent. */
  readonly blockedCookies?: readonly CookieVerdict[];
  /** Set-Cookie lines of the response that the browser refused to store. */
  readonly rejectedSetCookies?: readonly CookieVerdict[];
}

/**
 * One request and what came back, as AuthLens models it for every capture source.
 * Plain data: it crosses the devtools/panel boundary and the CLI unchanged.
 */
export interface Exchange {
  /** Stable within one capture: "e1", "e2", … in the order the capture delivered them. */
  readonly id: string;
  /** When the request started, in ms since the epoch, as the capture recorded it (never the analyser's clock). */
  readonly observedAt: number;
  readonly request: ExchangeRequest;
  /** Absent when no response arrived (network failure, CORS block before the response, abort). */
  readonly response?: ExchangeResponse;
  /** The browser's own failure text: `net::ERR_FAILED` (Chromium), `NS_ERROR_DOM_BAD_URI` (Firefox)… */
  readonly error?: string;
  /** The browser's resource type: fetch, xhr, document, preflight, … (lower case). */
  readonly resourceType?: string;
  /** What started the request, when the capture says: `script`, `parser`, `preflight`, … */
  readonly initiatorType?: string;
  /** The page the request belongs to (HAR pageref's URL), when known. */
  readonly pageUrl?: string;
  /** For a CORS preflight: the id of the request it was sent for; for a request: its preflight. */
  readonly preflightFor?: string;
  readonly preflightId?: string;
  /** Total duration in ms when known. */
  readonly durationMs?: number;
  readonly sources: readonly CaptureSource[];
  /**
   * The capture cannot tell whether the browser handed the response to the page: Firefox's
   * webRequest reports a response that CORS then blocks as completed, with its real status.
   * Set by the capture adapter that knows it; diagnosis then judges delivery from the headers.
   */
  readonly deliveryUnknown?: boolean;
  /** The browser's own verdict, when a precise source captured it. */
  readonly browserVerdict?: BrowserVerdict;
}

/** The response status, 0 where no response came (the CLI's and the panel's convention). */
export function statusOf(x: Exchange): number {
  return x.response?.status ?? 0;
}

/** `scheme://host:port` of a URL, or undefined when it does not parse. */
/**
 * `origin + pathname` of a URL (no query, no fragment, the origin normalised as URL does), or
 * the URL up to its query when it does not parse: an endpoint, a JWK Set's address.
 */
export function urlWithoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    const q = url.search(/[?#]/);
    return q < 0 ? url : url.slice(0, q);
  }
}

export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.origin === "null" ? undefined : u.origin;
  } catch {
    return undefined;
  }
}
