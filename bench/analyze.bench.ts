/**
 * How much does the analysis cost on top of reading the file? A 10,000-entry HAR shaped like a
 * busy single-page app session (documents and assets with cookies, API calls with JWTs, some
 * 401s with and without challenges, preflights, CORS-blocked requests) is generated in memory,
 * serialised once, then timed as `JSON.parse` alone and `JSON.parse` + `analyzeHar`.
 * Target (issue 13): parse + analysis at most 1.5 × the parse alone (ratio ≤ 1.5).
 *
 *   npm run bench            (tsx bench/analyze.bench.ts)
 *
 * It prints and never fails: timings depend on the machine.
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { analyzeHar } from "../src/core/analyze-har.ts";
import { type Diagnosis, diagnoseEach } from "../src/core/diagnose.ts";
import { prng } from "./prng.ts";

const ENTRIES = 10_000;
const WARMUP_RUNS = 2;
const MEASURED_RUNS = 9;
const TARGET_RATIO = 1.5;
const SEED = 0x5eed;

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number) => random() < p;
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");

interface Header {
  name: string;
  value: string;
}

const APP = "https://app.shop.example";
const API = "https://api.shop.example";
const START = Date.parse("2025-11-20T08:00:00.000Z");
const UA =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

function b64url(s: string): string {
  return Buffer.from(s).toString("base64url");
}

/** A JWT-shaped token with a random 256-byte signature; `expOffsetS` is relative to `at`. */
function jwt(at: number, expOffsetS: number, user: number): string {
  const iat = Math.floor(at / 1000) - 600;
  const claims = {
    iss: "https://login.shop.example/",
    sub: `user-${user}`,
    aud: ["https://api.shop.example", "https://login.shop.example/userinfo"],
    iat,
    exp: Math.floor(at / 1000) + expOffsetS,
    azp: "web-7Hc2kQ",
    scope: "openid profile email orders:read orders:write cart",
    sid: hex(24),
  };
  const sig = Buffer.from(Array.from({ length: 256 }, () => Math.floor(random() * 256))).toString("base64url");
  return `${b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: hex(8) }))}.${b64url(JSON.stringify(claims))}.${sig}`;
}

const CLIENT_HINTS: Header[] = [
  { name: "sec-ch-ua", value: '"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"' },
  { name: "sec-ch-ua-mobile", value: "?0" },
  { name: "sec-ch-ua-platform", value: '"macOS"' },
];

function pseudo(method: string, url: string): Header[] {
  const u = new URL(url);
  return [
    { name: ":authority", value: u.host },
    { name: ":method", value: method },
    { name: ":path", value: u.pathname + u.search },
    { name: ":scheme", value: "https" },
  ];
}

function commonResponse(at: number, type: string, length: number): Header[] {
  return [
    { name: "cache-control", value: pick(["no-store", "private, max-age=0", "public, max-age=31536000, immutable"]) },
    { name: "content-length", value: String(length) },
    { name: "content-type", value: type },
    { name: "date", value: new Date(at).toUTCString() },
    { name: "server", value: pick(["envoy", "nginx", "cloudflare"]) },
    { name: "strict-transport-security", value: "max-age=63072000; includeSubDomains" },
    { name: "x-content-type-options", value: "nosniff" },
    { name: "x-request-id", value: hex(32) },
    { name: "via", value: "1.1 google" },
    { name: "alt-svc", value: 'h3=":443"; ma=86400' },
    { name: "content-encoding", value: pick(["br", "gzip", "zstd"]) },
    { name: "referrer-policy", value: "strict-origin-when-cross-origin" },
    { name: "x-frame-options", value: "DENY" },
    { name: "cf-ray", value: `${hex(16)}-FRA` },
  ];
}

