/**
 * The "Real servers" scenarios: rows of the lab's table (../scenarios.ts) answered by the real
 * stacks (types.ts) instead of the lab API. `server` names the stack; `expectedRoot` is the
 * finding code (FINDINGS.md v2, "Root cause first") that best explains each failure, `null` for
 * a healthy request; `expectedCodes` stays the floor of codes AuthLens must report.
 *
 * What each library answers was observed by running it (test/unit/lab/real-servers.test.ts
 * checks it on every run); the comment on each row quotes it.
 *
 * Only type imports from ../scenarios.ts: that module imports this one, so a value import here
 * would read it before it is initialised.
 */
import type { ScenarioAuthorization, ScenarioRow } from "../scenarios.ts";
import type { RealTokenName } from "./types.ts";

export type RealScenarioName =
  | "express-cors-origin-not-listed"
  | "express-cors-wildcard-credentials"
  | "express-cors-authorization-not-allowed"
  | "express-cors-after-auth"
  | "express-cors-ok"
  | "express-jwt-expired"
  | "express-jwt-wrong-audience"
  | "express-jwt-wrong-issuer"
  | "express-jwt-unknown-kid"
  | "express-jwt-bad-signature"
  | "express-jwt-token-scheme"
  | "express-jwt-insufficient-scope"
  | "express-jwt-missing-token"
  | "express-jwt-ok"
  | "express-basic-wrong-password"
  | "express-basic-no-challenge"
  | "express-basic-ok"
  | "fastify-jwt-expired"
  | "fastify-cors-localhost-origin"
  | "fastify-ok";

/** express-oauth2-jwt-bearer 1.10 offers DPoP next to Bearer in every challenge it sends. */
export const DPOP_ALGS = 'DPoP algs="RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES256K ES384 ES512 EdDSA"';
/** express-oauth2-jwt-bearer's challenge for a token it refused, with its own description. */
export function jwtBearerChallenge(error: string, description: string): string {
  return `Bearer realm="api", error="${error}", error_description="${description}", ${DPOP_ALGS}`;
}

const LAB_VALID: ScenarioAuthorization = { kind: "bearer", token: "valid" };
/** The lab's session cookie (../scenarios.ts SESSION_COOKIE), set by the `login` helper for the whole host. */
const SESSION_COOKIE = "lab_session";

function stackToken(token: RealTokenName, scheme: "Bearer" | "Token" = "Bearer"): ScenarioAuthorization {
  return { kind: "stack", scheme, token };
}

function basic(password: string): ScenarioAuthorization {
  return { kind: "basic", user: "lab", password };
}

