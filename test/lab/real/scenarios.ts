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
  | "express-jwt-id-token"
  | "express-jwt-token-scheme"
  | "express-jwt-insufficient-scope"
  | "express-jwt-missing-token"
  | "express-jwt-ok"
  | "express-basic-wrong-password"
  | "express-basic-no-challenge"
  | "express-basic-ok"
  | "fastify-jwt-expired"
  | "fastify-cors-localhost-origin"
  | "fastify-ok"
  | "nginx-basic-wrong-password"
  | "nginx-basic-preflight"
  | "nginx-no-always"
  | "nginx-strip-auth"
  | "nginx-basic-preflight-ok"
  | "nginx-pass-auth"
  | "oidc-refresh-token-reused"
  | "oidc-token-client-unknown"
  | "oidc-token-client-secret-wrong"
  | "oidc-token-grant-type-unsupported"
  | "oidc-token-refresh-ok"
  | "oidc-refresh-token-sent-twice"
  | "oidc-token-pkce-mismatch"
  | "oidc-authorize-without-pkce"
  | "jwks-api-ok"
  | "jwks-api-dev-token"
  | "jwks-api-bad-signature"
  | "jwks-api-wrong-audience"
  | "kong-key-auth-wrong-header"
  | "kong-key-auth-ok";

/** express-oauth2-jwt-bearer 1.10 offers DPoP next to Bearer in every challenge it sends. */
export const DPOP_ALGS = 'DPoP algs="RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES256K ES384 ES512 EdDSA"';
/** express-oauth2-jwt-bearer's challenge for a token it refused, with its own description. */
export function jwtBearerChallenge(error: string, description: string): string {
  return `Bearer realm="api", error="${error}", error_description="${description}", ${DPOP_ALGS}`;
}

/** Kong key-auth's challenge (real/kong-imitation.ts KONG_CHALLENGE). */
const KONG_CHALLENGE = 'Key realm="kong"';
/** The consumer key the Kong imitation knows (real/kong-imitation.ts KONG_API_KEY). */
const KONG_API_KEY = "lab-consumer-key-4f1c9a";

const LAB_VALID: ScenarioAuthorization = { kind: "bearer", token: "valid" };
/** The lab's session cookie (../scenarios.ts SESSION_COOKIE), set by the `login` helper for the whole host. */
const SESSION_COOKIE = "lab_session";

function stackToken(token: RealTokenName, scheme: "Bearer" | "Token" = "Bearer"): ScenarioAuthorization {
  return { kind: "stack", scheme, token };
}

function basic(password: string, user = "lab"): ScenarioAuthorization {
  return { kind: "basic", user, password };
}

/** nginx's htpasswd user (real/nginx.ts NGINX_BASIC_USER / NGINX_BASIC_PASSWORD). */
const NGINX_USER = "lab-user";
const NGINX_PASSWORD = "lab-password";
/** nginx's auth_basic challenge (real/nginx.ts NGINX_REALM). */
const NGINX_CHALLENGE = 'Basic realm="AuthLens lab"';

