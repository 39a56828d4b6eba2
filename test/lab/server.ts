/**
 * The scenario lab: two loopback origins (a page and an API) that reproduce the 401/403 and
 * CORS failures AuthLens diagnoses, with real browser behaviour rather than mocks, and the real
 * server libraries of real/ on origins of their own (the "Real servers" scenarios).
 *
 *   npx tsx test/lab/server.ts      # prints the page and API origins, one per line
 */
import { randomBytes } from "node:crypto";
import { realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, STATUS_CODES, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startRealStacks } from "./real/index.ts";
import { OIDC_CALLBACK_PATH } from "./real/oidc.ts";
import { requestLogEntry } from "./real/listen.ts";
import type { PreparedRequest, RealStackName, RealTokenName, RequestLogEntry } from "./real/types.ts";
import {
  type ApiScenarioName,
  CHALLENGES,
  type CorsAnswer,
  fillTemplate,
  getScenario,
  getScenarioByPath,
  LAB_CLIENT_HEADER,
  LAB_COOKIES,
  MOVED_PATH,
  RESOURCE_METADATA_PATH,
  SCENARIO_GROUPS,
  SCENARIOS,
  SESSION_COOKIE,
  type Scenario,
  type ScenarioName,
  type TemplateValues,
} from "./scenarios.ts";
import { handleSecretsApi, SECRETS_PAGE_JS, SECRETS_PAGE_PATH, secretsPageHtml } from "./secrets.ts";
import {
  LAB_AUDIENCE,
  LAB_SCOPE,
  type LabClaims,
  type LabTokens,
  hasScope,
  mintDpopProof,
  mintLabTokens,
  verifyDpopProof,
  verifyToken,
} from "./tokens.ts";

export type LabRequestLogEntry = RequestLogEntry<"page" | "api" | RealStackName>;

export interface LabOptions {
  pagePort?: number;
  apiPort?: number;
  host?: string;
  /**
   * Called after each response. The server side is the only place that sees a preflight the
   * browser rejected, or an actual request whose response the browser then hid.
   */
  onRequest?: (entry: LabRequestLogEntry) => void;
  /**
   * Called when a request arrives, before it is answered: a promise returned holds the answer
   * until it settles. Tests use it to keep requests in flight while they stop the extension's
   * service worker.
   */
  beforeAnswer?: (request: LabRequestTarget) => Promise<void> | undefined;
}

/** What a request asks for, as `beforeAnswer` sees it. */
export interface LabRequestTarget {
  server: "page" | "api";
  method: string;
  path: string;
  /** The query string without its `?`; empty when there is none. */
  query: string;
}

/**
 * CORS headers to answer a scenario with instead of its own (tests apply AuthLens's fix with it
 * and check that the browser then lets the request through). Applies to the scenario's path.
 */
export interface CorsOverride {
  /** The preflight's CORS headers; the preflight then answers `preflightStatus` (default 204). */
  preflight: readonly { name: string; value: string }[];
  preflightStatus?: number;
  /** The actual response's CORS headers; its status and body stay the scenario's. */
  actual: readonly { name: string; value: string }[];
}

export interface Lab {
  pageOrigin: string;
  apiOrigin: string;
  /** The real stacks (real/index.ts): their origins, and the tokens they minted at start. */
  real: {
    /** Every stack that started; one whose software is not installed is absent (see `skipped`). */
    origins: Partial<Record<RealStackName, string>>;
    tokens: Partial<Record<RealTokenName, string>>;
    /** Why each absent stack did not start (nginx not installed). */
    skipped: Partial<Record<RealStackName, string>>;
  };
  /** The origin that answers a scenario: its real stack's, or the lab API's. Throws for a skipped stack. */
  originFor(scenario: Pick<Scenario, "server">): string;
  /**
   * The headers and body of a `prepared` scenario's request, freshly set up on its stack as for
   * a page load; undefined for any other scenario.
   */
  prepare(scenario: Pick<Scenario, "name" | "server" | "request">): Promise<PreparedRequest | undefined>;
  /**
   * Answer `/api/<name>` with these CORS headers from now on (undefined restores the
   * scenario's), on the lab API or on the real stack that serves the scenario.
   */
  overrideCors(name: string, override: CorsOverride | undefined): void;
  close(): Promise<void>;
}

const CORS_HEADER = /^(access-control-|vary$)/i;

/**
 * Rewrites one response's CORS headers as the override says, whatever the scenario's handler
 * (or a real stack's library) wrote: the handler stays as it is, the headers on the wire are the
 * override's.
 */
