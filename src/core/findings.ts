/**
 * The finding catalogue (FINDINGS.md as data). Codes are a public contract shared by the
 * panel, the CLI's JSON and exported reports: never rename or reuse one.
 */
import { clipMiddle, LIMITS } from "./limits.ts";
export type Severity = "error" | "warning" | "info";
export type Phase = "preflight" | "actual";

export interface Evidence {
  readonly label: string;
  readonly value: string;
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly title: string;
  /** Plain words naming the real values of this exchange. */
  readonly detail: string;
  readonly evidence: readonly Evidence[];
  readonly fix?: string;
  readonly docs: readonly string[];
  readonly phase?: Phase;
  /** Other exchanges this finding involves (a preflight, earlier attempts). */
  readonly related?: readonly string[];
  /**
   * "supporting": the finding restates or corroborates the exchange's root cause (FINDINGS.md
   * v2, "Root cause first"); views fold it into the root's card. Absent: root or independent.
   */
  readonly role?: "supporting";
}

interface CatalogueEntry {
  readonly severity: Severity;
  readonly title: string;
  readonly docs: readonly string[];
}

const RFC9110 = "https://www.rfc-editor.org/rfc/rfc9110";
const RFC6750 = "https://www.rfc-editor.org/rfc/rfc6750";
const RFC6749 = "https://www.rfc-editor.org/rfc/rfc6749";
const MDN = "https://developer.mozilla.org/en-US/docs/Web/HTTP";
const FETCH = "https://fetch.spec.whatwg.org";
const CORS_ERRORS = `${MDN}/Guides/CORS/Errors`;

