/**
 * The package as a stranger gets it: `npm pack`, the tarball installed into an empty folder
 * outside the repository (no network: the package has no runtime dependency), and there the CLI
 * through npx, the library through an ESM import, and the types through a consumer's tsc.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChrome } from "../harness/devtools.ts";
import { ROOT } from "./run-cli.ts";

const LAB_HAR = join(ROOT, "test", "fixtures", "lab", "lab-chromium.har");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

/**
 * The environment of a child npm: the parent's, without the `npm_*` variables an `npm test`
 * sets (npm_config_local_prefix and friends would point the child at this repository).
 */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_/i.test(k)) env[k] = v;
  return { ...env, NO_UPDATE_NOTIFIER: "1", ...extra };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: readonly string[], cwd: string, env = cleanEnv()): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

function ok(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.stderr.slice(-2000)}`);
  return r;
}

/** What `npm pack --json` says of the tarball. */
interface Packed {
  filename: string;
  files: { path: string }[];
  entryCount: number;
  size: number;
}

let work: string;
let app: string;
let packed: Packed;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "authlens-pack-"));
  // prepack builds the CLI, the library and their types: the tarball holds this tree's code.
  const pack = ok(await run(NPM, ["pack", "--json", "--pack-destination", work], ROOT), "npm pack");
  packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as Packed[])[0]!;
  app = join(work, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "authlens-pack-check", private: true, type: "module" })}\n`);
  ok(await run(NPM, ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", join(work, packed.filename)], app), "npm install <tarball>");
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("is installed outside the repository", () => {
    expect(relative(realpathSync(ROOT), realpathSync(app)).startsWith("..")).toBe(true);
  });

  it("carries only what runs: the CLI, the library, the fixture, their types, README and LICENSE", () => {
    const paths = packed.files.map((f) => f.path).sort();
    const allowed = /^(package\.json|README\.md|LICENSE|dist\/cli\/authlens\.mjs|dist\/(lib|playwright)\/[\w/.-]+\.mjs|dist\/types\/[\w/.-]+\.d\.ts)$/;
    expect(paths.filter((p) => !allowed.test(p))).toEqual([]);
    for (const needed of ["README.md", "LICENSE", "dist/cli/authlens.mjs", "dist/lib/index.mjs", "dist/playwright/index.mjs", "dist/types/lib/index.d.ts", "dist/types/playwright/index.d.ts"]) {
      expect(paths).toContain(needed);
    }
    expect(paths.some((p) => /^(src|test|bench|docs|scripts|public)\//.test(p) || /\.(png|jpe?g|har|map)$/.test(p))).toBe(false);
  });

  it("installs no dependency: the CLI and the library run on Node alone", () => {
    const lock = JSON.parse(readFileSync(join(app, "package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).sort()).toEqual(["", "node_modules/authlens"]);
    const manifest = JSON.parse(readFileSync(join(app, "node_modules", "authlens", "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.private).toBeUndefined();
  });

  it("`npx authlens --help` prints the usage", async () => {
    const r = ok(await run(NPX, ["--no", "--", "authlens", "--help"], app), "npx authlens --help");
    expect(r.stdout).toMatch(/^authlens \d+\.\d+\.\d+: explains 401, 403 and 407/);
    expect(r.stdout).toMatch(/^ {2}analyze <file\.har> /m);
  });

  it("`npx authlens analyze <lab HAR>` diagnoses it, and --fail-on error exits 1 on its failures", async () => {
    const r = ok(await run(NPX, ["--no", "--", "authlens", "analyze", LAB_HAR], app), "npx authlens analyze");
    expect(r.stdout).toMatch(/^lab-chromium\.har: \d+ requests/);
    expect(r.stdout).toContain("GET 401  http://127.0.0.1:18082/api/bearer-401\n  Root cause: Token expired (auth.token-expired)");
    const failing = await run(NPX, ["--no", "--", "authlens", "analyze", LAB_HAR, "--fail-on", "error", "--json"], app);
    expect(failing.code).toBe(1);
    const report = JSON.parse(failing.stdout) as { exchanges: { url: string; rootCause: string | null }[] };
    expect(report.exchanges.find((x) => x.url.endsWith("/api/bearer-401"))?.rootCause).toBe("auth.token-expired");
  });

  it("imports as an ES module: analysis, catalogue, challenge parser, token decoder", async () => {
    writeFileSync(
      join(app, "check.mjs"),
      `import { readFileSync } from "node:fs";
import { CATALOGUE, analyzeHar, decodeToken, parseChallenges, toReport } from "authlens";
const result = analyzeHar(JSON.parse(readFileSync(process.argv[2], "utf8")));
if (!result.ok) throw new Error(result.error);
const report = toReport(result.analysis.diagnoses);
const challenge = parseChallenges(['Bearer realm="api", error="invalid_token"']);
const token = decodeToken("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl");
console.log(JSON.stringify({
  exchanges: report.exchanges.length,
  bearer401: report.exchanges.find((x) => x.url.endsWith("/api/bearer-401"))?.rootCause,
  catalogue: CATALOGUE["auth.token-expired"]?.severity,
  scheme: challenge.strict[0]?.scheme,
  params: Object.keys(challenge.strict[0]?.params ?? {}),
  tokenKind: token.kind,
}));
`,
    );
    const r = ok(await run(process.execPath, ["check.mjs", LAB_HAR], app), "node check.mjs");
    const seen = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(seen).toMatchObject({ bearer401: "auth.token-expired", catalogue: "error", scheme: "Bearer", params: ["realm", "error"], tokenKind: "jws" });
    expect(seen.exchanges).toBeGreaterThan(100);
  });

  it("gives the Playwright fixture to a suite that has @playwright/test (a peer dependency)", async () => {
    // The suite's own @playwright/test: this repository's, linked in as a user's install would hold it.
    mkdirSync(join(app, "node_modules", "@playwright"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", "@playwright", "test"), join(app, "node_modules", "@playwright", "test"), "dir");
    const r = ok(
      await run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const m = await import("authlens/playwright");
console.log(JSON.stringify({ test: typeof m.test?.extend, expect: typeof m.expect, check: typeof m.expectNoAuthProblems, record: typeof m.recordAuthTraffic }));`,
        ],
        app,
      ),
      "import authlens/playwright",
    );
    expect(JSON.parse(r.stdout)).toEqual({ test: "function", expect: "function", check: "function", record: "function" });
  });

  it("type-checks in a consumer's strict TypeScript project, declarations included (skipLibCheck off)", async () => {
    writeFileSync(
      join(app, "consumer.ts"),
      `import { analyzeHar, CATALOGUE, decodeToken, parseChallenges, toReport, type FindingCode, type Report } from "authlens";
import { expectNoAuthProblems, test, type AuthLensOptions } from "authlens/playwright";
const result = analyzeHar({ log: { version: "1.2", entries: [] } });
const report: Report | undefined = result.ok ? toReport(result.analysis.diagnoses) : undefined;
const code: FindingCode = "auth.token-expired";
const options: AuthLensOptions = { failOn: "warning", ignoreUrls: ["/metrics", /health$/], ignoreCodes: [code] };
test.use({ authlens: options });
test("orders", async ({ page }) => {
  await page.goto("https://example.test/");
  await expectNoAuthProblems(page, { codes: ["cors.preflight-failed"] });
});
export const seen = [report, CATALOGUE[code].severity, parseChallenges(["Basic"]).ok, decodeToken("x").kind];
`,
    );
    writeFileSync(
      join(app, "tsconfig.json"),
      `${JSON.stringify({
        // What a Playwright project has anyway (Playwright's own declarations need them): Node's types, a recent lib.
        compilerOptions: {
          target: "ES2022",
          lib: ["ESNext", "DOM"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          typeRoots: [join(ROOT, "node_modules", "@types")],
          types: ["node"],
        },
        files: ["consumer.ts"],
      })}\n`,
    );
    const r = await run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("runs a suite's Playwright test with the installed fixture: a 401 fails it, explained", async () => {
    const chrome = findChrome();
    if (!chrome) throw new Error("Chromium was not found: install it (apt-get install chromium) or set CHROME_PATH");
    // A page and its API answered by the test itself (page.route): no server, no network.
    writeFileSync(
      join(app, "orders.spec.mjs"),
      `import { expect, expectNoAuthProblems, test } from "authlens/playwright";
test.use({ launchOptions: { executablePath: process.env.CHROME_PATH } });
test("orders load", async ({ page }) => {
  await page.route("https://shop.example.test/**", (route) => {
    if (route.request().url().endsWith("/api/orders")) {
      return route.fulfill({ status: 401, headers: { "www-authenticate": 'Bearer realm="shop", error="invalid_token", error_description="The access token expired"' }, body: "{\\"error\\":\\"invalid_token\\"}", contentType: "application/json" });
    }
    return route.fulfill({ status: 200, contentType: "text/html", body: "<h1>Orders</h1><script>fetch('/api/orders', { headers: { Authorization: 'Bearer abc.def' } }).then((r) => r.text()).then(() => document.body.dataset.done = '1')</script>" });
  });
  await page.goto("https://shop.example.test/orders");
  await expect(page.locator("body[data-done]")).toBeAttached();
  await expectNoAuthProblems(page);
});
`,
    );
    writeFileSync(join(app, "playwright.config.mjs"), `export default { testDir: ".", testMatch: "*.spec.mjs", workers: 1, retries: 0, outputDir: "results" };\n`);
    const env = cleanEnv({ CHROME_PATH: chrome });
    for (const k of Object.keys(env)) if (/^(TEST_|PW_|PLAYWRIGHT_|VITEST)/.test(k)) delete env[k];
    const r = await run(process.execPath, [join(app, "node_modules", "@playwright", "test", "cli.js"), "test", "--reporter=line"], app, env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain("AuthLensError: AuthLens found an auth problem in 1 request:");
    expect(r.stdout).toMatch(/1\. GET https:\/\/shop\.example\.test\/api\/orders → 401 Unauthorized\n\s+error: /);
    expect(r.stdout).toContain("authlens-diagnosis.md");
    expect(readFileSync(join(app, "results", "orders-orders-load", "authlens-traffic.har"), "utf8")).toContain('"creator"');
  }, 120_000);
});