function applyCorsOverride(req: IncomingMessage, res: ServerResponse, o: CorsOverride): void {
  const preflight = req.method === "OPTIONS";
  const original = res.writeHead.bind(res) as (status: number, headers?: Record<string, string | string[]>) => ServerResponse;
  (res as unknown as { writeHead: typeof original }).writeHead = (status, headers = {}) => {
    // Headers a library set one by one (express's res.set, cors()) go the same way.
    for (const name of res.getHeaderNames()) if (CORS_HEADER.test(name) || (preflight && /^location$/i.test(name))) res.removeHeader(name);
    const kept: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) if (!CORS_HEADER.test(name) && !(preflight && /^location$/i.test(name))) kept[name] = value;
    for (const h of preflight ? o.preflight : o.actual) kept[h.name] = h.value;
    return original(preflight ? (o.preflightStatus ?? 204) : status, kept);
  };
}

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PAGE_PORT = 8081;
export const DEFAULT_API_PORT = 8082;

const PAGE_HTML_URL = new URL("./page.html", import.meta.url);
const PAGE_JS_URL = new URL("./page.js", import.meta.url);
/** A JSON string literal, so the template itself stays valid HTML + JSON for linters. */
const CONFIG_PLACEHOLDER = '"__LAB_CONFIG__"';
/** Bounds memory if something hammers /api/login; the lab never needs more than a handful. */
const MAX_SESSIONS = 1000;

type HeaderMap = Record<string, string | string[]>;

