/**
 * `authlens analyze` in CI: --format markdown (a job summary) and --format junit (one failing
 * test case per failing request), --fail-on counting root causes only (healthy traffic exits 0
 * at every level, whatever the format), the text report's width (COLUMNS, else 80 when piped),
 * and no character from the traffic that a terminal acts on, in any format.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportWidth } from "../../src/cli/analyze.ts";
import type { Io } from "../../src/cli/io.ts";
import type { Report } from "../../src/core/report.ts";
import { buildCli, ROOT, runCli } from "./run-cli.ts";

const LAB = join(ROOT, "test", "fixtures", "lab", "lab-chromium.har");
const PAGE = "http://127.0.0.1:18081";
const API = "http://127.0.0.1:18082";
/** Control characters a terminal acts on (C0 but \n, DEL, C1) and the bidi and hiding characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that no control character gets through.
const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

let tmp: string;
let healthy: string;
let hostile: string;
let labReport: Report;

interface HarEntry {
  request: { url: string; method: string };
}

beforeAll(async () => {
  buildCli();
  tmp = await mkdtemp(join(tmpdir(), "authlens-ci-"));
  const lab = JSON.parse(await readFile(LAB, "utf8")) as { log: { entries: HarEntry[] } };
  // The lab's requests that succeeded: the page, a valid token, CORS done right, and two that
  // succeeded with advice (a token in the URL: a warning; a missing Vary: information).
  const ok = ["/api/valid-token-200", "/api/cors-json-post-ok", "/api/cors-wildcard-ok", "/api/token-in-url", "/api/cors-vary-missing"];
  lab.log.entries = lab.log.entries.filter((e) => {
    const url = new URL(e.request.url);
    // The page origin also hosts two failing scenarios: a redirect target and a sign-in callback.
    return (url.origin === PAGE && !/^\/(moved|oidc)\//.test(url.pathname)) || (url.origin === API && ok.includes(url.pathname));
  });
  healthy = join(tmp, "healthy.har");
  await writeFile(healthy, JSON.stringify(lab));

  const entry = {
    startedDateTime: "2026-12-01T10:00:00.000Z",
    time: 12,
    request: {
      method: "GET",
      url: "https://api.example.test/orders/\u202eevil\u0007",
      httpVersion: "HTTP/1.1",
      headers: [
        { name: "Authorization", value: "Bearer opaque-\u001b[31mred\u001b[0m" },
        { name: "Origin", value: "https://app.example.test" },
      ],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 401,
      statusText: "Unauthorized\u009b2J",
      httpVersion: "HTTP/1.1",
      headers: [
        { name: "WWW-Authenticate", value: 'Bearer error="invalid_token", error_description="gone\u001b]0;pwned\u0007 \u2028<b>&amp;"' },
        { name: "Access-Control-Allow-Origin", value: "https://app.example.test" },
      ],
      cookies: [],
      content: { size: 0, mimeType: "text/plain" },
      redirectURL: "",
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 10, receive: 2 },
  };
  hostile = join(tmp, "hostile.har");
  await writeFile(hostile, JSON.stringify({ log: { version: "1.2", creator: { name: "x\u001b[2J", version: "1" }, entries: [entry] } }));

  labReport = JSON.parse((await runCli(["analyze", LAB, "--json"])).stdout) as Report;
}, 120_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const failingIn = (report: Report) => report.exchanges.filter((x) => x.rootCause !== null);

describe("--fail-on counts root causes only", () => {
  it("the healthy capture has advice (a warning, information) but no root cause", async () => {
    const report = JSON.parse((await runCli(["analyze", healthy, "--json"])).stdout) as Report;
    expect(failingIn(report)).toEqual([]);
    const severities = new Set(report.exchanges.flatMap((x) => x.findings.map((f) => f.severity)));
    expect(severities).toContain("warning");
    expect(severities).toContain("info");
  });

  it.each(["error", "warning", "info"])("healthy traffic exits 0 at --fail-on %s, in every format", async (level) => {
    for (const format of ["text", "json", "markdown", "junit"]) {
      const r = await runCli(["analyze", healthy, "--fail-on", level, "--format", format]);
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toBe("");
    }
  });

  it.each(["error", "warning", "info"])("failing traffic exits 1 at --fail-on %s", async (level) => {
    const r = await runCli(["analyze", LAB, "--fail-on", level, "--format", "markdown"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## AuthLens: lab-chromium\.har\n/);
  });
});

describe("--format markdown", () => {
  it("counts the failing requests, tables them, then gives each one's redacted diagnosis", async () => {
    const r = await runCli(["analyze", LAB, "--format", "markdown"]);
    expect(r.code, r.stderr).toBe(0);
    const failing = failingIn(labReport);
    expect(r.stdout.startsWith(`## AuthLens: lab-chromium.har\n\n**${failing.length} requests failed** for an auth or CORS reason, of ${labReport.exchanges.length} requests analysed.\n\n| # | Request | Outcome | Root cause |\n|---|---|---|---|\n`)).toBe(true);
    const rows = r.stdout.split("\n").filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toHaveLength(failing.length);
    expect(rows[0]).toBe(`| 1 | GET ${API}/api/bearer-401 | 401 Unauthorized | \`auth.token-expired\` Token expired |`);
    expect(r.stdout.match(/^### /gm)).toHaveLength(failing.length);
    expect(r.stdout).toContain(`### GET ${API}/api/bearer-401 → 401 Unauthorized\n\n**Root cause:** **Error** \`auth.token-expired\`: Token expired`);
    // Redacted: no JWT of the capture keeps its signature.
    expect(r.stdout).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{20,}/);
  });

  it("stays within a job summary's 1 MiB: 500 rows, 100 diagnoses in full, and says how many more", async () => {
    const entries = Array.from({ length: 600 }, (_, i) => ({
      startedDateTime: new Date(Date.UTC(2026, 11, 1, 10, 0, 0, i)).toISOString(),
      time: 1,
      request: { method: "GET", url: `https://api.example.test/items/${i}`, httpVersion: "HTTP/1.1", headers: [{ name: "Authorization", value: "Bearer null" }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: { status: 401, statusText: "Unauthorized", httpVersion: "HTTP/1.1", headers: [{ name: "WWW-Authenticate", value: 'Bearer error="invalid_token"' }], cookies: [], content: { size: 0, mimeType: "" }, redirectURL: "", headersSize: -1, bodySize: 0 },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    }));
    const many = join(tmp, "many.har");
    await writeFile(many, JSON.stringify({ log: { version: "1.2", creator: { name: "test", version: "1" }, entries } }));
    const r = await runCli(["analyze", many, "--format", "markdown"]);
    expect(r.stdout).toContain("**600 requests failed** for an auth or CORS reason, of 600 requests analysed.");
    expect(r.stdout.split("\n").filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(500);
    expect(r.stdout).toContain("\n…and 100 more failing requests: `authlens analyze` lists them all.\n");
    expect(r.stdout.match(/^### /gm)).toHaveLength(100);
    expect(r.stdout).toContain("400 more diagnoses in the table above are not shown in full");
    expect(Buffer.byteLength(r.stdout)).toBeLessThan(1024 * 1024);
  });

  it("says so in one line when nothing failed", async () => {
    const r = await runCli(["analyze", healthy, "--format", "markdown"]);
    expect(r.stdout).toMatch(/^## AuthLens: healthy\.har\n\nNo request failed for an auth or CORS reason AuthLens can name \(\d+ requests analysed\)\.\n$/);
  });
});

/** The test cases of a JUnit document: name, class, and the failure's type and message. */
function testCases(xml: string): { name: string; classname: string; type?: string; message?: string }[] {
  const out: { name: string; classname: string; type?: string; message?: string }[] = [];
  const re = /<testcase classname="([^"<&]*(?:&[a-z]+;[^"<&]*)*)" name="([^"<]*)"(\/>|>\s*<failure type="([^"<]*)" message="([^"<]*)">[^<]*<\/failure>\s*<\/testcase>)/g;
  for (const m of xml.matchAll(re)) out.push({ classname: m[1]!, name: m[2]!, ...(m[4] !== undefined ? { type: m[4], message: m[5]! } : {}) });
  return out;
}