export const CATALOGUE = {
  // Authentication (401 / 403 / 407)
  "auth.challenge-missing": {
    severity: "error",
    title: "401 without a challenge",
    docs: [`${RFC9110}#section-15.5.2`, `${MDN}/Reference/Headers/WWW-Authenticate`],
  },
  "auth.challenge-malformed": {
    severity: "warning",
    title: "Challenge does not parse",
    docs: [`${RFC9110}#section-11`],
  },
  "auth.no-credentials-sent": {
    severity: "error",
    title: "No credentials were sent",
    docs: [`${MDN}/Reference/Headers/Authorization`, `${MDN}/Guides/Cookies`],
  },
  "auth.credentials-rejected": {
    severity: "error",
    title: "Credentials were sent and rejected",
    docs: [`${RFC9110}#section-15.5.2`],
  },
  "auth.scheme-mismatch": {
    severity: "error",
    title: "Authorization scheme not accepted",
    docs: [`${RFC9110}#section-11.6.2`],
  },
  "auth.token-placeholder": {
    severity: "error",
    title: "Placeholder instead of a token",
    docs: [`${RFC6750}#section-2.1`],
  },
  "auth.token-expired": {
    severity: "error",
    title: "Token expired",
    docs: ["https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4"],
  },
  "auth.token-not-yet-valid": {
    severity: "error",
    title: "Token not yet valid",
    docs: ["https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5"],
  },
  "auth.token-audience-mismatch": {
    severity: "error",
    title: "Token issued for another audience",
    docs: ["https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3", "https://www.rfc-editor.org/rfc/rfc8707#section-2"],
  },
  "auth.token-issuer-mismatch": {
    severity: "error",
    title: "Token from an issuer this API does not trust",
    docs: ["https://www.rfc-editor.org/rfc/rfc7519#section-4.1.1", "https://www.rfc-editor.org/rfc/rfc9068#section-4"],
  },
  "auth.token-key-unknown": {
    severity: "error",
    title: "Token signed with an unknown key",
    docs: ["https://www.rfc-editor.org/rfc/rfc7515#section-4.1.4", "https://www.rfc-editor.org/rfc/rfc7517#section-5"],
  },
  "auth.token-signature-invalid": {
    severity: "error",
    title: "Token signature does not verify",
    docs: ["https://www.rfc-editor.org/rfc/rfc7515#section-5.2"],
  },
  "auth.id-token-as-access-token": {
    severity: "error",
    title: "ID token sent as an access token",
    docs: ["https://openid.net/specs/openid-connect-core-1_0.html#IDToken", "https://www.rfc-editor.org/rfc/rfc9068#section-2.1", `${RFC6749}#section-5.1`],
  },
  "auth.vendor-reason": {
    severity: "error",
    title: "The gateway or provider named its reason",
    docs: [`${RFC9110}#section-15.5.2`],
  },
  "auth.clock-skew": {
    severity: "warning",
    title: "Clocks disagree",
    docs: [`${RFC9110}#section-6.6.1`],
  },
  "auth.bearer-invalid-token": {
    severity: "error",
    title: "Server says the token is invalid",
    docs: [`${RFC6750}#section-3.1`],
  },
  "auth.bearer-invalid-request": {
    severity: "error",
    title: "Server says the request is malformed",
    docs: [`${RFC6750}#section-3.1`],
  },
  "auth.bearer-insufficient-scope": {
    severity: "error",
    title: "Token lacks the required scope",
    docs: [`${RFC6750}#section-3.1`],
  },
  "auth.step-up-required": {
    severity: "error",
    title: "Stronger authentication required",
    docs: ["https://www.rfc-editor.org/rfc/rfc9470"],
  },
  "auth.dpop-nonce-required": {
    severity: "info",
    title: "Server asks for a DPoP nonce",
    docs: ["https://www.rfc-editor.org/rfc/rfc9449#section-8"],
  },
  "auth.dpop-proof-invalid": {
    severity: "error",
    title: "DPoP proof rejected",
    docs: ["https://www.rfc-editor.org/rfc/rfc9449#section-7.1"],
  },
  "auth.resource-metadata": {
    severity: "info",
    title: "Protected resource metadata advertised",
    docs: ["https://www.rfc-editor.org/rfc/rfc9728#section-5.1"],
  },
  "auth.proxy-auth-required": {
    severity: "error",
    title: "Proxy authentication required",
    docs: [`${RFC9110}#section-15.5.8`],
  },
  "auth.retry-loop": {
    severity: "warning",
    title: "Repeated 401s",
    docs: [`${RFC9110}#section-15.5.2`],
  },
  "auth.forbidden-not-unauthenticated": {
    severity: "info",
    title: "Signed in, but not allowed",
    docs: [`${RFC9110}#section-15.5.4`],
  },
  "auth.challenge-hidden-from-script": {
    severity: "warning",
    title: "Challenge hidden from page script",
    docs: [`${MDN}/Reference/Headers/Access-Control-Expose-Headers`],
  },
  "auth.authorization-stripped-on-redirect": {
    severity: "warning",
    title: "Authorization dropped on redirect",
    docs: [`${FETCH}/#http-redirect-fetch`],
  },
  "auth.authorization-not-received": {
    severity: "error",
    title: "Authorization did not reach the server",
    docs: [`${RFC6750}#section-3.1`, "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header"],
  },
  "auth.basic-prompt-risk": {
    severity: "info",
    title: "Basic challenge may open a login dialog",
    docs: ["https://www.rfc-editor.org/rfc/rfc7617"],
  },
  "auth.credentials-over-http": {
    severity: "warning",
    title: "Credentials sent over plain HTTP",
    docs: [`${MDN}/Reference/Headers/Authorization`],
  },
  "auth.token-in-url": {
    severity: "warning",
    title: "Token in the URL",
    docs: [`${RFC6750}#section-2.3`],
  },

  // CORS
  "cors.preflight-failed-status": {
    severity: "error",
    title: "Preflight answered with an error status",
    docs: [`${CORS_ERRORS}/CORSPreflightDidNotSucceed`, `${FETCH}/#cors-preflight-fetch`],
  },
  "cors.preflight-redirect": {
    severity: "error",
    title: "Preflight was redirected",
    docs: [`${CORS_ERRORS}/CORSExternalRedirectNotAllowed`],
  },
  "cors.missing-allow-origin": {
    severity: "error",
    title: "No Access-Control-Allow-Origin",
    docs: [`${CORS_ERRORS}/CORSMissingAllowOrigin`],
  },
  "cors.multiple-allow-origin": {
    severity: "error",
    title: "Several Access-Control-Allow-Origin values",
    docs: [`${CORS_ERRORS}/CORSMultipleAllowOriginNotAllowed`],
  },
  "cors.invalid-allow-origin": {
    severity: "error",
    title: "Invalid Access-Control-Allow-Origin",
    docs: [`${CORS_ERRORS}/CORSAllowOriginNotMatchingOrigin`],
  },
  "cors.allow-origin-mismatch": {
    severity: "error",
    title: "Access-Control-Allow-Origin does not match",
    docs: [`${CORS_ERRORS}/CORSAllowOriginNotMatchingOrigin`],
  },
  "cors.wildcard-origin-with-credentials": {
    severity: "error",
    title: "Wildcard origin on a credentialed request",
    docs: [`${CORS_ERRORS}/CORSNotSupportingCredentials`],
  },
  "cors.allow-credentials-missing": {
    severity: "error",
    title: "Access-Control-Allow-Credentials missing",
    docs: [`${CORS_ERRORS}/CORSMIssingAllowCredentials`],
  },
  "cors.method-not-allowed": {
    severity: "error",
    title: "Method not allowed by the preflight",
    docs: [`${CORS_ERRORS}/CORSMethodNotFound`],
  },
  "cors.header-not-allowed": {
    severity: "error",
    title: "Header not allowed by the preflight",
    docs: [`${CORS_ERRORS}/CORSMissingAllowHeaderFromPreflight`],
  },
  "cors.authorization-not-covered-by-wildcard": {
    severity: "warning",
    title: "Authorization relies on a wildcard",
    docs: [`${FETCH}/#cors-non-wildcard-request-header-name`],
  },
  "cors.invalid-allow-methods": {
    severity: "error",
    title: "Access-Control-Allow-Methods does not parse",
    docs: [`${CORS_ERRORS}/CORSInvalidAllowMethod`],
  },
  "cors.invalid-allow-headers": {
    severity: "error",
    title: "Access-Control-Allow-Headers does not parse",
    docs: [`${CORS_ERRORS}/CORSInvalidAllowHeader`],
  },
  "cors.redirect-contains-credentials": {
    severity: "error",
    title: "Redirect to a URL with credentials",
    docs: [`${FETCH}/#http-redirect-fetch`],
  },
  "cors.scheme-not-supported": {
    severity: "error",
    title: "Scheme not supported for CORS",
    docs: [`${CORS_ERRORS}/CORSRequestNotHttp`],
  },
  "cors.preflight-network-error": {
    severity: "error",
    title: "Preflight failed at the network level",
    docs: [`${CORS_ERRORS}/CORSPreflightDidNotSucceed`],
  },
  "cors.blocked": {
    severity: "error",
    title: "Blocked by CORS",
    docs: [`${CORS_ERRORS}`, `${FETCH}/#http-cors-protocol`],
  },
  "cors.error-hidden-by-cors": {
    severity: "warning",
    title: "Server error hidden behind a CORS error",
    docs: [`${CORS_ERRORS}/CORSMissingAllowOrigin`],
  },
  "cors.preflight-trigger": {
    severity: "info",
    title: "Why a preflight was sent",
    docs: [`${MDN}/Guides/CORS#preflighted_requests`],
  },
  "cors.vary-origin-missing": {
    severity: "warning",
    title: "Vary: Origin missing",
    docs: [`${FETCH}/#cors-protocol-and-http-caches`],
  },
  "cors.preflight-blocked-by-auth": {
    severity: "error",
    title: "Auth middleware answered the preflight",
    docs: [`${FETCH}/#cors-preflight-fetch`, `${CORS_ERRORS}/CORSPreflightDidNotSucceed`],
  },
  "cors.local-network": {
    severity: "warning",
    title: "Public page calling a local address",
    docs: ["https://wicg.github.io/local-network-access/"],
  },

  // Cookies and credentials attached
  "cookie.not-sent": {
    severity: "warning",
    title: "Cookies were not sent",
    docs: [`${MDN}/Reference/Headers/Set-Cookie`],
  },
  "cookie.blocked": {
    severity: "warning",
    title: "Browser withheld a cookie",
    docs: [`${MDN}/Reference/Headers/Set-Cookie`],
  },
  "cookie.samesite-none-without-secure": {
    severity: "error",
    title: "SameSite=None without Secure",
    docs: [`${MDN}/Reference/Headers/Set-Cookie#samesitesamesite-value`],
  },
  "cookie.secure-over-http": {
    severity: "error",
    title: "Secure cookie set over HTTP",
    docs: [`${MDN}/Reference/Headers/Set-Cookie#secure`],
  },
  "cookie.set-cookie-rejected": {
    severity: "warning",
    title: "Browser rejected a Set-Cookie",
    docs: [`${MDN}/Reference/Headers/Set-Cookie`],
  },

  // Tokens
  "token.jwt": { severity: "info", title: "JWT", docs: ["https://www.rfc-editor.org/rfc/rfc7519"] },
  "token.jwe": { severity: "info", title: "Encrypted JWT", docs: ["https://www.rfc-editor.org/rfc/rfc7516"] },
  "token.alg-none": {
    severity: "warning",
    title: "Unsecured JWT (alg: none)",
    docs: ["https://www.rfc-editor.org/rfc/rfc7519#section-6"],
  },
  "token.malformed": {
    severity: "warning",
    title: "Token does not decode",
    docs: ["https://www.rfc-editor.org/rfc/rfc7519#section-7.2"],
  },
  "token.invalid": {
    severity: "warning",
    title: "Token a verifier must reject",
    docs: ["https://www.rfc-editor.org/rfc/rfc7515#section-5.2", "https://www.rfc-editor.org/rfc/rfc8725#section-3"],
  },
  "token.exp-in-milliseconds": {
    severity: "warning",
    title: "Token times in milliseconds",
    docs: ["https://www.rfc-editor.org/rfc/rfc7519#section-2"],
  },
  "token.basic": { severity: "info", title: "Basic credentials", docs: ["https://www.rfc-editor.org/rfc/rfc7617"] },
  "token.opaque": { severity: "info", title: "Opaque token", docs: [`${RFC6750}#section-1.2`] },

  // OAuth 2.0 token endpoint (RFC 6749 §5.2)
  "oauth.invalid-grant": {
    severity: "error",
    title: "Token endpoint: invalid_grant",
    docs: [`${RFC6749}#section-5.2`],
  },
  "oauth.invalid-client": {
    severity: "error",
    title: "Token endpoint: invalid_client",
    docs: [`${RFC6749}#section-5.2`, `${RFC6749}#section-2.3`],
  },
  "oauth.token-error": {
    severity: "error",
    title: "Token endpoint refused the request",
    docs: [`${RFC6749}#section-5.2`],
  },

  // OAuth 2.0 / OpenID Connect sign-in flow (authorization request, response, code exchange)
  "oauth.authorization-error": {
    severity: "error",
    title: "Sign-in refused by the authorization server",
    docs: [`${RFC6749}#section-4.1.2.1`, "https://openid.net/specs/openid-connect-core-1_0.html#AuthError"],
  },
  "oauth.pkce-mismatch": {
    severity: "error",
    title: "PKCE code_verifier does not match the code_challenge",
    docs: ["https://www.rfc-editor.org/rfc/rfc7636#section-4.6"],
  },
  "oauth.state-mismatch": {
    severity: "warning",
    title: "state returned differs from the one sent",
    docs: [`${RFC6749}#section-10.12`, "https://www.rfc-editor.org/rfc/rfc9700#section-4.7.1"],
  },

  // Capture
  "har.sanitized": {
    severity: "info",
    title: "Credentials were stripped from this HAR",
    docs: ["https://developer.chrome.com/docs/devtools/network/reference#save-as-har"],
  },
  "capture.partial": {
    severity: "info",
    title: "Some checks were skipped",
    docs: [],
  },
} as const satisfies Record<string, CatalogueEntry>;