function resolvePort(explicit: number | undefined, envName: string, fallback: number): number {
  const fromEnv = process.env[envName]?.trim();
  // An empty variable counts as unset, as shells make `VAR= cmd` easy to write by accident.
  const raw = explicit ?? (fromEnv ? fromEnv : fallback);
  const port = typeof raw === "number" ? raw : /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid port for ${explicit === undefined ? envName : "option"}: ${String(raw)}`);
  }
  return port;
}

function formatOrigin(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolveListen, rejectListen) => {
    const onError = (err: Error) => rejectListen(err);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolveListen((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    // Keep-alive sockets from a browser would otherwise hold close() open for seconds.
    server.closeAllConnections();
  });
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: HeaderMap,
  body: string | Buffer = "",
): void {
  const payload = typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...headers,
    "Content-Length": String(payload.length),
  });
  res.end(req.method === "HEAD" ? undefined : payload);
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, headers: HeaderMap, value: unknown): void {
  send(req, res, status, { ...headers, "Content-Type": "application/json; charset=utf-8" }, JSON.stringify(value));
}

function sendText(req: IncomingMessage, res: ServerResponse, status: number, headers: HeaderMap, text: string): void {
  send(req, res, status, { ...headers, "Content-Type": "text/plain; charset=utf-8" }, `${text}\n`);
}

/** Splits the request target by hand: `new URL()` would treat `//host/x` as a different host. */
function parseTarget(rawUrl: string | undefined): { pathname: string; query: URLSearchParams } {
  const target = rawUrl ?? "/";
  const q = target.indexOf("?");
  return {
    pathname: q === -1 ? target : target.slice(0, q),
    query: new URLSearchParams(q === -1 ? "" : target.slice(q + 1)),
  };
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function fillAll(value: string | readonly string[], values: TemplateValues): string | string[] {
  return typeof value === "string" ? fillTemplate(value, values) : value.map((v) => fillTemplate(v, values));
}

/**
 * CORS headers as the scenario describes them; its defaults are a correct setup. The lab
 * reflects any Origin: it is bound to loopback and exists to be called from pages the tests
 * choose. A real API must check the Origin against an allow-list before reflecting it.
 */
function corsHeaders(req: IncomingMessage, cors: CorsAnswer | null | undefined, values: TemplateValues): HeaderMap {
  if (cors === null) return {};
  const headers: HeaderMap = cors?.vary === false ? {} : { Vary: "Origin" };
  if (req.headers.origin === undefined) return headers;
  headers["Access-Control-Allow-Origin"] = fillAll(cors?.allowOrigin ?? "{origin}", values);
  if (cors?.allowCredentials !== false) headers["Access-Control-Allow-Credentials"] = "true";
  const expose = cors?.exposeHeaders ?? ["WWW-Authenticate"];
  if (expose.length > 0) headers["Access-Control-Expose-Headers"] = expose.join(", ");
  return headers;
}

const DEFAULT_ALLOW_METHODS = "GET, POST, OPTIONS";
const DEFAULT_ALLOW_HEADERS = `Authorization, Content-Type, ${LAB_CLIENT_HEADER}`;

function answerPreflight(req: IncomingMessage, res: ServerResponse, scenario: Scenario, values: TemplateValues): void {
  const preflight = scenario.answer?.preflight ?? {};
  const cors = preflight.cors === undefined ? scenario.answer?.cors : preflight.cors;
  const status = preflight.status ?? 204;
  const headers: HeaderMap =
    cors === null
      ? {}
      : {
          ...corsHeaders(req, cors, values),
          "Access-Control-Allow-Methods": preflight.allowMethods ?? DEFAULT_ALLOW_METHODS,
          "Access-Control-Allow-Headers": preflight.allowHeaders ?? DEFAULT_ALLOW_HEADERS,
          // Without caching every run shows its preflight, so repeated runs look the same in DevTools.
          "Access-Control-Max-Age": "0",
        };
  if (preflight.location !== undefined) headers.Location = fillTemplate(preflight.location, values);
  if (status >= 400) sendText(req, res, status, headers, STATUS_CODES[status] ?? "Error");
  else send(req, res, status, headers);
}

type BearerCheck = { ok: true; claims: LabClaims } | { ok: false; challenge: string; error: Record<string, string> };

function checkBearer(req: IncomingMessage, apiOrigin: string): BearerCheck {
  const authorization = req.headers.authorization ?? "";
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  // RFC 6750 §3.1: no error code when the request carried no bearer credentials at all.
  if (!match?.[1]) return { ok: false, challenge: CHALLENGES.bare, error: { error: "unauthorized" } };
  const result = verifyToken(match[1], { issuer: apiOrigin, audience: LAB_AUDIENCE });
  if (result.ok) return result;
  if (result.reason === "expired") {
    return {
      ok: false,
      challenge: CHALLENGES.expired,
      error: { error: "invalid_token", error_description: "The access token expired" },
    };
  }
  if (result.reason === "not-yet-valid") {
    return {
      ok: false,
      challenge: CHALLENGES.notYetValid,
      error: { error: "invalid_token", error_description: "The access token is not valid yet" },
    };
  }
  return { ok: false, challenge: CHALLENGES.invalidToken, error: { error: "invalid_token" } };
}

interface ApiContext {
  req: IncomingMessage;
  res: ServerResponse;
  scenario: Scenario;
  apiOrigin: string;
  pageOrigin: string;
  sessions: Map<string, number>;
  /** The actual response's CORS headers, from the scenario's `answer.cors`. */
  cors: HeaderMap;
  values: TemplateValues;
}

type ApiHandler = (ctx: ApiContext) => void;

function okBody(scenario: Scenario, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ok: true, scenario: scenario.name, ...extra };
}

/** Expired by a fresh sign-in (`clearsCookies`). `lab_none` is never stored, so needs none. */
const CLEARED_COOKIES = [
  `${LAB_COOKIES.session}=; Path=/; Max-Age=0`,
  `${LAB_COOKIES.jwt}=; Path=/; Max-Age=0`,
  // A Secure cookie can only be overwritten by a line that is Secure too.
  `${LAB_COOKIES.secure}=; Path=/; Max-Age=0; Secure`,
];

/** Sends the scenario's `answer` as it stands: the handler of every fixed scenario. */
const answer: ApiHandler = ({ req, res, scenario, cors, values }) => {
  const spec = scenario.answer ?? {};
  const status = spec.status ?? 200;
  const headers: HeaderMap = { ...cors };
  if (spec.challenge !== undefined) headers["WWW-Authenticate"] = fillAll(spec.challenge, values);
  for (const [name, value] of Object.entries(spec.headers ?? {})) headers[name] = fillAll(value, values);
  const cookies = [...(spec.clearsCookies ? CLEARED_COOKIES : []), ...(spec.setCookie ?? [])];
  if (cookies.length > 0) headers["Set-Cookie"] = fillAll(cookies, values);
  let body: Record<string, unknown>;
  if (spec.body !== undefined) {
    body = Object.fromEntries(
      Object.entries(spec.body).map(([k, v]) => [k, typeof v === "string" ? fillTemplate(v, values) : v]),
    );
  } else {
    // An error body names the challenge's error code when there is one, as OAuth APIs do.
    const first = typeof spec.challenge === "string" ? spec.challenge : spec.challenge?.[0];
    const code = /\berror="([^"]+)"/.exec(first ?? "")?.[1];
    body = status < 400 ? okBody(scenario) : { error: code ?? STATUS_CODES[status] ?? "error" };
  }
  sendJson(req, res, status, headers, body);
};

