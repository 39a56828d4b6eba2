/**
 * Lab self-test: runs every scenario in a real Chromium and checks that the browser and the
 * server saw exactly what each scenario promises. Exits non-zero on any mismatch.
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
import { type Browser, chromium } from "playwright";
import { SCENARIOS, type Scenario } from "./scenarios.ts";
import { type Lab, type LabRequestLogEntry, startLab } from "./server.ts";

interface RunResult {
  status: number | null;
  error?: string;
}

interface BrowserResponse {
  url: string;
  method: string;
  status: number;
  headers: Record<string, string>;
}

interface BrowserFailure {
  url: string;
  method: string;
  errorText: string;
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
/** What Chromium's console must name for each blocked scenario, so the right rule failed. */
const CORS_CONSOLE_REASON: Partial<Record<Scenario["name"], string>> = {
  "preflight-fails": "Response to preflight request doesn't pass access control check",
  "credentialed-no-acac": "Access-Control-Allow-Credentials",
};

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

function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolveRequest, rejectRequest) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolveRequest({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on("error", rejectRequest);
    req.end();
  });
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
  return result.status === null ? `blocked (${result.error ?? "no error"})` : String(result.status);
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
    const failures: BrowserFailure[] = [];
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    page.on("response", (response) => {
      responses.push({
        url: response.url(),
        method: response.request().method(),
        status: response.status(),
        headers: response.headers(),
      });
    });
    page.on("requestfailed", (req) => {
      failures.push({ url: req.url(), method: req.method(), errorText: req.failure()?.errorText ?? "" });
    });
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    page.on("pageerror", (err) => pageErrors.push(String(err)));

    await page.goto(`${lab.pageOrigin}/?run=all`);
    await page.waitForFunction(() => document.body.dataset.labDone === "1", undefined, { timeout: 30_000 });
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

    console.log(`Lab page ${lab.pageOrigin}, API ${lab.apiOrigin}\n`);
    for (const scenario of SCENARIOS) {
      const url = lab.apiOrigin + scenario.path;
      const result = results[scenario.name];
      const seen = responses.filter((r) => r.url === url);
      const failed = failures.filter((f) => f.url === url);
      const hits = serverLog.filter((e) => e.server === "api" && e.path === scenario.path);
      const actualHits = hits.filter((e) => e.method === scenario.request.method);
      const preflights = hits.filter((e) => e.method === "OPTIONS");
      const before = checker.failures.length;
      const label = `[${scenario.name}]`;
      const { expect, request } = scenario;

      checker.check(result !== undefined, `${label} page recorded no result`);
      checker.check(result?.status === expect.status, `${label} page saw ${describeRun(result)}, want ${expect.status ?? "blocked"}`);
      checker.check(
        expect.preflight ? preflights.length > 0 : preflights.length === 0,
        `${label} ${preflights.length} preflight(s) reached the server, want ${expect.preflight ? "≥1" : "none"}`,
      );

      if (expect.status === null) {
        checker.check(result?.error?.includes("Failed to fetch") === true, `${label} want a "Failed to fetch" TypeError`);
        checker.check(failed.length > 0, `${label} browser reported no failed request`);
        const reason = CORS_CONSOLE_REASON[scenario.name];
        checker.check(
          consoleErrors.some((m) => m.includes(url) && m.includes("blocked by CORS policy") && (!reason || m.includes(reason))),
          `${label} no matching CORS console error${reason ? ` mentioning "${reason}"` : ""}`,
        );
      } else {
        const actual = seen.find((r) => r.method === request.method);
        checker.check(actual?.status === expect.status, `${label} browser response ${actual?.status ?? "missing"}, want ${expect.status}`);
        checker.check(failed.length === 0, `${label} unexpected failed request: ${failed.map((f) => f.errorText).join(", ")}`);
        if (expect.wwwAuthenticate !== undefined) {
          const challenge = actual?.headers["www-authenticate"] ?? null;
          checker.check(challenge === expect.wwwAuthenticate, `${label} WWW-Authenticate ${JSON.stringify(challenge)}, want ${JSON.stringify(expect.wwwAuthenticate)}`);
        }
        if (typeof expect.wwwAuthenticate === "string") {
          // The page can only show the challenge if Access-Control-Expose-Headers lets script read it.
          const shown = await page.locator(`.scenario[data-name="${scenario.name}"] .detail`).textContent();
          checker.check(shown?.includes(expect.wwwAuthenticate) === true, `${label} page script could not read WWW-Authenticate`);
        }
      }

      if (scenario.name === "preflight-fails") {
        checker.check(preflights.every((e) => e.status === 403), `${label} preflight must be answered 403`);
        checker.check(actualHits.length === 0, `${label} the actual request must never reach the server`);
      } else {
        checker.check(actualHits.length === 1, `${label} ${actualHits.length} actual request(s) reached the server, want 1`);
      }
      const hit = actualHits[0];
      if (hit !== undefined) {
        const sentCookie = hit.cookie?.includes("lab_session=") === true;
        checker.check(sentCookie === (request.needsSession === true), `${label} session cookie ${sentCookie ? "sent" : "not sent"}`);
        checker.check((hit.authorization !== undefined) === (request.authorization !== undefined), `${label} Authorization presence differs from the scenario`);
        if (expect.status === null) {
          checker.check(hit.status === 200, `${label} server answered ${hit.status}; the block must come from the browser`);
        }
      }

      const verdict = checker.failures.length === before ? "ok  " : "FAIL";
      const browserSide =
        expect.status === null
          ? `requestfailed ${failed.map((f) => `${f.method} ${f.errorText}`).join(", ") || "none"}`
          : `response ${seen.map((r) => `${r.method} ${r.status}`).join(", ") || "none"}`;
      const serverSide = hits.map((e) => `${e.method} ${e.status}`).join(", ") || "nothing";
      console.log(
        `${verdict} ${scenario.name.padEnd(22)} page: ${describeRun(result).padEnd(38)} browser: ${browserSide.padEnd(34)} server: ${serverSide}`,
      );
      if (expect.status === null) {
        for (const message of consoleErrors.filter((m) => m.includes(url))) console.log(`       console: ${message}`);
      }
    }

    checker.check(pageErrors.length === 0, `page errors: ${pageErrors.join(" | ")}`);
    const otherFailures = failures.filter((f) => !SCENARIOS.some((s) => f.url === lab.apiOrigin + s.path));
    checker.check(otherFailures.length === 0, `unexpected failed requests: ${otherFailures.map((f) => f.url).join(", ")}`);
    const stray = responses.filter((r) => r.status === 404);
    checker.check(stray.length === 0, `unexpected 404s: ${stray.map((r) => r.url).join(", ")}`);
    const cacheable = responses.filter((r) => r.headers["cache-control"] !== "no-store");
    checker.check(cacheable.length === 0, `responses without Cache-Control: no-store: ${cacheable.map((r) => r.url).join(", ")}`);
    const mismatchedRows = await page.locator('.scenario[data-matches="false"]').count();
    checker.check(mismatchedRows === 0, `${mismatchedRows} scenario row(s) on the page show a mismatch`);

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
