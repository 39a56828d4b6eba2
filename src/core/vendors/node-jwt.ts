/**
 * Node.js token middleware: express-oauth2-jwt-bearer and jose, express-jwt and jsonwebtoken
 * (with jwks-rsa and passport-jwt), @fastify/jwt (fast-jwt) and Hono's jwt middleware. Their
 * messages are the libraries' own error texts (read from their source), which the middleware
 * puts in the challenge's error_description or an app's error handler returns as JSON.
 *
 * Bodies are read as sent, so a JSON body's quotes arrive escaped (`unexpected \"aud\" claim
 * value`); patterns with quotes allow the backslash.
 */
import { family, type VendorEntry } from "./types.ts";

/** A quoted or listed value inside a message: up to the closing quote, a JSON string's end or the line's end. */
export const VALUE = String.raw`[^"'\\\r\n]+`;

const AUDIENCE_FIX = "Request the token for this API (its audience / resource identifier) and configure the API with the same identifier, character for character.";
const ISSUER_FIX = "Get the token from the issuer the API trusts (same environment and tenant), or add that issuer to the API's settings, trailing slash included.";
const KEY_FIX = "Let the API fetch the issuer's current JWKS (a cached or copied key list misses rotated keys), and check the token comes from the environment whose keys the API reads.";
const SIGNATURE_FIX = "Check the API verifies with the issuer's current key (or the same HS256 secret the issuer signs with), and that the token reaches it unchanged.";