/** Checks the Bearer token (and a scope), then hands over to `onValid`. */
function bearerProtected(requiredScope?: string, onValid?: ApiHandler): ApiHandler {
  return (ctx) => {
    const { req, res, scenario, apiOrigin, cors } = ctx;
    const check = checkBearer(req, apiOrigin);
    if (!check.ok) {
      sendJson(req, res, 401, { ...cors, "WWW-Authenticate": check.challenge }, check.error);
      return;
    }
    if (requiredScope !== undefined && !hasScope(check.claims, requiredScope)) {
      sendJson(
        req,
        res,
        403,
        { ...cors, "WWW-Authenticate": CHALLENGES.insufficientScope },
        { error: "insufficient_scope", scope: requiredScope },
      );
      return;
    }
    if (onValid !== undefined) onValid(ctx);
    else sendJson(req, res, 200, cors, okBody(scenario, { sub: check.claims.sub, scope: check.claims.scope }));
  };
}

/** A token found somewhere other than Authorization: valid → 200, otherwise a bare 401. */
function tokenFrom(find: (req: IncomingMessage) => string | undefined): ApiHandler {
  return ({ req, res, scenario, apiOrigin, cors }) => {
    const token = find(req);
    const result = token === undefined ? undefined : verifyToken(token, { issuer: apiOrigin, audience: LAB_AUDIENCE });
    if (result?.ok) sendJson(req, res, 200, cors, okBody(scenario, { sub: result.claims.sub }));
    else sendJson(req, res, 401, cors, { error: result === undefined ? "no_token" : "invalid_token" });
  };
}

/**
 * RFC 9449: checks the DPoP-bound token and its proof. A valid proof without a nonce gets the
 * scenario's use_dpop_nonce answer; the lab accepts any nonce, though its page never sends one.
 */
const dpopProtected: ApiHandler = (ctx) => {
  const { req, res, scenario, apiOrigin, cors } = ctx;
  const token = /^DPoP[ ]+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  const proof = req.headers.dpop;
  const invalid = (error: string, description: string) =>
    sendJson(
      req,
      res,
      401,
      { ...cors, "WWW-Authenticate": `DPoP error="${error}", error_description="${description}", algs="ES256"` },
      { error, error_description: description },
    );
  if (token === undefined || !verifyToken(token, { issuer: apiOrigin, audience: LAB_AUDIENCE }).ok) {
    invalid("invalid_token", "The DPoP-bound access token is missing or invalid");
    return;
  }
  if (typeof proof !== "string") {
    invalid("invalid_dpop_proof", "No DPoP proof");
    return;
  }
  const htu = apiOrigin + parseTarget(req.url).pathname;
  const result = verifyDpopProof(proof, { htm: req.method ?? "", htu, accessToken: token });
  if (!result.ok) invalid("invalid_dpop_proof", `The DPoP proof is invalid: ${result.reason}`);
  else if (result.claims.nonce === undefined) answer(ctx);
  else sendJson(req, res, 200, cors, okBody(scenario));
};

