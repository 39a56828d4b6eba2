/**
 * Lab self-test: runs every scenario in a real Chromium and checks that the browser and the
 * server saw exactly what each scenario promises, and for CORS scenarios that Chromium's own
 * verdict (CDP `Network.loadingFailed` → `corsErrorStatus.corsError`) is the table's
 * `chromiumCorsError`. Exits non-zero on any mismatch.
 *
 *   npx tsx test/lab/selfcheck.ts [--screenshot <path>] [--no-screenshot]
 *
 * Ports come from AUTHLENS_LAB_PAGE_PORT / AUTHLENS_LAB_API_PORT when set, otherwise they
 * are ephemeral so the check can run next to a lab someone already started.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Request } from "playwright";
import {
  CHALLENGES,
  fillTemplate,
  PLACEHOLDER,
  RESOURCE_METADATA_PATH,
  SCENARIO_GROUPS,
  SCENARIOS,
} from "./scenarios.ts";
import { type Lab, type LabRequestLogEntry, startLab } from "./server.ts";
import { LAB_AUDIENCE, mintDpopProof, mintLabTokens, verifyToken } from "./tokens.ts";

interface RunResult {
  status: number | null;
  error?: string;
  attempts?: number;
}

interface BrowserResponse {
  /** The URL the request chain started at (before any redirect). */
  firstUrl: string;
  url: string;
  method: string;
  status: number;
  headers: Record<string, string>;
  headerLines: { name: string; value: string }[];
}

interface BrowserFailure {
  firstUrl: string;
  url: string;
  method: string;
  errorText: string;
}

/** What Chromium itself reported over CDP for one request (one requestId). */
interface CdpRequest {
  url: string;
  method: string;
  type?: string;
  corsError?: string;
  failedParameter?: string;
  errorText?: string;
  /** Set-Cookie lines Chromium refused, as `name: Reason, Reason`. */
  blockedSetCookies: string[];
  /** Cookies Chromium kept back from the request, as `name: Reason`. */
  blockedCookies: string[];
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DEFAULT_SCREENSHOT = resolve(REPO_ROOT, "artifacts/lab-page.png");
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--no-first-run",
];
/** A `repeat` scenario must fit in this window to count as a retry loop. */
const REPEAT_WINDOW_MS = 2000;

function parseArgs(argv: readonly string[]): { screenshot: string | null } {
  let screenshot: string | null = DEFAULT_SCREENSHOT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--no-screenshot") screenshot = null;
    else if (arg === "--screenshot") {
      const value = argv[++i];
      if (value === undefined) throw new Error("--screenshot needs a path");
      screenshot = resolve(value);
    } else throw new Error(`Unknown argument: ${arg}`);
  }
  return { screenshot };
}

function chromiumPath(): string | undefined {
  const explicit = process.env.AUTHLENS_CHROMIUM;
  if (explicit) return explicit;
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Name/value pairs as sent, so repeated field lines stay separate. */
  lines: [string, string][];
  body: string;
}

function rawRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolveRequest, rejectRequest) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => {
        const lines: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          lines.push([(res.rawHeaders[i] ?? "").toLowerCase(), res.rawHeaders[i + 1] ?? ""]);
        }
        resolveRequest({ status: res.statusCode ?? 0, headers: res.headers, lines, body: text });
      });
    });
    req.on("error", rejectRequest);
    req.end(body);
  });
}

function linesOf(response: RawResponse, name: string): string[] {
  return response.lines.filter(([n]) => n === name).map(([, v]) => v);
}

function sendGarbage(origin: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolveGarbage, rejectGarbage) => {
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ""));
    let reply = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      reply += chunk;
    });
    socket.on("end", () => resolveGarbage(reply));
    socket.on("error", rejectGarbage);
    socket.write("NOT HTTP AT ALL\r\n\r\n");
  });
}

class Checker {
  readonly failures: string[] = [];

