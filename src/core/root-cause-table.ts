/**
 * The root-cause ranking (FINDINGS.md v2, "Root cause first") as data, beside the catalogue:
 * which findings may explain a failed request, in order of how specifically they name its cause,
 * and which findings each of them explains (restates or corroborates). root-cause.ts reads these
 * tables; it has no opinion of its own.
 */
import type { FindingCode } from "./findings.ts";

/**
 * Codes that can be a failed request's root cause, most specific first: a named reason (a
 * placeholder, an expired token, auth middleware on the preflight, a proxy that dropped the
 * header) outranks the server's own wording of it (`error="invalid_token"`), which outranks the
 * generic verdicts (`auth.credentials-rejected`). CORS codes follow the browser's order of checks
 * (checks/table.ts), so the reason the browser reports leads; a cause behind the CORS failure
 * (the server's real answer lacked CORS headers; auth answered the preflight) leads them.
 * Codes not listed never lead (info notes, advice on requests that went through).
 */
export const ROOT_RANKING: readonly FindingCode[] = [
  // The request itself was built wrong.
  "auth.token-placeholder",
  "cors.scheme-not-supported",
  "cors.redirect-contains-credentials",
  // Something between the page and the application changed the request or answered for it.
  "cors.preflight-blocked-by-auth",
  "auth.authorization-stripped-on-redirect",
  "auth.authorization-not-received",
  "auth.proxy-auth-required",
  // The credential, judged by what it holds.
  "auth.token-expired",
  "auth.token-not-yet-valid",
  "auth.id-token-as-access-token",
  "auth.token-audience-mismatch",
  "auth.token-issuer-mismatch",
  "auth.token-key-unknown",
  "auth.token-signature-invalid",
  "auth.scheme-mismatch",
  "auth.bearer-insufficient-scope",
  "auth.step-up-required",
  "auth.dpop-proof-invalid",
  "auth.dpop-nonce-required",
  // The sign-in flow: the authorization server's refusal, then a code exchange whose PKCE proof
  // cannot match (the invalid_grant it causes is its symptom), then a state the client rejects.
  // Standard codes first: a provider's own words for the same refusal (an AADSTS code in the
  // redirect) support them.
  "oauth.authorization-error",
  "oauth.pkce-mismatch",
  "oauth.state-mismatch",
  // A gateway's, identity provider's or framework's own reason, in words AuthLens knows.
  "auth.vendor-reason",
  // Token endpoints (RFC 6749 §5.2).
  "oauth.invalid-grant",
  "oauth.invalid-client",
  "oauth.token-error",
  // CORS: a cause behind the browser's reason, then the browser's reasons in its order.
  "cors.error-hidden-by-cors",
  "cors.preflight-network-error",
  "cors.preflight-redirect",
  "cors.missing-allow-origin",
  "cors.multiple-allow-origin",
  "cors.invalid-allow-origin",
  "cors.wildcard-origin-with-credentials",
  "cors.allow-origin-mismatch",
  "cors.allow-credentials-missing",
  "cors.preflight-failed-status",
  "cors.invalid-allow-methods",
  "cors.invalid-allow-headers",
  "cors.method-not-allowed",
  "cors.header-not-allowed",
  "cors.local-network",
  "cors.blocked",
  // A token no conforming verifier accepts (its claims' types, its crit, its signature's length),
  // behind the server's general words; never ahead of a CORS reason, which it does not explain.
  "token.invalid",
  // What the server said, in its own words.
  "auth.bearer-invalid-token",
  "auth.bearer-invalid-request",
  // Cookies the browser kept back explain a request that went without them.
  "cookie.blocked",
  "cookie.not-sent",
  // The generic verdicts.
  "auth.no-credentials-sent",
  "auth.credentials-rejected",
  "auth.challenge-missing",
  "auth.forbidden-not-unauthenticated",
  // A response that went through, but whose Set-Cookie the browser refused.
  "cookie.samesite-none-without-secure",
  "cookie.secure-over-http",
  "cookie.set-cookie-rejected",
  // The capture could not tell: the best there is, never better than a reason.
  "har.sanitized",
  "capture.partial",
];

/** The CORS reasons a browser reports for one failure: a cause behind them makes them supporting. */
const BROWSER_CORS_REASONS: readonly FindingCode[] = [
  "cors.preflight-failed-status",
  "cors.preflight-redirect",
  "cors.missing-allow-origin",
  "cors.multiple-allow-origin",
  "cors.invalid-allow-origin",
  "cors.allow-origin-mismatch",
  "cors.wildcard-origin-with-credentials",
  "cors.allow-credentials-missing",
  "cors.blocked",
];

/** What the server or the browser says about a refused credential, in general words. */
const REFUSAL_WORDS: readonly FindingCode[] = ["auth.credentials-rejected", "auth.bearer-invalid-token", "auth.bearer-invalid-request"];

