/**
 * Builds the CLI's fixture HARs in the shape Chrome's DevTools exports them
 * (devtools-frontend front_end/models/har/Log.ts: creator "WebInspector", pages titled with
 * their URL, `_initiator`, `_priority`, `_resourceType`, `response._error`, timings with -1 for
 * phases that did not happen, HTTP/2 pseudo-headers in request headers). Deterministic, so the
 * committed files can be checked against it:
 *
 *   npx tsx test/cli/chrome-har.ts     # rewrites test/fixtures/cli/*.har
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "cli");
export const FULL_HAR = "chrome-auth.har";
export const SANITIZED_HAR = "chrome-auth-sanitized.har";

export const APP = "https://app.example.com";
export const API = "https://api.example.com";
const PAGE_URL = `${APP}/orders`;
const STARTED = Date.parse("2025-11-20T09:41:07.112Z");
const UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";
const SESSION = "s%3Ak9QbX2vR7mYpL4wT1nE8cF0aZ6uJ3hD5.Hq1mV8rYc2TnW0pLx4eK7sAg9bU3fZ6jN1dR5oQ";

interface Header {
  name: string;
  value: string;
}
interface Cookie {
  name: string;
  value: string;
  [k: string]: unknown;
}
type Json = Record<string, unknown>;

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/** An RS256-shaped JWT with a deterministic stand-in signature (256 bytes, like a 2048-bit RSA one). */
export function fakeJwt(claims: Json): string {
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "kQ3x-2025-10" }));
  const body = b64url(JSON.stringify(claims));
  let sig = Buffer.alloc(0);
  for (let i = 0; sig.length < 256; i++) {
    sig = Buffer.concat([sig, createHash("sha256").update(`${head}.${body}.${i}`).digest()]);
  }
  return `${head}.${body}.${b64url(sig.subarray(0, 256))}`;
}

const t = (ms: number) => Math.floor((STARTED + ms) / 1000);
const claims = (iat: number, exp: number): Json => ({
  iss: "https://auth.example.com/",
  sub: "auth0|6543f1c2a9e8b70012d4c5e1",
  aud: "https://api.example.com",
  iat,
  exp,
  azp: "Xk2pV9mQ4rT7wZ1yB6nC3dF8",
  scope: "openid profile orders:read",
});
/** Issued 5 minutes before the capture, valid for an hour. */
export const VALID_TOKEN = fakeJwt(claims(t(-300_000), t(3_300_000)));
/** Expired 12 minutes before the request that carries it. */
export const EXPIRED_TOKEN = fakeJwt(claims(t(-4_320_000), t(-720_000)));

function iso(ms: number): string {
  return new Date(STARTED + ms).toISOString();
}

const CLIENT_HINTS: Header[] = [
  { name: "sec-ch-ua", value: '"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"' },
  { name: "sec-ch-ua-mobile", value: "?0" },
  { name: "sec-ch-ua-platform", value: '"Windows"' },
];

function pseudo(method: string, url: string): Header[] {
  const u = new URL(url);
  return [
    { name: ":authority", value: u.host },
    { name: ":method", value: method },
    { name: ":path", value: u.pathname + u.search },
    { name: ":scheme", value: u.protocol.slice(0, -1) },
  ];
}

function queryString(url: string): Header[] {
  return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
}

interface EntrySpec {
  at: number;
  method?: string;
  url: string;
  resourceType: string;
  initiator: Json;
  priority?: string;
  requestHeaders: Header[];
  requestCookies?: Cookie[];
  /** Undefined for a request that got no response (blocked, failed). */
  status?: number;
  responseHeaders?: Header[];
  responseCookies?: Cookie[];
  mimeType?: string;
  body?: string;
  error?: string;
  wait?: number;
  connectionId?: string;
}