function entry(
  at: number,
  method: string,
  url: string,
  resourceType: string,
  requestHeaders: Header[],
  status: number,
  responseHeaders: Header[],
  cookies: { name: string; value: string }[] = [],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const failed = status === 0;
  return {
    _initiator: resourceType === "preflight" ? { type: "preflight", url, requestId: `${hex(5)}.${hex(3)}` } : { type: pick(["script", "parser", "other"]) },
    _priority: pick(["High", "Low", "VeryHigh"]),
    _resourceType: resourceType,
    cache: {},
    connection: failed ? undefined : String(400 + Math.floor(random() * 100)),
    pageref: `page_${1 + Math.floor((at - START) / 600_000)}`,
    request: {
      method,
      url,
      httpVersion: failed ? "" : "http/2.0",
      headers: failed ? requestHeaders : [...pseudo(method, url), ...requestHeaders],
      queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
      cookies,
      headersSize: -1,
      bodySize: method === "POST" ? 120 : 0,
    },
    response: {
      status,
      statusText: "",
      httpVersion: failed ? "" : "http/2.0",
      headers: responseHeaders,
      cookies: [],
      content: { size: failed ? 0 : 512, mimeType: failed ? "x-unknown" : "application/json" },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1,
      _transferSize: failed ? 0 : 900,
      _error: failed ? "net::ERR_FAILED" : null,
    },
    serverIPAddress: failed ? "" : "203.0.113.80",
    startedDateTime: new Date(at).toISOString(),
    time: 20 + random() * 200,
    timings: { blocked: 1.2, dns: -1, ssl: -1, connect: -1, send: 0.2, wait: 18 + random() * 180, receive: 1.4, _blocked_queueing: 0.7 },
    ...extra,
  };
}

const PATHS = ["/v1/cart", "/v1/orders", "/v1/orders/{id}", "/v1/products", "/v1/products/{id}", "/v1/me", "/v1/recommendations", "/v1/inventory/{id}", "/v1/wishlist", "/v1/payments/methods"];
const ASSETS = ["/assets/app-{h}.js", "/assets/vendor-{h}.js", "/assets/app-{h}.css", "/img/p/{id}.webp", "/fonts/inter-{h}.woff2"];

function apiRequestHeaders(authorization: string | undefined, cors: boolean): Header[] {
  return [
    { name: "accept", value: "application/json, text/plain, */*" },
    { name: "accept-encoding", value: "gzip, deflate, br, zstd" },
    { name: "accept-language", value: "en-US,en;q=0.9,de;q=0.8" },
    ...(authorization !== undefined ? [{ name: "authorization", value: authorization }] : []),
    { name: "content-type", value: "application/json" },
    ...(cors ? [{ name: "origin", value: APP }] : []),
    { name: "priority", value: "u=1, i" },
    { name: "referer", value: `${APP}/` },
    ...CLIENT_HINTS,
    { name: "sec-fetch-dest", value: "empty" },
    { name: "sec-fetch-mode", value: "cors" },
    { name: "sec-fetch-site", value: "same-site" },
    { name: "user-agent", value: UA },
    { name: "x-client-version", value: "5.31.2" },
  ];
}

function corsResponse(): Header[] {
  return [
    { name: "access-control-allow-origin", value: APP },
    { name: "access-control-allow-credentials", value: "true" },
    { name: "access-control-expose-headers", value: "WWW-Authenticate, X-Request-Id" },
    { name: "vary", value: "Origin, Accept-Encoding" },
  ];
}

