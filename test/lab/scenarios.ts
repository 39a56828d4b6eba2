/**
 * The lab's scenarios as data. The server routes on `path` and answers from `answer`, the page
 * renders and runs the table (it is inlined into the page as JSON, so everything here must stay
 * serialisable), and tests compare AuthLens's findings with `expectedCodes`.
 *
 * Rows with a `server` (real/scenarios.ts) are answered by a real server library on its own
 * origin instead (real/index.ts); `answer` does not apply to them.
 *
 * Strings in `answer` and `expect.wwwAuthenticate` may hold placeholders, filled per response:
 * `{origin}` (the request's Origin), `{apiOrigin}`, `{apiHost}` (host:port of the API),
 * `{random}` (a fresh random value each time) and `{token:<kind>}` (a freshly minted lab token).
 */
import { REAL_ROWS, type RealScenarioName } from "./real/scenarios.ts";
import type { RealStackName, RealTokenName } from "./real/types.ts";
import type { LabTokens } from "./tokens.ts";

/** The scenarios the lab's own API answers (server.ts). */
export type ApiScenarioName =
  // Basics
  | "bearer-401"
  | "no-challenge-401"
  | "valid-token-200"
  | "login"
  | "credentialed-ok"
  | "session-expired-401"
  | "placeholder-token"
  | "forbidden-403"
  | "bare-scheme-200"
  // Challenges
  | "basic-401"
  | "digest-401"
  | "negotiate-ntlm-401"
  | "dpop-nonce-401"
  | "step-up-401"
  | "malformed-challenge-401"
  | "challenge-hidden-401"
  | "resource-metadata-401"
  | "scheme-mismatch-401"
  | "scheme-mismatch-400"
  | "token-scheme-401"
  | "authorization-dropped-401"
  | "proxy-407-unexpected"
  // Tokens & credentials
  | "nbf-future-401"
  | "retry-loop-401"
  | "token-in-url"
  | "token-endpoint"
  | "token-invalid-grant"
  | "token-invalid-client"
  | "jwt-login"
  | "jwt-cookie-200"
  | "cookie-path-login"
  | "cookie-not-sent-401"
  | "samesite-none-insecure"
  | "redirect-drops-authorization"
  // CORS
  | "preflight-fails"
  | "credentialed-no-acac"
  | "cors-missing-acao"
  | "cors-error-hidden-401"
  | "cors-multiple-acao"
  | "cors-invalid-acao"
  | "cors-origin-mismatch"
  | "cors-wildcard-credentials"
  | "cors-method-not-allowed"
  | "cors-header-not-allowed"
  | "cors-authorization-wildcard"
  | "cors-invalid-allow-methods"
  | "cors-invalid-allow-headers"
  | "cors-preflight-500"
  | "cors-preflight-redirect"
  | "cors-redirect-credentials"
  | "cors-vary-missing"
  | "cors-json-post-ok"
  | "cors-wildcard-ok";

/** Every scenario: the lab API's and the real stacks' (real/scenarios.ts). */
export type ScenarioName = ApiScenarioName | RealScenarioName;

/** Sections of the lab page, in page order. */
export const SCENARIO_GROUPS = ["Basics", "Challenges", "Tokens & credentials", "CORS", "Real servers"] as const;
export type ScenarioGroup = (typeof SCENARIO_GROUPS)[number];

export type LabTokenKind = keyof LabTokens;

/** Chromium's verdict for a CORS failure: the CDP `Network.CorsError` value. */
export type ChromiumCorsError =
  | "DisallowedByMode"
  | "InvalidResponse"
  | "WildcardOriginNotAllowed"
  | "MissingAllowOriginHeader"
  | "MultipleAllowOriginValues"
  | "InvalidAllowOriginValue"
  | "AllowOriginMismatch"
  | "InvalidAllowCredentials"
  | "CorsDisabledScheme"
  | "PreflightInvalidStatus"
  | "PreflightDisallowedRedirect"
  | "PreflightWildcardOriginNotAllowed"
  | "PreflightMissingAllowOriginHeader"
  | "PreflightMultipleAllowOriginValues"
  | "PreflightInvalidAllowOriginValue"
  | "PreflightAllowOriginMismatch"
  | "PreflightInvalidAllowCredentials"
  | "InvalidAllowMethodsPreflightResponse"
  | "InvalidAllowHeadersPreflightResponse"
  | "MethodDisallowedByPreflightResponse"
  | "HeaderDisallowedByPreflightResponse"
  | "RedirectContainsCredentials";

export type ScenarioAuthorization =
  /** `Authorization: Bearer <freshly minted lab token of this kind>`. */
  | { kind: "bearer"; token: LabTokenKind }
  /** `Authorization: DPoP <lab token>` plus a `DPoP` proof header (ES256, minted per page load). */
  | { kind: "dpop"; token: LabTokenKind }
  /** `Authorization: Basic base64(user:password)`. */
  | { kind: "basic"; user: string; password: string }
  /** An Authorization value sent verbatim. */
  | { kind: "literal"; value: string }
  /** `Authorization: <scheme> <token a real stack minted at lab start>` (real/types.ts). */
  | { kind: "stack"; scheme: "Bearer" | "Token"; token: RealTokenName };

/**
 * A sign-in the page runs before its request (OAuth 2.0 code flow with PKCE S256, RFC 7636): the
 * authorization request in a hidden iframe on the scenario's origin (an OpenID Provider), which
 * signs the lab user in and redirects to the page's callback with a code; the request is then
 * the code exchange for that code (a form body the page builds).
 */
