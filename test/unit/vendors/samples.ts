/**
 * Real refusals, one or more per entry of the vendor table, in the shape each product sends them
 * (status, challenge, body, headers, redirect). The words are the vendors' own: from their
 * documentation, their source code, or (for the Node.js libraries installed here) what the
 * libraries answer on loopback in test/unit/tokens/server-reasons.test.ts.
 */
import { exchangeOf, entry, API_ORIGIN, PAGE_ORIGIN } from "../helpers.ts";
import type { Exchange } from "../../../src/core/exchange.ts";

export interface Sample {
  /** What the product sent, as a person would describe it. */
  readonly name: string;
  /** The source of the entry it must match, exactly as the table names it. */
  readonly source: string;
  readonly code: string;
  readonly status?: number;
  readonly challenge?: string;
  readonly body?: string;
  readonly mimeType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Where a redirect sent the browser (a 302's Location). */
  readonly location?: string;
  /** The request's own URL (a redirect back to the client carrying `error`). */
  readonly url?: string;
  /** The request's Authorization; "" for none (an opaque Bearer token when absent). */
  readonly authorization?: string;
  readonly resourceType?: string;
}

const JSON_ERR = (message: string) => JSON.stringify({ message });
const KONG = { Server: "kong/3.9.0" };
const CALLBACK = `${PAGE_ORIGIN}/callback`;
const ENTRA_TOKEN = (code: string, text: string, error = "invalid_grant") =>
  JSON.stringify({ error, error_description: `AADSTS${code}: ${text}\r\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000000\r\nCorrelation ID: 9f8e7d6c-0000-4000-8000-000000000000\r\nTimestamp: 2026-11-24 10:00:00Z`, error_codes: [Number(code)] });
const ENTRA_REDIRECT = (code: string, text: string, error = "invalid_request") =>
  `${CALLBACK}?error=${error}&error_description=${encodeURIComponent(`AADSTS${code}: ${text}\r\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000000`)}&state=af0ifjsldkj`;
const OKTA = (code: string, summary: string) => JSON.stringify({ errorCode: code, errorSummary: summary, errorLink: code, errorId: "oaeHfmOAx1iRLa0H10DeMz5fQ", errorCauses: [] });
const GOOGLE = (code: number, message: string, status: string, reason?: string) =>
  JSON.stringify({ error: { code, message, status, ...(reason ? { details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain: "googleapis.com" }] } : {}) } }, null, 2);
const NGINX_PAGE = (title: string) => `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n`;

