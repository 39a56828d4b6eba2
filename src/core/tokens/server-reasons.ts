/**
 * What well-known servers and libraries say when they refuse a token for who it is: issued for
 * another audience (RFC 7519 §4.1.3), by an issuer they do not trust (§4.1.1), signed with a key
 * they do not have (RFC 7515 §4.1.4, RFC 7517), or with a signature that does not verify
 * (RFC 7515 §5.2). Read from the challenge's `error_description` and from small error bodies
 * (credentials/server-messages.ts), with the library or product that answers so.
 *
 * Named groups carry a value the server names: `expected`, the value it wants (jsonwebtoken's
 * "expected: …", Keycloak's "Expected '…'"); `seen`, the value it read from the token (ASP.NET
 * Core's "The audience '…' is invalid", jwks-rsa's kid).
 *
 * Bodies are read as sent, so a JSON body's quotes arrive escaped (`unexpected \"aud\" claim value`);
 * patterns with quotes allow the backslash.
 *
 * Order matters: the first pattern that matches names the reason, so a message that speaks of a
 * missing key comes before the general "signature" ones. Expiry is not here: auth.token-expired
 * reads exp itself, and where it cannot, auth.bearer-invalid-token quotes the server's words.
 */
import type { ServerMessage } from "../credentials/server-messages.ts";

export type TokenIdentityCode = "auth.token-audience-mismatch" | "auth.token-issuer-mismatch" | "auth.token-key-unknown" | "auth.token-signature-invalid";

export interface ServerReason extends ServerMessage {
  readonly code: TokenIdentityCode;
}

/** A quoted or listed value inside a message: up to the closing quote, a JSON string's end or the line's end. */
const VALUE = String.raw`[^"'\\\r\n]+`;