const API_HANDLERS: Record<ApiScenarioName, ApiHandler> = {
  // Basics
  "bearer-401": bearerProtected(),
  "valid-token-200": bearerProtected(),
  "placeholder-token": bearerProtected(),
  "forbidden-403": bearerProtected("admin"),
  // An endpoint that needs no credentials: it answers 200 whatever Authorization holds.
  "bare-scheme-200": answer,

  // Models an API that forgets the challenge: any failure is a bare 401.
  "no-challenge-401": ({ req, res, scenario, apiOrigin, cors }) => {
    const check = checkBearer(req, apiOrigin);
    if (check.ok) sendJson(req, res, 200, cors, okBody(scenario));
    else sendJson(req, res, 401, cors, { error: "unauthorized" });
  },

  login: ({ req, res, scenario, sessions, cors }) => {
    if (sessions.size >= MAX_SESSIONS) {
      const oldest = sessions.keys().next();
      if (!oldest.done) sessions.delete(oldest.value);
    }
    const id = randomBytes(18).toString("base64url");
    sessions.set(id, Date.now());
    sendJson(
      req,
      res,
      200,
      { ...cors, "Set-Cookie": `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` },
      okBody(scenario),
    );
  },

  // Cookie sessions have no standard challenge scheme, so the 401s below carry none.
  "credentialed-ok": ({ req, res, scenario, sessions, cors }) => {
    const id = readCookie(req, SESSION_COOKIE);
    if (id !== undefined && sessions.has(id)) sendJson(req, res, 200, cors, okBody(scenario, { session: "active" }));
    else sendJson(req, res, 401, cors, { error: "no_session" });
  },

  // Treats every session as expired so the scenario needs no waiting and leaves the
  // session usable for credentialed-ok.
  "session-expired-401": ({ req, res, cors }) => {
    sendJson(req, res, 401, cors, { error: "session_expired" });
  },

  // Challenges: fixed answers from the table, some behind a token check.
  "basic-401": answer,
  "digest-401": answer,
  "negotiate-ntlm-401": answer,
  "dpop-nonce-401": dpopProtected,
  "step-up-401": bearerProtected(undefined, answer),
  "malformed-challenge-401": answer,
  // The API rejects even a valid token here: the scenario is about what script can read.
  "challenge-hidden-401": answer,
  "resource-metadata-401": answer,
  "scheme-mismatch-401": bearerProtected(),
  "scheme-mismatch-400": answer,
  "token-scheme-401": answer,
  // Models a proxy that drops Authorization: the API answers as it does a request without one.
  "authorization-dropped-401": answer,
  "proxy-407-unexpected": answer,

  // Tokens & credentials
  "nbf-future-401": bearerProtected(),
  "retry-loop-401": bearerProtected(),
  "token-in-url": tokenFrom((req) => parseTarget(req.url).query.get("access_token") ?? undefined),
  "token-endpoint": answer,
  "token-invalid-grant": answer,
  "token-invalid-client": answer,
  "jwt-login": answer,
  "jwt-cookie-200": tokenFrom((req) => readCookie(req, LAB_COOKIES.jwt)),
  "cookie-path-login": answer,
  "cookie-not-sent-401": ({ req, res, scenario, cors }) => {
    if (readCookie(req, LAB_COOKIES.scoped) !== undefined) sendJson(req, res, 200, cors, okBody(scenario));
    else sendJson(req, res, 401, cors, { error: "not_signed_in" });
  },
  "samesite-none-insecure": answer,
  // The API moved: a 302 (with CORS headers, so the page may follow it) to the page's origin.
  "redirect-drops-authorization": ({ req, res, scenario, pageOrigin, cors }) => {
    send(req, res, 302, { ...cors, Location: `${pageOrigin}${MOVED_PATH}${scenario.name}` });
  },

  // CORS: the table's `answer.cors` and `answer.preflight` carry the mistakes.
  // Only reachable without a browser: the preflight for this path always fails.
  "preflight-fails": bearerProtected(),
  "credentialed-no-acac": answer,
  "cors-missing-acao": answer,
  "cors-error-hidden-401": answer,
  "cors-multiple-acao": answer,
  "cors-invalid-acao": answer,
  "cors-origin-mismatch": answer,
  "cors-wildcard-credentials": answer,
  "cors-method-not-allowed": answer,
  "cors-header-not-allowed": answer,
  "cors-authorization-wildcard": bearerProtected(),
  "cors-invalid-allow-methods": answer,
  "cors-invalid-allow-headers": answer,
  "cors-preflight-500": answer,
  "cors-preflight-redirect": answer,
  "cors-redirect-credentials": answer,
  "cors-vary-missing": answer,
  "cors-json-post-ok": answer,
  "cors-wildcard-ok": answer,
};

/** Public JSON documents under /.well-known, readable from any origin. */
function wellKnown(apiOrigin: string): Record<string, unknown> {
  return {
    // RFC 9728 protected resource metadata, advertised by resource-metadata-401.
    [RESOURCE_METADATA_PATH]: {
      resource: apiOrigin,
      authorization_servers: [apiOrigin],
      bearer_methods_supported: ["header"],
      scopes_supported: [...LAB_SCOPE.split(" "), "admin"],
      resource_name: "AuthLens scenario lab API",
    },
    // RFC 8414, so a client can follow authorization_servers to the lab's token endpoint.
    "/.well-known/oauth-authorization-server": {
      issuer: apiOrigin,
      token_endpoint: `${apiOrigin}/api/token-endpoint`,
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["none"],
    },
  };
}

