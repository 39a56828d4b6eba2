/**
 * The scenario lab: two loopback origins (a page and an API) that reproduce the 401/403 and
 * CORS failures AuthLens diagnoses, with real browser behaviour rather than mocks.
 *
 *   npx tsx test/lab/server.ts      # prints the page and API origins, one per line
 */
import { randomBytes } from "node:crypto";
import { realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CHALLENGES,
  LAB_CLIENT_HEADER,
  SCENARIOS,
  SESSION_COOKIE,
  type Scenario,
  type ScenarioName,
  getScenario,
} from "./scenarios.ts";
import { LAB_AUDIENCE, type LabClaims, hasScope, mintLabTokens, verifyToken } from "./tokens.ts";

export interface LabRequestLogEntry {
  server: "page" | "api";
  method: string;
  path: string;
  status: number;
  origin?: string;
  authorization?: string;
  cookie?: string;
}

export interface LabOptions {
  pagePort?: number;
  apiPort?: number;
  host?: string;
  /**
   * Called after each response. The server side is the only place that sees a preflight the
   * browser rejected, or an actual request whose response the browser then hid.
   */
  onRequest?: (entry: LabRequestLogEntry) => void;
}

export interface Lab {
  pageOrigin: string;
  apiOrigin: string;
  close(): Promise<void>;
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

/**
 * The lab reflects any Origin: it is bound to loopback and exists to be called from pages the
 * tests choose. A real API must check the Origin against an allow-list before reflecting it.
 */
function corsHeaders(req: IncomingMessage, allowCredentials: boolean): HeaderMap {
  const headers: HeaderMap = { Vary: "Origin" };
  const origin = req.headers.origin;
  if (origin === undefined) return headers;
  headers["Access-Control-Allow-Origin"] = origin;
  if (allowCredentials) headers["Access-Control-Allow-Credentials"] = "true";
  headers["Access-Control-Expose-Headers"] = "WWW-Authenticate";
  return headers;
}

function preflightHeaders(req: IncomingMessage): HeaderMap {
  return {
    ...corsHeaders(req, true),
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": `Authorization, Content-Type, ${LAB_CLIENT_HEADER}`,
    // Without caching every run shows its preflight, so repeated runs look the same in DevTools.
    "Access-Control-Max-Age": "0",
  };
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
  return { ok: false, challenge: CHALLENGES.invalidToken, error: { error: "invalid_token" } };
}

interface ApiContext {
  req: IncomingMessage;
  res: ServerResponse;
  scenario: Scenario;
  apiOrigin: string;
  sessions: Map<string, number>;
}

type ApiHandler = (ctx: ApiContext) => void;

function okBody(scenario: Scenario, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ok: true, scenario: scenario.name, ...extra };
}

function bearerProtected(requiredScope?: string): ApiHandler {
  return ({ req, res, scenario, apiOrigin }) => {
    const cors = corsHeaders(req, true);
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
    sendJson(req, res, 200, cors, okBody(scenario, { sub: check.claims.sub, scope: check.claims.scope }));
  };
}

const API_HANDLERS: Record<ScenarioName, ApiHandler> = {
  "bearer-401": bearerProtected(),
  "valid-token-200": bearerProtected(),
  "placeholder-token": bearerProtected(),
  "forbidden-403": bearerProtected("admin"),
  // Only reachable without a browser: the preflight for this path always fails.
  "preflight-fails": bearerProtected(),

  // Models an API that forgets the challenge: any failure is a bare 401.
  "no-challenge-401": ({ req, res, scenario, apiOrigin }) => {
    const cors = corsHeaders(req, true);
    const check = checkBearer(req, apiOrigin);
    if (check.ok) sendJson(req, res, 200, cors, okBody(scenario));
    else sendJson(req, res, 401, cors, { error: "unauthorized" });
  },

  login: ({ req, res, scenario, sessions }) => {
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
      { ...corsHeaders(req, true), "Set-Cookie": `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` },
      okBody(scenario),
    );
  },

  // Cookie sessions have no standard challenge scheme, so the 401s below carry none.
  "credentialed-ok": ({ req, res, scenario, sessions }) => {
    const cors = corsHeaders(req, true);
    const id = readCookie(req, SESSION_COOKIE);
    if (id !== undefined && sessions.has(id)) sendJson(req, res, 200, cors, okBody(scenario, { session: "active" }));
    else sendJson(req, res, 401, cors, { error: "no_session" });
  },

  "credentialed-no-acac": ({ req, res, scenario }) => {
    sendJson(req, res, 200, corsHeaders(req, false), okBody(scenario));
  },

  // Treats every session as expired so the scenario needs no waiting and leaves the
  // session usable for credentialed-ok.
  "session-expired-401": ({ req, res }) => {
    sendJson(req, res, 401, corsHeaders(req, true), { error: "session_expired" });
  },
};