  check(ok: boolean, what: string): void {
    if (!ok) this.failures.push(what);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A table template as a pattern: `{random}` and `{token:…}` match any value of their shape. */
function templatePattern(template: string, lab: Lab): RegExp {
  let pattern = "";
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    pattern += escapeRegExp(template.slice(last, match.index));
    const name = match[1] ?? "";
    if (name === "random") pattern += "[A-Za-z0-9_-]{8,}";
    else if (name.startsWith("token:")) pattern += "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";
    else pattern += escapeRegExp(fillTemplate(match[0], { apiOrigin: lab.apiOrigin, origin: lab.pageOrigin }));
    last = match.index + match[0].length;
  }
  return new RegExp(`^${pattern}${escapeRegExp(template.slice(last))}$`);
}

function matchesLines(actual: readonly string[], expected: string | readonly string[], lab: Lab): boolean {
  const want = typeof expected === "string" ? [expected] : expected;
  return actual.length === want.length && want.every((w, i) => templatePattern(w, lab).test(actual[i] ?? ""));
}

function cookieNames(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header.split(";").map((part) => part.split("=")[0]?.trim() ?? "").filter(Boolean);
}

/** Protocol-level checks that a browser hides from page script. */
async function checkServerDirectly(lab: Lab, checker: Checker): Promise<void> {
  const origin = { Origin: lab.pageOrigin };
  const preflight = {
    ...origin,
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "authorization,x-lab-client",
  };

  const good = await rawRequest(`${lab.apiOrigin}/api/bearer-401`, "OPTIONS", preflight);
  checker.check(good.status === 204, `[server] OPTIONS bearer-401 → ${good.status}, want 204`);
  checker.check(good.headers["access-control-allow-origin"] === lab.pageOrigin, "[server] preflight ACAO must echo Origin");
  checker.check(good.headers["access-control-allow-credentials"] === "true", "[server] preflight ACAC must be true");
  checker.check(/\bx-lab-client\b/i.test(good.headers["access-control-allow-headers"] ?? ""), "[server] ACAH lacks X-Lab-Client");
  checker.check(/\bauthorization\b/i.test(good.headers["access-control-allow-headers"] ?? ""), "[server] ACAH lacks Authorization");
  checker.check(/\borigin\b/i.test(good.headers.vary ?? ""), "[server] preflight lacks Vary: Origin");

  const actual = await rawRequest(`${lab.apiOrigin}/api/placeholder-token`, "GET", { ...origin, Authorization: "Bearer undefined" });
  checker.check(actual.headers["access-control-allow-origin"] === lab.pageOrigin, "[server] 401 ACAO must echo Origin");
  checker.check(actual.headers["access-control-allow-credentials"] === "true", "[server] 401 ACAC must be true");
  checker.check(/\bwww-authenticate\b/i.test(actual.headers["access-control-expose-headers"] ?? ""), "[server] 401 must expose WWW-Authenticate");
  checker.check(/\borigin\b/i.test(actual.headers.vary ?? ""), "[server] 401 lacks Vary: Origin");

  const bad = await rawRequest(`${lab.apiOrigin}/api/preflight-fails`, "OPTIONS", preflight);
  checker.check(bad.status === 403, `[server] OPTIONS preflight-fails → ${bad.status}, want 403`);
  checker.check(
    !Object.keys(bad.headers).some((h) => h.startsWith("access-control-")),
    "[server] OPTIONS preflight-fails must carry no CORS headers",
  );

  const noAcac = await rawRequest(`${lab.apiOrigin}/api/credentialed-no-acac`, "GET", origin);
  checker.check(noAcac.headers["access-control-allow-origin"] === lab.pageOrigin, "[server] credentialed-no-acac ACAO must echo Origin");
  checker.check(noAcac.headers["access-control-allow-credentials"] === undefined, "[server] credentialed-no-acac must omit ACAC");

  // Repeated field lines must stay separate lines on the wire, as IIS and proxies send them.
  const ntlm = await rawRequest(`${lab.apiOrigin}/api/negotiate-ntlm-401`, "GET", origin);
  const ntlmLines = linesOf(ntlm, "www-authenticate");
  checker.check(ntlmLines.join(" | ") === "Negotiate | NTLM", `[server] negotiate-ntlm-401 sent ${JSON.stringify(ntlmLines)}`);
  const twoAcao = await rawRequest(`${lab.apiOrigin}/api/cors-multiple-acao`, "GET", origin);
  const acaoLines = linesOf(twoAcao, "access-control-allow-origin");
  checker.check(acaoLines.join(" | ") === `${lab.pageOrigin} | *`, `[server] cors-multiple-acao sent ${JSON.stringify(acaoLines)}`);
  const hidden = await rawRequest(`${lab.apiOrigin}/api/cors-error-hidden-401`, "GET", origin);
  checker.check(
    hidden.status === 401 && hidden.headers["www-authenticate"] === CHALLENGES.bare && !hidden.lines.some(([n]) => n.startsWith("access-control-")),
    "[server] cors-error-hidden-401 must be a 401 with a challenge and no CORS headers",
  );

  // Digest and DPoP nonces are fresh on every response.
  const digests = await Promise.all([1, 2].map(() => rawRequest(`${lab.apiOrigin}/api/digest-401`, "GET", origin)));
  const nonces = digests.map((d) => /nonce="([^"]+)"/.exec(d.headers["www-authenticate"] ?? "")?.[1]);
  checker.check(nonces[0] !== undefined && nonces[0] !== nonces[1], "[server] digest-401 must send a fresh nonce each time");