function templateValues(req: IncomingMessage, apiOrigin: string): TemplateValues {
  let tokens: LabTokens | undefined;
  return {
    apiOrigin,
    origin: req.headers.origin,
    random: () => randomBytes(16).toString("base64url"),
    token: (kind) => {
      tokens ??= mintLabTokens(apiOrigin);
      return tokens[kind];
    },
  };
}

function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  origins: { readonly api: string; readonly page: string },
  sessions: Map<string, number>,
): void {
  const apiOrigin = origins.api;
  const { pathname } = parseTarget(req.url);
  const method = req.method ?? "GET";

  if (pathname === "/favicon.ico") {
    send(req, res, 204, {});
    return;
  }
  if (pathname === "/") {
    sendText(req, res, 200, {}, "AuthLens scenario lab API. Endpoints live under /api/<scenario>.");
    return;
  }

  // The secrets page's requests (secrets.ts).
  if (handleSecretsApi(req, res, pathname)) return;

  const values = templateValues(req, apiOrigin);
  const document = wellKnown(apiOrigin)[pathname];
  if (document !== undefined) {
    sendJson(req, res, 200, corsHeaders(req, { allowOrigin: "*", allowCredentials: false, vary: false }, values), document);
    return;
  }

  const scenario = getScenarioByPath(pathname);
  // A real stack's scenario is answered on its own origin, never here.
  if (scenario === undefined || scenario.server !== undefined) {
    sendText(req, res, 404, corsHeaders(req, {}, values), "Not found");
    return;
  }

  if (method === "OPTIONS") {
    // preflight-fails: auth middleware in front of the CORS handler rejects OPTIONS like any request.
    answerPreflight(req, res, scenario, values);
    return;
  }

  const cors = corsHeaders(req, scenario.answer?.cors, values);
  if (method !== scenario.request.method) {
    sendText(req, res, 405, { ...cors, Allow: `${scenario.request.method}, OPTIONS` }, "Method not allowed");
    return;
  }

  API_HANDLERS[scenario.name as ApiScenarioName]({ req, res, scenario, apiOrigin, pageOrigin: origins.page, sessions, cors, values });
}

interface PageAssets {
  html: string;
  js: string;
}

/** What the page needs of the real stacks: where each listens, and the tokens they minted. */
interface PageRealConfig {
  servers: Partial<Record<RealStackName, string>>;
  stackTokens: Partial<Record<RealTokenName, string>>;
}

/** Sets up one scenario's request on its stack (RealStacks.prepare); absent until the stacks run. */
type PrepareRequest = (scenario: Scenario) => Promise<PreparedRequest | undefined>;

/**
 * The page's scenarios: those of the lab API and of every stack that runs. A stack whose
 * software is not installed is left out (startLab printed why).
 */
function pageScenarios(real: PageRealConfig): readonly Scenario[] {
  return SCENARIOS.filter((s) => s.server === undefined || real.servers[s.server] !== undefined);
}

/** Each prepared scenario's headers and body, set up afresh for this page load. */
async function preparedRequests(scenarios: readonly Scenario[], prepare: PrepareRequest): Promise<Record<string, PreparedRequest>> {
  const entries = await Promise.all(
    scenarios.filter((s) => s.request.prepared === true).map(async (s) => [s.name, await prepare(s)] as const),
  );
  return Object.fromEntries(entries.filter((e): e is readonly [ScenarioName, PreparedRequest] => e[1] !== undefined));
}

/** `<` is escaped so no value can close the surrounding <script> element. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** One proof per DPoP scenario: its method and URL are fixed, and so is its token per load. */
function dpopProofs(apiOrigin: string, tokens: LabTokens): Partial<Record<ScenarioName, string>> {
  const proofs: Partial<Record<ScenarioName, string>> = {};
  for (const { name, path, request } of SCENARIOS) {
    if (request.authorization?.kind !== "dpop") continue;
    proofs[name] = mintDpopProof({
      htm: request.method,
      htu: apiOrigin + path,
      accessToken: tokens[request.authorization.token],
    });
  }
  return proofs;
}

/** Any origin may call the moved API without credentials: after a redirect its Origin may be `null`. */
const MOVED_CORS: HeaderMap = { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "WWW-Authenticate" };

/**
 * The target of redirect-drops-authorization, the API at its new address: it checks the bearer
 * token like the API does. A browser that removed Authorization on the cross-origin redirect
 * (Fetch "HTTP-redirect fetch") gets RFC 6750 §3.1's answer to a request without authentication;
 * one that kept it, and so sent a preflight for it, gets through.
 */