function entry(s: EntrySpec): Json {
  const method = s.method ?? "GET";
  const failed = s.status === undefined;
  const wait = s.wait ?? 38.4;
  const body = s.body ?? "";
  const timings = failed
    ? { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0, _blocked_queueing: -1 }
    : {
        blocked: 1.318,
        dns: -1,
        ssl: -1,
        connect: -1,
        send: 0.241,
        wait,
        receive: 1.87,
        _blocked_queueing: 0.912,
        _workerStart: -1,
        _workerReady: -1,
        _workerFetchStart: -1,
        _workerRespondWithSettled: -1,
      };
  return {
    _connectionId: failed ? "0" : (s.connectionId ?? "187344"),
    _initiator: s.initiator,
    _priority: s.priority ?? "High",
    _resourceType: s.resourceType,
    cache: {},
    connection: failed ? undefined : "443",
    pageref: "page_2",
    request: {
      method,
      url: s.url,
      // Chromium leaves httpVersion empty and lists only provisional headers when no response came.
      httpVersion: failed ? "" : "http/2.0",
      headers: failed ? s.requestHeaders : [...pseudo(method, s.url), ...s.requestHeaders],
      queryString: queryString(s.url),
      cookies: s.requestCookies ?? [],
      headersSize: -1,
      bodySize: 0,
    },
    response: failed
      ? {
          status: 0,
          statusText: "",
          httpVersion: "",
          headers: [],
          cookies: [],
          content: { size: 0, mimeType: "x-unknown" },
          redirectURL: "",
          headersSize: -1,
          bodySize: -1,
          _transferSize: 0,
          _error: s.error ?? "net::ERR_FAILED",
          _fetchedViaServiceWorker: false,
        }
      : {
          status: s.status,
          statusText: "",
          httpVersion: "http/2.0",
          headers: s.responseHeaders ?? [],
          cookies: s.responseCookies ?? [],
          content: { size: body.length, mimeType: s.mimeType ?? "application/json", ...(body ? { text: body } : {}) },
          redirectURL: "",
          headersSize: -1,
          bodySize: -1,
          _transferSize: 96 + body.length + (s.responseHeaders ?? []).reduce((n, h) => n + h.name.length + h.value.length + 4, 0),
          _error: null,
          _fetchedViaServiceWorker: false,
        },
    serverIPAddress: failed ? "" : s.url.startsWith(API) ? "203.0.113.24" : "198.51.100.7",
    startedDateTime: iso(s.at),
    time: failed ? 4.611 : 1.318 + 0.241 + wait + 1.87,
    timings,
  };
}

const scriptInitiator = (fn: string, line: number): Json => ({
  type: "script",
  stack: {
    callFrames: [
      { functionName: fn, scriptId: "31", url: `${APP}/assets/index-B7c1e9f2.js`, lineNumber: line, columnNumber: 17 },
      { functionName: "", scriptId: "31", url: `${APP}/assets/index-B7c1e9f2.js`, lineNumber: 2210, columnNumber: 9 },
    ],
  },
});

const preflightInitiator = (url: string, requestId: string): Json => ({ type: "preflight", url, requestId });

/** Headers fetch() sends cross-origin from the app; `extra` are the ones the script set. */
function apiRequestHeaders(extra: Header[], cors = true): Header[] {
  return [
    { name: "accept", value: "application/json" },
    { name: "accept-encoding", value: "gzip, deflate, br, zstd" },
    { name: "accept-language", value: "en-GB,en;q=0.9" },
    ...extra,
    ...(cors ? [{ name: "origin", value: APP }] : []),
    { name: "priority", value: "u=1, i" },
    { name: "referer", value: `${APP}/` },
    ...CLIENT_HINTS,
    { name: "sec-fetch-dest", value: "empty" },
    { name: "sec-fetch-mode", value: "cors" },
    { name: "sec-fetch-site", value: "same-site" },
    { name: "user-agent", value: UA },
  ];
}

function apiResponseHeaders(status: number, extra: Header[], body: string): Header[] {
  return [
    { name: "access-control-allow-origin", value: APP },
    ...extra,
    { name: "cache-control", value: "no-store" },
    { name: "content-length", value: String(body.length) },
    { name: "content-type", value: "application/json; charset=utf-8" },
    { name: "date", value: new Date(STARTED).toUTCString() },
    { name: "server", value: "envoy" },
    { name: "strict-transport-security", value: "max-age=63072000; includeSubDomains" },
    { name: "vary", value: "Origin" },
    { name: "x-content-type-options", value: "nosniff" },
    { name: "x-request-id", value: `req_${status}_${createHash("sha1").update(body + extra.length).digest("hex").slice(0, 16)}` },
  ];
}