  const metadata = await rawRequest(`${lab.apiOrigin}${RESOURCE_METADATA_PATH}`, "GET", origin);
  let resource: unknown;
  try {
    resource = (JSON.parse(metadata.body) as { resource?: unknown }).resource;
  } catch {
    resource = undefined;
  }
  checker.check(metadata.status === 200 && resource === lab.apiOrigin, `[server] ${RESOURCE_METADATA_PATH} → ${metadata.status}, resource ${String(resource)}`);
  checker.check(metadata.headers["access-control-allow-origin"] === "*", `[server] ${RESOURCE_METADATA_PATH} must be readable cross-origin`);

  const grant = await rawRequest(
    `${lab.apiOrigin}/api/token-endpoint`,
    "POST",
    { ...origin, "Content-Type": "application/x-www-form-urlencoded" },
    "grant_type=client_credentials",
  );
  let issued: { access_token?: unknown; token_type?: unknown } = {};
  try {
    issued = JSON.parse(grant.body) as typeof issued;
  } catch {
    // checked below
  }
  const issuedOk =
    typeof issued.access_token === "string" &&
    verifyToken(issued.access_token, { issuer: lab.apiOrigin, audience: LAB_AUDIENCE }).ok;
  checker.check(grant.status === 200 && issuedOk && issued.token_type === "Bearer", "[server] token-endpoint must issue a valid lab JWT");

  // The DPoP handler really checks proofs: a bad one is refused, one with a nonce accepted.
  const token = mintLabTokens(lab.apiOrigin).valid;
  const htu = `${lab.apiOrigin}/api/dpop-nonce-401`;
  const dpop = (proof: string) => rawRequest(htu, "GET", { ...origin, Authorization: `DPoP ${token}`, DPoP: proof });
  const wrongUrl = await dpop(mintDpopProof({ htm: "GET", htu: `${htu}/other`, accessToken: token }));
  checker.check(
    wrongUrl.status === 401 && /invalid_dpop_proof/.test(wrongUrl.headers["www-authenticate"] ?? ""),
    `[server] a DPoP proof for another URL must get invalid_dpop_proof, got ${wrongUrl.status} ${wrongUrl.headers["www-authenticate"] ?? ""}`,
  );
  const withNonce = await dpop(mintDpopProof({ htm: "GET", htu, accessToken: token, nonce: "lab" }));
  checker.check(withNonce.status === 200, `[server] a DPoP proof with a nonce → ${withNonce.status}, want 200`);

  // A 407 straight from the API (no proxy in between): what proxy-407-unexpected makes Chromium refuse.
  const proxy = await rawRequest(`${lab.apiOrigin}/api/proxy-407-unexpected`, "GET", origin);
  checker.check(
    proxy.status === 407 && proxy.headers["proxy-authenticate"] === CHALLENGES.proxy,
    `[server] proxy-407-unexpected → ${proxy.status} ${proxy.headers["proxy-authenticate"] ?? "(no Proxy-Authenticate)"}, want 407 with ${CHALLENGES.proxy}`,
  );