function answerMoved(req: IncomingMessage, res: ServerResponse, apiOrigin: string): void {
  if (req.method === "OPTIONS") {
    send(req, res, 204, { ...MOVED_CORS, "Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Headers": "Authorization", "Access-Control-Max-Age": "0" });
    return;
  }
  const check = checkBearer(req, apiOrigin);
  if (check.ok) sendJson(req, res, 200, MOVED_CORS, { ok: true, moved: true });
  else sendJson(req, res, 401, { ...MOVED_CORS, "WWW-Authenticate": check.challenge }, check.error);
}

function handlePage(
  req: IncomingMessage,
  res: ServerResponse,
  assets: PageAssets,
  pageOrigin: string,
  apiOrigin: string,
  real: PageRealConfig,
  prepare: PrepareRequest,
): void {
  const { pathname } = parseTarget(req.url);
  if (pathname.startsWith(MOVED_PATH)) {
    answerMoved(req, res, apiOrigin);
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendText(req, res, 405, { Allow: "GET, HEAD" }, "Method not allowed");
    return;
  }
  switch (pathname) {
    case "/": {
      // Minted per load: a page left open for an hour must not turn the valid token stale.
      const tokens = mintLabTokens(apiOrigin);
      const scenarios = pageScenarios(real);
      // Prepared per load too: a refresh token used by the last run is used up.
      preparedRequests(scenarios, prepare).then(
        (prepared) => {
          const config = {
            pageOrigin,
            apiOrigin,
            tokens,
            dpopProofs: dpopProofs(apiOrigin, tokens),
            ...real,
            preparedRequests: prepared,
            groups: SCENARIO_GROUPS,
            scenarios,
          };
          const html = assets.html.split(CONFIG_PLACEHOLDER).join(inlineJson(config));
          send(req, res, 200, { "Content-Type": "text/html; charset=utf-8" }, html);
        },
        (err: unknown) => {
          console.error("[lab page] preparing the stacks' requests failed:", err);
          if (!res.headersSent) sendText(req, res, 500, {}, `Preparing the real stacks' requests failed: ${String(err)}`);
        },
      );
      return;
    }
    case "/page.js":
      send(req, res, 200, { "Content-Type": "text/javascript; charset=utf-8" }, assets.js);
      return;
    case SECRETS_PAGE_PATH:
      send(req, res, 200, { "Content-Type": "text/html; charset=utf-8" }, secretsPageHtml(apiOrigin));
      return;
    case "/secrets.js":
      send(req, res, 200, { "Content-Type": "text/javascript; charset=utf-8" }, SECRETS_PAGE_JS);
      return;
    case "/tokens.json":
      sendJson(req, res, 200, {}, mintLabTokens(apiOrigin));
      return;
    case "/favicon.ico":
      send(req, res, 204, {});
      return;
    case OIDC_CALLBACK_PATH:
      // The redirect URI of the sign-in scenarios: the page reads the code from this frame's URL.
      send(req, res, 200, { "Content-Type": "text/html; charset=utf-8" }, "<!doctype html><title>Signed in</title><p>Signed in.</p>\n");
      return;
    default:
      sendText(req, res, 404, {}, "Not found");
  }
}

function queryOf(req: IncomingMessage): string {
  const q = (req.url ?? "").indexOf("?");
  return q === -1 ? "" : (req.url ?? "").slice(q + 1);
}

function guarded(
  name: LabRequestTarget["server"],
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  onRequest: LabOptions["onRequest"],
  beforeAnswer?: LabOptions["beforeAnswer"],
): (req: IncomingMessage, res: ServerResponse) => void {
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    try {
      handler(req, res);
    } catch (err) {
      console.error(`[lab ${name}] ${req.method} ${req.url}:`, err);
      if (!res.headersSent) sendText(req, res, 500, {}, "Internal error");
      else res.destroy();
    }
  };
  return (req, res) => {
    // Bodies are never read; draining them keeps keep-alive connections usable.
    req.resume();
    req.on("error", () => {});
    if (onRequest !== undefined) {
      res.on("finish", () => {
        try {
          onRequest(requestLogEntry(name, req, res, req.url ?? "/"));
        } catch (err) {
          console.error(`[lab ${name}] onRequest threw:`, err);
        }
      });
    }
    const held = beforeAnswer?.({ server: name, method: req.method ?? "", path: parseTarget(req.url).pathname, query: queryOf(req) });
    if (held === undefined) answer(req, res);
    else void held.then(() => answer(req, res), () => answer(req, res));
  };
}