export const SERVER_REASONS: readonly ServerReason[] = [
  // The token names a key the server does not have (its kid is not in the JWKS).
  { code: "auth.token-key-unknown", pattern: /no applicable key found in the JSON Web Key Set/i, source: "jose (JWKSNoMatchingKey), passed on by express-oauth2-jwt-bearer" },
  {
    code: "auth.token-key-unknown",
    pattern: new RegExp(`Unable to find a signing key that matches '(?<seen>${VALUE})'`, "i"),
    source: "jwks-rsa (SigningKeyNotFoundError), behind express-jwt, passport-jwt or jsonwebtoken's key callback",
  },
  {
    code: "auth.token-key-unknown",
    pattern: /secret or public key must be provided/i,
    source: "jsonwebtoken, when express-jwt's key lookup returns no key for the token",
  },
  {
    code: "auth.token-key-unknown",
    pattern: /Another algorithm expected, or no matching key\(s\) found/i,
    source: "Spring Security (Nimbus JOSE+JWT: no key in the JWK Set matches the token's kid and alg)",
  },
  { code: "auth.token-key-unknown", pattern: /The signature key was not found/i, source: "ASP.NET Core JwtBearer (SecurityTokenSignatureKeyNotFoundException)" },
  { code: "auth.token-key-unknown", pattern: /\bIDX10501\b[^"\r\n]*/, source: "Microsoft.IdentityModel (IDX10501: no key matches the token's kid)" },
  { code: "auth.token-key-unknown", pattern: /the given key ID was not found in the JWKS/i, source: "keyfunc (Go)" },

  // The signature does not verify with the key the server holds.
  { code: "auth.token-signature-invalid", pattern: /Signed JWT rejected: Invalid signature/i, source: "Spring Security (Nimbus JOSE+JWT)" },
  { code: "auth.token-signature-invalid", pattern: /signature verification failed/i, source: "jose (JWSSignatureVerificationFailed, passed on by express-oauth2-jwt-bearer) or PyJWT" },
  { code: "auth.token-signature-invalid", pattern: /The token signature is invalid/, source: "fast-jwt (@fastify/jwt FST_JWT_AUTHORIZATION_TOKEN_INVALID)" },
  { code: "auth.token-signature-invalid", pattern: /\btoken signature is invalid\b/i, source: "golang-jwt (ErrTokenSignatureInvalid)" },
  { code: "auth.token-signature-invalid", pattern: /\binvalid signature\b/i, source: "jsonwebtoken (express-jwt, passport-jwt)" },
  { code: "auth.token-signature-invalid", pattern: /The signature is invalid/i, source: "ASP.NET Core JwtBearer (SecurityTokenInvalidSignatureException)" },
  { code: "auth.token-signature-invalid", pattern: /\bIDX10503\b[^"\r\n]*/, source: "Microsoft.IdentityModel (IDX10503: signature validation failed)" },
  { code: "auth.token-signature-invalid", pattern: /Invalid token signature/i, source: "Keycloak (TokenVerifier)" },

  // The token was issued for another API.
  { code: "auth.token-audience-mismatch", pattern: /Unexpected 'aud' value/, source: "express-oauth2-jwt-bearer" },
  { code: "auth.token-audience-mismatch", pattern: /unexpected \\?"aud\\?" claim value/i, source: "jose (jwtVerify)" },
  {
    code: "auth.token-audience-mismatch",
    pattern: new RegExp(`jwt audience invalid\\. expected: (?<expected>${VALUE})`, "i"),
    source: "jsonwebtoken (express-jwt, passport-jwt)",
  },
  { code: "auth.token-audience-mismatch", pattern: /The aud claim value is not allowed|None of aud claim values are allowed/, source: "fast-jwt (@fastify/jwt FST_JWT_AUTHORIZATION_TOKEN_INVALID)" },
  { code: "auth.token-audience-mismatch", pattern: /The aud claim is not valid/i, source: "Spring Security (JwtClaimValidator)" },
  { code: "auth.token-audience-mismatch", pattern: new RegExp(`The audience '(?<seen>${VALUE})' is invalid`, "i"), source: "ASP.NET Core JwtBearer (SecurityTokenInvalidAudienceException)" },
  { code: "auth.token-audience-mismatch", pattern: /\bIDX10214\b[^"\r\n]*/, source: "Microsoft.IdentityModel (IDX10214: audience validation failed)" },
  { code: "auth.token-audience-mismatch", pattern: /Expected audience not available in the token/i, source: "Keycloak (TokenVerifier)" },
  { code: "auth.token-audience-mismatch", pattern: /\btoken has invalid audience\b/i, source: "golang-jwt (ErrTokenInvalidAudience)" },
  { code: "auth.token-audience-mismatch", pattern: /Audience doesn't match|\bInvalid audience\b/i, source: "PyJWT (InvalidAudienceError)" },

  // The token was issued by an authorization server this API does not trust.
  { code: "auth.token-issuer-mismatch", pattern: /Unexpected 'iss' value/, source: "express-oauth2-jwt-bearer" },
  { code: "auth.token-issuer-mismatch", pattern: /unexpected \\?"iss\\?" claim value/i, source: "jose (jwtVerify)" },
  {
    code: "auth.token-issuer-mismatch",
    pattern: new RegExp(`jwt issuer invalid\\. expected: (?<expected>${VALUE})`, "i"),
    source: "jsonwebtoken (express-jwt, passport-jwt)",
  },
  { code: "auth.token-issuer-mismatch", pattern: /The iss claim value is not allowed/, source: "fast-jwt (@fastify/jwt FST_JWT_AUTHORIZATION_TOKEN_INVALID)" },
  { code: "auth.token-issuer-mismatch", pattern: /The iss claim is not valid/i, source: "Spring Security (JwtIssuerValidator)" },
  { code: "auth.token-issuer-mismatch", pattern: new RegExp(`The issuer '(?<seen>${VALUE})' is invalid`, "i"), source: "ASP.NET Core JwtBearer (SecurityTokenInvalidIssuerException)" },
  { code: "auth.token-issuer-mismatch", pattern: /\bIDX10205\b[^"\r\n]*/, source: "Microsoft.IdentityModel (IDX10205: issuer validation failed)" },
  { code: "auth.token-issuer-mismatch", pattern: new RegExp(`Invalid token issuer\\. Expected '(?<expected>${VALUE})'`, "i"), source: "Keycloak (TokenVerifier)" },
  { code: "auth.token-issuer-mismatch", pattern: /\btoken has invalid issuer\b/i, source: "golang-jwt (ErrTokenInvalidIssuer)" },
  { code: "auth.token-issuer-mismatch", pattern: /\bInvalid issuer\b/i, source: "PyJWT (InvalidIssuerError)" },
];
