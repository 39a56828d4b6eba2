/**
 * Every CORS check, in the order Chromium makes them, so that the first failure listed is the
 * one the browser reports (FINDINGS.md, ordering rule):
 * 1. the request itself: scheme, then the target's address space (before anything is sent);
 * 2. the preflight: its network error, a redirect (refused before any header is read), then the
 *    CORS check on its response — Access-Control-Allow-Origin, Allow-Credentials — and only then
 *    its status (Chromium `CheckPreflightAccess`), then Allow-Methods and Allow-Headers parsing,
 *    the method, the headers (`CheckPreflightResult`);
 * 3. the request's response: the CORS check, then a redirect's target, then the warnings.
 */
import { allowHeadersParseCheck, authorizationWildcardCheck, headersAllowedCheck } from "./allow-headers.ts";
import { allowMethodsParseCheck, methodAllowedCheck } from "./allow-methods.ts";
import { allowOriginChecks } from "./allow-origin.ts";
import { errorHiddenCheck, varyOriginCheck } from "./actual-response.ts";
import type { CorsCheckSpec } from "./check.ts";
import { preflightNetworkCheck, preflightRedirectCheck, preflightStatusCheck } from "./preflight.ts";
import { redirectCredentialsCheck } from "./redirect.ts";
import { localNetworkCheck, schemeCheck } from "./request.ts";

export const CORS_CHECKS: readonly CorsCheckSpec[] = [
  schemeCheck,
  localNetworkCheck,
  preflightNetworkCheck,
  preflightRedirectCheck,
  ...allowOriginChecks("preflight"),
  preflightStatusCheck,
  allowMethodsParseCheck,
  allowHeadersParseCheck,
  methodAllowedCheck,
  headersAllowedCheck,
  authorizationWildcardCheck,
  ...allowOriginChecks("actual"),
  redirectCredentialsCheck,
  varyOriginCheck,
  errorHiddenCheck,
];