export const JOSE: readonly VendorEntry[] = family("express-oauth2-jwt-bearer / jose", "https://github.com/panva/jose/blob/main/src/util/errors.ts", [
  {
    code: "auth.token-key-unknown",
    pattern: /no applicable key found in the JSON Web Key Set/i,
    source: "jose (JWKSNoMatchingKey), passed on by express-oauth2-jwt-bearer",
    meaning: "none of the keys in the issuer's JWKS has the token's kid and algorithm",
    fix: KEY_FIX,
  },
  {
    code: "auth.token-signature-invalid",
    pattern: /signature verification failed/i,
    source: "jose (JWSSignatureVerificationFailed, passed on by express-oauth2-jwt-bearer) or PyJWT",
    meaning: "a key with the token's kid was found, but the signature does not verify with it",
    fix: SIGNATURE_FIX,
  },
  {
    code: "auth.token-audience-mismatch",
    pattern: /Unexpected 'aud' value/,
    source: "express-oauth2-jwt-bearer",
    meaning: "the token's aud does not contain the audience the middleware was configured with",
    fix: AUDIENCE_FIX,
    docs: "https://github.com/auth0/node-oauth2-jwt-bearer/tree/main/packages/express-oauth2-jwt-bearer",
  },
  {
    code: "auth.token-audience-mismatch",
    pattern: /unexpected \\?"aud\\?" claim value/i,
    source: "jose (jwtVerify)",
    meaning: "the token's aud does not contain the audience jwtVerify was asked to check",
    fix: AUDIENCE_FIX,
    docs: "https://github.com/panva/jose/blob/main/src/lib/jwt_claims_set.ts",
  },
  {
    code: "auth.token-issuer-mismatch",
    pattern: /Unexpected 'iss' value/,
    source: "express-oauth2-jwt-bearer",
    meaning: "the token's iss is not the issuer the middleware was configured with",
    fix: ISSUER_FIX,
    docs: "https://github.com/auth0/node-oauth2-jwt-bearer/tree/main/packages/express-oauth2-jwt-bearer",
  },
  {
    code: "auth.token-issuer-mismatch",
    pattern: /unexpected \\?"iss\\?" claim value/i,
    source: "jose (jwtVerify)",
    meaning: "the token's iss is not the issuer jwtVerify was asked to check",
    fix: ISSUER_FIX,
    docs: "https://github.com/panva/jose/blob/main/src/lib/jwt_claims_set.ts",
  },
  {
    code: "auth.token-issuer-mismatch",
    pattern: /Token issuer is not allowed/,
    source: "express-oauth2-jwt-bearer (issuer list)",
    meaning: "the token's iss is none of the issuers the middleware accepts",
    fix: ISSUER_FIX,
    docs: "https://github.com/auth0/node-oauth2-jwt-bearer/tree/main/packages/express-oauth2-jwt-bearer",
  },
  {
    code: "auth.token-expired",
    pattern: /\\?["']exp\\?["'] claim timestamp check failed/i,
    source: "jose (JWTExpired)",
    meaning: "the token's exp lies in the past by the server's clock",
    fix: "Refresh the token before it expires and send the new one.",
    docs: "https://github.com/panva/jose/blob/main/src/lib/jwt_claims_set.ts",
  },
  {
    code: "auth.token-not-yet-valid",
    pattern: /\\?["']nbf\\?["'] claim timestamp check failed/i,
    source: "jose (JWTClaimValidationFailed, nbf)",
    meaning: "the token's nbf lies in the future by the server's clock",
    fix: "Check the clocks of the issuer and the API; allow a small clock tolerance.",
    docs: "https://github.com/panva/jose/blob/main/src/lib/jwt_claims_set.ts",
  },
  {
    code: "auth.vendor-reason",
    pattern: /unexpected \\?"typ\\?" JWT header value/i,
    source: "jose (JWTClaimValidationFailed, typ), as express-oauth2-jwt-bearer uses it for RFC 9068 access tokens",
    meaning: "the API accepts only JWT access tokens whose header says typ at+jwt (RFC 9068 §2.1); this token's typ is something else, as an ID token's is",
    fix: "Send the access token the authorization server issued for this API (typ at+jwt), not an ID token or a token minted for another purpose.",
    docs: "https://www.rfc-editor.org/rfc/rfc9068#section-2.1",
  },
  {
    code: "auth.vendor-reason",
    pattern: /DPoP-bound token requires the DPoP authentication scheme, not Bearer/,
    source: "express-oauth2-jwt-bearer (DPoP)",
    meaning: "the token is bound to a DPoP key (it has a cnf.jkt claim), so it must be sent as `Authorization: DPoP …` with a DPoP proof, never as Bearer (RFC 9449 §7.1)",
    fix: "Send it with the DPoP scheme and a fresh DPoP proof header for this method and URL, as the client library's DPoP support does.",
    docs: "https://www.rfc-editor.org/rfc/rfc9449#section-7.1",
  },
]);

export const JSONWEBTOKEN: readonly VendorEntry[] = family("express-jwt / jsonwebtoken", "https://github.com/auth0/node-jsonwebtoken#errors--codes", [
  {
    code: "auth.token-key-unknown",
    pattern: new RegExp(`Unable to find a signing key that matches '(?<seen>${VALUE})'`, "i"),
    source: "jwks-rsa (SigningKeyNotFoundError), behind express-jwt, passport-jwt or jsonwebtoken's key callback",
    meaning: "the issuer's JWKS has no key with the token's kid",
    fix: KEY_FIX,
    docs: "https://github.com/auth0/node-jwks-rsa",
  },
  {
    code: "auth.token-key-unknown",
    pattern: /secret or public key must be provided/i,
    source: "jsonwebtoken, when express-jwt's key lookup returns no key for the token",
    meaning: "the server's key lookup found no key for this token (by its kid or issuer), so there was nothing to verify with",
    fix: KEY_FIX,
  },
  {
    code: "auth.token-signature-invalid",
    pattern: /\binvalid signature\b/i,
    source: "jsonwebtoken (express-jwt, passport-jwt)",
    meaning: "the signature does not verify with the secret or public key the server holds",
    fix: SIGNATURE_FIX,
  },
  {
    code: "auth.token-audience-mismatch",
    pattern: new RegExp(`jwt audience invalid\\. expected: (?<expected>${VALUE})`, "i"),
    source: "jsonwebtoken (express-jwt, passport-jwt)",
    meaning: "the token's aud is not the audience the server expects",
    fix: AUDIENCE_FIX,
  },
  {
    code: "auth.token-issuer-mismatch",
    pattern: new RegExp(`jwt issuer invalid\\. expected: (?<expected>${VALUE})`, "i"),
    source: "jsonwebtoken (express-jwt, passport-jwt)",
    meaning: "the token's iss is not the issuer the server expects",
    fix: ISSUER_FIX,
  },
  {
    code: "auth.token-expired",
    pattern: /\bjwt expired\b/i,
    source: "jsonwebtoken (TokenExpiredError)",
    meaning: "the token's exp lies in the past by the server's clock",
    fix: "Refresh the token before it expires and send the new one.",
  },
  {
    code: "auth.token-not-yet-valid",
    pattern: /\bjwt not active\b/i,
    source: "jsonwebtoken (NotBeforeError)",
    meaning: "the token's nbf lies in the future by the server's clock",
    fix: "Check the clocks of the issuer and the API; allow a small clock tolerance.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\binvalid algorithm\b/i,
    source: "jsonwebtoken (JsonWebTokenError), behind express-jwt and passport-jwt",
    meaning: "the token's alg is not in the list of algorithms the server allows (for example an RS256 token sent to a server configured for HS256, or the other way round)",
    fix: "Configure the server's `algorithms` with the algorithm the issuer signs with (the token header's alg), and verify with the matching key type: a public key for RS/ES/PS, the shared secret for HS.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\bjwt malformed\b/i,
    source: "jsonwebtoken (JsonWebTokenError), behind express-jwt and passport-jwt",
    meaning: "what the server read as the token is not three dot-separated parts: an opaque access token, a token cut or wrapped in quotes, or a second `Bearer` in the header",
    fix: "Send the JWT itself after `Bearer ` (no quotes, no second prefix); if the authorization server issues opaque access tokens, ask it for a JWT access token for this API (an audience / resource parameter) or verify by introspection.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /\bjwt signature is required\b/i,
    source: "jsonwebtoken (JsonWebTokenError)",
    meaning: "the token has an empty signature (an unsigned alg none token), which the server refuses",
    fix: "Send a token signed by the issuer; never accept unsigned tokens on the server.",
  },
  {
    code: "auth.authorization-not-received",
    pattern: /No authorization token was found/i,
    source: "express-jwt (credentials_required)",
    meaning: "express-jwt found no Bearer token in the request",
    fix: "Check that the Authorization header reaches the app (proxies and CORS preflights can drop it).",
    docs: "https://github.com/auth0/express-jwt#error-handling",
  },
  {
    code: "auth.authorization-not-received",
    pattern: /\bNo auth token\b/i,
    source: "passport-jwt",
    meaning: "passport-jwt's extractor found no token where it looks (by default the Authorization header with the scheme it was given)",
    fix: "Send the token where the strategy's jwtFromRequest extractor reads it (ExtractJwt.fromAuthHeaderAsBearerToken() wants `Bearer `), and check it reaches the app.",
    docs: "https://github.com/mikenicholson/passport-jwt#extracting-the-jwt-from-the-request",
  },
]);

export const FASTIFY: readonly VendorEntry[] = family("@fastify/jwt (fast-jwt)", "https://github.com/fastify/fastify-jwt#readme", [
  {
    code: "auth.token-signature-invalid",
    pattern: /The token signature is invalid/,
    source: "fast-jwt (@fastify/jwt FST_JWT_AUTHORIZATION_TOKEN_INVALID)",
    meaning: "the signature does not verify with the key or secret the server holds",
    fix: SIGNATURE_FIX,
    docs: "https://github.com/nearform/fast-jwt#readme",
  },
  {
    code: "auth.token-audience-mismatch",
    pattern: /The aud claim value is not allowed|None of aud claim values are allowed/,
    source: "fast-jwt (@fastify/jwt FST_JWT_AUTHORIZATION_TOKEN_INVALID)",
    meaning: "the token's aud is not among the audiences the server allows (allowedAud)",
    fix: AUDIENCE_FIX,
    docs: "https://github.com/nearform/fast-jwt#readme",
  },
  {
    code: "auth.token-issuer-mismatch",
    pattern: /The iss claim value is not allowed/,
    source: "fast-jwt (@fastify/jwt FST_JWT_AUTHORIZATION_TOKEN_INVALID)",
    meaning: "the token's iss is not among the issuers the server allows (allowedIss)",
    fix: ISSUER_FIX,
    docs: "https://github.com/nearform/fast-jwt#readme",
  },
  {
    code: "auth.token-expired",
    pattern: /Authorization token expired/,
    source: "@fastify/jwt (FST_JWT_AUTHORIZATION_TOKEN_EXPIRED)",
    meaning: "the token's exp lies in the past by the server's clock",
    fix: "Refresh the token before it expires and send the new one.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Untrusted authorization token/,
    source: "@fastify/jwt (FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED)",
    meaning: "the token verified, but the app's own `trusted` check refused it: it is on the app's deny list (signed out, revoked)",
    fix: "Sign in again to get a new token; if that keeps failing, the app's revocation check (the `trusted` option) holds the new tokens' ids too.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /Unsigned authorization token/,
    source: "@fastify/jwt (FAST_JWT_MISSING_SIGNATURE)",
    meaning: "the token has no signature (alg none), which the server refuses",
    fix: "Send a token signed by the issuer; never accept unsigned tokens on the server.",
  },
  {
    code: "auth.authorization-not-received",
    pattern: /No Authorization was found in request\.headers/i,
    source: "@fastify/jwt (FST_JWT_NO_AUTHORIZATION_IN_HEADER)",
    meaning: "@fastify/jwt found no Authorization header",
    fix: "Check that the Authorization header reaches the app.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /No Authorization was found in request\.cookies/i,
    source: "@fastify/jwt (FST_JWT_NO_AUTHORIZATION_IN_COOKIE)",
    meaning: "the server reads its token from a cookie (the plugin's cookie option) and the request carried no such cookie",
    fix: "Send the request with the cookie (fetch with `credentials: 'include'` cross-origin, and a cookie whose SameSite, Domain and Path let it travel to this API), or send the token the way the server reads it.",
  },
]);

export const HONO: readonly VendorEntry[] = family("Hono", "https://hono.dev/docs/middleware/builtin/jwt", [
  {
    code: "auth.authorization-not-received",
    pattern: /no authorization included in request/,
    source: "Hono's jwt middleware",
    meaning: "Hono's jwt middleware found no Authorization header (nor the cookie it was told to read)",
    fix: "Check that the Authorization header reaches the app.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /invalid credentials structure/,
    source: "Hono's jwt middleware",
    meaning: "the Authorization header is not two parts, `Bearer <token>`: a missing scheme, a second `Bearer`, or spaces inside the token",
    fix: "Send exactly `Authorization: Bearer <token>`.",
  },
  {
    code: "auth.vendor-reason",
    pattern: /token verification failure/,
    source: "Hono's jwt middleware",
    meaning: "Hono could not verify the token and does not say why: a wrong secret or key, an algorithm other than the middleware's `alg` (HS256 unless set), an expired token or one whose nbf or iat lies ahead",
    fix: "Set the middleware's `alg` to the token header's alg and give it the issuer's key (for RS256 tokens from an identity provider, use Hono's jwk middleware with the issuer's jwks_uri); check exp and nbf against the server's clock.",
  },
]);
