/**
 * The lab's scenarios as data. The server routes on `name`, the page renders and runs the
 * table (it is inlined into the page as JSON, so everything here must stay serialisable),
 * and tests compare AuthLens's findings with `expectedCodes`.
 */
import type { LabTokens } from "./tokens.ts";

export type ScenarioName =
  | "bearer-401"
  | "no-challenge-401"
  | "valid-token-200"
  | "preflight-fails"
  | "login"
  | "credentialed-ok"
  | "credentialed-no-acac"
  | "session-expired-401"
  | "placeholder-token"
  | "forbidden-403";

export type LabTokenKind = keyof LabTokens;

export type ScenarioAuthorization =
  /** `Authorization: Bearer <freshly minted lab token of this kind>`. */
  | { kind: "bearer"; token: LabTokenKind }
  /** An Authorization value sent verbatim. */
  | { kind: "literal"; value: string };

export interface ScenarioRequest {
  method: "GET" | "POST";
  credentials: "omit" | "same-origin" | "include";
  authorization?: ScenarioAuthorization;
  headers?: Readonly<Record<string, string>>;
  /** Log in first (once per page load) so the `lab_session` cookie is sent. */
  needsSession?: boolean;
}

export interface ScenarioExpectation {
  /** Status the page script sees; `null` when the browser blocks the response (a CORS failure). */
  status: number | null;
  /** Exact WWW-Authenticate on the actual response; `null` means it must be absent. */
  wwwAuthenticate?: string | null;
  /** Whether the browser must send a CORS preflight first. */
  preflight: boolean;
}

export interface Scenario {
  name: ScenarioName;
  title: string;
  /** One plain sentence of what the scenario demonstrates. */
  description: string;
  /**
   * Finding codes AuthLens must report on the actual request. It may add more specific ones
   * (e.g. `auth.token-expired` next to `auth.credentials-rejected`); these are the floor.
   */
  expectedCodes: readonly string[];
  /** A setup step rather than a problem to diagnose. */
  helper: boolean;
  /** Path on the API origin. */
  path: string;
  request: ScenarioRequest;
  expect: ScenarioExpectation;
}

export const LAB_REALM = "authlens-lab";
export const SESSION_COOKIE = "lab_session";
/** Sent by `preflight-fails`; any non-safelisted header forces a preflight. */
export const LAB_CLIENT_HEADER = "X-Lab-Client";

export const CHALLENGES = {
  expired: `Bearer realm="${LAB_REALM}", error="invalid_token", error_description="The access token expired"`,
  invalidToken: `Bearer realm="${LAB_REALM}", error="invalid_token"`,
  insufficientScope: `Bearer realm="${LAB_REALM}", error="insufficient_scope", scope="admin"`,
  bare: `Bearer realm="${LAB_REALM}"`,
} as const;

function apiPath(name: ScenarioName): string {
  return `/api/${name}`;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "bearer-401",
    title: "Expired bearer token",
    description: "A JWT that expired 15 minutes ago is rejected with a Bearer invalid_token challenge.",
    expectedCodes: ["auth.credentials-rejected"],
    helper: false,
    path: apiPath("bearer-401"),
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "bearer", token: "expired" } },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.expired, preflight: true },
  },
  {
    name: "no-challenge-401",
    title: "401 without a challenge",
    description: "A request without any credentials gets a 401 that names no authentication scheme.",
    expectedCodes: ["auth.challenge-missing", "auth.no-credentials-sent"],
    helper: false,
    path: apiPath("no-challenge-401"),
    request: { method: "GET", credentials: "omit" },
    expect: { status: 401, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "valid-token-200",
    title: "Valid bearer token",
    description: "A fresh, correctly signed JWT is accepted and the API answers 200.",
    expectedCodes: [],
    helper: false,
    path: apiPath("valid-token-200"),
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "bearer", token: "valid" } },
    expect: { status: 200, wwwAuthenticate: null, preflight: true },
  },
  {
    name: "preflight-fails",
    title: "Preflight rejected",
    description:
      "The API's auth middleware answers the OPTIONS preflight with a 403 and no CORS headers, so the browser never sends the real request.",
    expectedCodes: ["cors.blocked"],
    helper: false,
    path: apiPath("preflight-fails"),
    request: {
      method: "GET",
      credentials: "same-origin",
      authorization: { kind: "bearer", token: "valid" },
      headers: { [LAB_CLIENT_HEADER]: "1" },
    },
    expect: { status: null, preflight: true },
  },
  {
    name: "login",
    title: "Log in (helper)",
    description: "Sets the lab_session cookie that the credentialed scenarios rely on.",
    expectedCodes: [],
    helper: true,
    path: apiPath("login"),
    request: { method: "POST", credentials: "include" },
    expect: { status: 200, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "credentialed-ok",
    title: "Cookie session, CORS done right",
    description: "A credentialed request with the session cookie succeeds because the API allows credentials for this origin.",
    expectedCodes: [],
    helper: false,
    path: apiPath("credentialed-ok"),
    request: { method: "GET", credentials: "include", needsSession: true },
    expect: { status: 200, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "credentialed-no-acac",
    title: "Credentials without Allow-Credentials",
    description:
      "The API answers a credentialed request with 200 but omits Access-Control-Allow-Credentials, so the browser hides the response.",
    expectedCodes: ["cors.blocked"],
    helper: false,
    path: apiPath("credentialed-no-acac"),
    request: { method: "GET", credentials: "include", needsSession: true },
    expect: { status: null, preflight: false },
  },
  {
    name: "session-expired-401",
    title: "Expired cookie session",
    description: "The session cookie is sent but the API rejects it with a 401 that carries no challenge.",
    expectedCodes: ["auth.challenge-missing", "auth.credentials-rejected"],
    helper: false,
    path: apiPath("session-expired-401"),
    request: { method: "GET", credentials: "include", needsSession: true },
    expect: { status: 401, wwwAuthenticate: null, preflight: false },
  },
  {
    name: "placeholder-token",
    title: "Bearer undefined",
    description: 'An unset variable is sent as the token, literally "Bearer undefined", and the API rejects it.',
    expectedCodes: ["auth.token-placeholder", "auth.credentials-rejected"],
    helper: false,
    path: apiPath("placeholder-token"),
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "literal", value: "Bearer undefined" } },
    expect: { status: 401, wwwAuthenticate: CHALLENGES.invalidToken, preflight: true },
  },
  {
    name: "forbidden-403",
    title: "Valid token, missing scope",
    description: "A valid token without the admin scope is refused with 403 insufficient_scope.",
    expectedCodes: ["auth.forbidden-not-unauthenticated"],
    helper: false,
    path: apiPath("forbidden-403"),
    request: { method: "GET", credentials: "same-origin", authorization: { kind: "bearer", token: "valid" } },
    expect: { status: 403, wwwAuthenticate: CHALLENGES.insufficientScope, preflight: true },
  },
];

export const SCENARIO_NAMES: readonly ScenarioName[] = SCENARIOS.map((s) => s.name);

export function getScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