function preflight(at: number, url: string, requestId: string, requestedHeaders: string, answer: "ok" | "forbidden"): Json {
  const ok = answer === "ok";
  return entry({
    at,
    method: "OPTIONS",
    url,
    resourceType: "preflight",
    initiator: preflightInitiator(url, requestId),
    requestHeaders: [
      { name: "accept", value: "*/*" },
      { name: "accept-encoding", value: "gzip, deflate, br, zstd" },
      { name: "accept-language", value: "en-GB,en;q=0.9" },
      { name: "access-control-request-headers", value: requestedHeaders },
      { name: "access-control-request-method", value: "GET" },
      { name: "origin", value: APP },
      { name: "priority", value: "u=1, i" },
      { name: "referer", value: `${APP}/` },
      { name: "sec-fetch-dest", value: "empty" },
      { name: "sec-fetch-mode", value: "cors" },
      { name: "sec-fetch-site", value: "same-site" },
      { name: "user-agent", value: UA },
    ],
    status: ok ? 204 : 403,
    responseHeaders: ok
      ? [
          { name: "access-control-allow-credentials", value: "true" },
          { name: "access-control-allow-headers", value: "authorization, content-type, x-client-version" },
          { name: "access-control-allow-methods", value: "GET, POST, PUT, PATCH, DELETE" },
          { name: "access-control-allow-origin", value: APP },
          { name: "access-control-max-age", value: "600" },
          { name: "date", value: new Date(STARTED).toUTCString() },
          { name: "server", value: "envoy" },
          { name: "vary", value: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers" },
        ]
      : [
          // The auth middleware runs before the CORS middleware and rejects the credential-less OPTIONS.
          { name: "content-length", value: "9" },
          { name: "content-type", value: "text/plain; charset=utf-8" },
          { name: "date", value: new Date(STARTED).toUTCString() },
          { name: "server", value: "envoy" },
          { name: "www-authenticate", value: 'Bearer realm="api.example.com"' },
        ],
    mimeType: ok ? "x-unknown" : "text/plain",
    body: ok ? "" : "Forbidden",
    priority: "High",
    wait: 21.7,
  });
}

const bearer = (token: string): Header => ({ name: "authorization", value: `Bearer ${token}` });
const sessionCookie: Cookie = {
  name: "app_session",
  value: SESSION,
  path: "/",
  domain: "app.example.com",
  expires: "1969-12-31T23:59:59.000Z",
  httpOnly: true,
  secure: true,
  sameSite: "Lax",
};
const prefsCookie: Cookie = { name: "ui_prefs", value: "theme%3Ddark%26tz%3DEurope%2FLondon", path: "/", domain: "app.example.com", expires: "2026-11-20T09:41:07.000Z", httpOnly: false, secure: true, sameSite: "Lax" };
const cookieHeader = { name: "cookie", value: `ui_prefs=${prefsCookie.value}; app_session=${SESSION}` };

/** The full capture: what "Export HAR (with sensitive data)" writes. */
export function chromeAuthHar(): Json {
  const body401 = '{"error":"unauthorized"}';
  const bodyExpired = '{"error":"invalid_token","error_description":"The access token expired"}';
  const bodyScope = '{"error":"insufficient_scope","required":"admin:users"}';
  const entries = [
    entry({
      at: 0,
      url: PAGE_URL,
      resourceType: "document",
      initiator: { type: "other" },
      priority: "VeryHigh",
      requestHeaders: [
        { name: "accept", value: "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8" },
        { name: "accept-encoding", value: "gzip, deflate, br, zstd" },
        { name: "accept-language", value: "en-GB,en;q=0.9" },
        { name: "cookie", value: `ui_prefs=${prefsCookie.value}` },
        { name: "priority", value: "u=0, i" },
        ...CLIENT_HINTS,
        { name: "sec-fetch-dest", value: "document" },
        { name: "sec-fetch-mode", value: "navigate" },
        { name: "sec-fetch-site", value: "none" },
        { name: "sec-fetch-user", value: "?1" },
        { name: "upgrade-insecure-requests", value: "1" },
        { name: "user-agent", value: UA },
      ],
      requestCookies: [prefsCookie],
      status: 200,
      responseHeaders: [
        { name: "cache-control", value: "no-cache" },
        { name: "content-encoding", value: "br" },
        { name: "content-security-policy", value: "default-src 'self'; connect-src 'self' https://api.example.com; frame-ancestors 'none'" },
        { name: "content-type", value: "text/html; charset=utf-8" },
        { name: "date", value: new Date(STARTED).toUTCString() },
        { name: "server", value: "nginx" },
        { name: "set-cookie", value: `app_session=${SESSION}; Path=/; Secure; HttpOnly; SameSite=Lax` },
        { name: "strict-transport-security", value: "max-age=63072000; includeSubDomains; preload" },
        { name: "x-content-type-options", value: "nosniff" },
      ],
      responseCookies: [sessionCookie],
      mimeType: "text/html",
      body: "<!doctype html><html><head><title>Orders</title></head><body><div id=root></div></body></html>",
      wait: 112.5,
      connectionId: "187301",
    }),
    entry({
      at: 131,
      url: `${APP}/assets/index-B7c1e9f2.js`,
      resourceType: "script",
      initiator: { type: "parser", url: PAGE_URL, lineNumber: 0, columnNumber: 97 },
      requestHeaders: [
        { name: "accept", value: "*/*" },
        { name: "accept-encoding", value: "gzip, deflate, br, zstd" },
        cookieHeader,
        { name: "referer", value: PAGE_URL },
        ...CLIENT_HINTS,
        { name: "sec-fetch-dest", value: "script" },
        { name: "sec-fetch-mode", value: "cors" },
        { name: "sec-fetch-site", value: "same-origin" },
        { name: "user-agent", value: UA },
      ],
      requestCookies: [prefsCookie, { ...sessionCookie, expires: undefined }],
      status: 200,
      responseHeaders: [
        { name: "cache-control", value: "public, max-age=31536000, immutable" },
        { name: "content-encoding", value: "br" },
        { name: "content-type", value: "text/javascript; charset=utf-8" },
        { name: "date", value: new Date(STARTED).toUTCString() },
        { name: "etag", value: '"b7c1e9f2"' },
        { name: "server", value: "nginx" },
      ],
      mimeType: "text/javascript",
      body: "",
      wait: 19.2,
      connectionId: "187301",
    }),
    // 200: a valid bearer token, after a successful preflight.
    preflight(402, `${API}/v1/me`, "91822.14", "authorization", "ok"),
    entry({
      at: 428,
      url: `${API}/v1/me`,
      resourceType: "fetch",
      initiator: scriptInitiator("loadProfile", 118),
      requestHeaders: apiRequestHeaders([bearer(VALID_TOKEN)]),
      status: 200,
      responseHeaders: apiResponseHeaders(200, [], '{"id":"6543f1c2","name":"Ada Lovelace"}'),
      body: '{"id":"6543f1c2","name":"Ada Lovelace"}',
    }),
    // 401 with a Bearer challenge although a (expired) token was sent.
    preflight(433, `${API}/v1/orders?status=open&limit=50`, "91822.15", "authorization", "ok"),
    entry({
      at: 459,
      url: `${API}/v1/orders?status=open&limit=50`,
      resourceType: "fetch",
      initiator: scriptInitiator("fetchOrders", 342),
      requestHeaders: apiRequestHeaders([bearer(EXPIRED_TOKEN)]),
      status: 401,
      responseHeaders: apiResponseHeaders(
        401,
        [
          { name: "access-control-expose-headers", value: "WWW-Authenticate, X-Request-Id" },
          {
            name: "www-authenticate",
            value: 'Bearer realm="api.example.com", error="invalid_token", error_description="The access token expired"',
          },
        ],
        bodyExpired,
      ),
      body: bodyExpired,
    }),
    // 401 without a challenge to a request without credentials (a simple CORS GET: no preflight).
    entry({
      at: 470,
      url: `${API}/v1/notifications?unread=true`,
      resourceType: "fetch",
      initiator: scriptInitiator("pollNotifications", 57),
      priority: "Low",
      requestHeaders: apiRequestHeaders([]),
      status: 401,
      responseHeaders: apiResponseHeaders(401, [], body401),
      body: body401,
    }),
    // The preflight is refused by auth middleware (403, no CORS headers), so the GET is blocked.
    preflight(488, `${API}/v1/reports/weekly`, "91822.17", "authorization,x-client-version", "forbidden"),
    entry({
      at: 487,
      url: `${API}/v1/reports/weekly`,
      resourceType: "fetch",
      initiator: scriptInitiator("loadWeeklyReport", 401),
      // Provisional headers: only what the renderer knew before the request was blocked.
      requestHeaders: [
        { name: "Accept", value: "application/json" },
        { name: "Authorization", value: `Bearer ${VALID_TOKEN}` },
        { name: "Referer", value: `${APP}/` },
        { name: "User-Agent", value: UA },
        { name: "X-Client-Version", value: "4.12.0" },
        ...CLIENT_HINTS,
      ],
    }),
    // 403 to a request with valid credentials: missing scope.
    preflight(512, `${API}/v1/admin/users`, "91822.19", "authorization", "ok"),
    entry({
      at: 538,
      url: `${API}/v1/admin/users`,
      resourceType: "fetch",
      initiator: scriptInitiator("loadAdminUsers", 77),
      requestHeaders: apiRequestHeaders([bearer(VALID_TOKEN)]),
      status: 403,
      responseHeaders: apiResponseHeaders(
        403,
        [{ name: "www-authenticate", value: 'Bearer realm="api.example.com", error="insufficient_scope", scope="admin:users"' }],
        bodyScope,
      ),
      body: bodyScope,
    }),
    // `Bearer undefined`: the token variable was never set.
    preflight(561, `${API}/v1/profile/avatar`, "91822.21", "authorization", "ok"),
    entry({
      at: 590,
      url: `${API}/v1/profile/avatar`,
      resourceType: "xmlhttprequest",
      initiator: scriptInitiator("uploadAvatar", 612),
      requestHeaders: apiRequestHeaders([{ name: "authorization", value: "Bearer undefined" }]),
      status: 401,
      responseHeaders: apiResponseHeaders(401, [{ name: "www-authenticate", value: 'Bearer realm="api.example.com", error="invalid_token"' }], body401),
      body: body401,
    }),
    entry({
      at: 640,
      url: `${APP}/favicon.ico`,
      resourceType: "other",
      initiator: { type: "other" },
      priority: "Low",
      requestHeaders: [
        { name: "accept", value: "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8" },
        cookieHeader,
        { name: "referer", value: PAGE_URL },
        { name: "user-agent", value: UA },
      ],
      requestCookies: [prefsCookie, { ...sessionCookie, expires: undefined }],
      status: 200,
      responseHeaders: [
        { name: "cache-control", value: "public, max-age=86400" },
        { name: "content-type", value: "image/x-icon" },
        { name: "date", value: new Date(STARTED).toUTCString() },
      ],
      mimeType: "image/x-icon",
      wait: 8.3,
      connectionId: "187301",
    }),
  ];
  // Chrome sorts entries by start time; the blocked GET is logged before its preflight.
  entries.sort((a, b) => String(a.startedDateTime).localeCompare(String(b.startedDateTime)));
  return {
    log: {
      version: "1.2",
      creator: { name: "WebInspector", version: "537.36" },
      pages: [
        {
          startedDateTime: iso(0),
          id: "page_2",
          title: PAGE_URL,
          pageTimings: { onContentLoad: 388.214, onLoad: 655.871 },
        },
      ],
      entries: JSON.parse(JSON.stringify(entries)), // drops undefined fields, as a real export would not have them
    },
  };
}

const CREDENTIAL_HEADERS = new Set(["authorization", "cookie", "set-cookie"]);

/**
 * Chrome's default "Export HAR (sanitized)" (Chrome 130+): Authorization, Cookie and
 * Set-Cookie headers removed, cookie lists emptied, nothing else changed and no mark left.
 */
export function sanitize(har: Json): Json {
  const copy = JSON.parse(JSON.stringify(har)) as { log: { entries: Json[] } };
  for (const e of copy.log.entries) {
    for (const part of [e.request, e.response] as { headers: Header[]; cookies: Cookie[] }[]) {
      part.headers = part.headers.filter((h) => !CREDENTIAL_HEADERS.has(h.name.toLowerCase()));
      part.cookies = [];
    }
  }
  return copy;
}

/** File name → content, exactly as committed. */
export function fixtureFiles(): Record<string, string> {
  const full = chromeAuthHar();
  return {
    [FULL_HAR]: `${JSON.stringify(full, null, 2)}\n`,
    [SANITIZED_HAR]: `${JSON.stringify(sanitize(full), null, 2)}\n`,
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, content] of Object.entries(fixtureFiles())) {
    writeFileSync(join(FIXTURE_DIR, name), content);
    console.log(`wrote test/fixtures/cli/${name}`);
  }
}