export type FindingCode = keyof typeof CATALOGUE;

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** What a rule supplies; severity, title and docs come from the catalogue. */
export interface FindingText {
  readonly detail: string;
  readonly evidence: readonly Evidence[];
  readonly fix?: string;
  readonly phase?: Phase;
  readonly related?: readonly string[];
  /** Overrides the catalogue's severity where FINDINGS.md says a case differs. */
  readonly severity?: Severity;
  /** Pages about this very case (a vendor's documentation), listed before the catalogue's. */
  readonly docs?: readonly string[];
}

export function finding(code: FindingCode, text: FindingText): Finding {
  const entry: CatalogueEntry = CATALOGUE[code];
  const severity = text.severity ?? entry.severity;
  // Members in this order (code … evidence, fix?, docs, phase?, related?), optional ones only
  // when present, without conditional spreads: each builds a temporary object on V8's slow path,
  // for every finding of a capture.
  const max = LIMITS.findingTextChars;
  const detail = clipMiddle(text.detail, max);
  const docs = text.docs !== undefined && text.docs.length > 0 ? [...text.docs, ...entry.docs] : entry.docs;
  const f: { -readonly [K in keyof Finding]: Finding[K] } =
    text.fix !== undefined
      ? { code, severity, title: entry.title, detail, evidence: text.evidence, fix: clipMiddle(text.fix, max), docs }
      : { code, severity, title: entry.title, detail, evidence: text.evidence, docs };
  if (text.phase !== undefined) f.phase = text.phase;
  if (text.related !== undefined && text.related.length > 0) f.related = text.related;
  return f;
}

export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(CATALOGUE, code);
}

/** Most severe first; stable within one severity. */
export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
}

export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const f of findings) if (!worst || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  return worst;
}