export interface ScenarioSignIn {
  /** The public client the page signs in as (real/oidc.ts). */
  clientId: string;
  scope: string;
  /**
   * The provider's authorization endpoint path; absent when the scenario's own path is one (its
   * request is then the authorization request, and its answer the redirect back to the page).
   */
  authorizePath?: string;
  /** The redirect URI's path on the page's origin. */
  callbackPath: string;
  /** Whether the authorization request carries a PKCE S256 code_challenge. */
  pkce: boolean;
  /** The code_verifier the exchange sends: its own authorization request's, or one of another attempt. */
  verifier: "own" | "other-attempt";
}

export interface ScenarioRequest {
  method: "GET" | "POST" | "PUT";
  credentials: "omit" | "same-origin" | "include";
  authorization?: ScenarioAuthorization;
  headers?: Readonly<Record<string, string>>;
  /** Query parameters; `{ token }` stands for a freshly minted lab token of that kind. */
  query?: Readonly<Record<string, string | { token: LabTokenKind }>>;
  /** Request body, sent as is (set its Content-Type in `headers`). */
  body?: string;
  /**
   * A helper scenario the page runs first, in the same page load, so its cookies are in place.
   * It runs once per page load, again after a helper that clears cookies ran.
   */
  before?: ScenarioName;
  /** Send the same request this many times in a row, without any fix in between. */
  repeat?: number;
  /**
   * First read the API's issuer metadata, as an OIDC client does at start: GET
   * `/.well-known/openid-configuration` on the scenario's origin, then the JWK Set at its `jwks_uri`.
   */
  discover?: boolean;
  /** Sign in first and send the code exchange (ScenarioSignIn); its body replaces `body`. */
  signIn?: ScenarioSignIn;
  /**
   * The real stack sets up this request's server state for each page load and gives its headers
   * and body (RunningStack.prepare); they replace `headers` and `body`, which then only describe it.
   */
  prepared?: boolean;
}

/** The CORS headers of one response. Every field has the correct setup as its default. */
export interface CorsAnswer {
  /** Access-Control-Allow-Origin; an array sends one field line per value. Default `{origin}`. */
  allowOrigin?: string | readonly string[];
  /** Send `Access-Control-Allow-Credentials: true`. Default true. */
  allowCredentials?: boolean;
  /** Access-Control-Expose-Headers; an empty list sends none. Default `WWW-Authenticate`. */
  exposeHeaders?: readonly string[];
  /** Send `Vary: Origin`. Default true. */
  vary?: boolean;
}

/** How the API answers the OPTIONS preflight. */
export interface PreflightAnswer {
  /** Default 204. */
  status?: number;
  /** CORS headers of the preflight; default the actual answer's `cors`; `null` sends none at all. */
  cors?: CorsAnswer | null;
  /** Default `GET, POST, OPTIONS`. */
  allowMethods?: string;
  /** Default `Authorization, Content-Type, X-Lab-Client`. */
  allowHeaders?: string;
  /** Location of a redirecting preflight. */
  location?: string;
}

/** What the API sends. Scenarios with their own handler logic use only parts of it. */
export interface ScenarioAnswer {
  /** Status of a fixed answer; default 200. */
  status?: number;
  /** WWW-Authenticate; an array sends one field line per challenge. */
  challenge?: string | readonly string[];
  headers?: Readonly<Record<string, string | readonly string[]>>;
  /** Set-Cookie field lines. */
  setCookie?: readonly string[];
  /** JSON body; string values may hold placeholders. Default `{ ok: true, … }` or `{ error }`. */
  body?: Readonly<Record<string, string | number | boolean>>;
  /** CORS headers on the actual response; `null` sends none at all. */
  cors?: CorsAnswer | null;
  preflight?: PreflightAnswer;
  /**
   * The answer expires the lab's other `Path=/` cookies (a fresh sign-in), so the page forgets
   * which helpers ran and runs this helper every time it is needed.
   */
  clearsCookies?: boolean;
}

export interface ScenarioExpectation {
  /** Status the page script sees; `null` when the browser blocks the response (a CORS failure). */
  status: number | null;
  /**
   * With `status: null`: the browser's own network error (Chromium's `net::…` text) when it
   * failed the request for a reason other than CORS; absent for a CORS failure.
   */
  networkError?: string;
  /** Exact WWW-Authenticate on the actual response (one entry per field line); `null`: absent. */
  wwwAuthenticate?: string | readonly string[] | null;
  /** Whether page script can read that challenge (Access-Control-Expose-Headers). Default true. */
  challengeReadable?: boolean;
  /** Whether the browser must send a CORS preflight first. */
  preflight: boolean;
  /**
   * With `repeat`: the status of the attempts before the last, when the first attempt changes
   * the server's state (a refresh that rotates the token the next attempt sends); default `status`.
   */
  earlierStatus?: number;
  /** Status the server gave the preflight; default 204. */
  preflightStatus?: number;
  /**
   * Status the server gave the actual request; `null` when the browser never sent it. Default
   * `status`, or 200 when the browser blocked the response.
   */
  serverStatus?: number | null;
  /**
   * Cookie names the actual request carries; `null`: no Cookie header at all. When absent:
   * none for requests without credentials mode `include`, unchecked otherwise.
   */
  cookies?: readonly string[] | null;
  /**
   * Set-Cookie lines of the actual response that Chromium refuses: cookie name → CDP
   * `SetCookieBlockedReason`. When absent, Chromium must accept every line.
   */
  refusedSetCookies?: Readonly<Record<string, string>>;
  /** Cookies in the jar that Chromium keeps back from the request: name → CDP `CookieBlockedReason`. */
  keptBackCookies?: Readonly<Record<string, string>>;
}