export const SAMPLES: readonly Sample[] = [
  // express-oauth2-jwt-bearer / jose
  { name: "express-oauth2-jwt-bearer, unknown kid", source: "jose (JWKSNoMatchingKey), passed on by express-oauth2-jwt-bearer", code: "auth.token-key-unknown", challenge: 'Bearer realm="api", error="invalid_token", error_description="no applicable key found in the JSON Web Key Set"' },
  { name: "express-oauth2-jwt-bearer, bad signature", source: "jose (JWSSignatureVerificationFailed, passed on by express-oauth2-jwt-bearer) or PyJWT", code: "auth.token-signature-invalid", challenge: 'Bearer realm="api", error="invalid_token", error_description="signature verification failed"' },
  { name: "express-oauth2-jwt-bearer, wrong aud", source: "express-oauth2-jwt-bearer", code: "auth.token-audience-mismatch", challenge: `Bearer realm="api", error="invalid_token", error_description="Unexpected 'aud' value"` },
  { name: "jose jwtVerify, wrong aud (JSON body)", source: "jose (jwtVerify)", code: "auth.token-audience-mismatch", body: JSON.stringify({ error: "invalid_token", message: 'unexpected "aud" claim value' }) },
  { name: "express-oauth2-jwt-bearer, wrong iss", source: "express-oauth2-jwt-bearer", code: "auth.token-issuer-mismatch", challenge: `Bearer realm="api", error="invalid_token", error_description="Unexpected 'iss' value"` },
  { name: "jose jwtVerify, wrong iss (JSON body)", source: "jose (jwtVerify)", code: "auth.token-issuer-mismatch", body: JSON.stringify({ error: "invalid_token", message: 'unexpected "iss" claim value' }) },
  { name: "express-oauth2-jwt-bearer, issuer list", source: "express-oauth2-jwt-bearer (issuer list)", code: "auth.token-issuer-mismatch", challenge: 'Bearer realm="api", error="invalid_token", error_description="Token issuer is not allowed"' },
  { name: "jose, expired", source: "jose (JWTExpired)", code: "auth.token-expired", challenge: `Bearer realm="api", error="invalid_token", error_description="'exp' claim timestamp check failed"` },
  { name: "jose, nbf ahead", source: "jose (JWTClaimValidationFailed, nbf)", code: "auth.token-not-yet-valid", body: JSON.stringify({ message: '"nbf" claim timestamp check failed' }) },
  { name: "jose, typ not at+jwt", source: "jose (JWTClaimValidationFailed, typ), as express-oauth2-jwt-bearer uses it for RFC 9068 access tokens", code: "auth.vendor-reason", challenge: 'Bearer realm="api", error="invalid_token", error_description="unexpected \\"typ\\" JWT header value"' },
  { name: "express-oauth2-jwt-bearer, DPoP token as Bearer", source: "express-oauth2-jwt-bearer (DPoP)", code: "auth.vendor-reason", challenge: 'Bearer realm="api", error="invalid_token", error_description="DPoP-bound token requires the DPoP authentication scheme, not Bearer."' },

  // express-jwt / jsonwebtoken / jwks-rsa / passport-jwt
  { name: "jwks-rsa, unknown kid", source: "jwks-rsa (SigningKeyNotFoundError), behind express-jwt, passport-jwt or jsonwebtoken's key callback", code: "auth.token-key-unknown", body: JSON_ERR("Unable to find a signing key that matches 'k-old'") },
  { name: "express-jwt, no key for the token", source: "jsonwebtoken, when express-jwt's key lookup returns no key for the token", code: "auth.token-key-unknown", body: JSON_ERR("secret or public key must be provided") },
  { name: "express-jwt, bad signature", source: "jsonwebtoken (express-jwt, passport-jwt)", code: "auth.token-signature-invalid", body: JSON_ERR("invalid signature") },
  { name: "express-jwt, wrong aud", source: "jsonwebtoken (express-jwt, passport-jwt)", code: "auth.token-audience-mismatch", body: JSON_ERR("jwt audience invalid. expected: https://api.example.com") },
  { name: "express-jwt, wrong iss", source: "jsonwebtoken (express-jwt, passport-jwt)", code: "auth.token-issuer-mismatch", body: JSON_ERR("jwt issuer invalid. expected: https://id.example.com/") },
  { name: "express-jwt, expired", source: "jsonwebtoken (TokenExpiredError)", code: "auth.token-expired", body: JSON_ERR("jwt expired") },
  { name: "jsonwebtoken, nbf ahead", source: "jsonwebtoken (NotBeforeError)", code: "auth.token-not-yet-valid", body: JSON_ERR("jwt not active") },
  { name: "express-jwt, RS256 token to an HS256 server", source: "jsonwebtoken (JsonWebTokenError), behind express-jwt and passport-jwt", code: "auth.vendor-reason", body: JSON_ERR("invalid algorithm") },
  { name: "express-jwt, opaque token", source: "jsonwebtoken (JsonWebTokenError), behind express-jwt and passport-jwt", code: "auth.vendor-reason", body: JSON_ERR("jwt malformed") },
  { name: "jsonwebtoken, unsigned token", source: "jsonwebtoken (JsonWebTokenError)", code: "auth.vendor-reason", body: JSON_ERR("jwt signature is required") },
  { name: "express-jwt, no token", source: "express-jwt (credentials_required)", code: "auth.authorization-not-received", body: JSON_ERR("No authorization token was found") },
  { name: "passport-jwt, no token", source: "passport-jwt", code: "auth.authorization-not-received", body: JSON_ERR("No auth token") },

  // @fastify/jwt
  { name: "@fastify/jwt, bad signature", source: "fast-jwt (@fastify/jwt FST_JWT_AUTHORIZATION_TOKEN_INVALID)", code: "auth.token-signature-invalid", body: JSON.stringify({ statusCode: 401, code: "FST_JWT_AUTHORIZATION_TOKEN_INVALID", error: "Unauthorized", message: "Authorization token is invalid: The token signature is invalid." }) },
  { name: "@fastify/jwt, wrong aud", source: "fast-jwt (@fastify/jwt FST_JWT_AUTHORIZATION_TOKEN_INVALID)", code: "auth.token-audience-mismatch", body: JSON.stringify({ statusCode: 401, code: "FST_JWT_AUTHORIZATION_TOKEN_INVALID", error: "Unauthorized", message: "Authorization token is invalid: The aud claim value is not allowed." }) },
  { name: "@fastify/jwt, wrong iss", source: "fast-jwt (@fastify/jwt FST_JWT_AUTHORIZATION_TOKEN_INVALID)", code: "auth.token-issuer-mismatch", body: JSON.stringify({ statusCode: 401, code: "FST_JWT_AUTHORIZATION_TOKEN_INVALID", error: "Unauthorized", message: "Authorization token is invalid: The iss claim value is not allowed." }) },
  { name: "@fastify/jwt, expired", source: "@fastify/jwt (FST_JWT_AUTHORIZATION_TOKEN_EXPIRED)", code: "auth.token-expired", body: JSON.stringify({ statusCode: 401, code: "FST_JWT_AUTHORIZATION_TOKEN_EXPIRED", error: "Unauthorized", message: "Authorization token expired" }) },
  { name: "@fastify/jwt, revoked", source: "@fastify/jwt (FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED)", code: "auth.vendor-reason", body: JSON.stringify({ statusCode: 401, code: "FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED", error: "Unauthorized", message: "Untrusted authorization token" }) },
  { name: "@fastify/jwt, unsigned", source: "@fastify/jwt (FAST_JWT_MISSING_SIGNATURE)", code: "auth.vendor-reason", body: JSON.stringify({ statusCode: 401, code: "FAST_JWT_MISSING_SIGNATURE", error: "Unauthorized", message: "Unsigned authorization token" }) },
  { name: "@fastify/jwt, no header", source: "@fastify/jwt (FST_JWT_NO_AUTHORIZATION_IN_HEADER)", code: "auth.authorization-not-received", body: JSON.stringify({ statusCode: 401, code: "FST_JWT_NO_AUTHORIZATION_IN_HEADER", error: "Unauthorized", message: "No Authorization was found in request.headers" }) },
  { name: "@fastify/jwt, cookie mode without the cookie", source: "@fastify/jwt (FST_JWT_NO_AUTHORIZATION_IN_COOKIE)", code: "auth.vendor-reason", body: JSON.stringify({ statusCode: 401, code: "FST_JWT_NO_AUTHORIZATION_IN_COOKIE", error: "Unauthorized", message: "No Authorization was found in request.cookies" }) },

  // Hono
  { name: "Hono jwt, no header", source: "Hono's jwt middleware", code: "auth.authorization-not-received", challenge: 'Bearer realm="https://api.example.com/v1/orders",error="invalid_request",error_description="no authorization included in request"', body: "Unauthorized", mimeType: "text/plain" },
  { name: "Hono jwt, not `Bearer <token>`", source: "Hono's jwt middleware", code: "auth.vendor-reason", challenge: 'Bearer realm="https://api.example.com/v1/orders",error="invalid_request",error_description="invalid credentials structure"', body: "Unauthorized", mimeType: "text/plain" },
  { name: "Hono jwt, verification failed", source: "Hono's jwt middleware", code: "auth.vendor-reason", challenge: 'Bearer realm="https://api.example.com/v1/orders",error="invalid_token",error_description="token verification failure"', body: "Unauthorized", mimeType: "text/plain" },

  // Spring Security
  { name: "Spring, no key for kid", source: "Spring Security (Nimbus JOSE+JWT: no key in the JWK Set matches the token's kid and alg)", code: "auth.token-key-unknown", challenge: 'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: Signed JWT rejected: Another algorithm expected, or no matching key(s) found", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"' },
  { name: "Spring, bad signature", source: "Spring Security (Nimbus JOSE+JWT)", code: "auth.token-signature-invalid", challenge: 'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: Signed JWT rejected: Invalid signature", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"' },
  { name: "Spring, wrong aud", source: "Spring Security (JwtClaimValidator)", code: "auth.token-audience-mismatch", challenge: 'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: The aud claim is not valid", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"' },
  { name: "Spring, wrong iss", source: "Spring Security (JwtIssuerValidator)", code: "auth.token-issuer-mismatch", challenge: 'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: The iss claim is not valid", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"' },
  { name: "Spring, expired", source: "Spring Security (JwtTimestampValidator)", code: "auth.token-expired", challenge: 'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: Jwt expired at 2026-11-24T09:00:00Z", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"' },
  { name: "Spring, insufficient scope", source: "Spring Security (BearerTokenAccessDeniedHandler)", code: "auth.bearer-insufficient-scope", status: 403, challenge: 'Bearer error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token.", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"' },
  { name: "Spring, anonymous", source: "Spring Security (InsufficientAuthenticationException: the request reached it anonymous)", code: "auth.authorization-not-received", body: JSON.stringify({ status: 401, error: "Unauthorized", message: "Full authentication is required to access this resource", path: "/v1/orders" }) },
  { name: "Spring, opaque token to a JWT decoder", source: "Spring Security (NimbusJwtDecoder: BadJwtException)", code: "auth.vendor-reason", challenge: 'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: Malformed token", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"' },
  { name: "Spring, JWK Set unreachable", source: "Spring Security (NimbusJwtDecoder: RemoteKeySourceException)", code: "auth.vendor-reason", challenge: 'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: Couldn\'t retrieve remote JWK set: Read timed out", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"' },

  // ASP.NET Core JwtBearer / Microsoft.IdentityModel
  { name: "ASP.NET Core, key not found", source: "ASP.NET Core JwtBearer (SecurityTokenSignatureKeyNotFoundException)", code: "auth.token-key-unknown", challenge: 'Bearer error="invalid_token", error_description="The signature key was not found"' },
  { name: "IdentityModel IDX10501", source: "Microsoft.IdentityModel (IDX10501: no key matches the token's kid)", code: "auth.token-key-unknown", body: JSON_ERR("IDX10501: Signature validation failed. Unable to match key: kid: 'k-old'.") },
  { name: "ASP.NET Core, bad signature", source: "ASP.NET Core JwtBearer (SecurityTokenInvalidSignatureException)", code: "auth.token-signature-invalid", challenge: 'Bearer error="invalid_token", error_description="The signature is invalid"' },
  { name: "IdentityModel IDX10503", source: "Microsoft.IdentityModel (IDX10503: signature validation failed)", code: "auth.token-signature-invalid", body: JSON_ERR("IDX10503: Signature validation failed. Token does not have a kid. Keys tried: '[PII is hidden]'.") },
  { name: "ASP.NET Core, wrong aud", source: "ASP.NET Core JwtBearer (SecurityTokenInvalidAudienceException)", code: "auth.token-audience-mismatch", challenge: `Bearer error="invalid_token", error_description="The audience 'api://orders-dev' is invalid"` },
  { name: "IdentityModel IDX10214", source: "Microsoft.IdentityModel (IDX10214: audience validation failed)", code: "auth.token-audience-mismatch", body: JSON_ERR("IDX10214: Audience validation failed. Audiences: 'api://orders-dev'. Did not match: validationParameters.ValidAudience: 'api://orders'.") },
  { name: "ASP.NET Core, wrong iss", source: "ASP.NET Core JwtBearer (SecurityTokenInvalidIssuerException)", code: "auth.token-issuer-mismatch", challenge: `Bearer error="invalid_token", error_description="The issuer 'https://sts.windows.net/72f988bf-0000-0000-0000-000000000000/' is invalid"` },
  { name: "IdentityModel IDX10205", source: "Microsoft.IdentityModel (IDX10205: issuer validation failed)", code: "auth.token-issuer-mismatch", body: JSON_ERR("IDX10205: Issuer validation failed. Issuer: 'https://id.staging.example.com/'. Did not match: validationParameters.ValidIssuer: 'https://id.example.com/'.") },
  { name: "ASP.NET Core, expired", source: "ASP.NET Core JwtBearer (SecurityTokenExpiredException)", code: "auth.token-expired", challenge: `Bearer error="invalid_token", error_description="The token expired at '11/24/2026 09:00:00'"` },
  { name: "IdentityModel IDX14100", source: "Microsoft.IdentityModel (IDX14100 / IDX12741: the token is not a well-formed JWT)", code: "auth.vendor-reason", body: JSON_ERR("IDX14100: JWT is not well formed, there are no dots (.).") },
  { name: "IdentityModel IDX10500", source: "Microsoft.IdentityModel (IDX10500: no signing keys)", code: "auth.vendor-reason", body: JSON_ERR("IDX10500: Signature validation failed. No security keys were provided to validate the signature.") },

  // golang-jwt / keyfunc / jwtauth
  { name: "keyfunc, unknown kid", source: "keyfunc (Go)", code: "auth.token-key-unknown", body: "token is unverifiable: error while executing keyfunc: the given key ID was not found in the JWKS\n", mimeType: "text/plain" },
  { name: "golang-jwt, bad signature", source: "golang-jwt (ErrTokenSignatureInvalid)", code: "auth.token-signature-invalid", body: "token signature is invalid: crypto/rsa: verification error\n", mimeType: "text/plain" },
  { name: "golang-jwt, wrong aud", source: "golang-jwt (ErrTokenInvalidAudience)", code: "auth.token-audience-mismatch", body: "token has invalid claims: token has invalid audience\n", mimeType: "text/plain" },
  { name: "golang-jwt, wrong iss", source: "golang-jwt (ErrTokenInvalidIssuer)", code: "auth.token-issuer-mismatch", body: "token has invalid claims: token has invalid issuer\n", mimeType: "text/plain" },
  { name: "golang-jwt, expired", source: "golang-jwt (ErrTokenExpired)", code: "auth.token-expired", body: "token has invalid claims: token is expired\n", mimeType: "text/plain" },
  { name: "golang-jwt request, no token", source: "golang-jwt's request package (ErrNoTokenInRequest)", code: "auth.authorization-not-received", body: "no token present in request\n", mimeType: "text/plain" },
  { name: "go-chi jwtauth, no token", source: "go-chi jwtauth (ErrNoTokenFound)", code: "auth.authorization-not-received", body: "no token found\n", mimeType: "text/plain" },

  // PyJWT / Flask-JWT-Extended / DRF
  { name: "PyJWT, wrong aud", source: "PyJWT (InvalidAudienceError)", code: "auth.token-audience-mismatch", body: JSON.stringify({ detail: "Invalid audience" }) },
  { name: "PyJWT, wrong iss", source: "PyJWT (InvalidIssuerError)", code: "auth.token-issuer-mismatch", body: JSON.stringify({ detail: "Invalid issuer" }) },
  { name: "PyJWT, expired", source: "PyJWT (ExpiredSignatureError)", code: "auth.token-expired", body: JSON.stringify({ detail: "Signature has expired" }) },
  { name: "Flask-JWT-Extended, no header", source: "Flask-JWT-Extended (NoAuthorizationError)", code: "auth.authorization-not-received", body: JSON.stringify({ msg: "Missing Authorization Header" }) },
  { name: "DRF, not authenticated", source: "Django REST framework (NotAuthenticated)", code: "auth.authorization-not-received", body: JSON.stringify({ detail: "Authentication credentials were not provided." }) },

  // Envoy / Istio
  { name: "Envoy, no JWT", source: "Envoy's jwt_authn filter (Istio RequestAuthentication)", code: "auth.authorization-not-received", body: "Jwt is missing", mimeType: "text/plain" },
  { name: "Envoy, expired", source: "Envoy's jwt_authn filter (JwtExpired)", code: "auth.token-expired", body: "Jwt is expired", mimeType: "text/plain" },
  { name: "Envoy, nbf ahead", source: "Envoy's jwt_authn filter (JwtNotYetValid)", code: "auth.token-not-yet-valid", body: "Jwt not yet valid", mimeType: "text/plain" },
  { name: "Istio, unknown issuer", source: "Envoy's jwt_authn filter (JwtUnknownIssuer; Istio RequestAuthentication)", code: "auth.token-issuer-mismatch", body: "Jwt issuer is not configured", mimeType: "text/plain", challenge: 'Bearer realm="https://api.example.com/v1/orders", error="invalid_token"' },
  { name: "Envoy, audience not allowed", source: "Envoy's jwt_authn filter (JwtAudienceNotAllowed; Istio jwtRules audiences)", code: "auth.token-audience-mismatch", body: "Audiences in Jwt are not allowed", mimeType: "text/plain", challenge: 'Bearer realm="https://api.example.com/v1/orders", error="invalid_token"' },
  { name: "Envoy, no key for kid", source: "Envoy's jwt_authn filter (JwksKidAlgMismatch)", code: "auth.token-key-unknown", body: "Jwks doesn't have key to match kid or alg from Jwt", mimeType: "text/plain" },
  { name: "Envoy, bad signature", source: "Envoy's jwt_authn filter (JwtVerificationFail)", code: "auth.token-signature-invalid", body: "Jwt verification fails", mimeType: "text/plain", challenge: 'Bearer realm="https://api.example.com/v1/orders", error="invalid_token"' },
  { name: "Envoy, JWKS fetch failed", source: "Envoy's jwt_authn filter (JwksFetchFail)", code: "auth.vendor-reason", body: "Jwks remote fetch is failed", mimeType: "text/plain" },
  { name: "Envoy, not a JWT", source: "Envoy's jwt_authn filter (JwtBadFormat)", code: "auth.vendor-reason", body: "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections", mimeType: "text/plain" },
  { name: "Istio AuthorizationPolicy deny", source: "Envoy's RBAC filter (Istio AuthorizationPolicy)", code: "auth.vendor-reason", status: 403, body: "RBAC: access denied", mimeType: "text/plain", headers: { server: "istio-envoy" } },

  // Kong
  { name: "Kong key-auth, no key", source: "Kong key-auth plugin", code: "auth.vendor-reason", body: JSON_ERR("No API key found in request"), headers: { ...KONG, "WWW-Authenticate": 'Key realm="kong"' } },
  { name: "Kong key-auth, wrong key", source: "Kong key-auth plugin", code: "auth.vendor-reason", body: JSON_ERR("Invalid authentication credentials"), headers: KONG },
  { name: "Kong jwt, unknown iss", source: "Kong jwt plugin", code: "auth.token-issuer-mismatch", body: JSON_ERR("No credentials found for given 'iss'"), headers: KONG },
  { name: "Kong jwt, bad signature", source: "Kong jwt plugin", code: "auth.token-signature-invalid", body: JSON_ERR("Invalid signature"), headers: KONG },
  { name: "Kong jwt, not a JWT", source: "Kong jwt plugin", code: "auth.vendor-reason", body: JSON_ERR("Unrecognizable token"), headers: KONG },
  { name: "Kong jwt, wrong alg", source: "Kong jwt plugin", code: "auth.vendor-reason", body: JSON_ERR("Invalid algorithm"), headers: KONG },
  { name: "Kong jwt, expired", source: "Kong jwt plugin", code: "auth.token-expired", body: JSON.stringify({ exp: "token expired" }), headers: KONG },
  { name: "Kong openid-connect, forbidden", source: "Kong (openid-connect, jwt or acl plugin)", code: "auth.vendor-reason", status: 403, body: JSON_ERR("Forbidden"), headers: KONG },

  // AWS API Gateway
  { name: "API Gateway, no such route", source: "AWS API Gateway (MISSING_AUTHENTICATION_TOKEN)", code: "auth.vendor-reason", status: 403, body: JSON_ERR("Missing Authentication Token"), headers: { "x-amzn-ErrorType": "MissingAuthenticationTokenException", "x-amzn-RequestId": "c0ffee00-0000-4000-8000-000000000000" } },
  { name: "API Gateway, no such route (header only, custom body)", source: "AWS API Gateway (MISSING_AUTHENTICATION_TOKEN)", code: "auth.vendor-reason", status: 403, body: JSON_ERR("Not here"), headers: { "x-amzn-ErrorType": "MissingAuthenticationTokenException" } },
  { name: "API Gateway Cognito authorizer, expired", source: "AWS API Gateway (Cognito user pool authorizer)", code: "auth.token-expired", body: JSON_ERR("The incoming token has expired"), headers: { "x-amzn-ErrorType": "UnauthorizedException" } },
  { name: "API Gateway authorizer, unauthorized", source: "AWS API Gateway (UNAUTHORIZED: authorizer)", code: "auth.vendor-reason", body: JSON_ERR("Unauthorized"), headers: { "x-amzn-ErrorType": "UnauthorizedException" } },
  { name: "API Gateway Lambda authorizer, deny", source: "AWS API Gateway (ACCESS_DENIED: Lambda authorizer policy)", code: "auth.vendor-reason", status: 403, body: JSON.stringify({ Message: "User is not authorized to access this resource" }), headers: { "x-amzn-ErrorType": "AccessDeniedException" } },
  { name: "API Gateway IAM method, Bearer sent", source: "AWS API Gateway (IncompleteSignatureException)", code: "auth.vendor-reason", status: 403, body: JSON_ERR("Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer eyJhbGciOi"), headers: { "x-amzn-ErrorType": "IncompleteSignatureException" } },
  { name: "API Gateway, API key required", source: "AWS API Gateway (ForbiddenException)", code: "auth.vendor-reason", status: 403, body: JSON_ERR("Forbidden"), headers: { "x-amzn-ErrorType": "ForbiddenException" } },
  { name: "AWS, invalid security token", source: "AWS (UnrecognizedClientException)", code: "auth.vendor-reason", status: 403, body: JSON_ERR("The security token included in the request is invalid.") },
  { name: "AWS, SigV4 clock", source: "AWS (InvalidSignatureException, SigV4 time)", code: "auth.vendor-reason", status: 403, body: JSON_ERR("Signature expired: 20261124T094500Z is now earlier than 20261124T095500Z (20261124T100000Z - 5 min.)") },

  // AWS ALB / Cognito
  { name: "ALB authenticate action, deny", source: "AWS ALB authenticate-cognito / authenticate-oidc action (on_unauthenticated_request: deny)", code: "auth.vendor-reason", body: "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n</body>\r\n</html>\r\n", mimeType: "text/html", headers: { Server: "awselb/2.0" } },
  { name: "ALB sends fetch() to Cognito sign-in", source: "AWS ALB authenticate-cognito action (on_unauthenticated_request: authenticate)", code: "auth.vendor-reason", status: 302, location: "https://orders.auth.eu-west-1.amazoncognito.com/oauth2/authorize?client_id=1example23456789&redirect_uri=https%3A%2F%2Fapi.example.com%2Foauth2%2Fidpresponse&response_type=code&scope=openid&state=abc", headers: { Server: "awselb/2.0" } },
  { name: "Cognito hosted UI, redirect mismatch", source: "Amazon Cognito hosted UI (redirect_mismatch)", code: "auth.vendor-reason", status: 302, location: "https://orders.auth.eu-west-1.amazoncognito.com/error?error=redirect_mismatch&client_id=1example23456789", resourceType: "document" },

  // Azure API Management
  { name: "APIM, no subscription key", source: "Azure API Management (subscription required)", code: "auth.vendor-reason", body: JSON.stringify({ statusCode: 401, message: "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API." }) },
  { name: "APIM, invalid subscription key", source: "Azure API Management (subscription key)", code: "auth.vendor-reason", body: JSON.stringify({ statusCode: 401, message: "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription." }) },
  { name: "APIM validate-jwt", source: "Azure API Management (validate-jwt policy, failed-validation-error-message of Microsoft's examples)", code: "auth.vendor-reason", body: JSON.stringify({ statusCode: 401, message: "Unauthorized. Access token is missing or invalid." }) },

  // Cloudflare Access
  { name: "Cloudflare Access sends fetch() to sign-in", source: "Cloudflare Access (sign-in redirect)", code: "auth.vendor-reason", status: 302, location: "https://example.cloudflareaccess.com/cdn-cgi/access/login/api.example.com?kid=9607121bab7ceeed691bc06782b5030c&redirect_url=%2Fv1%2Forders" },
  { name: "Cloudflare Access, 403 with sign-in link", source: "Cloudflare Access (sign-in required)", code: "auth.vendor-reason", status: 403, body: '<a href="https://example.cloudflareaccess.com/cdn-cgi/access/login/api.example.com">Sign in</a>', mimeType: "text/html" },

  // nginx / Apache
  { name: "nginx auth_basic", source: "nginx (auth_basic or auth_request)", code: "auth.vendor-reason", body: NGINX_PAGE("401 Authorization Required"), mimeType: "text/html", headers: { Server: "nginx/1.27.3", "WWW-Authenticate": 'Basic realm="Restricted"' } },
  { name: "nginx 403", source: "nginx (deny, auth_request or file permissions)", code: "auth.vendor-reason", status: 403, body: NGINX_PAGE("403 Forbidden"), mimeType: "text/html" },
  {
    name: "Apache auth_basic",
    source: "Apache httpd (mod_auth_basic / mod_auth_digest)",
    code: "auth.vendor-reason",
    body: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>401 Unauthorized</title>\n</head><body>\n<h1>Unauthorized</h1>\n<p>This server could not verify that you\nare authorized to access the document\nrequested.  Either you supplied the wrong\ncredentials (e.g., bad password), or your\nbrowser doesn\'t understand how to supply\nthe credentials required.</p>\n</body></html>\n',
    mimeType: "text/html",
  },
  {
    name: "Apache 403",
    source: "Apache httpd (Require / access control)",
    code: "auth.vendor-reason",
    status: 403,
    body: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n<p>You don\'t have permission to access this resource.</p>\n</body></html>\n',
    mimeType: "text/html",
  },

  // Microsoft Entra ID
  { name: "AADSTS50011 on the redirect", source: "Microsoft Entra ID (AADSTS50011: InvalidReplyTo)", code: "auth.vendor-reason", status: 302, location: ENTRA_REDIRECT("50011", "The redirect URI 'https://app.example.com/callback' specified in the request does not match the redirect URIs configured for the application 'a1b2c3d4-0000-4000-8000-000000000000'.") },
  { name: "AADSTS50012", source: "Microsoft Entra ID (AADSTS50012: AuthenticationFailed)", code: "auth.vendor-reason", status: 401, body: ENTRA_TOKEN("50012", "Client assertion contains an invalid signature.", "invalid_client") },
  { name: "AADSTS50020", source: "Microsoft Entra ID (AADSTS50020: UserUnauthorized)", code: "auth.vendor-reason", url: ENTRA_REDIRECT("50020", "User account 'alice@example.net' from identity provider 'live.com' does not exist in tenant 'Contoso' and cannot access the application.", "access_denied"), status: 200, mimeType: "text/html", resourceType: "document" },
  { name: "AADSTS50034", source: "Microsoft Entra ID (AADSTS50034: UserAccountNotFound)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("50034", "The user account {EmailHidden} does not exist in the contoso.com directory. To sign into this application, the account must be added to the directory.") },
  { name: "AADSTS50058 silent sign-in", source: "Microsoft Entra ID (AADSTS50058: UserInformationNotProvided)", code: "auth.vendor-reason", status: 302, location: ENTRA_REDIRECT("50058", "A silent sign-in request was sent but no user is signed in.", "login_required") },
  { name: "AADSTS50076 MFA", source: "Microsoft Entra ID (AADSTS50076: UserStrongAuthClientAuthNRequired)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("50076", "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.", "interaction_required") },
  { name: "AADSTS50105", source: "Microsoft Entra ID (AADSTS50105: EntitlementGrantsNotFound)", code: "auth.vendor-reason", status: 302, location: ENTRA_REDIRECT("50105", "Your administrator has configured the application Orders ('a1b2c3d4-0000-4000-8000-000000000000') to block users unless they are specifically granted ('assigned') access to the application.", "access_denied") },
  { name: "AADSTS50126", source: "Microsoft Entra ID (AADSTS50126: InvalidUserNameOrPassword)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("50126", "Error validating credentials due to invalid username or password.") },
  { name: "AADSTS50148", source: "Microsoft Entra ID (AADSTS50148: PKCE verifier mismatch)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("50148", "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.") },
  { name: "AADSTS501481", source: "Microsoft Entra ID (AADSTS501481: Code_Verifier does not match code_challenge)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("501481", "The Code_Verifier does not match the code_challenge supplied in the authorization request.") },
  { name: "AADSTS50173", source: "Microsoft Entra ID (AADSTS50173: FreshTokenNeeded)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("50173", "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.") },
  { name: "AADSTS53003", source: "Microsoft Entra ID (AADSTS53003: BlockedByConditionalAccess)", code: "auth.vendor-reason", status: 302, location: ENTRA_REDIRECT("53003", "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.", "access_denied") },
  { name: "AADSTS530003", source: "Microsoft Entra ID (AADSTS530003: Device must be managed)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("530003", "Your device is required to be managed to access this resource.") },
  { name: "AADSTS65001", source: "Microsoft Entra ID (AADSTS65001: DelegationDoesNotExist)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("65001", "The user or administrator has not consented to use the application with ID 'a1b2c3d4-0000-4000-8000-000000000000' named 'Orders'. Send an interactive authorization request for this user and resource.") },
  { name: "AADSTS650057", source: "Microsoft Entra ID (AADSTS650057: Invalid resource)", code: "auth.vendor-reason", status: 302, location: ENTRA_REDIRECT("650057", "Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client's application registration.", "invalid_client") },
  { name: "AADSTS70008", source: "Microsoft Entra ID (AADSTS70008: ExpiredOrRevokedGrant)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("70008", "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.") },
  { name: "AADSTS700082", source: "Microsoft Entra ID (AADSTS700082: ExpiredOrRevokedGrantInactiveToken)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("700082", "The refresh token has expired due to inactivity. The token was issued on 2026-08-01T10:00:00Z and was inactive for 90.00:00:00.") },
  { name: "AADSTS70011", source: "Microsoft Entra ID (AADSTS70011: InvalidScope)", code: "auth.vendor-reason", status: 302, location: ENTRA_REDIRECT("70011", "The provided value for the input parameter 'scope' is not valid. The scope api://orders/read openid is not valid.", "invalid_scope") },
  { name: "AADSTS700016", source: "Microsoft Entra ID (AADSTS700016: UnauthorizedClient_DoesNotMatchRequest)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("700016", "Application with identifier 'a1b2c3d4-0000-4000-8000-000000000000' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.", "unauthorized_client") },
  { name: "AADSTS700054", source: "Microsoft Entra ID (AADSTS700054: response_type 'id_token' is not enabled)", code: "auth.vendor-reason", status: 302, location: ENTRA_REDIRECT("700054", "response_type 'id_token' is not enabled for the application.", "unsupported_response_type") },
  { name: "AADSTS7000215", source: "Microsoft Entra ID (AADSTS7000215: Invalid client secret)", code: "auth.vendor-reason", status: 401, body: ENTRA_TOKEN("7000215", "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'a1b2c3d4-0000-4000-8000-000000000000'.", "invalid_client") },
  { name: "AADSTS7000218", source: "Microsoft Entra ID (AADSTS7000218: client_assertion or client_secret required)", code: "auth.vendor-reason", status: 401, body: ENTRA_TOKEN("7000218", "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", "invalid_client") },
  { name: "AADSTS9002326", source: "Microsoft Entra ID (AADSTS9002326: Cross-origin token redemption)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("9002326", "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: 'https://app.example.com'.", "invalid_request") },
  { name: "AADSTS90002", source: "Microsoft Entra ID (AADSTS90002: InvalidTenantName)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("90002", "Tenant 'contoso.onmicrosoft.co' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", "invalid_request") },
  { name: "AADSTS90014", source: "Microsoft Entra ID (AADSTS90014: MissingRequiredField)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("90014", "The required field 'code' is missing from the credential. Ensure that you have all the necessary parameters for the login request.", "invalid_request") },
  { name: "AADSTS500011", source: "Microsoft Entra ID (AADSTS500011: InvalidResourceServicePrincipalNotFound)", code: "auth.vendor-reason", status: 400, body: ENTRA_TOKEN("500011", "The resource principal named api://orders-api was not found in the tenant named Contoso. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.", "invalid_resource") },
  { name: "Microsoft Graph, token for another API", source: "Microsoft Graph (InvalidAuthenticationToken)", code: "auth.token-audience-mismatch", body: JSON.stringify({ error: { code: "InvalidAuthenticationToken", message: "Access token validation failure. Invalid audience.", innerError: { date: "2026-11-24T10:00:00", "request-id": "0a1b2c3d" } } }) },
  { name: "Microsoft Graph, unreadable token", source: "Microsoft Graph (InvalidAuthenticationToken)", code: "auth.vendor-reason", body: JSON.stringify({ error: { code: "InvalidAuthenticationToken", message: "CompactToken parsing failed with error code: 80049217" } }) },

  // Okta
  { name: "Okta E0000011", source: "Okta (E0000011: Invalid token provided)", code: "auth.vendor-reason", body: OKTA("E0000011", "Invalid token provided") },
  { name: "Okta E0000015", source: "Okta (E0000015: You do not have permission to access the feature you are requesting)", code: "auth.vendor-reason", status: 403, body: OKTA("E0000015", "You do not have permission to access the feature you are requesting") },
  { name: "Okta E0000004", source: "Okta (E0000004: Authentication failed)", code: "auth.vendor-reason", body: OKTA("E0000004", "Authentication failed") },
  { name: "Okta E0000005", source: "Okta (E0000005: Invalid session)", code: "auth.vendor-reason", status: 403, body: OKTA("E0000005", "Invalid session") },
  { name: "Okta E0000006", source: "Okta (E0000006: You do not have permission to perform the requested action)", code: "auth.vendor-reason", status: 403, body: OKTA("E0000006", "You do not have permission to perform the requested action") },
  { name: "Okta E0000047", source: "Okta (E0000047: API call exceeded rate limit due to too many requests)", code: "auth.vendor-reason", status: 429, body: OKTA("E0000047", "API call exceeded rate limit due to too many requests.") },
  { name: "Okta, redirect_uri not registered", source: "Okta authorization server (invalid redirect_uri)", code: "auth.vendor-reason", status: 400, body: "<div class=\"o-form-explain\">The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: https://example.okta.com/admin/app/oidc_client/instance/0oa1#tab-general</div>", mimeType: "text/html" },
  { name: "Okta, no access policy rule", source: "Okta authorization server (access_denied: no access policy rule)", code: "auth.vendor-reason", status: 302, location: `${CALLBACK}?error=access_denied&error_description=Policy+evaluation+failed+for+this+request%2C+please+check+the+policy+configurations.&state=af0ifjsldkj` },

  // Auth0
  { name: "Auth0, unknown audience", source: "Auth0 (access_denied: unknown audience)", code: "auth.vendor-reason", status: 302, location: `${CALLBACK}?error=access_denied&error_description=Service%20not%20enabled%20within%20domain%3A%20https%3A%2F%2Fapi.example.com&state=af0ifjsldkj` },
  { name: "Auth0, silent auth without session", source: "Auth0 / OpenID Connect silent authentication (prompt=none)", code: "auth.vendor-reason", url: `${CALLBACK}?error=login_required&error_description=Login%20required&state=af0ifjsldkj`, status: 200, mimeType: "text/html", resourceType: "document" },
  { name: "Auth0, callback URL mismatch", source: "Auth0 (callback URL mismatch)", code: "auth.vendor-reason", status: 400, body: "<p>Callback URL mismatch. https://app.example.com/callback is not in the list of allowed callback URLs.</p>", mimeType: "text/html" },
  { name: "Auth0, grant type off", source: "Auth0 (unauthorized_client)", code: "auth.vendor-reason", status: 403, body: JSON.stringify({ error: "unauthorized_client", error_description: "Grant type 'refresh_token' not allowed for the client." }) },
  { name: "Auth0, refresh token reused", source: "Auth0 (invalid_grant: refresh token)", code: "auth.vendor-reason", status: 403, body: JSON.stringify({ error: "invalid_grant", error_description: "Unknown or invalid refresh token." }) },

  // Keycloak
  { name: "Keycloak, bad signature", source: "Keycloak (TokenVerifier)", code: "auth.token-signature-invalid", challenge: 'Bearer realm="orders", error="invalid_token", error_description="Invalid token signature"' },
  { name: "Keycloak, audience", source: "Keycloak (TokenVerifier)", code: "auth.token-audience-mismatch", challenge: 'Bearer realm="orders", error="invalid_token", error_description="Expected audience not available in the token"' },
  { name: "Keycloak, issuer", source: "Keycloak (TokenVerifier)", code: "auth.token-issuer-mismatch", challenge: `Bearer realm="orders", error="invalid_token", error_description="Invalid token issuer. Expected 'https://sso.example.com/realms/orders'"` },
  { name: "Keycloak, session ended", source: "Keycloak (invalid_grant)", code: "auth.vendor-reason", status: 400, body: JSON.stringify({ error: "invalid_grant", error_description: "Token is not active" }) },
  { name: "Keycloak, code reused", source: "Keycloak (invalid_grant: authorization code)", code: "auth.vendor-reason", status: 400, body: JSON.stringify({ error: "invalid_grant", error_description: "Code not valid" }) },
  { name: "Keycloak, confidential client", source: "Keycloak (unauthorized_client / invalid_client)", code: "auth.vendor-reason", status: 401, body: JSON.stringify({ error: "unauthorized_client", error_description: "Invalid client or Invalid client credentials" }) },
  { name: "Keycloak, redirect_uri", source: "Keycloak (login page: invalid redirect_uri)", code: "auth.vendor-reason", status: 400, body: '<p class="instruction">Invalid parameter: redirect_uri</p>', mimeType: "text/html" },
  { name: "Keycloak, unknown client", source: "Keycloak (login page: unknown client_id)", code: "auth.vendor-reason", status: 400, body: '<p class="instruction">Client not found.</p>', mimeType: "text/html" },

  // Google APIs
  { name: "Google, bad API key", source: "Google APIs (API_KEY_INVALID)", code: "auth.vendor-reason", status: 400, body: GOOGLE(400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT", "API_KEY_INVALID") },
  { name: "Google, referrer blocked", source: "Google APIs (API_KEY_HTTP_REFERRER_BLOCKED)", code: "auth.vendor-reason", status: 403, body: GOOGLE(403, "Requests from referer https://app.example.com/ are blocked.", "PERMISSION_DENIED", "API_KEY_HTTP_REFERRER_BLOCKED") },
  { name: "Google, API blocked for key", source: "Google APIs (API_KEY_SERVICE_BLOCKED)", code: "auth.vendor-reason", status: 403, body: GOOGLE(403, "Requests to this API sheets.googleapis.com method google.apps.sheets.v4.SpreadsheetsService.GetSpreadsheet are blocked.", "PERMISSION_DENIED", "API_KEY_SERVICE_BLOCKED") },
  { name: "Google, unauthenticated", source: "Google APIs (UNAUTHENTICATED: ACCESS_TOKEN_TYPE_UNSUPPORTED / ACCESS_TOKEN_EXPIRED)", code: "auth.vendor-reason", body: GOOGLE(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.", "UNAUTHENTICATED", "ACCESS_TOKEN_TYPE_UNSUPPORTED") },
  { name: "Google, no credential", source: "Google APIs (UNAUTHENTICATED: CREDENTIALS_MISSING)", code: "auth.vendor-reason", body: GOOGLE(401, "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "UNAUTHENTICATED", "CREDENTIALS_MISSING") },
  { name: "Google, scope", source: "Google APIs (PERMISSION_DENIED: ACCESS_TOKEN_SCOPE_INSUFFICIENT)", code: "auth.bearer-insufficient-scope", status: 403, body: GOOGLE(403, "Request had insufficient authentication scopes.", "PERMISSION_DENIED", "ACCESS_TOKEN_SCOPE_INSUFFICIENT") },
  { name: "Google, unregistered caller", source: "Google APIs (PERMISSION_DENIED: unregistered caller)", code: "auth.vendor-reason", status: 403, body: GOOGLE(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.", "PERMISSION_DENIED") },
  { name: "Google, IAM", source: "Google APIs (PERMISSION_DENIED)", code: "auth.vendor-reason", status: 403, body: GOOGLE(403, "The caller does not have permission", "PERMISSION_DENIED") },

  // Firebase
  { name: "Firebase Admin, other project", source: "Firebase Admin SDK (verifyIdToken)", code: "auth.token-audience-mismatch", body: JSON_ERR('Firebase ID token has incorrect "aud" (audience) claim. Expected "orders-prod" but got "orders-dev". Make sure the ID token comes from the same Firebase project as the service account used to authenticate this SDK.') },
  { name: "Firebase Admin, wrong issuer", source: "Firebase Admin SDK (verifyIdToken)", code: "auth.token-issuer-mismatch", body: JSON_ERR('Firebase ID token has incorrect "iss" (issuer) claim. Expected "https://securetoken.google.com/orders-prod" but got "https://accounts.google.com".') },
  { name: "Firebase Admin, expired", source: "Firebase Admin SDK (auth/id-token-expired)", code: "auth.token-expired", body: JSON_ERR("Firebase ID token has expired. Get a fresh ID token from your client app and try again (auth/id-token-expired).") },
  { name: "Firestore rules", source: "Cloud Firestore (PERMISSION_DENIED: security rules)", code: "auth.vendor-reason", status: 403, body: GOOGLE(403, "Missing or insufficient permissions.", "PERMISSION_DENIED") },
  { name: "Firebase Auth REST", source: "Firebase Auth REST API", code: "auth.vendor-reason", status: 400, body: JSON.stringify({ error: { code: 400, message: "INVALID_ID_TOKEN", errors: [{ message: "INVALID_ID_TOKEN", domain: "global", reason: "invalid" }] } }) },

  // Supabase
  { name: "Supabase, no apikey", source: "Supabase API gateway", code: "auth.vendor-reason", body: JSON.stringify({ message: "No API key found in request", hint: "No `apikey` request header or url param was found." }) },
  { name: "Supabase, invalid apikey", source: "Supabase API gateway (Invalid API key)", code: "auth.vendor-reason", body: JSON.stringify({ message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." }) },
  { name: "PostgREST, bad signature", source: "PostgREST (PGRST301)", code: "auth.token-signature-invalid", body: JSON.stringify({ code: "PGRST301", details: null, hint: null, message: "JWSError JWSInvalidSignature" }) },
  { name: "PostgREST, expired", source: "PostgREST (PGRST303)", code: "auth.token-expired", body: JSON.stringify({ code: "PGRST303", details: null, hint: null, message: "JWT expired" }) },
  { name: "PostgREST, grants", source: "PostgREST (42501: insufficient privilege)", code: "auth.vendor-reason", body: JSON.stringify({ code: "42501", details: null, hint: null, message: "permission denied for table orders" }) },
  { name: "Supabase Auth, bad JWT", source: "Supabase Auth (bad_jwt)", code: "auth.vendor-reason", status: 403, body: JSON.stringify({ code: 403, error_code: "bad_jwt", msg: "invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired" }) },

  // GitHub
  { name: "GitHub, bad credentials", source: "GitHub REST API", code: "auth.vendor-reason", body: JSON.stringify({ message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" }) },
  { name: "GitHub, requires authentication", source: "GitHub REST API", code: "auth.vendor-reason", body: JSON.stringify({ message: "Requires authentication", documentation_url: "https://docs.github.com/rest", status: "401" }) },
  { name: "GitHub, integration lacks permission", source: "GitHub REST API", code: "auth.vendor-reason", status: 403, body: JSON.stringify({ message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue", status: "403" }) },
  { name: "GitHub, rate limit", source: "GitHub REST API (primary rate limit)", code: "auth.vendor-reason", status: 403, body: JSON.stringify({ message: "API rate limit exceeded for 203.0.113.7. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)", documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting" }) },
];

/** The sample as the browser recorded it; `healthy` answers 200 with the same headers and body (and a redirect back with a code). */
export function exchangeFor(s: Sample, healthy = false): Exchange {
  const status = healthy ? (s.location !== undefined ? 302 : 200) : (s.status ?? 401);
  const responseHeaders: Record<string, string> = { ...(s.headers ?? {}) };
  if (s.challenge !== undefined && !healthy) responseHeaders["WWW-Authenticate"] = s.challenge;
  const location = s.location === undefined ? undefined : healthy ? `${CALLBACK}?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj` : s.location;
  if (location !== undefined) responseHeaders.Location = location;
  const url = s.url === undefined ? `${API_ORIGIN}/v1/orders` : healthy ? `${CALLBACK}?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj` : s.url;
  const e = entry({
    url,
    status,
    requestHeaders: { Origin: PAGE_ORIGIN, ...(s.url === undefined && s.authorization !== "" ? { Authorization: s.authorization ?? "Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a9f0dQ3" } : {}) },
    responseHeaders,
    resourceType: s.resourceType ?? "fetch",
  }) as { response: Record<string, unknown> };
  if (s.body !== undefined) e.response.content = { size: s.body.length, mimeType: s.mimeType ?? "application/json", text: s.body };
  if (location !== undefined) e.response.redirectURL = location;
  return exchangeOf("x1", e, "har-file", `${PAGE_ORIGIN}/orders`);
}
