/**
 * The root cause a senior engineer names for each lab scenario (FINDINGS.md v2, "Root cause
 * first"): the code AuthLens must lead with on the scenario's request, or null for a request that
 * did not fail. Kept beside the scenarios rather than in them so each reads as one judgement;
 * the real-server scenarios (test/lab/real/scenarios.ts) carry theirs as `expectedRoot`.
 * The CLI tests check it on the recorded HARs, the e2e tests in the real DevTools panel.
 */
import type { FindingCode } from "../../src/core/findings.ts";

export const EXPECTED_ROOTS: Readonly<Record<string, FindingCode | null>> = {
  // Basics
  "bearer-401": "auth.token-expired",
  // No credentials went out; the missing challenge is the server's own, independent, bug.
  "no-challenge-401": "auth.no-credentials-sent",
  "valid-token-200": null,
  "credentialed-ok": null,
  "session-expired-401": "auth.credentials-rejected",
  "placeholder-token": "auth.token-placeholder",
  "forbidden-403": "auth.bearer-insufficient-scope",
  // A bare scheme the server accepted: nothing failed.
  "bare-scheme-200": null,
  // Challenges: the server said which scheme it wants and the request sent nothing.
  "basic-401": "auth.no-credentials-sent",
  "digest-401": "auth.no-credentials-sent",
  "negotiate-ntlm-401": "auth.no-credentials-sent",
  "dpop-nonce-401": "auth.dpop-nonce-required",
  "step-up-401": "auth.step-up-required",
  "malformed-challenge-401": "auth.no-credentials-sent",
  "challenge-hidden-401": "auth.bearer-invalid-token",
  "resource-metadata-401": "auth.no-credentials-sent",
  "scheme-mismatch-401": "auth.scheme-mismatch",
  "scheme-mismatch-400": "auth.scheme-mismatch",
  "token-scheme-401": "auth.scheme-mismatch",
  "authorization-dropped-401": "auth.authorization-not-received",
  "proxy-407-unexpected": "auth.proxy-auth-required",
  // Tokens & credentials
  "nbf-future-401": "auth.token-not-yet-valid",
  "retry-loop-401": "auth.token-expired",
  "token-in-url": null,
  "token-endpoint": null,
  "jwt-cookie-200": null,
  "cookie-not-sent-401": "cookie.not-sent",
  "redirect-drops-authorization": "auth.authorization-stripped-on-redirect",
  "token-invalid-grant": "oauth.invalid-grant",
  "token-invalid-client": "oauth.invalid-client",
  // The response went through, but the browser refused its Set-Cookie.
  "samesite-none-insecure": "cookie.samesite-none-without-secure",
  // CORS
  "preflight-fails": "cors.preflight-blocked-by-auth",
  "credentialed-no-acac": "cors.allow-credentials-missing",
  "cors-missing-acao": "cors.missing-allow-origin",
  "cors-error-hidden-401": "cors.error-hidden-by-cors",
  "cors-multiple-acao": "cors.multiple-allow-origin",
  "cors-invalid-acao": "cors.invalid-allow-origin",
  "cors-origin-mismatch": "cors.allow-origin-mismatch",
  "cors-wildcard-credentials": "cors.wildcard-origin-with-credentials",
  "cors-method-not-allowed": "cors.method-not-allowed",
  "cors-header-not-allowed": "cors.header-not-allowed",
  "cors-authorization-wildcard": null,
  "cors-invalid-allow-methods": "cors.invalid-allow-methods",
  "cors-invalid-allow-headers": "cors.invalid-allow-headers",
  "cors-preflight-500": "cors.preflight-failed-status",
  "cors-preflight-redirect": "cors.preflight-redirect",
  "cors-redirect-credentials": "cors.redirect-contains-credentials",
  "cors-vary-missing": null,
  "cors-json-post-ok": null,
  "cors-wildcard-ok": null,
};

/**
 * Scenarios that show a working setup: their requests must carry no warning and no error
 * (FINDINGS.md v2: never advise on a healthy request from a guess). Setup helpers are healthy too.
 */
export const HEALTHY: ReadonlySet<string> = new Set([
  "valid-token-200",
  "credentialed-ok",
  "bare-scheme-200",
  "login",
  "jwt-login",
  "cookie-path-login",
  "token-endpoint",
  "jwt-cookie-200",
  "cors-json-post-ok",
  "cors-wildcard-ok",
]);