export interface Scenario {
  name: ScenarioName;
  /** Section of the lab page. */
  group: ScenarioGroup;
  title: string;
  /** One plain sentence of what the scenario demonstrates. */
  description: string;
  /**
   * Finding codes AuthLens must report on the actual request. It may add more specific ones
   * (e.g. `auth.token-expired` next to `auth.credentials-rejected`); these are the floor.
   */
  expectedCodes: readonly string[];
  /**
   * The finding code (FINDINGS.md v2, "Root cause first") that best explains the failure, `null`
   * for a healthy request. Given where it is known to differ from the first expected code.
   */
  expectedRoot?: string | null;
  /** A setup step rather than a problem to diagnose. */
  helper: boolean;
  /** A real stack (real/index.ts) answers the scenario instead of the lab API. */
  server?: RealStackName;
  /** Path on the API origin: always `/api/<name>`, which tests and the panel match on. */
  path: string;
  request: ScenarioRequest;
  /** What the API answers; absent parts mean a correct CORS setup and the handler's own logic. */
  answer?: ScenarioAnswer;
  expect: ScenarioExpectation;
  /**
   * CORS scenarios: the `Network.CorsError` Chromium reports in `Network.loadingFailed`
   * (`corsErrorStatus.corsError`) for the actual request; absent when Chromium reports none.
   */
  chromiumCorsError?: ChromiumCorsError;
}

export const LAB_REALM = "authlens-lab";
export const SESSION_COOKIE = "lab_session";
/** Sent by `preflight-fails`; any non-safelisted header forces a preflight. */
export const LAB_CLIENT_HEADER = "X-Lab-Client";
/** The custom header of the CORS scenarios that need a preflight. */
export const LAB_TRACE_HEADER = "X-Lab-Trace";
export const RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";
/** A compact JWS with a made-up signature: shaped like the JWT a client sends under the wrong scheme. */
export const SAMPLE_JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2lkLmV4YW1wbGUuY29tIiwic3ViIjoibGFiLXVzZXIiLCJhdWQiOiJsYWItYXBpIn0.bGFiLXNpZ25hdHVyZS1ub3QtdmVyaWZpZWQ";

/** Every cookie the lab sets, by role. */
export const LAB_COOKIES = {
  session: SESSION_COOKIE,
  jwt: "lab_jwt",
  scoped: "lab_scoped",
  sameSiteNone: "lab_none",
  secure: "lab_secure",
} as const;

/**
 * Where `redirect-drops-authorization` sends its request: this path plus the scenario's name, on
 * the page's origin (another origin than the API's, so the browser removes Authorization).
 */
export const MOVED_PATH = "/moved/";

/** Where `lab_scoped` lives: a path the `cookie-not-sent-401` request is not under. */
export const SCOPED_COOKIE_PATH = "/api/admin";

export const CHALLENGES = {
  expired: `Bearer realm="${LAB_REALM}", error="invalid_token", error_description="The access token expired"`,
  notYetValid: `Bearer realm="${LAB_REALM}", error="invalid_token", error_description="The access token is not valid yet"`,
  invalidToken: `Bearer realm="${LAB_REALM}", error="invalid_token"`,
  insufficientScope: `Bearer realm="${LAB_REALM}", error="insufficient_scope", scope="admin"`,
  bare: `Bearer realm="${LAB_REALM}"`,
  basic: `Basic realm="${LAB_REALM}", charset="UTF-8"`,
  digest: `Digest realm="${LAB_REALM}", qop="auth", algorithm=SHA-256, nonce="{random}", opaque="{random}"`,
  negotiate: "Negotiate",
  ntlm: "NTLM",
  dpopNonce:
    'DPoP error="use_dpop_nonce", error_description="Authorization server requires nonce in DPoP proof", algs="ES256"',
  stepUp:
    'Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="urn:mace:incommon:iap:silver", max_age="300"',
  /** The realm's closing quote is missing, so the rest of the line is swallowed. */
  malformed: `Bearer realm="${LAB_REALM}, error="invalid_token"`,
  resourceMetadata: `Bearer resource_metadata="{apiOrigin}${RESOURCE_METADATA_PATH}"`,
  /** What a proxy (and only a proxy) sends with 407. */
  proxy: `Basic realm="${LAB_REALM}-proxy"`,
} as const;

const VALID_BEARER: ScenarioAuthorization = { kind: "bearer", token: "valid" };
const TRACE_HEADERS = { [LAB_TRACE_HEADER]: "1" } as const;
const JSON_HEADERS = { "Content-Type": "application/json" } as const;
/** CORS headers for an API that serves anyone without credentials. */
const WILDCARD_CORS: CorsAnswer = { allowOrigin: "*", allowCredentials: false, vary: false };

function apiPath(name: ScenarioName): string {
  return `/api/${name}`;
}

/** A table row; `path` always follows the name. */
export type ScenarioRow = Omit<Scenario, "path">;

