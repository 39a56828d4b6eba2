/**
 * Everything the CORS checks read about one request, gathered once: who asked (the origin),
 * what was asked for (method and non-safelisted headers, from the preflight when there is one),
 * what came back (the preflight's and the request's responses) and whether the browser failed
 * it the way it fails CORS.
 */
import { type Exchange, originOf } from "../exchange.ts";
import { redirectedFrom as previousHop } from "../redirect-hops.ts";
import { headerValue } from "../headers.ts";
import type { CaptureLookup } from "../capture-lookup.ts";
import { type CredentialsHypothesis, observedCredentials } from "./credentials-mode.ts";
import { normalizeMethod, trimTabOrSpace } from "./grammar.ts";
import { type RequestOrigin, requestOrigin } from "./origin.ts";
import { isPreflight } from "../preflight.ts";
import { type UrlNames, urlNames } from "../text/describe.ts";
import {
  corsMode,
  credentialedRedirectRefused,
  isCorsLikeError,
  isNavigation,
  isUnsupportedScheme,
  redirectLocation,
  schemeOf,
} from "./request-kind.ts";
import { authorHeaders, requestHeaderSafety, unsafeRequestHeaders } from "./safelist.ts";

export interface RequestedHeader {
  /** Lower case, as Access-Control-Request-Headers carries it. */
  readonly name: string;
  /** The value the request carried, when the capture shows it. */
  readonly value?: string;
  /** Why the header is not CORS-safelisted (Fetch §2.2.2), when it can be told. */
  readonly why?: string;
}

export interface CorsSubject {
  /** The exchange diagnosed: the page's request, or a preflight whose request was not captured. */
  readonly x: Exchange;
  /** The page's request; absent when only its preflight was captured (Firefox leaves blocked requests out of its HAR). */
  readonly actual?: Exchange;
  readonly preflight?: Exchange;
  readonly origin?: RequestOrigin;
  /** The target's origin, when the URL has one. */
  readonly target?: string;
  readonly scheme?: string;
  /** The method as the browser sent it (Fetch "normalize"d): Access-Control-Request-Method when a preflight carried it. */
  readonly method: string;
  /** The non-safelisted headers the request carried: Access-Control-Request-Headers when a preflight carried it. */
  readonly requestedHeaders: readonly RequestedHeader[];
  readonly requestedFrom: "preflight" | "request";
  /** What the capture shows about credentials. */
  readonly observed: CredentialsHypothesis;
  /** The browser failed the page's request like a CORS failure (its error, or no response). */
  readonly failed: boolean;
  /** The capture cannot say whether the response reached the page (see Exchange.deliveryUnknown). */
  readonly deliveryUnknown: boolean;
  /**
   * The request is known to be same-origin (its Origin, or its page's, is the target's): its
   * response tainting is "basic" and Fetch never CORS-checks its response ("main fetch", "HTTP
   * fetch"), a redirect included; only the checks on the request itself apply. After a redirect
   * to another origin the next hop is a CORS request of its own.
   */
  readonly sameOrigin: boolean;
  /** The exchange whose redirect led to this request, when the capture has it. */
  readonly redirectedFrom?: Exchange;
  /**
   * The URL of `x` as finding texts name it (its host, its redacted path), read on first use:
   * CORS findings name their request several times.
   */
  readonly names: UrlNames;
}

function requestedByPreflight(preflight: Exchange, actual: Exchange | undefined): RequestedHeader[] {
  const list = headerValue(preflight.request.headers, "access-control-request-headers");
  if (list === undefined) return [];
  const names = new Set<string>();
  for (const part of list.split(",")) {
    const name = trimTabOrSpace(part).toLowerCase();
    if (name !== "") names.add(name);
  }
  // The request's own headers, when captured, say why each name is unsafe (Fetch §2.2.2).
  const unsafe = actual ? new Map(unsafeRequestHeaders(authorHeaders(actual.request.headers)).map((h) => [h.name, h])) : undefined;
  return [...names].map((name) => {
    const value = actual ? headerValue(actual.request.headers, name) : undefined;
    if (value === undefined) return { name };
    const why = unsafe?.get(name)?.why ?? requestHeaderSafety(name, value);
    return typeof why === "string" ? { name, value, why } : { name, value, ...(why.safe ? {} : { why: why.why }) };
  });
}