  const missing = await rawRequest(`${lab.apiOrigin}/api/nope`, "GET", origin);
  checker.check(missing.status === 404, `[server] unknown API path → ${missing.status}, want 404`);
  const wrongMethod = await rawRequest(`${lab.apiOrigin}/api/login`, "GET", origin);
  checker.check(wrongMethod.status === 405, `[server] GET /api/login → ${wrongMethod.status}, want 405`);

  for (const base of [lab.pageOrigin, lab.apiOrigin]) {
    const favicon = await rawRequest(`${base}/favicon.ico`, "GET", {});
    checker.check(favicon.status === 204, `[server] ${base}/favicon.ico → ${favicon.status}, want 204`);
    checker.check(favicon.headers["cache-control"] === "no-store", `[server] ${base}/favicon.ico lacks no-store`);
    const reply = await sendGarbage(base);
    checker.check(reply.startsWith("HTTP/1.1 400"), `[server] ${base} answered garbage with ${JSON.stringify(reply.slice(0, 20))}`);
    const after = await rawRequest(`${base}/favicon.ico`, "GET", {});
    checker.check(after.status === 204, `[server] ${base} stopped answering after garbage input`);
  }
}

function describeRun(result: RunResult | undefined): string {
  if (result === undefined) return "not run";
  const times = (result.attempts ?? 1) > 1 ? ` ×${result.attempts}` : "";
  return result.status === null ? `blocked (${result.error ?? "no error"})` : `${result.status}${times}`;
}

/** A 3xx whose chain went on: another response of the same chain came from another URL. */
function followedRedirect(r: BrowserResponse, all: readonly BrowserResponse[]): boolean {
  return r.status >= 300 && r.status < 400 && all.some((o) => o !== r && o.firstUrl === r.firstUrl && o.url !== r.url && o.method === r.method);
}

function firstUrlOf(request: Request): string {
  let first = request;
  for (let prev = first.redirectedFrom(); prev !== null; prev = prev.redirectedFrom()) first = prev;
  return first.url();
}