const ROWS: readonly ScenarioRow[] = [
  // ── Basics ────────────────────────────────────────────────────────────────────────────────
  {
    name: "bearer-401",
    group: "Basics",
    title: "Expired bearer token",
    description: "A JWT that expired 15 minutes ago is rejected with a Bearer invalid_token challenge.",
    expectedCodes: ["auth.credentials-rejected", "auth.bearer-invalid-token", "auth.token-expired"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "bearer", token: "expired" } },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.expired, preflight: true },
  },
  {
    name: "no-challenge-401",
    group: "Basics",
    title: "401 without a challenge",
    description: "A request without any credentials gets a 401 that names no authentication scheme.",
    expectedCodes: ["auth.challenge-missing", "auth.no-credentials-sent"],
    helper: false,
    request: { method: "GET", credentials: "omit" },
    expect: { status: 401, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "valid-token-200",
    group: "Basics",
    title: "Valid bearer token",
    description: "A fresh, correctly signed JWT is accepted and the API answers 200.",
    expectedCodes: [],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: VALID_BEARER },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },
  {
    name: "login",
    group: "Basics",
    title: "Log in (helper)",
    description: "Sets the lab_session cookie that the credentialed scenarios rely on.",
    expectedCodes: [],
    helper: true,
    request: { method: "POST", credentials: "include" },
    expect: { status: 200, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "credentialed-ok",
    group: "Basics",
    title: "Cookie session, CORS done right",
    description: "A credentialed request with the session cookie succeeds because the API allows credentials for this origin.",
    expectedCodes: [],
    helper: false,
    request: { method: "GET", credentials: "include", before: "login" },
    expect: { status: 200, wwwAuthenticate: null, preflight: false, cookies: [SESSION_COOKIE] },
  },
  {
    name: "session-expired-401",
    group: "Basics",
    title: "Expired cookie session",
    description: "The session cookie is sent but the API rejects it with a 401 that carries no challenge.",
    expectedCodes: ["auth.challenge-missing", "auth.credentials-rejected"],
    helper: false,
    request: { method: "GET", credentials: "include", before: "login" },
    expect: { status: 401, wwwAuthenticate: null, preflight: false, cookies: [SESSION_COOKIE] },
  },
  {
    name: "placeholder-token",
    group: "Basics",
    title: "Bearer undefined",
    description: 'An unset variable is sent as the token, literally "Bearer undefined", and the API rejects it.',
    expectedCodes: ["auth.token-placeholder", "auth.credentials-rejected", "auth.bearer-invalid-token"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "literal", value: "Bearer undefined" } },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.invalidToken, preflight: true },
  },
  {
    name: "forbidden-403",
    group: "Basics",
    title: "Valid token, missing scope",
    description: "A valid token without the admin scope is refused with 403 insufficient_scope.",
    expectedCodes: ["auth.forbidden-not-unauthenticated", "auth.bearer-insufficient-scope"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: VALID_BEARER },
    expect: { status: 403, wwwAuthenticate: CHALLENGES.insufficientScope, preflight: true },
  },
  {
    name: "bare-scheme-200",
    group: "Basics",
    title: "Bare scheme, accepted",
    description: 'The client sends "Authorization: basics", a scheme without credentials, and the API (which needs none here) answers 200: nothing to diagnose.',
    expectedCodes: [],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "literal", value: "basics" } },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },

  // ── Challenges ────────────────────────────────────────────────────────────────────────────
  // All cross-origin, so no browser shows a login dialog (Fetch §4.5 prompts only for non-CORS).
  {
    name: "basic-401",
    group: "Challenges",
    title: "Basic challenge",
    description: "A request without credentials gets a Basic challenge, which would pop a login dialog on a same-origin page.",
    expectedCodes: ["auth.no-credentials-sent", "auth.basic-prompt-risk"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { status: 401, challenge: CHALLENGES.basic },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.basic, preflight: false },
  },
  {
    name: "digest-401",
    group: "Challenges",
    title: "Digest challenge",
    description: "A request without credentials gets a SHA-256 Digest challenge with a fresh nonce.",
    expectedCodes: ["auth.no-credentials-sent"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { status: 401, challenge: CHALLENGES.digest },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.digest, preflight: false },
  },
  {
    name: "negotiate-ntlm-401",
    group: "Challenges",
    title: "Negotiate and NTLM",
    description: "As IIS does, the API offers two schemes on two separate WWW-Authenticate lines.",
    expectedCodes: ["auth.no-credentials-sent"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { status: 401, challenge: [CHALLENGES.negotiate, CHALLENGES.ntlm] },
    expect: { status: 401, wwwAuthenticate: [CHALLENGES.negotiate, CHALLENGES.ntlm], preflight: false },
  },
  {
    name: "dpop-nonce-401",
    group: "Challenges",
    title: "DPoP nonce required",
    description: "A DPoP-bound request is answered with use_dpop_nonce and a DPoP-Nonce, and the client never retries with it.",
    expectedCodes: ["auth.dpop-nonce-required"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "dpop", token: "valid" } },
    answer: {
      status: 401,
      challenge: CHALLENGES.dpopNonce,
      headers: { "DPoP-Nonce": "{random}" },
      cors: { exposeHeaders: ["WWW-Authenticate", "DPoP-Nonce"] },
      preflight: { allowHeaders: "Authorization, DPoP" },
    },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.dpopNonce, preflight: true },
  },
  {
    name: "step-up-401",
    group: "Challenges",
    title: "Step-up authentication",
    description: "A valid token is not enough: the API asks for a stronger authentication level (RFC 9470).",
    expectedCodes: ["auth.step-up-required"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: VALID_BEARER },
    answer: { status: 401, challenge: CHALLENGES.stepUp },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.stepUp, preflight: true },
  },
  {
    name: "malformed-challenge-401",
    group: "Challenges",
    title: "Malformed challenge",
    description: "The challenge's realm lacks its closing quote, so it does not parse.",
    expectedCodes: ["auth.challenge-malformed"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { status: 401, challenge: CHALLENGES.malformed },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.malformed, preflight: false },
  },
  {
    name: "challenge-hidden-401",
    group: "Challenges",
    title: "Challenge hidden from script",
    description: "The 401 carries a challenge, but without Access-Control-Expose-Headers page script cannot read it.",
    expectedCodes: ["auth.challenge-hidden-from-script", "auth.bearer-invalid-token"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: VALID_BEARER },
    answer: { status: 401, challenge: CHALLENGES.invalidToken, cors: { exposeHeaders: [] } },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.invalidToken, challengeReadable: false, preflight: true },
  },
  {
    name: "resource-metadata-401",
    group: "Challenges",
    title: "Protected resource metadata",
    description: "The challenge points to the API's RFC 9728 metadata document, which names its authorization server.",
    expectedCodes: ["auth.resource-metadata", "auth.no-credentials-sent"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { status: 401, challenge: CHALLENGES.resourceMetadata },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.resourceMetadata, preflight: false },
  },
  {
    name: "scheme-mismatch-401",
    group: "Challenges",
    title: "Basic sent, Bearer wanted",
    description: "The client sends Basic credentials to an API that only accepts Bearer tokens.",
    expectedCodes: ["auth.scheme-mismatch", "token.basic"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "basic", user: "lab", password: "lab-password" } },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.bare, preflight: true },
  },
  {
    name: "scheme-mismatch-400",
    group: "Challenges",
    title: "JWT under Token, 400 with a Bearer challenge",
    description:
      'The client sends its JWT as "Authorization: Token …"; as express-oauth2-jwt-bearer does, the API answers 400 with a Bearer challenge.',
    expectedCodes: ["auth.scheme-mismatch"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "literal", value: `Token ${SAMPLE_JWT}` } },
    answer: { status: 400, challenge: CHALLENGES.bare, body: { error: "invalid_request" } },
    expect: { status: 400, wwwAuthenticate: CHALLENGES.bare, preflight: true },
  },
  {
    name: "token-scheme-401",
    group: "Challenges",
    title: "JWT under JWT, 401 without a challenge",
    description:
      'The client sends its JWT as "Authorization: JWT …"; as express-jwt does, the API answers 401 "Format is Authorization: Bearer [token]" and no challenge.',
    expectedCodes: ["auth.scheme-mismatch", "auth.challenge-missing"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "literal", value: `JWT ${SAMPLE_JWT}` } },
    answer: { status: 401, body: { error: "credentials_bad_scheme", message: "Format is Authorization: Bearer [token]" } },
    expect: { status: 401, wwwAuthenticate: null, preflight: true },
  },
  {
    name: "authorization-dropped-401",
    group: "Challenges",
    title: "Authorization dropped on the way",
    description:
      "A valid token is sent, but a proxy in front of the API removes the header: the API answers with a Bearer challenge without an error code, as it does to a request without a token.",
    expectedCodes: ["auth.authorization-not-received", "auth.credentials-rejected"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: VALID_BEARER },
    answer: { status: 401, challenge: CHALLENGES.bare, body: { error: "unauthorized", message: "No authorization token was found" } },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.bare, preflight: true },
  },
  {
    name: "proxy-407-unexpected",
    group: "Challenges",
    title: "407 from the server, not a proxy",
    description:
      "The API itself answers 407 with Proxy-Authenticate; the browser uses no proxy, so Chromium fails the request with net::ERR_UNEXPECTED_PROXY_AUTH.",
    expectedCodes: ["auth.proxy-auth-required"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { status: 407, headers: { "Proxy-Authenticate": CHALLENGES.proxy } },
    expect: { status: null, networkError: "net::ERR_UNEXPECTED_PROXY_AUTH", preflight: false, serverStatus: 407 },
  },

  // ── Tokens & credentials ──────────────────────────────────────────────────────────────────
  {
    name: "nbf-future-401",
    group: "Tokens & credentials",
    title: "Token not valid yet",
    description: "A JWT whose nbf lies 10 minutes in the future is rejected as invalid_token.",
    expectedCodes: ["auth.token-not-yet-valid", "auth.credentials-rejected"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "bearer", token: "notYetValid" } },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.notYetValid, preflight: true },
  },
  {
    name: "retry-loop-401",
    group: "Tokens & credentials",
    title: "Retry loop",
    description: "The client sends the same expired token four times within two seconds and gets four 401s.",
    expectedCodes: ["auth.retry-loop"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "bearer", token: "expired" }, repeat: 4 },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.expired, preflight: true },
  },
  {
    name: "token-in-url",
    group: "Tokens & credentials",
    title: "Token in the URL",
    description: "A valid access token travels in the query string, where logs and the Referer header keep it.",
    expectedCodes: ["auth.token-in-url"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", query: { access_token: { token: "valid" } } },
    expect: { status: 200, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "token-endpoint",
    group: "Tokens & credentials",
    title: "Token endpoint",
    description: "A client_credentials grant returns a JWT access token in the JSON body.",
    expectedCodes: ["token.jwt"],
    helper: false,
    request: {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    },
    answer: { body: { access_token: "{token:valid}", token_type: "Bearer", expires_in: 3600 } },
    expect: { status: 200, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "token-invalid-grant",
    group: "Tokens & credentials",
    title: "Refresh refused: invalid_grant",
    description: "A refresh_token grant is refused with 400 invalid_grant: the refresh token expired, was revoked, or was already used.",
    expectedCodes: ["oauth.invalid-grant"],
    helper: false,
    request: {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=refresh_token&refresh_token=lab-refresh-token-0f9e8d7c6b5a&client_id=authlens-lab",
    },
    answer: { status: 400, body: { error: "invalid_grant", error_description: "Refresh token expired" } },
    expect: { status: 400, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "token-invalid-client",
    group: "Tokens & credentials",
    title: "Code exchange refused: invalid_client",
    description:
      "A browser app exchanges its code without a client secret, and the provider, which has it registered as confidential, answers 401 invalid_client.",
    expectedCodes: ["oauth.invalid-client", "auth.challenge-missing"],
    helper: false,
    request: {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=authorization_code&code=lab-code-1a2b3c4d5e6f&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback&client_id=authlens-lab&code_verifier=lab-verifier-0123456789abcdef0123456789abcdef0123",
    },
    answer: { status: 401, body: { error: "invalid_client", error_description: "Client authentication failed" } },
    expect: { status: 401, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "jwt-login",
    group: "Tokens & credentials",
    title: "Log in with a JWT cookie (helper)",
    description: "Sets the lab_jwt cookie, a valid lab JWT, for the whole host.",
    expectedCodes: [],
    helper: true,
    request: { method: "POST", credentials: "include" },
    answer: { setCookie: [`${LAB_COOKIES.jwt}={token:valid}; Path=/; SameSite=Lax`] },
    expect: { status: 200, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "jwt-cookie-200",
    group: "Tokens & credentials",
    title: "JWT in a cookie",
    description: "A credentialed request carries the lab_jwt cookie and the API accepts it.",
    expectedCodes: ["token.jwt"],
    helper: false,
    request: { method: "GET", credentials: "include", before: "jwt-login" },
    expect: { status: 200, wwwAuthenticate: null, preflight: false, cookies: [LAB_COOKIES.jwt] },
  },
  {
    name: "cookie-path-login",
    group: "Tokens & credentials",
    title: "Log in to /api/admin (helper)",
    description: "Drops the lab's other cookies and sets lab_scoped, which only paths under /api/admin receive.",
    expectedCodes: [],
    helper: true,
    request: { method: "POST", credentials: "include" },
    answer: {
      setCookie: [`${LAB_COOKIES.scoped}=1; Path=${SCOPED_COOKIE_PATH}; SameSite=Lax; HttpOnly`],
      clearsCookies: true,
    },
    expect: { status: 200, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "cookie-not-sent-401",
    group: "Tokens & credentials",
    title: "Cookie kept back by its Path",
    description: "The login cookie was set for /api/admin, so a credentialed request elsewhere goes out without it.",
    expectedCodes: ["cookie.not-sent", "auth.challenge-missing"],
    helper: false,
    request: { method: "GET", credentials: "include", before: "cookie-path-login" },
    expect: {
      status: 401,
      wwwAuthenticate: null,
      preflight: false,
      cookies: null,
      keptBackCookies: { [LAB_COOKIES.scoped]: "NotOnPath" },
    },
  },
  {
    name: "samesite-none-insecure",
    group: "Tokens & credentials",
    title: "Cookies set wrongly over http",
    description:
      "Over plain http the API sets a SameSite=None cookie without Secure, which browsers refuse, and a Secure one, which only loopback gets away with.",
    expectedCodes: ["cookie.samesite-none-without-secure", "cookie.secure-over-http"],
    helper: false,
    request: { method: "POST", credentials: "include" },
    answer: {
      setCookie: [`${LAB_COOKIES.sameSiteNone}=1; SameSite=None; Path=/`, `${LAB_COOKIES.secure}=1; Secure; Path=/`],
    },
    // Chromium counts http://127.0.0.1 as potentially trustworthy, so it keeps lab_secure; on
    // any other http host it would refuse it as SecureOnly.
    expect: {
      status: 200,
      wwwAuthenticate: null,
      preflight: false,
      refusedSetCookies: { [LAB_COOKIES.sameSiteNone]: "SameSiteNoneInsecure" },
    },
  },

  {
    name: "redirect-drops-authorization",
    group: "Tokens & credentials",
    title: "Authorization lost on a redirect",
    description:
      "The API answers a bearer request with a 302 to its new address on another origin (the page's, under /moved/); the browser drops Authorization on the way, so the API there answers 401.",
    expectedCodes: ["auth.authorization-stripped-on-redirect"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", authorization: VALID_BEARER },
    // The redirect's target checks the token as the API does, and answers any origin: after a
    // redirect to another origin the browser sends `Origin: null` (Fetch "HTTP-redirect fetch").
    // Firefox ESR 153 preflights the redirected request, then sends it without Authorization too.
    expect: { status: 401, wwwAuthenticate: CHALLENGES.bare, preflight: true, serverStatus: 302 },
  },

  // ── CORS ──────────────────────────────────────────────────────────────────────────────────
  {
    name: "preflight-fails",
    group: "CORS",
    title: "Preflight rejected",
    description:
      "The API's auth middleware answers the OPTIONS preflight with a 403 and no CORS headers, so the browser never sends the real request.",
    expectedCodes: ["cors.missing-allow-origin", "cors.preflight-failed-status"],
    helper: false,
    request: {
      method: "GET",
      credentials: "same-origin",
      authorization: VALID_BEARER,
      headers: { [LAB_CLIENT_HEADER]: "1" },
    },
    answer: { preflight: { status: 403, cors: null } },
    expect: { status: null, preflight: true, preflightStatus: 403, serverStatus: null },
    chromiumCorsError: "PreflightMissingAllowOriginHeader",
  },
  {
    name: "credentialed-no-acac",
    group: "CORS",
    title: "Credentials without Allow-Credentials",
    description:
      "The API answers a credentialed request with 200 but omits Access-Control-Allow-Credentials, so the browser hides the response.",
    expectedCodes: ["cors.allow-credentials-missing"],
    helper: false,
    request: { method: "GET", credentials: "include", before: "login" },
    answer: { cors: { allowCredentials: false } },
    expect: { status: null, preflight: false, cookies: [SESSION_COOKIE] },
    chromiumCorsError: "InvalidAllowCredentials",
  },
  {
    name: "cors-missing-acao",
    group: "CORS",
    title: "No Access-Control-Allow-Origin",
    description: "The API answers 200 without any CORS headers, so the page cannot read the response.",
    expectedCodes: ["cors.missing-allow-origin"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { cors: null },
    expect: { status: null, preflight: false },
    chromiumCorsError: "MissingAllowOriginHeader",
  },
  {
    name: "cors-error-hidden-401",
    group: "CORS",
    title: "401 hidden behind a CORS error",
    description: "The API's 401 and its challenge lack CORS headers, so the page only sees a CORS failure.",
    expectedCodes: ["cors.missing-allow-origin", "cors.error-hidden-by-cors"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { status: 401, challenge: CHALLENGES.bare, cors: null },
    expect: { status: null, preflight: false, serverStatus: 401 },
    chromiumCorsError: "MissingAllowOriginHeader",
  },
  {
    name: "cors-multiple-acao",
    group: "CORS",
    title: "Two Allow-Origin values",
    description: "Two layers each add Access-Control-Allow-Origin: one echoes the origin, the other sends *.",
    expectedCodes: ["cors.multiple-allow-origin"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { cors: { allowOrigin: ["{origin}", "*"] } },
    expect: { status: null, preflight: false },
    chromiumCorsError: "MultipleAllowOriginValues",
  },
  {
    name: "cors-invalid-acao",
    group: "CORS",
    title: "Allow-Origin is not an origin",
    description: "Access-Control-Allow-Origin names a bare host, 127.0.0.1, instead of a serialized origin.",
    expectedCodes: ["cors.invalid-allow-origin"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { cors: { allowOrigin: "127.0.0.1" } },
    expect: { status: null, preflight: false },
    chromiumCorsError: "InvalidAllowOriginValue",
  },
  {
    name: "cors-origin-mismatch",
    group: "CORS",
    title: "Allow-Origin with a trailing slash",
    description: "Access-Control-Allow-Origin is the page origin plus a slash, which is not equal to the origin.",
    expectedCodes: ["cors.allow-origin-mismatch"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { cors: { allowOrigin: "{origin}/" } },
    expect: { status: null, preflight: false },
    chromiumCorsError: "AllowOriginMismatch",
  },
  {
    name: "cors-wildcard-credentials",
    group: "CORS",
    title: "Wildcard origin with credentials",
    description: "A credentialed request gets Access-Control-Allow-Origin: *, which never covers credentials.",
    expectedCodes: ["cors.wildcard-origin-with-credentials"],
    helper: false,
    request: { method: "GET", credentials: "include", before: "login" },
    answer: { cors: { allowOrigin: "*" } },
    expect: { status: null, preflight: false, cookies: [SESSION_COOKIE] },
    chromiumCorsError: "WildcardOriginNotAllowed",
  },
  {
    name: "cors-method-not-allowed",
    group: "CORS",
    title: "Method not allowed by the preflight",
    description: "A PUT is preflighted, and the preflight only allows GET and POST.",
    expectedCodes: ["cors.method-not-allowed"],
    helper: false,
    request: { method: "PUT", credentials: "same-origin" },
    answer: { preflight: { allowMethods: "GET, POST" } },
    expect: { status: null, preflight: true, serverStatus: null },
    chromiumCorsError: "MethodDisallowedByPreflightResponse",
  },
  {
    name: "cors-header-not-allowed",
    group: "CORS",
    title: "Header not allowed by the preflight",
    description: "The request sends X-Lab-Trace, and the preflight only allows Content-Type.",
    expectedCodes: ["cors.header-not-allowed"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", headers: TRACE_HEADERS },
    answer: { preflight: { allowHeaders: "Content-Type" } },
    expect: { status: null, preflight: true, serverStatus: null },
    chromiumCorsError: "HeaderDisallowedByPreflightResponse",
  },
  {
    name: "cors-authorization-wildcard",
    group: "CORS",
    title: "Authorization under a header wildcard",
    description:
      "The preflight allows headers with *, which the Fetch standard says never covers Authorization; browsers still let it pass today.",
    expectedCodes: ["cors.authorization-not-covered-by-wildcard"],
    helper: false,
    request: { method: "GET", credentials: "omit", authorization: VALID_BEARER },
    answer: { cors: WILDCARD_CORS, preflight: { allowHeaders: "*" } },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },
  {
    name: "cors-invalid-allow-methods",
    group: "CORS",
    title: "Allow-Methods does not parse",
    description: "A typo in the preflight's Access-Control-Allow-Methods (PO ST) makes the whole list invalid.",
    expectedCodes: ["cors.invalid-allow-methods"],
    helper: false,
    request: { method: "POST", credentials: "same-origin", headers: JSON_HEADERS, body: '{"lab":true}' },
    answer: { preflight: { allowMethods: "GET, PO ST" } },
    expect: { status: null, preflight: true, serverStatus: null },
    chromiumCorsError: "InvalidAllowMethodsPreflightResponse",
  },
  {
    name: "cors-invalid-allow-headers",
    group: "CORS",
    title: "Allow-Headers does not parse",
    description: 'The preflight\'s Access-Control-Allow-Headers lists "bad header", which is not a header name.',
    expectedCodes: ["cors.invalid-allow-headers"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", headers: TRACE_HEADERS },
    answer: { preflight: { allowHeaders: `${LAB_TRACE_HEADER}, bad header` } },
    expect: { status: null, preflight: true, serverStatus: null },
    chromiumCorsError: "InvalidAllowHeadersPreflightResponse",
  },
  {
    name: "cors-preflight-500",
    group: "CORS",
    title: "Preflight fails with 500",
    description: "The preflight carries correct CORS headers but a 500 status, so the browser stops there.",
    expectedCodes: ["cors.preflight-failed-status"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", headers: TRACE_HEADERS },
    answer: { preflight: { status: 500, allowHeaders: LAB_TRACE_HEADER } },
    expect: { status: null, preflight: true, preflightStatus: 500, serverStatus: null },
    chromiumCorsError: "PreflightInvalidStatus",
  },
  {
    name: "cors-preflight-redirect",
    group: "CORS",
    title: "Preflight redirected",
    description: "The preflight is answered with a 307 to another path; browsers never follow a preflight redirect.",
    expectedCodes: ["cors.preflight-redirect"],
    helper: false,
    request: { method: "GET", credentials: "same-origin", headers: TRACE_HEADERS },
    answer: {
      preflight: { status: 307, location: "/api/v2/cors-preflight-redirect", allowHeaders: LAB_TRACE_HEADER },
    },
    expect: { status: null, preflight: true, preflightStatus: 307, serverStatus: null },
    chromiumCorsError: "PreflightDisallowedRedirect",
  },
  {
    name: "cors-redirect-credentials",
    group: "CORS",
    title: "Redirect with user:password",
    description: "A simple GET is redirected to a URL with user:secret@ in it, which a cross-origin request must not follow.",
    expectedCodes: ["cors.redirect-contains-credentials"],
    helper: false,
    request: { method: "GET", credentials: "same-origin" },
    answer: { status: 302, headers: { Location: "http://user:secret@{apiHost}/api/valid-token-200" } },
    expect: { status: null, preflight: false, serverStatus: 302 },
    chromiumCorsError: "RedirectContainsCredentials",
  },
  {
    name: "cors-vary-missing",
    group: "CORS",
    title: "Echoed origin without Vary",
    description:
      "The API echoes the origin and allows credentials but omits Vary: Origin, so caches may serve it to other origins. One page's request cannot prove the echo is not a fixed setting, so AuthLens notes it (info) rather than warns.",
    expectedCodes: ["cors.vary-origin-missing"],
    helper: false,
    request: { method: "GET", credentials: "include", before: "login" },
    answer: { cors: { vary: false } },
    expect: { status: 200, wwwAuthenticate: null, preflight: false, cookies: [SESSION_COOKIE] },
  },
  {
    name: "cors-json-post-ok",
    group: "CORS",
    title: "JSON POST, preflight done right",
    description: "A JSON POST is preflighted and the API allows it: nothing to diagnose.",
    expectedCodes: [],
    helper: false,
    request: { method: "POST", credentials: "same-origin", headers: JSON_HEADERS, body: '{"lab":true}' },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },
  {
    name: "cors-wildcard-ok",
    group: "CORS",
    title: "Public API with a wildcard",
    description: "A GET without credentials gets Access-Control-Allow-Origin: *, which is all it needs.",
    expectedCodes: [],
    helper: false,
    request: { method: "GET", credentials: "omit" },
    answer: { cors: WILDCARD_CORS },
    expect: { status: 200, wwwAuthenticate: null, preflight: false },
  },
];

export const SCENARIOS: readonly Scenario[] = [...ROWS, ...REAL_ROWS].map((row) => ({ ...row, path: apiPath(row.name) }));

export const SCENARIO_NAMES: readonly ScenarioName[] = SCENARIOS.map((s) => s.name);

export function getScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

export function getScenarioByPath(path: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.path === path);
}

export interface TemplateValues {
  apiOrigin: string;
  /** The request's Origin header; `{origin}` stays empty without one. */
  origin?: string;
  random?: () => string;
  token?: (kind: LabTokenKind) => string;
}

/** Matches one placeholder; group 1 is its name, group 2 a token kind. */
export const PLACEHOLDER = /\{(origin|apiOrigin|apiHost|random|token:([A-Za-z]+))\}/g;

/** Fills the placeholders described at the top of this file. */
export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string, kind: string | undefined) => {
    if (name === "origin") return values.origin ?? "";
    if (name === "apiOrigin") return values.apiOrigin;
    if (name === "apiHost") return new URL(values.apiOrigin).host;
    if (name === "random") return values.random?.() ?? whole;
    if (kind !== undefined) return values.token?.(kind as LabTokenKind) ?? whole;
    return whole;
  });
}