/**
 * root → the codes it explains. A finding whose code the root explains restates or corroborates
 * it, and is folded under the root (`role: "supporting"`); every other finding stays independent.
 */
export const EXPLAINS: Readonly<Partial<Record<FindingCode, readonly FindingCode[]>>> = {
  "auth.token-placeholder": [...REFUSAL_WORDS, "auth.scheme-mismatch", "auth.no-credentials-sent", "token.malformed", "token.opaque"],
  "cors.preflight-blocked-by-auth": [...BROWSER_CORS_REASONS, "cors.preflight-network-error", "auth.challenge-missing"],
  "auth.authorization-stripped-on-redirect": ["auth.no-credentials-sent", ...REFUSAL_WORDS],
  "auth.authorization-not-received": ["auth.no-credentials-sent", ...REFUSAL_WORDS],
  "auth.token-expired": [...REFUSAL_WORDS, "auth.retry-loop"],
  "auth.token-not-yet-valid": [...REFUSAL_WORDS],
  "auth.id-token-as-access-token": [...REFUSAL_WORDS, "auth.forbidden-not-unauthenticated", "auth.token-audience-mismatch", "auth.vendor-reason"],
  "auth.token-audience-mismatch": [...REFUSAL_WORDS, "auth.forbidden-not-unauthenticated"],
  "auth.token-issuer-mismatch": [...REFUSAL_WORDS, "auth.forbidden-not-unauthenticated"],
  "auth.token-key-unknown": [...REFUSAL_WORDS, "auth.forbidden-not-unauthenticated"],
  "auth.token-signature-invalid": [...REFUSAL_WORDS, "auth.forbidden-not-unauthenticated"],
  "auth.scheme-mismatch": [...REFUSAL_WORDS, "auth.no-credentials-sent"],
  "auth.bearer-insufficient-scope": [...REFUSAL_WORDS, "auth.forbidden-not-unauthenticated"],
  "auth.step-up-required": [...REFUSAL_WORDS, "auth.forbidden-not-unauthenticated"],
  "auth.dpop-proof-invalid": [...REFUSAL_WORDS],
  "auth.dpop-nonce-required": [...REFUSAL_WORDS],
  "oauth.authorization-error": ["auth.no-credentials-sent", "auth.credentials-rejected", "auth.challenge-missing", "auth.vendor-reason"],
  "oauth.pkce-mismatch": ["oauth.invalid-grant", "oauth.token-error", "auth.no-credentials-sent", "auth.credentials-rejected", "auth.vendor-reason"],
  "oauth.state-mismatch": ["auth.no-credentials-sent", "auth.credentials-rejected"],
  "auth.vendor-reason": [
    ...REFUSAL_WORDS,
    "auth.forbidden-not-unauthenticated",
    "auth.no-credentials-sent",
    "auth.challenge-missing",
    "oauth.invalid-grant",
    "oauth.invalid-client",
    "oauth.token-error",
  ],
  "oauth.invalid-grant": ["auth.no-credentials-sent", "auth.credentials-rejected"],
  "oauth.invalid-client": ["auth.no-credentials-sent", "auth.credentials-rejected", "auth.challenge-missing"],
  "oauth.token-error": ["auth.no-credentials-sent", "auth.credentials-rejected"],
  "cors.scheme-not-supported": ["cors.blocked"],
  "cors.redirect-contains-credentials": ["cors.blocked"],
  "cors.error-hidden-by-cors": ["cors.missing-allow-origin", "cors.blocked"],
  "cors.preflight-network-error": ["cors.blocked"],
  "cors.preflight-redirect": ["cors.blocked"],
  "cors.missing-allow-origin": ["cors.blocked"],
  "cors.multiple-allow-origin": ["cors.blocked"],
  "cors.invalid-allow-origin": ["cors.blocked"],
  "cors.wildcard-origin-with-credentials": ["cors.blocked"],
  "cors.allow-origin-mismatch": ["cors.blocked"],
  "cors.allow-credentials-missing": ["cors.blocked"],
  "cors.preflight-failed-status": ["cors.blocked"],
  "cors.method-not-allowed": ["cors.blocked"],
  "cors.header-not-allowed": ["cors.blocked"],
  "cors.invalid-allow-methods": ["cors.blocked"],
  "cors.invalid-allow-headers": ["cors.blocked"],
  "cors.local-network": ["cors.blocked"],
  "token.invalid": [...REFUSAL_WORDS],
  "auth.bearer-invalid-token": ["auth.credentials-rejected"],
  "auth.bearer-invalid-request": ["auth.credentials-rejected"],
  "cookie.blocked": ["auth.no-credentials-sent", "cookie.not-sent"],
  "cookie.not-sent": ["auth.no-credentials-sent"],
  "cookie.samesite-none-without-secure": ["cookie.set-cookie-rejected"],
  "cookie.secure-over-http": ["cookie.set-cookie-rejected"],
  "har.sanitized": [],
};
