/**
 * Go and Python token libraries and frameworks: golang-jwt, keyfunc and go-chi's jwtauth; PyJWT,
 * Flask-JWT-Extended and Django REST framework. Their wording is general ("Invalid audience"), so
 * they come after the products that word the same thing more precisely.
 */
import { family, type VendorEntry } from "./types.ts";

const GOLANG_JWT = "https://github.com/golang-jwt/jwt/blob/main/errors.go";
const PYJWT = "https://pyjwt.readthedocs.io/en/stable/api.html#exceptions";

export const GO: readonly VendorEntry[] = family("golang-jwt / keyfunc / jwtauth", GOLANG_JWT, [
  {
    code: "auth.token-key-unknown",
    pattern: /the given key ID was not found in the JWKS/i,
    source: "keyfunc (Go)",
    meaning: "the JWKS the API holds has no key with the token's kid",
    fix: "Let the API refresh its JWKS (keyfunc refreshes on an unknown kid only when allowed to), and check the token comes from the issuer whose JWKS it reads.",
    docs: "https://github.com/MicahParks/keyfunc",
  },
  { code: "auth.token-signature-invalid", pattern: /\btoken signature is invalid\b/i, source: "golang-jwt (ErrTokenSignatureInvalid)", meaning: "the signature does not verify with the key the API's Keyfunc returned", fix: "Check the API verifies with the issuer's current key and the token reaches it unchanged." },
  { code: "auth.token-audience-mismatch", pattern: /\btoken has invalid audience\b/i, source: "golang-jwt (ErrTokenInvalidAudience)", meaning: "the token's aud is not the audience the API expects (WithAudience)", fix: "Request the token for this API and configure the same audience on the API." },
  { code: "auth.token-issuer-mismatch", pattern: /\btoken has invalid issuer\b/i, source: "golang-jwt (ErrTokenInvalidIssuer)", meaning: "the token's iss is not the issuer the API expects (WithIssuer)", fix: "Use a token from the issuer the API trusts, or configure the API with this issuer." },
  { code: "auth.token-expired", pattern: /\btoken is expired\b/i, source: "golang-jwt (ErrTokenExpired)", meaning: "the token's exp lies in the past by the server's clock", fix: "Refresh the token before it expires and send the new one." },
  {
    code: "auth.authorization-not-received",
    pattern: /\bno token present in request\b/i,
    source: "golang-jwt's request package (ErrNoTokenInRequest)",
    meaning: "the extractor found no token in the places it reads",
    fix: "Check that the Authorization header reaches the app.",
    docs: "https://github.com/golang-jwt/jwt/tree/main/request",
  },
  { code: "auth.authorization-not-received", pattern: /\bno token found\b/i, source: "go-chi jwtauth (ErrNoTokenFound)", meaning: "jwtauth found no token in the header, cookie or query it reads", fix: "Check that the Authorization header reaches the app.", docs: "https://github.com/go-chi/jwtauth" },
]);

export const PYTHON: readonly VendorEntry[] = family("PyJWT / Flask-JWT-Extended / Django REST framework", PYJWT, [
  { code: "auth.token-audience-mismatch", pattern: /Audience doesn't match|\bInvalid audience\b/i, source: "PyJWT (InvalidAudienceError)", meaning: "the token's aud is not the audience the API passes to decode()", fix: "Request the token for this API and pass the same audience to jwt.decode on the API." },
  { code: "auth.token-issuer-mismatch", pattern: /\bInvalid issuer\b/i, source: "PyJWT (InvalidIssuerError)", meaning: "the token's iss is not the issuer the API passes to decode()", fix: "Use a token from the issuer the API trusts, or configure the API with this issuer." },
  { code: "auth.token-expired", pattern: /Signature has expired/, source: "PyJWT (ExpiredSignatureError)", meaning: "the token's exp lies in the past by the server's clock", fix: "Refresh the token before it expires and send the new one." },
  {
    code: "auth.authorization-not-received",
    pattern: /Missing Authorization Header/i,
    source: "Flask-JWT-Extended (NoAuthorizationError)",
    meaning: "Flask-JWT-Extended found no Authorization header",
    fix: "Check that the Authorization header reaches the app (with Apache mod_wsgi, WSGIPassAuthorization On).",
    docs: "https://flask-jwt-extended.readthedocs.io/en/stable/options.html",
  },
  {
    code: "auth.authorization-not-received",
    pattern: /Authentication credentials were not provided/i,
    source: "Django REST framework (NotAuthenticated)",
    meaning: "none of the view's authentication classes found credentials it reads",
    fix: "Check that the Authorization header reaches the app and that the view's authentication classes read the scheme you send.",
    docs: "https://www.django-rest-framework.org/api-guide/exceptions/#notauthenticated",
  },
]);