describe("--format junit", () => {
  it("one failing test case per failing request, its type the root cause's code", async () => {
    const r = await runCli(["analyze", LAB, "--format", "junit"]);
    expect(r.code, r.stderr).toBe(0);
    const failing = failingIn(labReport);
    expect(r.stdout.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="AuthLens" tests="${failing.length}" failures="${failing.length}">\n`)).toBe(true);
    expect(r.stdout.endsWith("  </testsuite>\n</testsuites>\n")).toBe(true);
    const cases = testCases(r.stdout);
    expect(cases.map((c) => c.type)).toEqual(failing.map((x) => x.rootCause));
    expect(cases[0]).toEqual({ classname: API, name: `GET ${API}/api/bearer-401 → 401 Unauthorized`, type: "auth.token-expired", message: "Token expired" });
    // Everything between tags is text: no stray markup from the traffic.
    const text = r.stdout.replace(/<[^<>]*>/g, "");
    expect(text).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
    expect(r.stdout).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{20,}/);
  });

  it("a capture where nothing failed is one passing test case", async () => {
    const r = await runCli(["analyze", healthy, "--format", "junit"]);
    expect(testCases(r.stdout)).toEqual([{ classname: "authlens", name: expect.stringMatching(/^no auth or CORS failure in \d+ requests$/) }]);
    expect(r.stdout).toContain('tests="1" failures="0"');
  });
});

describe("no control character from the traffic reaches the output", () => {
  it.each(["text", "markdown", "junit"])("--format %s", async (format) => {
    const r = await runCli(["analyze", hostile, "--format", format]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(FORBIDDEN);
    expect(r.stdout).toContain("orders/");
    expect(r.stdout).toMatch(/\\u202e|\\u2028|\\x1b|\\x07/);
  });

  it("the JUnit text is XML: the traffic's markup is escaped", async () => {
    const r = await runCli(["analyze", hostile, "--format", "junit"]);
    const [c] = testCases(r.stdout);
    expect(c?.name).toBe("GET https://api.example.test/orders/\\u202eevil\\x07 → 401 Unauthorized\\x9b2J");
    expect(r.stdout).not.toContain("<b>");
  });
});

describe("the text report's width", () => {
  it("`authlens --help` names COLUMNS and NO_COLOR", async () => {
    const r = await runCli(["--help"]);
    expect(r.stdout).toMatch(/^Environment:\n {2}COLUMNS {3}the width reports are wrapped to; else the terminal's, else 80 columns/m);
    expect(r.stdout).toMatch(/^ {2}NO_COLOR {2}set and not empty: no colour/m);
  });

  function io(over: Partial<Io>): Io {
    return { stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, columns: undefined, env: {}, ...over };
  }

  it("COLUMNS first, then the terminal's width, else 80", () => {
    expect(reportWidth(io({}))).toBe(80);
    expect(reportWidth(io({ stdoutIsTTY: true, columns: 132 }))).toBe(132);
    expect(reportWidth(io({ env: { COLUMNS: "120" } }))).toBe(120);
    expect(reportWidth(io({ stdoutIsTTY: true, columns: 132, env: { COLUMNS: "90" } }))).toBe(90);
    // Not a width: ignored. Narrower than 40: the report's own minimum.
    for (const junk of ["", "wide", "-5", "0", "1e3", "99999999"]) expect(reportWidth(io({ env: { COLUMNS: junk } }))).toBe(80);
    expect(reportWidth(io({ env: { COLUMNS: "20" } }))).toBe(40);
  });

  it.each([
    [undefined, 80],
    ["60", 60],
    ["120", 120],
  ])("piped with COLUMNS=%s: lines fit in %i columns, but for a URL that cannot be cut", async (columns, width) => {
    const r = await runCli(["analyze", LAB], { COLUMNS: columns });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(width * 0.8);
    for (const line of lines) if (line.length > width) expect(line, line).toMatch(/https?:\/\/\S+$|\S{30,}$/);
    expect(r.stdout).not.toContain("\u001b[");
  });
});
