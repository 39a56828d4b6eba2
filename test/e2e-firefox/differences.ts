/**
 * Where Firefox legitimately shows something other than Chromium, and why. Both tests use this
 * one list, so a difference is explained once and cannot quietly grow.
 */
import type { Scenario } from "../lab/scenarios.ts";

/**
 * Measured with a probe add-on logging every webRequest event (Firefox ESR 153): when CORS blocks
 * a response that did arrive (credentialed-no-acac, cors-missing-acao, cors-error-hidden-401,
 * cors-multiple-acao, cors-invalid-acao, cors-origin-mismatch, cors-wildcard-credentials),
 * Firefox's webRequest reports onHeadersReceived and onCompleted with the real status and no
 * onErrorOccurred. The Firefox capture adapter therefore marks such exchanges "delivery unknown"
 * and the CORS checks decide from the headers whether the browser blocked them: the two browsers
 * must agree on these scenarios, and no difference is allowed for them.
 */
export function blockedAfterResponse(s: Scenario): boolean {
  // A network error of the browser's own (a 407 from the server, not a proxy) is no CORS block.
  if (s.expect.status !== null || s.expect.serverStatus === null || s.expect.networkError !== undefined) return false;
  const served = s.expect.serverStatus ?? 200;
  return served < 300 || served >= 400;
}

/**
 * Measured the same way: when a preflight fails, Firefox has already reported the actual
 * request's onSendHeaders (before the OPTIONS even starts), so the capture holds its
 * Authorization header; Chromium's webRequest reports no headers for a request its failed
 * preflight stopped. Firefox then also shows what AuthLens reads from the token itself.
 */
export const FIREFOX_SEES_HEADERS_OF_REQUESTS_STOPPED_BY_PREFLIGHT =
  "Firefox's webRequest reports the request headers of a request its failed preflight stopped, Chromium's does not, so Firefox adds the token.* findings read from its Authorization header";

/** The preflight failed, so the actual request was never sent. */
export function stoppedByPreflight(s: Scenario): boolean {
  return s.expect.preflight && s.expect.serverStatus === null;
}

/** Codes AuthLens reads from the request's token: present only where the request headers are. */
export function isTokenCode(code: string): boolean {
  return code.startsWith("token.");
}

export function isCorsCode(code: string): boolean {
  return code.startsWith("cors.");
}

/** A code Firefox and Chromium may disagree on for a scenario, and why. */
export interface AllowedDifference {
  reason: string;
  applies(s: Scenario): boolean;
  /** Codes left out of the comparison (in both browsers) where the difference applies. */
  ignores(code: string): boolean;
  /** The browser that may show fewer of those codes; it never shows one the other lacks. */
  fewerIn: "firefox" | "chromium";
}

export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [
  { reason: FIREFOX_SEES_HEADERS_OF_REQUESTS_STOPPED_BY_PREFLIGHT, applies: stoppedByPreflight, ignores: isTokenCode, fewerIn: "chromium" },
];