function preflightEntry(at: number, url: string, method: string, ok: boolean): Record<string, unknown> {
  const request: Header[] = [
    { name: "accept", value: "*/*" },
    { name: "accept-encoding", value: "gzip, deflate, br, zstd" },
    { name: "accept-language", value: "en-US,en;q=0.9,de;q=0.8" },
    { name: "access-control-request-headers", value: "authorization,content-type,x-client-version" },
    { name: "access-control-request-method", value: method },
    { name: "origin", value: APP },
    { name: "priority", value: "u=1, i" },
    { name: "referer", value: `${APP}/` },
    { name: "sec-fetch-dest", value: "empty" },
    { name: "sec-fetch-mode", value: "cors" },
    { name: "sec-fetch-site", value: "same-site" },
    { name: "user-agent", value: UA },
  ];
  const response: Header[] = ok
    ? [
        ...corsResponse(),
        { name: "access-control-allow-headers", value: "authorization, content-type, x-client-version" },
        { name: "access-control-allow-methods", value: "GET, POST, PUT, PATCH, DELETE" },
        { name: "access-control-max-age", value: "600" },
        ...commonResponse(at, "text/plain", 0).slice(3),
      ]
    : [...commonResponse(at, "text/plain", 9), { name: "www-authenticate", value: 'Bearer realm="api"' }];
  return entry(at, "OPTIONS", url, "preflight", request, ok ? 204 : 403, response);
}

/** The generated session: about a third of the entries carry a JWT in Authorization. Also used by panel.bench.ts. */
export function generateHar(count: number): unknown {
  const entries: Record<string, unknown>[] = [];
  let at = START;
  const session = hex(40);
  const cookieValues = [
    { name: "sid", value: session },
    { name: "csrftoken", value: hex(32) },
    { name: "_ga", value: `GA1.1.${Math.floor(random() * 1e9)}.${Math.floor(START / 1000)}` },
    { name: "consent", value: "analytics%3Dtrue%26ads%3Dfalse" },
  ];
  const cookieHeader = cookieValues.map((c) => `${c.name}=${c.value}`).join("; ");
  let user = 1000;
  let token = jwt(at, 3600, user);

  while (entries.length < count) {
    at += Math.floor(random() * 180);
    const roll = random();
    if (roll < 0.6) {
      // Same-origin page, asset or image: cookies attached, sometimes refreshed.
      const path = pick(ASSETS).replace("{h}", hex(8)).replace("{id}", String(Math.floor(random() * 5000)));
      const isDoc = chance(0.05);
      const url = isDoc ? `${APP}/${pick(["", "cart", "orders", "products"])}` : `${APP}${path}`;
      const type = isDoc ? "document" : path.endsWith(".js") ? "script" : path.endsWith(".css") ? "stylesheet" : path.endsWith(".woff2") ? "font" : "image";
      const response = commonResponse(at, isDoc ? "text/html; charset=utf-8" : "application/octet-stream", 2048 + Math.floor(random() * 90_000));
      if (isDoc && chance(0.5)) response.push({ name: "set-cookie", value: `sid=${session}; Path=/; Secure; HttpOnly; SameSite=Lax` });
      if (chance(0.2)) response.push({ name: "etag", value: `"${hex(16)}"` }, { name: "last-modified", value: new Date(START - 86_400_000).toUTCString() });
      entries.push(
        entry(
          at,
          "GET",
          url,
          type,
          [
            { name: "accept", value: isDoc ? "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" : "*/*" },
            { name: "accept-encoding", value: "gzip, deflate, br, zstd" },
            { name: "accept-language", value: "en-US,en;q=0.9,de;q=0.8" },
            { name: "cookie", value: cookieHeader },
            { name: "priority", value: "u=1" },
            { name: "referer", value: `${APP}/` },
            ...CLIENT_HINTS,
            { name: "sec-fetch-dest", value: isDoc ? "document" : type === "stylesheet" ? "style" : type },
            { name: "sec-fetch-mode", value: isDoc ? "navigate" : "no-cors" },
            { name: "sec-fetch-site", value: "same-origin" },
            { name: "user-agent", value: UA },
          ],
          200,
          response,
          cookieValues,
        ),
      );
      continue;
    }

    // API call with the bearer token (cross-origin, so preflights now and then: max-age 600).
    const method = chance(0.8) ? "GET" : "POST";
    const path = pick(PATHS).replace("{id}", String(Math.floor(random() * 90_000)));
    const url = `${API}${path}${method === "GET" && chance(0.4) ? `?page=${Math.floor(random() * 20)}&limit=50` : ""}`;
    if (chance(0.002)) {
      user++;
      token = jwt(at, 3600, user);
    }

    const kind = random();
    if (kind < 0.03) {
      // A preflight refused by auth middleware, and the request it blocked.
      entries.push(entry(at, method, url, "fetch", apiRequestHeaders(`Bearer ${token}`, false).slice(0, 8), 0, []));
      entries.push(preflightEntry(at + 1, url, method, false));
      continue;
    }
    if (chance(0.12)) entries.push(preflightEntry(at - 20, url, method, true));

    if (kind < 0.09) {
      // 401 with a challenge: the token expired, then a refresh storm now and then.
      const expired = jwt(at, -300, user);
      const repeats = chance(0.2) ? 3 : 1;
      for (let i = 0; i < repeats; i++) {
        entries.push(
          entry(at + i * 400, method, url, "fetch", apiRequestHeaders(`Bearer ${expired}`, true), 401, [
            ...corsResponse(),
            ...commonResponse(at, "application/json", 96),
            { name: "www-authenticate", value: 'Bearer realm="api", error="invalid_token", error_description="The access token expired"' },
          ]),
        );
      }
      at += repeats * 400;
    } else if (kind < 0.13) {
      // 401 without a challenge, with or without credentials (a third: `Bearer undefined`).
      const auth = chance(0.33) ? "Bearer undefined" : chance(0.5) ? undefined : `Bearer ${token}`;
      entries.push(entry(at, method, url, "fetch", apiRequestHeaders(auth, true), 401, [...corsResponse(), ...commonResponse(at, "application/json", 24)]));
    } else if (kind < 0.15) {
      entries.push(
        entry(at, method, url, "xhr", apiRequestHeaders(`Bearer ${token}`, true), 403, [
          ...corsResponse(),
          ...commonResponse(at, "application/json", 60),
          { name: "www-authenticate", value: 'Bearer realm="api", error="insufficient_scope", scope="admin"' },
        ]),
      );
    } else {
      entries.push(entry(at, method, url, "fetch", apiRequestHeaders(`Bearer ${token}`, true), method === "POST" ? 201 : 200, [...corsResponse(), ...commonResponse(at, "application/json", 1800)]));
    }
  }
  entries.length = count;

  const pages = Array.from({ length: 1 + Math.floor((at - START) / 600_000) }, (_, i) => ({
    startedDateTime: new Date(START + i * 600_000).toISOString(),
    id: `page_${i + 1}`,
    title: `${APP}/${pick(["", "cart", "orders", "products"])}`,
    pageTimings: { onContentLoad: 420.5, onLoad: 980.2 },
  }));
  return { log: { version: "1.2", creator: { name: "WebInspector", version: "537.36" }, pages, entries } };
}

