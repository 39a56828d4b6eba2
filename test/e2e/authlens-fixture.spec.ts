/**
 * authlens/playwright against the scenario lab: the fixture records the page's traffic,
 * expectNoAuthProblems passes on healthy scenarios and fails on a 401 and CORS refusals with
 * the request first and the root cause in words; a failed test of a suite (a nested Playwright
 * run) carries the diagnosis and the redacted traffic as attachments.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectNoAuthProblems } from "../../src/playwright/index.ts";
import { expect, runScenarios, test } from "../playwright-fixture/lab-test.ts";

const HEALTHY = ["valid-token-200", "credentialed-ok", "cors-json-post-ok", "cors-wildcard-ok", "token-in-url", "cors-vary-missing"];

test("healthy traffic passes, at every severity: only root causes fail a test", async ({ page, lab }) => {
  await runScenarios(page, lab, HEALTHY);
  // A cross-origin request the test itself aborts fails with net::ERR_FAILED, as a CORS refusal
  // does; Chromium gives it no CORS error, and it fails nothing.
  await page.route(`${lab.apiOrigin}/analytics`, (route) => route.abort());
  const aborted = await page.evaluate((url) => fetch(url).then(() => "answered", (e: Error) => e.name), `${lab.apiOrigin}/analytics`);
  expect(aborted).toBe("TypeError");
  await expectNoAuthProblems(page);
  // token-in-url and cors-vary-missing carry advice (a warning, an info) on requests that succeeded.
  await expectNoAuthProblems(page, { failOn: "info" });
});

test("a 401 and two CORS refusals fail with the request first and the root cause in words", async ({ page, lab }) => {
  await runScenarios(page, lab, ["valid-token-200", "bearer-401", "cors-missing-acao", "cors-header-not-allowed"]);
  const error = await expectNoAuthProblems(page).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, "expectNoAuthProblems threw").toBeInstanceOf(Error);
  const message = error!.message;
  const api = lab.apiOrigin;
  expect(message.split("\n").slice(0, 4)).toEqual([
    "AuthLens found an auth problem in 3 requests:",
    "",
    `1. GET ${api}/api/bearer-401 → 401 Unauthorized`,
    "   error: Token expired (auth.token-expired)",
  ]);
  expect(message).toMatch(/^ {3}.*sent a JWT in the Authorization header that expired/m);
  expect(message).toMatch(/^ {3}Fix: Get a new token before sending this request/m);
  // Chromium's protocol gives what Playwright's events do not: the refused response, the preflight.
  expect(message).toContain(`\n\n2. GET ${api}/api/cors-missing-acao → 200 · blocked by CORS\n   error: `);
  expect(message).toContain("(cors.missing-allow-origin)");
  expect(message).toContain(`\n\n3. GET ${api}/api/cors-header-not-allowed → no response (blocked by CORS, net::ERR_FAILED)\n   error: `);
  expect(message).toContain("(cors.header-not-allowed)");
  expect(message).toContain("X-Lab-Trace");
  expect(message).not.toContain("valid-token-200");

  // The options: which codes fail, which URLs are left out.
  await expectNoAuthProblems(page, { ignoreUrls: ["/api/bearer-401", /cors-(missing-acao|header-not-allowed)$/] });
  await expectNoAuthProblems(page, { ignoreCodes: ["auth.token-expired", "cors.missing-allow-origin", "cors.header-not-allowed"] });
  const onlyExpiry = await expectNoAuthProblems(page, { codes: ["auth.token-expired"] }).then(
    () => "",
    (e: unknown) => (e as Error).message,
  );
  expect(onlyExpiry).toMatch(/^AuthLens found an auth problem in 1 request:\n\n1\. GET \S+\/api\/bearer-401 → 401 Unauthorized\n/);
});

interface JsonAttachment {
  name: string;
  contentType: string;
  body?: string;
  path?: string;
}
interface JsonResult {
  status: string;
  errors: { message?: string }[];
  attachments: JsonAttachment[];
}

test("a failed test of a suite carries the diagnosis (Markdown) and the redacted traffic (HAR)", async () => {
  test.slow();
  const out = mkdtempSync(join(tmpdir(), "authlens-nested-"));
  try {
    // The child is a suite of its own: none of this run's Playwright variables.
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(TEST_|PW_|PLAYWRIGHT_)/.test(k)) env[k] = v;
    env.AUTHLENS_NESTED_OUT = out;
    const cli = join(process.cwd(), "node_modules", "@playwright", "test", "cli.js");
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [cli, "test", "--config", "test/playwright-fixture/playwright.config.ts", "--reporter=json"],
        { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
        (error, stdout) => resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout }),
      );
    });
    expect(code, "the nested suite fails").toBe(1);
    const report = JSON.parse(stdout) as { suites: { specs: { title: string; tests: { results: JsonResult[] }[] }[] }[] };
    const result = report.suites[0]!.specs[0]!.tests[0]!.results[0]!;
    expect(result.status).toBe("failed");
    expect(result.errors[0]?.message ?? "").toMatch(/AuthLens found an auth problem in 1 request:\n\n1\. GET \S+\/api\/bearer-401 → 401 Unauthorized\n {3}error: Token expired/);

    const byName = new Map(result.attachments.map((a) => [a.name, a]));
    const markdown = Buffer.from(byName.get("authlens-diagnosis.md")?.body ?? "", "base64").toString("utf8");
    expect(byName.get("authlens-diagnosis.md")?.contentType).toBe("text/markdown");
    expect(markdown).toMatch(/^# AuthLens: 1 failing request in \d+ recorded requests\n\n### GET \S+\/api\/bearer-401 → 401 Unauthorized/);
    expect(markdown).toContain("**Root cause:**");
    expect(markdown).toContain("auth.token-expired");

    const harPath = byName.get("authlens-traffic.har")?.path ?? "";
    expect(harPath.startsWith(out), "the HAR is a file in the test's output folder").toBe(true);
    const harText = readFileSync(harPath, "utf8");
    const har = JSON.parse(harText) as { log: { entries: { request: { method: string; url: string; headers: { name: string; value: string }[] } }[] } };
    const sent = har.log.entries.find((e) => e.request.method === "GET" && e.request.url.endsWith("/api/bearer-401"));
    const authorization = sent?.request.headers.find((h) => h.name.toLowerCase() === "authorization")?.value ?? "";
    // Redacted: the JWT keeps its header and claims (they explain the expiry), never its signature.
    expect(authorization).toMatch(/^Bearer eyJ[\w-]+\.eyJ[\w-]+\./);
    const [, , signature] = authorization.slice("Bearer ".length).split(".");
    expect(signature).not.toMatch(/^[\w-]{20,}$/);

    // The CI step of the README: the CLI on that file finds the same root cause.
    const cliRun = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, [join(process.cwd(), "dist", "cli", "authlens.mjs"), "analyze", harPath, "--fail-on", "error", "--json"], { encoding: "utf8" }, (error, stdout) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout }),
      );
    });
    expect(cliRun.code).toBe(1);
    const cliReport = JSON.parse(cliRun.stdout) as { exchanges: { url: string; rootCause: string | null }[] };
    expect(cliReport.exchanges.filter((x) => x.rootCause !== null).map((x) => [new URL(x.url).pathname, x.rootCause])).toEqual([["/api/bearer-401", "auth.token-expired"]]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