async function main(): Promise<number> {
  const { screenshot } = parseArgs(process.argv.slice(2));
  const serverLog: LabRequestLogEntry[] = [];
  const fixedPorts = process.env.AUTHLENS_LAB_PAGE_PORT !== undefined || process.env.AUTHLENS_LAB_API_PORT !== undefined;
  const lab = await startLab({
    ...(fixedPorts ? {} : { pagePort: 0, apiPort: 0 }),
    onRequest: (entry) => serverLog.push(entry),
  });
  let browser: Browser | undefined;
  const checker = new Checker();
  try {
    await checkServerDirectly(lab, checker);
    serverLog.length = 0;

    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1040, height: 900 } });
    const responses: BrowserResponse[] = [];
    const pendingHeaders: Promise<void>[] = [];
    const failures: BrowserFailure[] = [];
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    page.on("response", (response) => {
      const entry: BrowserResponse = {
        firstUrl: firstUrlOf(response.request()),
        url: response.url(),
        method: response.request().method(),
        status: response.status(),
        headers: response.headers(),
        headerLines: [],
      };
      responses.push(entry);
      pendingHeaders.push(
        response.headersArray().then(
          (lines) => {
            entry.headerLines = lines;
          },
          () => {},
        ),
      );
    });
    page.on("requestfailed", (req) => {
      failures.push({ firstUrl: firstUrlOf(req), url: req.url(), method: req.method(), errorText: req.failure()?.errorText ?? "" });
    });
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    page.on("pageerror", (err) => pageErrors.push(String(err)));

    // Chromium's own account of each request, as DevTools (and the AuthLens panel) gets it.
    const cdpRequests = new Map<string, CdpRequest>();
    const cdpRequest = (id: string): CdpRequest => {
      let entry = cdpRequests.get(id);
      if (entry === undefined) {
        entry = { url: "", method: "", blockedSetCookies: [], blockedCookies: [] };
        cdpRequests.set(id, entry);
      }
      return entry;
    };
    const cdp = await page.context().newCDPSession(page);
    cdp.on("Network.requestWillBeSent", (e) => {
      const entry = cdpRequest(e.requestId);
      // A redirect reuses the requestId: keep the URL the chain started at.
      if (entry.url === "") Object.assign(entry, { url: e.request.url, method: e.request.method, type: e.type });
    });
    cdp.on("Network.loadingFailed", (e) => {
      const entry = cdpRequest(e.requestId);
      entry.errorText = e.errorText;
      entry.type ??= e.type;
      if (e.corsErrorStatus !== undefined) {
        entry.corsError = e.corsErrorStatus.corsError;
        entry.failedParameter = e.corsErrorStatus.failedParameter;
      }
    });
    cdp.on("Network.responseReceivedExtraInfo", (e) => {
      for (const b of e.blockedCookies) {
        const name = b.cookie?.name ?? b.cookieLine.split("=")[0] ?? "?";
        cdpRequest(e.requestId).blockedSetCookies.push(`${name}: ${b.blockedReasons.join(", ")}`);
      }
    });
    cdp.on("Network.requestWillBeSentExtraInfo", (e) => {
      for (const c of e.associatedCookies) {
        if (c.blockedReasons.length > 0) cdpRequest(e.requestId).blockedCookies.push(`${c.cookie.name}: ${c.blockedReasons.join(", ")}`);
      }
    });
    await cdp.send("Network.enable");

    await page.goto(`${lab.pageOrigin}/?run=all`);
    await page.waitForFunction(() => document.body.dataset.labDone === "1", undefined, { timeout: 60_000 });
    await Promise.all(pendingHeaders);
    const results = await page.evaluate(
      () => (window as unknown as { authlensLab: { results: Record<string, RunResult> } }).authlensLab.results,
    );
    const exposedNames = await page.evaluate(
      () => (window as unknown as { authlensLab: { scenarios: string[] } }).authlensLab.scenarios,
    );
    checker.check(
      JSON.stringify(exposedNames) === JSON.stringify(SCENARIOS.map((s) => s.name)),
      "window.authlensLab.scenarios must list every scenario in table order",
    );
    const sections = await page.locator("section.group").evaluateAll((nodes) =>
      nodes.map((n) => ({
        group: (n as HTMLElement).dataset.group ?? "",
        names: [...n.querySelectorAll<HTMLElement>(".scenario")].map((li) => li.dataset.name ?? ""),
      })),
    );
    const wantSections = SCENARIO_GROUPS.map((group) => ({
      group,
      names: SCENARIOS.filter((s) => s.group === group).map((s) => s.name),
    })).filter((g) => g.names.length > 0);
    checker.check(
      JSON.stringify(sections) === JSON.stringify(wantSections),
      `the page's sections differ from the table's groups: ${JSON.stringify(sections)}`,
    );

    /** The path of a URL on the given origin, or undefined for any other URL. */
    const pathOn = (origin: string, url: string): string | undefined => {
      try {
        const parsed = new URL(url);
        return parsed.origin === origin ? parsed.pathname : undefined;
      } catch {
        return undefined;
      }
    };
    /** Whether a URL is a scenario's, on the origin that answers it (the lab API or a real stack). */
    const isScenarioUrl = (url: string, scenario: (typeof SCENARIOS)[number]): boolean => pathOn(lab.originFor(scenario), url) === scenario.path;

    console.log(`Lab page ${lab.pageOrigin}, API ${lab.apiOrigin}\n`);
    let group = "";
    for (const scenario of SCENARIOS) {
      if (scenario.group !== group) {
        group = scenario.group;
        console.log(`── ${group}`);
      }
      const url = lab.originFor(scenario) + scenario.path;
      const result = results[scenario.name];
      // A redirect the browser followed is a hop, not what the page saw: its response is left out.
      // A sign-in whose request is the authorization request itself: the provider's redirect is its answer.
      const authorizes = scenario.request.signIn !== undefined && scenario.request.signIn.authorizePath === undefined;
      const seen = authorizes
        ? responses.filter((r) => isScenarioUrl(r.url, scenario))
        : responses.filter((r) => isScenarioUrl(r.firstUrl, scenario) && !followedRedirect(r, responses));
      const failed = failures.filter((f) => isScenarioUrl(f.firstUrl, scenario));
      const chromium = [...cdpRequests.values()].filter((r) => isScenarioUrl(r.url, scenario));
      const chromiumActual = chromium.filter((r) => r.type !== "Preflight" && r.method === scenario.request.method);
      const hits = serverLog.filter((e) => e.server === (scenario.server ?? "api") && e.path === scenario.path);
      const actualHits = hits.filter((e) => e.method === scenario.request.method);
      const preflights = hits.filter((e) => e.method === "OPTIONS");
      const before = checker.failures.length;
      const label = `[${scenario.name}]`;
      const { expect, request } = scenario;
      const attempts = request.repeat ?? 1;

      checker.check(result !== undefined, `${label} page recorded no result`);
      checker.check(result?.status === expect.status, `${label} page saw ${describeRun(result)}, want ${expect.status ?? "blocked"}`);
      checker.check(
        expect.preflight ? preflights.length > 0 : preflights.length === 0,
        `${label} ${preflights.length} preflight(s) reached the server, want ${expect.preflight ? "≥1" : "none"}`,
      );
      const preflightStatus = expect.preflightStatus ?? 204;
      checker.check(
        preflights.every((e) => e.status === preflightStatus),
        `${label} preflight answered ${preflights.map((e) => e.status).join(", ")}, want ${preflightStatus}`,
      );

      if (expect.status === null) {
        checker.check(result?.error?.includes("Failed to fetch") === true, `${label} want a "Failed to fetch" TypeError`);
        checker.check(failed.length > 0, `${label} browser reported no failed request`);
        const corsConsole = consoleErrors.some((m) => m.includes(url) && m.includes("blocked by CORS policy"));
        if (expect.networkError !== undefined) {
          // A network error of its own, not CORS: Chromium names it, and says nothing of CORS.
          const texts = failed.map((f) => f.errorText);
          checker.check(texts.includes(expect.networkError), `${label} browser failed with ${texts.join(", ") || "nothing"}, want ${expect.networkError}`);
          checker.check(!corsConsole, `${label} a CORS console error for ${url}, want none`);
        } else {
          checker.check(corsConsole, `${label} no CORS console error for ${url}`);
        }
      } else {
        const actual = seen.filter((r) => r.method === request.method);
        // Helpers run whenever a scenario needs their cookies, so possibly more than once.
        const count = scenario.helper ? actual.length >= 1 : actual.length === attempts;
        const earlier = expect.earlierStatus ?? expect.status;
        checker.check(
          count && actual.every((r, i) => r.status === (i < actual.length - 1 ? earlier : expect.status)),
          `${label} browser responses ${actual.map((r) => r.status).join(", ") || "missing"}, want ${attempts > 1 && earlier !== expect.status ? `${attempts - 1} × ${earlier}, then ` : `${attempts} × `}${expect.status}`,
        );
        checker.check(failed.length === 0, `${label} unexpected failed request: ${failed.map((f) => f.errorText).join(", ")}`);
        const wanted = expect.wwwAuthenticate;
        if (wanted !== undefined) {
          for (const response of actual) {
            const lines = response.headerLines.filter((h) => h.name.toLowerCase() === "www-authenticate").map((h) => h.value);
            const ok = wanted === null ? lines.length === 0 : matchesLines(lines, wanted, lab);
            checker.check(ok, `${label} WWW-Authenticate ${JSON.stringify(lines)}, want ${JSON.stringify(wanted)}`);
          }
        }
        if (wanted !== undefined && wanted !== null) {
          // Script sees the challenge only if Access-Control-Expose-Headers names it; the page shows what it read.
          const shown = (await page.locator(`.scenario[data-name="${scenario.name}"] .detail`).textContent()) ?? "";
          const readable = /^WWW-Authenticate:/.test(shown.trim());
          const lines = typeof wanted === "string" ? [wanted] : wanted;
          const joined = shown.trim().replace(/^WWW-Authenticate:\s*/, "");
          const matches = templatePattern(lines.join(", "), lab).test(joined);
          if (expect.challengeReadable === false) {
            checker.check(!readable, `${label} page script could read WWW-Authenticate, but it must be hidden`);
          } else {
            checker.check(readable && matches, `${label} page script could not read WWW-Authenticate (shown: ${JSON.stringify(shown)})`);
          }
        }
      }

      // Chromium's own verdict, exactly as the table records it.
      const corsErrors = chromiumActual.map((r) => r.corsError ?? "none");
      if (scenario.chromiumCorsError !== undefined) {
        checker.check(
          corsErrors.length > 0 && corsErrors.every((c) => c === scenario.chromiumCorsError),
          `${label} Chromium corsError ${corsErrors.join(", ") || "(no request seen)"}, want ${scenario.chromiumCorsError}`,
        );
      } else {
        const any = chromium.filter((r) => r.corsError !== undefined);
        checker.check(any.length === 0, `${label} Chromium reported corsError ${any.map((r) => r.corsError).join(", ")}, want none`);
        checker.check(chromiumActual.length >= attempts, `${label} Chromium reported ${chromiumActual.length} request(s), want ${attempts}`);
      }

      // Chromium's cookie verdicts: refused Set-Cookie lines must be exactly the table's.
      const refused = [...new Set(chromiumActual.flatMap((r) => r.blockedSetCookies))].sort();
      const wantRefused = Object.entries(expect.refusedSetCookies ?? {}).map(([n, reason]) => `${n}: ${reason}`).sort();
      checker.check(
        JSON.stringify(refused) === JSON.stringify(wantRefused),
        `${label} Chromium refused Set-Cookie [${refused.join("; ")}], want [${wantRefused.join("; ")}]`,
      );
      const keptBack = chromiumActual.flatMap((r) => r.blockedCookies);
      for (const [name, reason] of Object.entries(expect.keptBackCookies ?? {})) {
        checker.check(keptBack.includes(`${name}: ${reason}`), `${label} Chromium did not keep back ${name} (${reason}): [${keptBack.join("; ")}]`);
      }

      const serverStatus = expect.serverStatus !== undefined ? expect.serverStatus : (expect.status ?? 200);
      if (serverStatus === null) {
        checker.check(actualHits.length === 0, `${label} the actual request must never reach the server`);
      } else if (scenario.helper) {
        checker.check(actualHits.length >= 1, `${label} the helper never reached the server`);
      } else {
        checker.check(actualHits.length === attempts, `${label} ${actualHits.length} actual request(s) reached the server, want ${attempts}`);
      }
      if (serverStatus !== null) {
        const earlierServer = expect.earlierStatus ?? serverStatus;
        checker.check(
          actualHits.every((e, i) => e.status === (i < actualHits.length - 1 ? earlierServer : serverStatus)),
          `${label} server answered ${actualHits.map((e) => e.status).join(", ")}, want ${serverStatus}`,
        );
      }
      if (attempts > 1 && actualHits.length > 1) {
        const span = (actualHits.at(-1)?.time ?? 0) - (actualHits[0]?.time ?? 0);
        checker.check(span < REPEAT_WINDOW_MS, `${label} ${attempts} attempts took ${span} ms, want < ${REPEAT_WINDOW_MS}`);
      }

      const wantCookies = expect.cookies !== undefined ? expect.cookies : request.credentials === "include" ? undefined : null;
      for (const hit of actualHits) {
        const sent = cookieNames(hit.cookie);
        if (wantCookies === null) {
          checker.check(hit.cookie === undefined, `${label} sent Cookie: ${hit.cookie}, want no Cookie header`);
        } else if (wantCookies !== undefined) {
          checker.check(wantCookies.every((c) => sent.includes(c)), `${label} sent cookies [${sent.join(", ")}], want ${wantCookies.join(", ")}`);
        }
        const auth = request.authorization;
        // A prepared request's headers come from its stack (RunningStack.prepare), not the row.
        if (request.prepared !== true) {
          checker.check((hit.authorization !== undefined) === (auth !== undefined), `${label} Authorization presence differs from the scenario`);
        }
        if (auth !== undefined && auth.kind !== "literal") {
          const scheme = auth.kind === "stack" ? auth.scheme : { bearer: "Bearer", dpop: "DPoP", basic: "Basic" }[auth.kind];
          checker.check(hit.authorization?.startsWith(`${scheme} `) === true, `${label} Authorization ${hit.authorization}, want ${scheme}`);
        }
        checker.check((hit.dpop !== undefined) === (auth?.kind === "dpop"), `${label} DPoP proof presence differs from the scenario`);
        const query = new URLSearchParams(hit.query);
        for (const name of Object.keys(request.query ?? {})) {
          checker.check(query.has(name), `${label} query lacks ${name}`);
        }
      }

      const verdict = checker.failures.length === before ? "ok  " : "FAIL";
      const browserSide =
        expect.status === null
          ? `failed ${[...new Set(failed.map((f) => `${f.method} ${f.errorText}`))].join(", ") || "none"}`
          : `${seen.map((r) => `${r.method} ${r.status}`).join(", ") || "none"}`;
      const serverSide = hits.map((e) => `${e.method} ${e.status}`).join(", ") || "nothing";
      const corsSide = [...new Set(corsErrors)].join(", ") || "-";
      console.log(
        `${verdict} ${scenario.name.padEnd(28)} page: ${describeRun(result).replace(" (TypeError: Failed to fetch)", "").padEnd(9)} browser: ${browserSide.padEnd(26)} corsError: ${corsSide.padEnd(36)} server: ${serverSide}`,
      );
      for (const r of chromium) {
        if (r.failedParameter) console.log(`       chromium failedParameter: ${JSON.stringify(r.failedParameter)}`);
        for (const c of r.blockedSetCookies) console.log(`       chromium refused Set-Cookie ${c}`);
        for (const c of r.blockedCookies) console.log(`       chromium kept back cookie ${c}`);
      }
    }

    checker.check(pageErrors.length === 0, `page errors: ${pageErrors.join(" | ")}`);
    const otherFailures = failures.filter((f) => !SCENARIOS.some((s) => isScenarioUrl(f.firstUrl, s)));
    checker.check(otherFailures.length === 0, `unexpected failed requests: ${otherFailures.map((f) => f.url).join(", ")}`);
    const stray = responses.filter((r) => r.status === 404);
    checker.check(stray.length === 0, `unexpected 404s: ${stray.map((r) => r.url).join(", ")}`);
    const cacheable = responses.filter((r) => r.headers["cache-control"] !== "no-store");
    checker.check(cacheable.length === 0, `responses without Cache-Control: no-store: ${cacheable.map((r) => r.url).join(", ")}`);
    // A second run in the same page load: the cookie-clearing helper must run again, so the
    // cookies set since (lab_session, lab_secure) stay out of the request once more.
    const again = await page.evaluate(
      () => (window as unknown as { authlensLab: { run(name: string): Promise<RunResult> } }).authlensLab.run("cookie-not-sent-401"),
    );
    const lastHit = serverLog.filter((e) => e.path === "/api/cookie-not-sent-401" && e.method === "GET").at(-1);
    checker.check(
      again.status === 401 && lastHit !== undefined && lastHit.cookie === undefined,
      `[cookie-not-sent-401] a second run sent Cookie: ${lastHit?.cookie ?? "(nothing)"}, status ${again.status}`,
    );

    const mismatchedRows = await page.locator('.scenario[data-matches="false"]').count();
    checker.check(mismatchedRows === 0, `${mismatchedRows} scenario row(s) on the page show a mismatch`);
    const unrun = await page.locator(".scenario:not([data-status])").count();
    checker.check(unrun === 0, `${unrun} scenario row(s) on the page never ran`);

    if (screenshot !== null) {
      await mkdir(dirname(screenshot), { recursive: true });
      await page.screenshot({ path: screenshot, fullPage: true });
      console.log(`\nScreenshot: ${screenshot}`);
    }
  } finally {
    await browser?.close();
    await lab.close();
  }

  if (checker.failures.length > 0) {
    console.error(`\n${checker.failures.length} problem(s):`);
    for (const failure of checker.failures) console.error(`  - ${failure}`);
    return 1;
  }
  console.log("\nAll scenarios behaved as described.");
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  },
);
