/**
 * Chromium's names for CORS failures: the CDP `Network.CorsError` enum
 * (devtools-protocol pdl/domains/Network.pdl; table A of specs/cors-failure-reasons.md), which
 * precise mode reads from `Network.loadingFailed.corsErrorStatus`, and the AuthLens code each
 * one is (FINDINGS.md, "Chromium corsError" column). Values the headers of a capture can never
 * show (request mode, obsolete private-network experiments) map to `cors.blocked`.
 */
import type { FindingCode } from "../findings.ts";

export const CHROMIUM_CORS_ERRORS = [
  "DisallowedByMode",
  "InvalidResponse",
  "WildcardOriginNotAllowed",
  "MissingAllowOriginHeader",
  "MultipleAllowOriginValues",
  "InvalidAllowOriginValue",
  "AllowOriginMismatch",
  "InvalidAllowCredentials",
  "CorsDisabledScheme",
  "PreflightInvalidStatus",
  "PreflightDisallowedRedirect",
  "PreflightWildcardOriginNotAllowed",
  "PreflightMissingAllowOriginHeader",
  "PreflightMultipleAllowOriginValues",
  "PreflightInvalidAllowOriginValue",
  "PreflightAllowOriginMismatch",
  "PreflightInvalidAllowCredentials",
  "PreflightMissingAllowExternal",
  "PreflightInvalidAllowExternal",
  "InvalidAllowMethodsPreflightResponse",
  "InvalidAllowHeadersPreflightResponse",
  "MethodDisallowedByPreflightResponse",
  "HeaderDisallowedByPreflightResponse",
  "RedirectContainsCredentials",
  "InsecureLocalNetwork",
  "InvalidLocalNetworkAccess",
  "NoCorsRedirectModeNotFollow",
  "LocalNetworkAccessPermissionDenied",
] as const;

export type ChromiumCorsError = (typeof CHROMIUM_CORS_ERRORS)[number];

const MAPPING = {
  DisallowedByMode: "cors.blocked",
  InvalidResponse: "cors.preflight-network-error",
  WildcardOriginNotAllowed: "cors.wildcard-origin-with-credentials",
  MissingAllowOriginHeader: "cors.missing-allow-origin",
  MultipleAllowOriginValues: "cors.multiple-allow-origin",
  InvalidAllowOriginValue: "cors.invalid-allow-origin",
  AllowOriginMismatch: "cors.allow-origin-mismatch",
  InvalidAllowCredentials: "cors.allow-credentials-missing",
  CorsDisabledScheme: "cors.scheme-not-supported",
  PreflightInvalidStatus: "cors.preflight-failed-status",
  PreflightDisallowedRedirect: "cors.preflight-redirect",
  PreflightWildcardOriginNotAllowed: "cors.wildcard-origin-with-credentials",
  PreflightMissingAllowOriginHeader: "cors.missing-allow-origin",
  PreflightMultipleAllowOriginValues: "cors.multiple-allow-origin",
  PreflightInvalidAllowOriginValue: "cors.invalid-allow-origin",
  PreflightAllowOriginMismatch: "cors.allow-origin-mismatch",
  PreflightInvalidAllowCredentials: "cors.allow-credentials-missing",
  PreflightMissingAllowExternal: "cors.blocked",
  PreflightInvalidAllowExternal: "cors.blocked",
  InvalidAllowMethodsPreflightResponse: "cors.invalid-allow-methods",
  InvalidAllowHeadersPreflightResponse: "cors.invalid-allow-headers",
  MethodDisallowedByPreflightResponse: "cors.method-not-allowed",
  HeaderDisallowedByPreflightResponse: "cors.header-not-allowed",
  RedirectContainsCredentials: "cors.redirect-contains-credentials",
  InsecureLocalNetwork: "cors.local-network",
  InvalidLocalNetworkAccess: "cors.local-network",
  NoCorsRedirectModeNotFollow: "cors.blocked",
  LocalNetworkAccessPermissionDenied: "cors.local-network",
} as const satisfies Record<ChromiumCorsError, FindingCode>;

/** CDP `Network.CorsError` value → AuthLens finding code. Unknown values are absent: treat as `cors.blocked`. */
export const CHROMIUM_CORS_ERROR_TO_CODE: Record<string, FindingCode> = { ...MAPPING };

/** The finding code for a Chromium CorsError, `cors.blocked` for values this table does not know. */
export function codeForChromiumCorsError(value: string): FindingCode {
  return Object.hasOwn(CHROMIUM_CORS_ERROR_TO_CODE, value) ? CHROMIUM_CORS_ERROR_TO_CODE[value]! : "cors.blocked";
}
