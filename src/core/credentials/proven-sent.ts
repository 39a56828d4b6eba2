/**
 * Proof, in an exchange itself, that the request carried a credential, for captures stripped of
 * credential headers (a sanitized HAR): what the server answered about the token, or the
 * preflight that announced an Authorization header. Where such proof exists AuthLens says the
 * credential was sent, never "none" (FINDINGS.md v2, `har.sanitized`).
 */
import { challengeField } from "../challenge/exchange-challenges.ts";
import type { Exchange } from "../exchange.ts";
import { headerValue } from "../headers.ts";
import type { RuleContext } from "../rule.ts";
import type { ExchangeView } from "../view/exchange-view.ts";

/**
 * RFC 6750 §3.1 and RFC 9449 §7.1, RFC 9470 §3: error codes a server gives only to a request
 * that carried a token ("If the request lacks any authentication information, the resource
 * server SHOULD NOT include an error code").
 */
const TOKEN_ERRORS: ReadonlySet<string> = new Set(["invalid_token", "insufficient_scope", "invalid_dpop_proof", "insufficient_user_authentication", "use_dpop_nonce"]);

/** Words of servers and middlewares about a token they read: "jwt expired", "The access token expired", "invalid signature". */
const TOKEN_WORDS = /\b(jwt|token|signature)\b[^.\n]{0,40}\b(expired|malformed|invalid|revoked|not active|not valid|audience|issuer)\b|\b(expired|invalid|malformed|revoked)\b[^.\n]{0,20}\b(jwt|token|signature)\b/i;

/** Longest body read for TOKEN_WORDS: error answers are short. */
const MAX_BODY_CHARS = 2_000;

/**
 * How the exchange proves a credential was sent, in words, or undefined when it does not. Rules
 * pass the exchange's view, whose challenge is read once per analysis.
 */
export function credentialProof(x: Exchange, preflight?: Exchange, view?: ExchangeView): string | undefined {
  const field = !x.response ? undefined : view ? view.challenge("WWW-Authenticate") : challengeField(x, "WWW-Authenticate");
  for (const pc of field?.parse.challenges ?? []) {
    const error = pc.challenge.params.error;
    if (error !== undefined && TOKEN_ERRORS.has(error)) {
      const description = pc.challenge.params.error_description;
      return `the server's challenge says error="${error}"${description !== undefined ? ` ("${description.slice(0, 120)}")` : ""}, which it gives only to a request that carried a token (RFC 6750 §3.1)`;
    }
  }
  const body = x.response?.body?.text;
  if (body !== undefined && x.response !== undefined && x.response.status >= 400) {
    const m = TOKEN_WORDS.exec(body.slice(0, MAX_BODY_CHARS));
    if (m) return `the server's answer speaks of the token it read ("${m[0].slice(0, 80)}")`;
  }
  const announced = preflight ? headerValue(preflight.request.headers, "access-control-request-headers") : undefined;
  if (announced !== undefined && /(^|,)\s*authorization\s*(,|$)/i.test(announced)) {
    return `its preflight announced an Authorization header (Access-Control-Request-Headers: ${announced.slice(0, 120)})`;
  }
  return undefined;
}

/** credentialProof with the exchange's own preflight, looked up in the capture (a rule context). */
export function credentialProofIn(x: Exchange, capture: Pick<RuleContext, "exchange"> & { view(x: Exchange): ExchangeView }): string | undefined {
  return credentialProof(x, x.preflightId !== undefined ? capture.exchange(x.preflightId) : undefined, capture.view(x));
}