function hardenServer(server: Server): void {
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
}

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const host = opts.host ?? DEFAULT_HOST;
  const pagePort = resolvePort(opts.pagePort, "AUTHLENS_LAB_PAGE_PORT", DEFAULT_PAGE_PORT);
  const apiPort = resolvePort(opts.apiPort, "AUTHLENS_LAB_API_PORT", DEFAULT_API_PORT);
  if (pagePort !== 0 && pagePort === apiPort) {
    throw new Error(`The page and API need different ports (both are ${pagePort}): CORS needs two origins.`);
  }

  const [html, js] = await Promise.all([readFile(PAGE_HTML_URL, "utf8"), readFile(PAGE_JS_URL, "utf8")]);
  const assets: PageAssets = { html, js };
  const sessions = new Map<string, number>();
  const overrides = new Map<string, CorsOverride>();
  // Origins are only known once both ports are bound (port 0 is ephemeral).
  const origins = { page: "", api: "" };
  // Filled once the real stacks listen, which is after the page and API: they need both origins.
  const real: PageRealConfig = { servers: {}, stackTokens: {} };
  let prepare: PrepareRequest = () => Promise.resolve(undefined);

  const pageServer = createServer(
    guarded("page", (req, res) => handlePage(req, res, assets, origins.page, origins.api, real, prepare), opts.onRequest, opts.beforeAnswer),
  );
  const apiServer = createServer(
    guarded(
      "api",
      (req, res) => {
        const override = overrides.get(parseTarget(req.url).pathname);
        if (override) applyCorsOverride(req, res, override);
        handleApi(req, res, origins, sessions);
      },
      opts.onRequest,
      opts.beforeAnswer,
    ),
  );
  hardenServer(pageServer);
  hardenServer(apiServer);

  let stacks: Awaited<ReturnType<typeof startRealStacks>>;
  try {
    origins.page = formatOrigin(host, await listen(pageServer, pagePort, host));
    origins.api = formatOrigin(host, await listen(apiServer, apiPort, host));
    stacks = await startRealStacks({
      host,
      apiPort,
      pageOrigin: origins.page,
      apiOrigin: origins.api,
      onRequest: opts.onRequest,
      onSkip: (name, reason) => {
        const count = SCENARIOS.filter((s) => s.server === name).length;
        console.warn(`Real servers: ${name} is not running (${reason}); its ${count} scenarios are left out.`);
      },
      // Lab.overrideCors reaches the real stacks' scenarios too: their paths are as unique.
      intercept: (req, res) => {
        const override = overrides.get(parseTarget(req.url).pathname);
        if (override) applyCorsOverride(req, res, override);
      },
    });
  } catch (err) {
    await Promise.all([closeServer(pageServer), closeServer(apiServer)]);
    throw err;
  }
  real.servers = stacks.origins;
  real.stackTokens = stacks.tokens;
  const running = stacks;
  prepare = (scenario) =>
    scenario.request.prepared === true && scenario.server !== undefined
      ? running.prepare(scenario.server, scenario.name)
      : Promise.resolve(undefined);
  const originOfStack = (server: RealStackName): string => {
    const origin = running.origins[server];
    if (origin === undefined) throw new Error(`The ${server} stack is not running: ${running.skipped[server] ?? "it did not start"}`);
    return origin;
  };

  let closing: Promise<void> | undefined;
  return {
    pageOrigin: origins.page,
    apiOrigin: origins.api,
    real: { origins: stacks.origins, tokens: stacks.tokens, skipped: stacks.skipped },
    originFor(scenario) {
      return scenario.server === undefined ? origins.api : originOfStack(scenario.server);
    },
    prepare(scenario) {
      return prepare(scenario as Scenario);
    },
    overrideCors(name, override) {
      const path = getScenario(name)?.path ?? `/api/${name}`;
      if (override) overrides.set(path, override);
      else overrides.delete(path);
    },
    close() {
      closing ??= Promise.all([closeServer(pageServer), closeServer(apiServer), stacks.close()]).then(() => undefined);
      return closing;
    },
  };
}

function isRunDirectly(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(resolve(entry)) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isRunDirectly()) {
  let lab: Lab;
  try {
    lab = await startLab();
  } catch (err) {
    console.error(`Could not start the lab: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  process.stdout.write(`${lab.pageOrigin}\n${lab.apiOrigin}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    // A hung close must not leave an orphaned server behind a script that sent SIGTERM.
    setTimeout(() => process.exit(1), 5000).unref();
    lab.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