export const REAL_ROWS: readonly (ScenarioRow & { name: RealScenarioName })[] = [
  // ── express + cors ────────────────────────────────────────────────────────────────────────
  {
    // cors({ origin: ["http://localhost:<page port>"] }) and a page on 127.0.0.1: cors() sends
    // 200 with `Vary: Origin` and no Access-Control-Allow-Origin at all.
    name: "express-cors-origin-not-listed",
    group: "Real servers",
    server: "express-cors",
    title: "express + cors: page origin not in the list",
    description: "cors() lists the page as http://localhost, the page runs on 127.0.0.1, so cors() sends no Allow-Origin.",
    expectedRoot: "cors.missing-allow-origin",
    expectedCodes: ["cors.missing-allow-origin"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    expect: { status: null, preflight: false, serverStatus: 200 },
    chromiumCorsError: "MissingAllowOriginHeader",
  },
  {
    // cors() with no options: 200 with `Access-Control-Allow-Origin: *` and no Vary.
    name: "express-cors-wildcard-credentials",
    group: "Real servers",
    server: "express-cors",
    title: "express + cors: default cors() and cookies",
    description: "cors() without options answers Allow-Origin: *, and the page's request carries its session cookie.",
    expectedRoot: "cors.wildcard-origin-with-credentials",
    expectedCodes: ["cors.wildcard-origin-with-credentials"],
    helper: false,
    request: { method: "GET", credentials: "include", before: "login" },
    expect: { status: null, preflight: false, serverStatus: 200, cookies: [SESSION_COOKIE] },
    chromiumCorsError: "WildcardOriginNotAllowed",
  },
  {
    // cors({ origin: [page], allowedHeaders: ["Content-Type"] }): the preflight gets 204 with
    // `Access-Control-Allow-Headers: Content-Type` and the page's origin; the GET never leaves.
    name: "express-cors-authorization-not-allowed",
    group: "Real servers",
    server: "express-cors",
    title: "express + cors: allowedHeaders without Authorization",
    description: "allowedHeaders names Content-Type only, so the preflight does not allow the Authorization header the page sends.",
    expectedRoot: "cors.header-not-allowed",
    expectedCodes: ["cors.header-not-allowed"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: LAB_VALID },
    expect: { status: null, preflight: true, serverStatus: null },
    chromiumCorsError: "HeaderDisallowedByPreflightResponse",
  },
  {
    // auth() of express-oauth2-jwt-bearer before cors(): the preflight (no Authorization) gets
    // 401 `WWW-Authenticate: Bearer realm="api", DPoP algs="…"`, a JSON error and no CORS
    // headers. Chromium checks Allow-Origin before the status: PreflightMissingAllowOriginHeader.
    name: "express-cors-after-auth",
    group: "Real servers",
    server: "express-cors",
    title: "express: cors() mounted after the auth middleware",
    description: "The token check runs before cors(), so it answers the preflight, which never carries credentials, with 401.",
    expectedRoot: "cors.preflight-blocked-by-auth",
    expectedCodes: ["cors.missing-allow-origin", "cors.preflight-failed-status"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: LAB_VALID },
    expect: { status: null, preflight: true, preflightStatus: 401, serverStatus: null },
    chromiumCorsError: "PreflightMissingAllowOriginHeader",
  },
  {
    // cors({ origin: [page], exposedHeaders }) then auth(): preflight 204 reflecting
    // `authorization`, then 200 with the page's origin and `Vary: Origin`.
    name: "express-cors-ok",
    group: "Real servers",
    server: "express-cors",
    title: "express + cors: done right",
    description: "cors() before the token check, with the page's exact origin: the preflight and the request pass.",
    expectedRoot: null,
    expectedCodes: [],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: LAB_VALID },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },

  // ── express + express-oauth2-jwt-bearer (ES256, JWKS at /.well-known/jwks.json) ──────────
  {
    // 401 invalid_token, error_description="'exp' claim timestamp check failed" (jose's message).
    name: "express-jwt-expired",
    group: "Real servers",
    server: "express-jwt",
    title: "express-oauth2-jwt-bearer: expired token",
    description: "The access token expired 15 minutes ago; the library says its exp check failed.",
    expectedRoot: "auth.token-expired",
    expectedCodes: ["auth.credentials-rejected", "auth.bearer-invalid-token", "auth.token-expired"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwtExpired") },
    expect: {
      status: 401,
      wwwAuthenticate: jwtBearerChallenge("invalid_token", "'exp' claim timestamp check failed"),
      preflight: true,
    },
  },
  {
    // 401 invalid_token, error_description="Unexpected 'aud' value".
    name: "express-jwt-wrong-audience",
    group: "Real servers",
    server: "express-jwt",
    title: "express-oauth2-jwt-bearer: token for another API",
    description: "The token's aud is https://billing.authlens.test; this API expects https://api.authlens.test.",
    expectedRoot: "auth.token-audience-mismatch",
    expectedCodes: ["auth.credentials-rejected", "auth.bearer-invalid-token"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwtWrongAudience") },
    expect: { status: 401, wwwAuthenticate: jwtBearerChallenge("invalid_token", "Unexpected 'aud' value"), preflight: true },
  },
  {
    // 401 invalid_token, error_description="Unexpected 'iss' value".
    name: "express-jwt-wrong-issuer",
    group: "Real servers",
    server: "express-jwt",
    title: "express-oauth2-jwt-bearer: token from another issuer",
    description: "The token was issued by a staging authorization server this API does not trust.",
    expectedRoot: "auth.token-issuer-mismatch",
    expectedCodes: ["auth.credentials-rejected", "auth.bearer-invalid-token"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwtWrongIssuer") },
    expect: { status: 401, wwwAuthenticate: jwtBearerChallenge("invalid_token", "Unexpected 'iss' value"), preflight: true },
  },
  {
    // 401 invalid_token, error_description="no applicable key found in the JSON Web Key Set".
    name: "express-jwt-unknown-kid",
    group: "Real servers",
    server: "express-jwt",
    title: "express-oauth2-jwt-bearer: signing key not in the JWKS",
    description: "The token's kid names a retired key that the API's JWKS no longer publishes.",
    expectedRoot: "auth.token-key-unknown",
    expectedCodes: ["auth.credentials-rejected", "auth.bearer-invalid-token"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwtUnknownKid") },
    expect: {
      status: 401,
      wwwAuthenticate: jwtBearerChallenge("invalid_token", "no applicable key found in the JSON Web Key Set"),
      preflight: true,
    },
  },
  {
    // 401 invalid_token, error_description="signature verification failed".
    name: "express-jwt-bad-signature",
    group: "Real servers",
    server: "express-jwt",
    title: "express-oauth2-jwt-bearer: signature does not verify",
    description: "The token names the published kid but was signed with another key.",
    expectedRoot: "auth.token-signature-invalid",
    expectedCodes: ["auth.credentials-rejected", "auth.bearer-invalid-token"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwtBadSignature") },
    expect: { status: 401, wwwAuthenticate: jwtBearerChallenge("invalid_token", "signature verification failed"), preflight: true },
  },
  {
    // `Authorization: Token <jwt>` matches none of the schemes the library reads (Bearer,
    // DPoP): 400 (InvalidRequestError without an error code) and the bare challenge
    // `Bearer realm="api", DPoP algs="…"`.
    name: "express-jwt-token-scheme",
    group: "Real servers",
    server: "express-jwt",
    title: "express-oauth2-jwt-bearer: Token scheme instead of Bearer",
    description: "A valid JWT is sent as Authorization: Token …; the API only reads Bearer and DPoP and answers 400.",
    expectedRoot: "auth.scheme-mismatch",
    // AuthLens reads no finding from this 400 yet: auth.scheme-mismatch is the one it should give.
    expectedCodes: ["token.jwt"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwtValid", "Token") },
    expect: { status: 400, wwwAuthenticate: `Bearer realm="api", ${DPOP_ALGS}`, preflight: true },
  },
  {
    // requiredScopes("admin") on a token with `lab:read profile`: 403 with
    // error="insufficient_scope", error_description="Insufficient Scope", scope="admin" (no DPoP).
    name: "express-jwt-insufficient-scope",
    group: "Real servers",
    server: "express-jwt",
    title: "express-oauth2-jwt-bearer: missing scope",
    description: "The route requires the admin scope; the token has lab:read profile.",
    expectedRoot: "auth.bearer-insufficient-scope",
    expectedCodes: ["auth.bearer-insufficient-scope"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwtValid") },
    expect: {
      status: 403,
      wwwAuthenticate: 'Bearer realm="api", error="insufficient_scope", error_description="Insufficient Scope", scope="admin"',
      preflight: true,
    },
  },
  {
    // No Authorization: 401 with the bare challenge `Bearer realm="api", DPoP algs="…"` (RFC 6750
    // §3.1: no error code) and {"error":"UnauthorizedError"}.
    name: "express-jwt-missing-token",
    group: "Real servers",
    server: "express-jwt",
    title: "express-oauth2-jwt-bearer: no token",
    description: "The page calls the API without an Authorization header.",
    expectedRoot: "auth.no-credentials-sent",
    expectedCodes: ["auth.no-credentials-sent"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    expect: { status: 401, wwwAuthenticate: `Bearer realm="api", ${DPOP_ALGS}`, preflight: false },
  },
  {
    // Preflight 204 from cors(), then 200.
    name: "express-jwt-ok",
    group: "Real servers",
    server: "express-jwt",
    title: "express-oauth2-jwt-bearer: valid token",
    description: "A valid ES256 token, verified against the API's own JWKS.",
    expectedRoot: null,
    // Info only; AuthLens also warns today that the aud (an API identifier, as Auth0 issues
    // them) is not the host: see KNOWN_WRONG in test/cli/lab-real.test.ts.
    expectedCodes: ["token.jwt"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwtValid") },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },

  // ── express + express-basic-auth ──────────────────────────────────────────────────────────
  {
    // challenge: true: 401 `WWW-Authenticate: Basic realm="authlens-lab"` and an empty body.
    name: "express-basic-wrong-password",
    group: "Real servers",
    server: "express-basic",
    title: "express-basic-auth: wrong password",
    description: "The page sends user lab with the password in the wrong case; the API challenges again.",
    expectedRoot: "auth.credentials-rejected",
    expectedCodes: ["auth.credentials-rejected", "token.basic"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: basic("Correct-Horse") },
    expect: { status: 401, wwwAuthenticate: 'Basic realm="authlens-lab"', preflight: true },
  },
  {
    // challenge left at its default, false: 401 with no WWW-Authenticate and an empty body.
    // The root is the refused password (auth.credentials-rejected): that is why this request
    // failed. The missing challenge (RFC 9110 §15.5.2 MUST) is the server's own, independent
    // defect, shown beside it: fixing it alone would not make the request succeed.
    name: "express-basic-no-challenge",
    group: "Real servers",
    server: "express-basic",
    title: "express-basic-auth: no challenge",
    description: "express-basic-auth sends no challenge unless told to, so its 401 names no scheme.",
    expectedRoot: "auth.credentials-rejected",
    expectedCodes: ["auth.challenge-missing", "auth.credentials-rejected"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: basic("Correct-Horse") },
    expect: { status: 401, wwwAuthenticate: null, preflight: true },
  },
  {
    name: "express-basic-ok",
    group: "Real servers",
    server: "express-basic",
    title: "express-basic-auth: right password",
    description: "The right user and password, behind a correct cors().",
    expectedRoot: null,
    expectedCodes: [],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: basic("correct-horse") },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },

  // ── fastify + @fastify/cors + @fastify/jwt ────────────────────────────────────────────────
  {
    // 401 with no WWW-Authenticate and {"code":"FST_JWT_AUTHORIZATION_TOKEN_EXPIRED",
    // "message":"Authorization token expired"}.
    name: "fastify-jwt-expired",
    group: "Real servers",
    server: "fastify",
    title: "@fastify/jwt: expired token",
    description: "The token expired 15 minutes ago; @fastify/jwt answers 401 with its error code and no challenge.",
    expectedRoot: "auth.token-expired",
    expectedCodes: ["auth.credentials-rejected", "auth.token-expired", "auth.challenge-missing"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("fastifyExpired") },
    expect: { status: 401, wwwAuthenticate: null, preflight: true },
  },
  {
    // @fastify/cors with origin "http://localhost:<page port>" sends that string as
    // Access-Control-Allow-Origin whatever the request's Origin, and no Vary.
    name: "fastify-cors-localhost-origin",
    group: "Real servers",
    server: "fastify",
    title: "@fastify/cors: origin names localhost",
    description: "The CORS origin option is http://localhost, sent as it is to a page that runs on 127.0.0.1.",
    expectedRoot: "cors.allow-origin-mismatch",
    expectedCodes: ["cors.allow-origin-mismatch"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    expect: { status: null, preflight: false, serverStatus: 200 },
    chromiumCorsError: "AllowOriginMismatch",
  },
  {
    name: "fastify-ok",
    group: "Real servers",
    server: "fastify",
    title: "fastify: valid token",
    description: "A valid ES256 token through @fastify/cors and @fastify/jwt.",
    expectedRoot: null,
    expectedCodes: [],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("fastifyValid") },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },
];
