/**
 * The `error` codes a Bearer or DPoP challenge carries: RFC 6750 §3.1, RFC 9470 §3 (step-up),
 * RFC 9449 §7.1 and §9 (DPoP), and Microsoft's claims challenge. Each says what it means,
 * which status it belongs with, how it completes the summary and what the client does next.
 */
import { param, type SchemeInput } from "./types.ts";
import { short } from "./read.ts";

export interface OAuthError {
  readonly meaning: string;
  /** The status the defining specification pairs the error with. */
  readonly status: number;
  readonly spec: string;
  /** Completes "The server wants …; <verdict>", by whether a credential was sent. */
  readonly verdict: (sent: boolean | undefined) => string;
  readonly next: (input: SchemeInput) => string;
}

function described(input: SchemeInput): string {
  const d = param(input.challenge, "error_description");
  return d ? ` (the server says: "${short(d)}")` : "";
}

export const OAUTH_ERRORS: Readonly<Record<string, OAuthError>> = {
  invalid_request: {
    meaning:
      "The request is missing a parameter, has an unsupported one, repeats one, sends the token in more than one way, or is otherwise malformed (RFC 6750 §3.1).",
    status: 400,
    spec: "RFC 6750 §3.1",
    verdict: () => "the request itself is malformed (error=invalid_request), not necessarily the token",
    next: (input) =>
      `Fix the request rather than the token${described(input)}: send the token exactly once, in the Authorization header (not also as access_token in the URL or body), and check the request's parameters.`,
  },
  invalid_token: {
    meaning: "The access token is expired, revoked, malformed, or invalid for another reason (RFC 6750 §3.1).",
    status: 401,
    spec: "RFC 6750 §3.1",
    verdict: (sent) =>
      sent === false
        ? "none was sent, yet it reports error=invalid_token"
        : sent
          ? "the one you sent is invalid or expired"
          : "it says the token is invalid or expired",
    next: (input) =>
      `Get a new access token (use the refresh token, or sign in again) and retry once${described(input)}. If a fresh token is refused too, compare its audience (aud) and issuer (iss) with what this API expects.`,
  },
  insufficient_scope: {
    meaning: "The request needs more privileges than the access token carries (RFC 6750 §3.1).",
    status: 403,
    spec: "RFC 6750 §3.1",
    verdict: (sent) => (sent ? "the one you sent lacks the scope this request needs" : "a token with more scope is needed"),
    next: (input) => {
      const scope = param(input.challenge, "scope");
      return scope
        ? `Ask the authorization server for a token with scope "${short(scope)}" (the user may have to consent again), then retry.`
        : "Ask the authorization server for a token with more scope; the server did not say which (no scope parameter).";
    },
  },
  insufficient_user_authentication: {
    meaning:
      "The sign-in behind the access token does not meet this resource's requirements: not strong enough (acr_values) or too long ago (max_age) (RFC 9470 §3).",
    status: 401,
    spec: "RFC 9470 §3",
    verdict: () => "the user must sign in again, more strongly or more recently (step-up authentication)",
    next: (input) => {
      const acr = param(input.challenge, "acr_values");
      const maxAge = param(input.challenge, "max_age");
      const asks = [acr ? `acr_values="${short(acr)}"` : "", maxAge ? `max_age=${maxAge}` : ""].filter((s) => s !== "");
      return asks.length > 0
        ? `Send the user back to the authorization server with ${asks.join(" and ")} in the authorization request (RFC 9470 §4), then retry with the new token.`
        : "Send the user back to the authorization server for a fresh, stronger sign-in (RFC 9470 §4); the server named no acr_values or max_age.";
    },
  },
  use_dpop_nonce: {
    meaning: "The DPoP proof must carry a nonce the server supplies in the DPoP-Nonce response header (RFC 9449 §9).",
    status: 401,
    spec: "RFC 9449 §9",
    verdict: () => "the DPoP proof must carry the server's nonce (a normal first round)",
    next: (input) =>
      input.ctx.dpopNonce
        ? `Retry once with a new DPoP proof whose nonce claim is "${short(input.ctx.dpopNonce)}" (the DPoP-Nonce response header).`
        : "Retry with a new DPoP proof whose nonce claim is the DPoP-Nonce response header — this response carries none, so the server has to add it (or expose it to script with Access-Control-Expose-Headers).",
  },
  invalid_dpop_proof: {
    meaning: "The DPoP proof itself is invalid: signature, typ, htm, htu, iat, jti or ath (RFC 9449 §4.3, §7.1).",
    status: 401,
    spec: "RFC 9449 §7.1",
    verdict: () => "the DPoP proof was rejected",
    next: (input) => {
      const algs = param(input.challenge, "algs");
      return `Send a fresh DPoP proof for this exact request${described(input)}: typ "dpop+jwt", htm = the method, htu = the URL without query and fragment, a new jti, a current iat, ath = the access token's SHA-256 hash${algs ? `, signed with ${short(algs)}` : ""}.`;
    },
  },
  insufficient_claims: {
    meaning:
      "Microsoft Entra ID claims challenge (Conditional Access, Continuous Access Evaluation): a new token must carry the claims in the claims parameter. Not part of RFC 6750.",
    status: 401,
    spec: "Microsoft identity platform claims challenge",
    verdict: () => "a new token with the claims named in the challenge is needed (Conditional Access)",
    next: () =>
      "Request a new token passing the claims value (base64-decoded JSON) to the authorization server — MSAL: WithClaims / the claims option — then retry; the user may have to sign in again or complete MFA.",
  },
};

export function oauthError(code: string | undefined): OAuthError | undefined {
  return code !== undefined && Object.hasOwn(OAUTH_ERRORS, code) ? OAUTH_ERRORS[code] : undefined;
}