/**
 * A full collection before each timed run, so that one run does not pay for the previous
 * run's garbage (a parsed 28 MB HAR is a large object graph). `npm run bench` cannot pass
 * --expose-gc, so the flag is set at run time and gc() fetched from a fresh context.
 */
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

let sink = 0;

function timeParse(json: string): number {
  collect();
  const t0 = performance.now();
  const doc = JSON.parse(json) as { log: { entries: unknown[] } };
  const t1 = performance.now();
  sink += doc.log.entries.length;
  return t1 - t0;
}

function timeParseAndAnalyze(json: string): number {
  collect();
  const t0 = performance.now();
  const result = analyzeHar(JSON.parse(json));
  const t1 = performance.now();
  if (!result.ok) throw new Error(`analysis failed: ${result.error}`);
  sink += result.analysis.diagnoses.length;
  return t1 - t0;
}

const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);

function main(): void {
  const generated = generateHar(ENTRIES);
  const json = JSON.stringify(generated);
  const bytes = Buffer.byteLength(json);

  // What the analysis finds in this HAR: evidence it did the work being timed.
  const check = analyzeHar(JSON.parse(json));
  if (!check.ok) throw new Error(check.error);
  const entries = (generated as { log: { entries: { request: { headers: Header[] }; response: { headers: Header[] } }[] } }).log.entries;
  const withJwt = entries.filter((e) => e.request.headers.some((h) => h.name === "authorization" && h.value.startsWith("Bearer eyJ"))).length;
  const requestHeaders = entries.map((e) => e.request.headers.length);
  const responseHeaders = entries.map((e) => e.response.headers.length);
  const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1);
  const codes = new Map<string, number>();
  for (const d of check.analysis.diagnoses) for (const f of d.findings) codes.set(f.code, (codes.get(f.code) ?? 0) + 1);

  // The CLI's path (diagnoseEach, emitting as it goes) must find exactly what diagnose finds.
  const emitted: Diagnosis[] = [];
  diagnoseEach(check.analysis.har.exchanges, check.analysis.facts, (d) => emitted.push(d));
  const same = JSON.stringify(emitted) === JSON.stringify(check.analysis.diagnoses);

  for (let i = 0; i < WARMUP_RUNS; i++) {
    timeParse(json);
    timeParseAndAnalyze(json);
  }
  const parse: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    // Alternate, so that drift (GC, thermal) affects both series alike.
    parse.push(timeParse(json));
    full.push(timeParseAndAnalyze(json));
  }

  const parseMedian = median(parse);
  const fullMedian = median(full);
  const ratio = fullMedian / parseMedian;

  console.log("AuthLens analysis benchmark");
  console.log(
    `HAR: ${ENTRIES.toLocaleString("en-US")} entries, ${(bytes / 1024 / 1024).toFixed(1)} MB of JSON; ${withJwt} carry a JWT; ` +
      `headers per request ${mean(requestHeaders)}, per response ${mean(responseHeaders)} (mean)`,
  );
  console.log(`Node ${process.version}; ${WARMUP_RUNS} warm-up runs, then the median of ${MEASURED_RUNS} runs of each`);
  console.log(`diagnoseEach (the CLI's streaming path): ${same ? "the same diagnoses as diagnose" : "DIFFERENT DIAGNOSES FROM diagnose"}`);
  console.log(`Findings: ${[...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(", ")}`);
  console.log("");
  console.log(`${"".padEnd(28)}${"median".padStart(10)}${"min".padStart(10)}${"max".padStart(10)}`);
  console.log(`${"JSON.parse".padEnd(28)}${ms(parseMedian)}${ms(Math.min(...parse))}${ms(Math.max(...parse))}`);
  console.log(`${"JSON.parse + analyzeHar".padEnd(28)}${ms(fullMedian)}${ms(Math.min(...full))}${ms(Math.max(...full))}`);
  console.log(
    `${"analysis alone (difference)".padEnd(28)}${ms(fullMedian - parseMedian)}   ${(((fullMedian - parseMedian) * 1000) / ENTRIES).toFixed(1)} µs per entry`,
  );
  console.log("");
  console.log(`ratio parse+analysis / parse: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO.toFixed(1)})${ratio > TARGET_RATIO ? "  ABOVE TARGET" : ""}`);
  if (sink < 0) console.log(sink);
}

/** Run as a script (not imported for its generator by another bench). */
const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;

if (!runDirectly) {
  // Imported: only generateHar is wanted.
} else if (process.env.AUTHLENS_BENCH_PROFILE) {
  // Profiling mode, the analysis only, repeated:
  //   AUTHLENS_BENCH_PROFILE=1 node --cpu-prof --import tsx bench/analyze.bench.ts
  const json = JSON.stringify(generateHar(ENTRIES));
  for (let i = 0; i < 7; i++) timeParseAndAnalyze(json);
} else {
  main();
}
