/**
 * Whether a phase's response can be checked at all. A preflight that failed at the network
 * level or was redirected never had its CORS headers read by the browser (Chromium stops at the
 * redirect; Fetch §4.8 treats both as a network error), so the header checks skip it.
 */
import type { ExchangeResponse } from "../../exchange.ts";
import type { Phase } from "../../findings.ts";
import { hasHeader } from "../../headers.ts";
import { isSafelistedMethod } from "../grammar.ts";
import { isCorsLikeError, preflightRedirectRefused, redirectLocation } from "../request-kind.ts";
import type { CorsSubject } from "../subject.ts";
import { type CheckOutcome, skipped } from "./check.ts";

export type Readable = { readonly response: ExchangeResponse } | { readonly skip: CheckOutcome };

/** Fetch §4.1 main fetch step 12: a preflight is needed for a non-safelisted method or header. */
export function needsPreflight(s: CorsSubject): boolean {
  return !isSafelistedMethod(s.method) || s.requestedHeaders.length > 0;
}

export function preflightNetworkError(s: CorsSubject): string | undefined {
  const p = s.preflight;
  return p && !p.response && p.error !== undefined && !isCorsLikeError(p.error) && !preflightRedirectRefused(p) ? p.error : undefined;
}

export function readable(s: CorsSubject, phase: Phase): Readable {
  return phase === "preflight" ? readablePreflight(s) : readableActual(s);
}

function readablePreflight(s: CorsSubject): Readable {
  const p = s.preflight;
  if (!p) {
    return {
      skip: skipped(
        needsPreflight(s)
          ? "No preflight was captured for this request (the browser may have reused a cached preflight)."
          : "No preflight: the method and headers are CORS-safelisted.",
      ),
    };
  }
  if (preflightNetworkError(s) !== undefined) return { skip: skipped("The preflight got no response (network error).") };
  if (preflightRedirectRefused(p)) return { skip: skipped("The preflight was redirected; browsers do not read a redirect's CORS headers.") };
  if (!p.response) return { skip: skipped(`The preflight's response was not captured${p.error ? ` (${p.error})` : ""}.`) };
  if (redirectLocation(p) !== undefined) return { skip: skipped("The preflight was redirected; browsers do not read a redirect's CORS headers.") };
  return { response: p.response };
}

function readableActual(s: CorsSubject): Readable {
  const a = s.actual;
  if (!a) return { skip: skipped("The request itself was not captured, only its preflight.") };
  if (s.sameOrigin) return { skip: skipped("A same-origin request: the browser does not CORS-check its response, a redirect included.") };
  if (!a.response) {
    return {
      skip: skipped(
        s.preflight
          ? "No response was captured for the request itself (after a failed preflight the browser never sends it)."
          : `No response was captured${a.error ? ` (${a.error})` : ""}.`,
      ),
    };
  }
  return { response: a.response };
}

/**
 * Did the preflight come back as a CORS answer (a 2xx with Access-Control-Allow-Origin)? When it
 * did not, the browser stopped before reading Allow-Methods and Allow-Headers (Fetch §4.8 step
 * 7), and a missing list there is part of the same cause, not a failure of its own.
 */
export function preflightAnsweredCors(r: ExchangeResponse): boolean {
  return r.status >= 200 && r.status <= 299 && hasHeader(r.headers, "access-control-allow-origin");
}