function handleApi(req: IncomingMessage, res: ServerResponse, apiOrigin: string, sessions: Map<string, number>): void {
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

  const scenario = pathname.startsWith("/api/") ? getScenario(pathname.slice("/api/".length)) : undefined;
  if (scenario === undefined) {
    sendText(req, res, 404, corsHeaders(req, true), "Not found");
    return;
  }

  if (method === "OPTIONS") {
    if (scenario.name === "preflight-fails") {
      // Auth middleware placed in front of the CORS handler rejects OPTIONS like any other request.
      sendText(req, res, 403, {}, "Forbidden");
    } else {
      send(req, res, 204, preflightHeaders(req));
    }
    return;
  }

  if (method !== scenario.request.method) {
    sendText(
      req,
      res,
      405,
      { ...corsHeaders(req, true), Allow: `${scenario.request.method}, OPTIONS` },
      "Method not allowed",
    );
    return;
  }

  API_HANDLERS[scenario.name]({ req, res, scenario, apiOrigin, sessions });
}

interface PageAssets {
  html: string;
  js: string;
}

/** `<` is escaped so no value can close the surrounding <script> element. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function handlePage(
  req: IncomingMessage,
  res: ServerResponse,
  assets: PageAssets,
  pageOrigin: string,
  apiOrigin: string,
): void {
  const { pathname } = parseTarget(req.url);
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendText(req, res, 405, { Allow: "GET, HEAD" }, "Method not allowed");
    return;
  }
  switch (pathname) {
    case "/": {
      // Minted per load: a page left open for an hour must not turn the valid token stale.
      const config = { pageOrigin, apiOrigin, tokens: mintLabTokens(apiOrigin), scenarios: SCENARIOS };
      const html = assets.html.split(CONFIG_PLACEHOLDER).join(inlineJson(config));
      send(req, res, 200, { "Content-Type": "text/html; charset=utf-8" }, html);
      return;
    }
    case "/page.js":
      send(req, res, 200, { "Content-Type": "text/javascript; charset=utf-8" }, assets.js);
      return;
    case "/tokens.json":
      sendJson(req, res, 200, {}, mintLabTokens(apiOrigin));
      return;
    case "/favicon.ico":
      send(req, res, 204, {});
      return;
    default:
      sendText(req, res, 404, {}, "Not found");
  }
}

function guarded(
  name: LabRequestLogEntry["server"],
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  onRequest: LabOptions["onRequest"],
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // Bodies are never read; draining them keeps keep-alive connections usable.
    req.resume();
    req.on("error", () => {});
    if (onRequest !== undefined) {
      res.on("finish", () => {
        try {
          onRequest({
            server: name,
            method: req.method ?? "",
            path: parseTarget(req.url).pathname,
            status: res.statusCode,
            origin: req.headers.origin,
            authorization: req.headers.authorization,
            cookie: req.headers.cookie,
          });
        } catch (err) {
          console.error(`[lab ${name}] onRequest threw:`, err);
        }
      });
    }
    try {
      handler(req, res);
    } catch (err) {
      console.error(`[lab ${name}] ${req.method} ${req.url}:`, err);
      if (!res.headersSent) sendText(req, res, 500, {}, "Internal error");
      else res.destroy();
    }
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
  // Origins are only known once both ports are bound (port 0 is ephemeral).
  const origins = { page: "", api: "" };

  const pageServer = createServer(
    guarded("page", (req, res) => handlePage(req, res, assets, origins.page, origins.api), opts.onRequest),
  );
  const apiServer = createServer(
    guarded("api", (req, res) => handleApi(req, res, origins.api, sessions), opts.onRequest),
  );
  hardenServer(pageServer);
  hardenServer(apiServer);

  try {
    origins.page = formatOrigin(host, await listen(pageServer, pagePort, host));
    origins.api = formatOrigin(host, await listen(apiServer, apiPort, host));
  } catch (err) {
    await Promise.all([closeServer(pageServer), closeServer(apiServer)]);
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    pageOrigin: origins.page,
    apiOrigin: origins.api,
    close() {
      closing ??= Promise.all([closeServer(pageServer), closeServer(apiServer)]).then(() => undefined);
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