/** Failed the way CORS failures look in a capture (Chromium net::ERR_FAILED, Firefox NS_ERROR_DOM_BAD_URI). */
function failedLikeCors(x: Exchange, origin: RequestOrigin | undefined, target: string | undefined): boolean {
  if (x.error === undefined && x.response) return false;
  if (x.error !== undefined && !isCorsLikeError(x.error)) return false;
  // A same-origin request never fails CORS (Fetch §4.1 main fetch: same origin → scheme fetch).
  if (origin !== undefined && target !== undefined && origin.value === target) return false;
  if (x.error !== undefined) return true;
  // No error text and no response: only a known cross-origin request can be a silent CORS failure.
  return origin !== undefined && target !== undefined;
}

/**
 * The subject for an exchange, or undefined when CORS does not apply to it: a navigation, a
 * same-origin request, or a preflight whose request was captured (the request is the subject).
 */
export function corsSubject(x: Exchange, ctx: CaptureLookup): CorsSubject | undefined {
  if (isNavigation(x) || !corsMode(x)) return undefined;
  const lone = isPreflight(x);
  if (lone && x.preflightFor !== undefined) return undefined;
  const actual = lone ? undefined : x;
  const preflight = lone ? x : x.preflightId !== undefined ? ctx.exchange(x.preflightId) : undefined;
  const origin = requestOrigin(x, preflight);
  const target = originOf(x.request.url);
  const scheme = schemeOf(x.request.url);
  const crossOrigin = origin !== undefined && (origin.value === "null" || origin.value !== target);

  const location = actual ? redirectLocation(actual) : undefined;
  // Only a redirect the browser refuses makes it a failure: a same-origin one it follows.
  const credentialedRedirect = location !== undefined && credentialedRedirectRefused(location, x.request.url, origin?.value);
  const failed = actual ? failedLikeCors(actual, origin, target) : false;
  const unsupported = isUnsupportedScheme(scheme) && (x.error !== undefined || !x.response);
  if (!lone && !crossOrigin && !failed && !credentialedRedirect && !unsupported) return undefined;

  const acrm = preflight ? headerValue(preflight.request.headers, "access-control-request-method") : undefined;
  const method = normalizeMethod(acrm !== undefined && acrm.trim() !== "" ? acrm.trim() : x.request.method);
  const fromPreflight = preflight !== undefined;
  const redirectedFrom = origin?.value === "null" ? previousHop(x, ctx) : undefined;
  // Read on first use: most requests that reach here went through, and their checks never ask.
  let requested: RequestedHeader[] | undefined;
  let names: UrlNames | undefined;

  return {
    x,
    ...(actual ? { actual } : {}),
    ...(preflight ? { preflight } : {}),
    ...(origin ? { origin } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(scheme !== undefined ? { scheme } : {}),
    method,
    get requestedHeaders(): readonly RequestedHeader[] {
      requested ??= preflight ? requestedByPreflight(preflight, actual) : unsafeRequestHeaders(authorHeaders(x.request.headers));
      return requested;
    },
    requestedFrom: fromPreflight ? "preflight" : "request",
    observed: observedCredentials(actual ?? x, ctx),
    failed: failed || credentialedRedirect || unsupported,
    deliveryUnknown: actual?.deliveryUnknown === true && !failed,
    sameOrigin: origin !== undefined && origin.value !== "null" && origin.value === target,
    ...(redirectedFrom ? { redirectedFrom } : {}),
    get names(): UrlNames {
      names ??= urlNames(x.request.url);
      return names;
    },
  };
}