/** A token request as a browser SPA sends it: a form POST, headers and body prepared per page load. */
const TOKEN_REQUEST = {
  method: "POST",
  credentials: "same-origin",
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  prepared: true,
} as const;

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
    // The sign-in's ID token (typ JWT, aud = azp = the SPA's client id, nonce, auth_time, no
    // scope), signed with the published key: 401 invalid_token, error_description="Unexpected
    // 'aud' value". The library sees only the audience; the cause is the token's kind.
    name: "express-jwt-id-token",
    group: "Real servers",
    server: "express-jwt",
    title: "express-oauth2-jwt-bearer: ID token sent as the access token",
    description: "The SPA sends the id_token of its sign-in instead of the access_token; the API refuses its audience, the client id.",
    expectedRoot: "auth.id-token-as-access-token",
    expectedCodes: ["auth.credentials-rejected", "auth.bearer-invalid-token", "auth.id-token-as-access-token"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwtIdToken") },
    expect: { status: 401, wwwAuthenticate: jwtBearerChallenge("invalid_token", "Unexpected 'aud' value"), preflight: true },
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

  // ── nginx 1.22 (nginx-light) in front of express + express-jwt ───────────────────────────
  {
    // location = /nginx/basic: auth_basic, CORS add_header … always, OPTIONS answered 204
    // before auth. The wrong password gets 401 `WWW-Authenticate: Basic realm="AuthLens lab"`
    // with the CORS headers, so the page reads it.
    name: "nginx-basic-wrong-password",
    group: "Real servers",
    server: "nginx",
    title: "nginx auth_basic: wrong password",
    description: "nginx's auth_basic refuses the password; its CORS headers carry `always`, so the page reads the 401.",
    expectedRoot: "auth.credentials-rejected",
    expectedCodes: ["auth.credentials-rejected", "token.basic"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: basic("Lab-Password", NGINX_USER) },
    expect: { status: 401, wwwAuthenticate: NGINX_CHALLENGE, preflight: true },
  },
  {
    // location = /nginx/basic-preflight: auth_basic catches the OPTIONS preflight too, which
    // never carries credentials: 401 with the Basic challenge and every CORS header (`always`).
    // Allow-Origin passes, so Chromium fails the preflight on its status: PreflightInvalidStatus.
    name: "nginx-basic-preflight",
    group: "Real servers",
    server: "nginx",
    title: "nginx auth_basic on the preflight",
    description: "auth_basic covers OPTIONS too, so nginx answers the browser's preflight, which carries no password, with 401.",
    expectedRoot: "cors.preflight-blocked-by-auth",
    expectedCodes: ["cors.preflight-blocked-by-auth", "cors.preflight-failed-status"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: basic(NGINX_PASSWORD, NGINX_USER) },
    expect: { status: null, preflight: true, preflightStatus: 401, serverStatus: null },
    chromiumCorsError: "PreflightInvalidStatus",
  },
  {
    // location = /nginx/no-always: add_header without `always` applies to 2xx/3xx only, so the
    // 401 of auth_basic goes out with `WWW-Authenticate: Basic realm="AuthLens lab"` and no
    // CORS header at all; the preflight (204 from the `if` block) passes.
    name: "nginx-no-always",
    group: "Real servers",
    server: "nginx",
    title: "nginx add_header without always",
    description: "The CORS headers lack `always`, so nginx leaves them off its 401 and the browser reports a CORS error instead.",
    expectedRoot: "cors.error-hidden-by-cors",
    expectedCodes: ["cors.missing-allow-origin", "cors.error-hidden-by-cors"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: basic("Lab-Password", NGINX_USER) },
    expect: { status: null, preflight: true, serverStatus: 401 },
    chromiumCorsError: "MissingAllowOriginHeader",
  },
  {
    // location /nginx/strip-auth/: proxy_set_header Authorization ""; proxy_pass to an express
    // app with express-jwt, which gets no token: 401 {"error":"credentials_required","message":
    // "No authorization token was found"}, no WWW-Authenticate; nginx adds its CORS headers.
    name: "nginx-strip-auth",
    group: "Real servers",
    server: "nginx",
    title: 'nginx proxy_set_header Authorization ""',
    description: "nginx blanks the Authorization header on its way to the API, which then says no token was found.",
    expectedRoot: "auth.authorization-not-received",
    expectedCodes: ["auth.authorization-not-received", "auth.credentials-rejected"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: LAB_VALID },
    expect: { status: 401, wwwAuthenticate: null, preflight: true },
  },
  {
    // location = /nginx/basic-preflight-ok: OPTIONS answered 204 before auth_basic, then 200
    // {"ok":true,"server":"nginx"} with the right password.
    name: "nginx-basic-preflight-ok",
    group: "Real servers",
    server: "nginx",
    title: "nginx auth_basic: preflight answered first",
    description: "The fix: nginx answers OPTIONS before auth_basic, and the right password gets through.",
    expectedRoot: null,
    expectedCodes: [],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: basic(NGINX_PASSWORD, NGINX_USER) },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },
  {
    // location /nginx/pass-auth/: proxy_pass with Authorization passed through (nginx's
    // default); express-jwt accepts the lab token: 200.
    name: "nginx-pass-auth",
    group: "Real servers",
    server: "nginx",
    title: "nginx proxy passing Authorization on",
    description: "The same proxy without the blanking line: the API gets the token and answers 200.",
    expectedRoot: null,
    expectedCodes: [],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: LAB_VALID },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },

  // ── oidc-provider 9 (its token endpoint, called by the page like a browser SPA) ──────────
  {
    // A public client's refresh token, already refreshed once (rotateRefreshToken): 400
    // {"error":"invalid_grant","error_description":"grant request is invalid"}; oidc-provider
    // records "refresh token already used" and revokes the grant.
    name: "oidc-refresh-token-reused",
    group: "Real servers",
    server: "oidc-provider",
    title: "oidc-provider: refresh token used twice",
    description: "The SPA sends a refresh token that was already rotated, as a second tab does; the provider refuses the grant.",
    expectedRoot: "oauth.invalid-grant",
    expectedCodes: ["oauth.invalid-grant"],
    helper: false,
    request: TOKEN_REQUEST,
    expect: { status: 400, wwwAuthenticate: null, preflight: false },
  },
  {
    // client_secret_post with client_id lab-unknown-client: 401 {"error":"invalid_client",
    // "error_description":"client authentication failed"} and no WWW-Authenticate.
    name: "oidc-token-client-unknown",
    group: "Real servers",
    server: "oidc-provider",
    title: "oidc-provider: unknown client_id",
    description: "The client_id in the form body is not registered at this provider.",
    expectedRoot: "oauth.invalid-client",
    expectedCodes: ["oauth.invalid-client"],
    helper: false,
    request: TOKEN_REQUEST,
    expect: { status: 401, wwwAuthenticate: null, preflight: false },
  },
  {
    // client_secret_basic with a wrong secret: the Authorization header makes the browser send
    // a preflight (204); then 401 invalid_client with `WWW-Authenticate: Basic realm="<issuer>",
    // error="invalid_client", error_description="client authentication failed"`.
    name: "oidc-token-client-secret-wrong",
    group: "Real servers",
    server: "oidc-provider",
    title: "oidc-provider: wrong client secret",
    description: "The confidential client authenticates with HTTP Basic and a rotated secret.",
    expectedRoot: "oauth.invalid-client",
    expectedCodes: ["oauth.invalid-client", "token.basic"],
    helper: false,
    request: TOKEN_REQUEST,
    expect: { status: 401, preflight: true },
  },
  {
    // grant_type=password for the public client: 400 {"error":"unsupported_grant_type",
    // "error_description":"unsupported grant_type requested"}.
    name: "oidc-token-grant-type-unsupported",
    group: "Real servers",
    server: "oidc-provider",
    title: "oidc-provider: password grant",
    description: "The SPA asks for the resource owner password grant, which the provider does not offer.",
    expectedRoot: "oauth.token-error",
    expectedCodes: ["oauth.token-error"],
    helper: false,
    request: TOKEN_REQUEST,
    expect: { status: 400, wwwAuthenticate: null, preflight: false },
  },
  {
    // A fresh refresh token of the public client: 200 with new access, ID and refresh tokens.
    name: "oidc-token-refresh-ok",
    group: "Real servers",
    server: "oidc-provider",
    title: "oidc-provider: refresh token",
    description: "A fresh refresh token of the public client, exchanged once: new tokens come back.",
    expectedRoot: null,
    expectedCodes: [],
    helper: false,
    request: TOKEN_REQUEST,
    expect: { status: 200, wwwAuthenticate: null, preflight: false },
  },
  {
    // A fresh refresh token of the public client, sent twice by the page (two tabs refreshing at
    // once): the first gets 200 and a new refresh token (rotateRefreshToken), the second 400
    // {"error":"invalid_grant","error_description":"grant request is invalid"}. Both are in the
    // capture, so the cause is shown rather than guessed.
    name: "oidc-refresh-token-sent-twice",
    group: "Real servers",
    server: "oidc-provider",
    title: "oidc-provider: the page refreshes twice with one refresh token",
    description: "The SPA exchanges the same refresh token twice, as two tabs do; rotation voided it after the first exchange.",
    expectedRoot: "oauth.invalid-grant",
    expectedCodes: ["oauth.invalid-grant"],
    helper: false,
    request: { ...TOKEN_REQUEST, repeat: 2 },
    expect: { status: 400, earlierStatus: 200, wwwAuthenticate: null, preflight: false },
  },

  {
    // The page signs in (authorization request with an S256 code_challenge in a hidden iframe;
    // oidc-provider signs the lab user in and redirects to /oidc/callback with a code), then
    // exchanges the code with the code_verifier of another attempt: 400 {"error":"invalid_grant",
    // "error_description":"grant request is invalid"}; oidc-provider records "code_verifier does
    // not match code_challenge" for itself only.
    name: "oidc-token-pkce-mismatch",
    group: "Real servers",
    server: "oidc-provider",
    title: "oidc-provider: code exchanged with another attempt's verifier",
    description: "The SPA signs in with PKCE, then sends the code_verifier another tab's sign-in stored; the provider refuses the code.",
    expectedRoot: "oauth.pkce-mismatch",
    expectedCodes: ["oauth.pkce-mismatch", "oauth.invalid-grant"],
    helper: false,
    request: {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      // real/oidc.ts: the public client, oidc-provider's /auth, OIDC_CALLBACK_PATH.
      signIn: { clientId: "lab-public", scope: "openid", authorizePath: "/auth", callbackPath: "/oidc/callback", pkce: true, verifier: "other-attempt" },
    },
    expect: { status: 400, wwwAuthenticate: null, preflight: false },
  },

  {
    // The page's sign-in (hidden iframe) sends no code_challenge; the scenario's path is the
    // provider's authorization endpoint. oidc-provider requires PKCE of public clients: 303 to
    // /oidc/callback?error=invalid_request&error_description=Authorization Server policy
    // requires PKCE to be used for this request&state=…&iss=….
    name: "oidc-authorize-without-pkce",
    group: "Real servers",
    server: "oidc-provider",
    title: "oidc-provider: sign-in without PKCE",
    description: "The SPA's authorization request has no code_challenge; the provider requires PKCE of public clients and redirects back with an error.",
    expectedRoot: "oauth.authorization-error",
    expectedCodes: ["oauth.authorization-error"],
    helper: false,
    request: {
      method: "GET",
      // A navigation in a frame: the browser sends the host's cookies (every lab origin is 127.0.0.1).
      credentials: "include",
      signIn: { clientId: "lab-public", scope: "openid", callbackPath: "/oidc/callback", pkce: false, verifier: "own" },
    },
    // The provider's answer is a redirect the frame follows; the page sees where it landed.
    expect: { status: 303, wwwAuthenticate: null, preflight: false },
  },

  // ── express + express-jwt 8, keys found by kid with jose's createRemoteJWKSet ─────────────
  // The API answers every refusal with express-jwt's README error handler: 401, text/html
  // "invalid token...", no WWW-Authenticate. AuthLens's reason comes from the capture.
  {
    // Preflight 204 from cors(), then 200: the capture now holds a token this API accepted.
    name: "jwks-api-ok",
    group: "Real servers",
    server: "express-jwt-jwks",
    title: "express-jwt + JWKS: valid token",
    description: "An ES256 token signed with the key the issuer publishes, for this API's audience.",
    expectedRoot: null,
    expectedCodes: ["token.jwt"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwksValid") },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },
  {
    // The page first reads /.well-known/openid-configuration and the JWK Set at its jwks_uri
    // (one key, kid orders-prod-es256-2026); the token's kid is orders-dev-es256. The key
    // lookup finds nothing, jsonwebtoken says "secret or public key must be provided", and the
    // README handler turns it into 401 "invalid token..." with no challenge.
    name: "jwks-api-dev-token",
    group: "Real servers",
    server: "express-jwt-jwks",
    title: "express-jwt + JWKS: dev token sent to prod",
    description: "A token signed by the development environment's key, whose kid the production issuer's JWK Set (fetched by the page) does not hold.",
    expectedRoot: "auth.token-key-unknown",
    expectedCodes: ["auth.credentials-rejected", "auth.token-key-unknown", "auth.challenge-missing"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwksDevToken"), discover: true },
    expect: { status: 401, wwwAuthenticate: null, preflight: true },
  },
  {
    // The page reads the discovery document and the JWK Set; the token names the published kid
    // (orders-prod-es256-2026) but was signed by another key. jsonwebtoken says "invalid
    // signature", the README handler answers 401 "invalid token..."; AuthLens checks the ES256
    // signature itself against the key the page fetched.
    name: "jwks-api-bad-signature",
    group: "Real servers",
    server: "express-jwt-jwks",
    title: "express-jwt + JWKS: signed by another key under the published kid",
    description: "The token's kid is the one the issuer's JWK Set (fetched by the page) publishes, but another key signed it; the API answers a bare 401.",
    expectedRoot: "auth.token-signature-invalid",
    expectedCodes: ["auth.credentials-rejected", "auth.token-signature-invalid", "auth.challenge-missing"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwksBadSignature"), discover: true },
    expect: { status: 401, wwwAuthenticate: null, preflight: true },
  },
  {
    // A token of the same issuer for another API (aud https://inventory.authlens.test):
    // jsonwebtoken's "jwt audience invalid" hidden behind the README handler's 401 "invalid
    // token...". The same API accepted aud https://orders.authlens.test in jwks-api-ok.
    name: "jwks-api-wrong-audience",
    group: "Real servers",
    server: "express-jwt-jwks",
    title: "express-jwt + JWKS: token for another API, refused without a reason",
    description: "The token is for the inventory API; this API accepted an orders token earlier in the capture and now answers a bare 401.",
    expectedRoot: "auth.token-audience-mismatch",
    expectedCodes: ["auth.credentials-rejected", "auth.token-audience-mismatch", "auth.challenge-missing"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: stackToken("jwksWrongAudience") },
    expect: { status: 401, wwwAuthenticate: null, preflight: true },
  },

  // ── AN IMITATION of Kong Gateway's key-auth plugin (real/kong-imitation.ts): no API-key ───
  // gateway runs in the lab, so this stack copies Kong's documented answer; it is not Kong.
  {
    // The page sends the consumer's key as `X-API-Key`; key-auth reads only the header its
    // key_names lists (`apikey`, the default): 401 {"message":"No API key found in request"},
    // `WWW-Authenticate: Key realm="kong"`, `Server: kong/…`.
    name: "kong-key-auth-wrong-header",
    group: "Real servers",
    server: "kong-imitation",
    title: "Kong key-auth (imitation): API key in the wrong header",
    description: "An imitation of Kong's key-auth answer, not Kong: the key goes out as X-API-Key, the gateway reads apikey and finds none.",
    expectedRoot: "auth.vendor-reason",
    expectedCodes: ["auth.vendor-reason"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", headers: { "X-API-Key": KONG_API_KEY } },
    expect: { status: 401, wwwAuthenticate: KONG_CHALLENGE, preflight: true },
  },
  {
    // The consumer's key in `apikey`: the preflight (answered by the cors plugin) allows it, 200.
    name: "kong-key-auth-ok",
    group: "Real servers",
    server: "kong-imitation",
    title: "Kong key-auth (imitation): API key sent",
    description: "An imitation of Kong's key-auth answer, not Kong: the consumer's key in the apikey header gets through.",
    expectedRoot: null,
    expectedCodes: [],
    helper: false,
    request: { method: "GET", credentials: "same-origin", headers: { apikey: KONG_API_KEY } },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },
];
