/**
 * `authlens analyze` end to end: the built bundle, run as a child process, on Chrome-shaped
 * HAR files. Finding codes are asserted as a floor per request (core may add more specific
 * ones), except where a code must be absent.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeHar } from "../../src/core/analyze-har.ts";
import { type Report, toReport } from "../../src/core/report.ts";
import { API, FIXTURE_DIR, FULL_HAR, SANITIZED_HAR } from "./chrome-har.ts";
import { buildCli, expectOneLineFailure, runCli } from "./run-cli.ts";

const FULL = join(FIXTURE_DIR, FULL_HAR);
const SANITIZED = join(FIXTURE_DIR, SANITIZED_HAR);

let tmp: string;

beforeAll(async () => {
  buildCli();
  tmp = await mkdtemp(join(tmpdir(), "authlens-cli-"));
}, 60_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function writeTmp(name: string, content: string | Buffer): Promise<string> {
  const path = join(tmp, name);
  await writeFile(path, content);
  return path;
}

async function loadHar(path: string): Promise<{ log: { entries: Record<string, unknown>[] } & Record<string, unknown> }> {
  return JSON.parse(await readFile(path, "utf8"));
}

async function jsonReport(path: string): Promise<Report> {
  const r = await runCli(["analyze", path, "--json"]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

function codesFor(report: Report, method: string, url: string): string[] {
  const matches = report.exchanges.filter((x) => x.method === method && x.url === url);
  expect(matches, `${method} ${url} in the report`).toHaveLength(1);
  return matches[0]!.findings.map((f) => f.code);
}

const ORDERS = `${API}/v1/orders?status=open&limit=50`;
const NOTIFICATIONS = `${API}/v1/notifications?unread=true`;
const ME = `${API}/v1/me`;
const REPORTS = `${API}/v1/reports/weekly`;
const ADMIN = `${API}/v1/admin/users`;
const AVATAR = `${API}/v1/profile/avatar`;

describe("help", () => {
  it.each([["--help"], ["-h"], ["help"]])("`authlens %s` explains the commands, options and exit codes", async (arg) => {
    const r = await runCli([arg]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    for (const word of ["analyze", "--help", "--version", "Exit status", "0 ", "1 ", "2 ", "Nothing is sent anywhere"]) {
      expect(r.stdout).toContain(word);
    }
  });

  it.each([[["analyze", "--help"]], [["help", "analyze"]], [["analyze", "-h"]], [["analyze", "x.har", "--bogus", "--help"]]])(
    "`authlens %s` shows the analyze help",
    async (args) => {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: authlens analyze <file\.har>/);
      for (const word of ["--json", "--fail-on", "error", "warning", "Exit status", "Examples", "Nothing is sent anywhere"]) {
        expect(r.stdout).toContain(word);
      }
    },
  );

  it("keeps help within 100 columns", async () => {
    for (const args of [["--help"], ["analyze", "--help"]]) {
      const r = await runCli(args);
      for (const line of r.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
    }
  });

  it("prints the package version", async () => {
    const pkg = JSON.parse(await readFile(join(FIXTURE_DIR, "..", "..", "..", "package.json"), "utf8")) as { version: string };
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`authlens ${pkg.version}\n`);
  });
});

describe("JSON report", () => {
  it("prints exactly JSON.stringify(toReport(diagnoses)) and a newline, nothing else", async () => {
    const r = await runCli(["analyze", FULL, "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const result = analyzeHar(JSON.parse(await readFile(FULL, "utf8")));
    if (!result.ok) throw new Error(result.error);
    expect(r.stdout).toBe(`${JSON.stringify(toReport(result.analysis.diagnoses))}\n`);
  });

  it("has the documented shape", async () => {
    const report = await jsonReport(FULL);
    expect(Object.keys(report)).toEqual(["exchanges"]);
    expect(report.exchanges).toHaveLength(14);
    for (const x of report.exchanges) {
      const keys = Object.keys(x).sort();
      expect(keys).toEqual(
        x.preflightFor !== undefined
          ? ["findings", "id", "method", "preflightFor", "rootCause", "status", "url"]
          : ["findings", "id", "method", "rootCause", "status", "url"],
      );
      // rootCause is the code of the first finding, or null.
      expect(x.rootCause === null || x.rootCause === x.findings[0]?.code).toBe(true);
      expect(x.id).toMatch(/^e\d+$/);
      expect(typeof x.method).toBe("string");
      expect(typeof x.url).toBe("string");
      expect(Number.isInteger(x.status)).toBe(true);
      for (const f of x.findings) {
        const keys = Object.keys(f);
        for (const k of ["code", "severity", "title", "detail", "evidence", "docs"]) expect(keys).toContain(k);
        for (const k of keys) expect(["code", "severity", "title", "detail", "phase", "role", "evidence", "fix", "docs"]).toContain(k);
        if (f.role !== undefined) expect(f.role).toBe("supporting");
        expect(f.code).toMatch(/^[a-z]+\.[a-z-]+$/);
        expect(["error", "warning", "info"]).toContain(f.severity);
        if (f.phase !== undefined) expect(["preflight", "actual"]).toContain(f.phase);
        if (f.fix !== undefined) expect(typeof f.fix).toBe("string");
        for (const e of f.evidence) {
          expect(Object.keys(e).sort()).toEqual(["label", "value"]);
          expect(typeof e.value).toBe("string");
        }
        for (const d of f.docs) expect(d).toMatch(/^https:\/\//);
      }
    }
    // Status 0 where no response came: the CORS-blocked GET.
    expect(report.exchanges.find((x) => x.url === REPORTS && x.method === "GET")?.status).toBe(0);
  });

  it("diagnoses each case of the Chrome capture", async () => {
    const report = await jsonReport(FULL);
    expect(codesFor(report, "GET", ORDERS)).toContain("auth.credentials-rejected");
    expect(codesFor(report, "GET", NOTIFICATIONS)).toEqual(expect.arrayContaining(["auth.challenge-missing", "auth.no-credentials-sent"]));
    // The preflight got 403 without CORS headers: auth answered it (the root cause), and Chromium
    // reports the missing Allow-Origin first of its own reasons.
    expect(codesFor(report, "GET", REPORTS)).toEqual(
      expect.arrayContaining(["cors.preflight-blocked-by-auth", "cors.missing-allow-origin", "cors.preflight-failed-status"]),
    );
    expect(report.exchanges.find((x) => x.url === REPORTS && x.method === "GET")!.rootCause).toBe("cors.preflight-blocked-by-auth");
    expect(codesFor(report, "GET", REPORTS)).not.toContain("cors.blocked");
    expect(codesFor(report, "GET", ADMIN)).toContain("auth.forbidden-not-unauthenticated");
    expect(codesFor(report, "GET", AVATAR)).toEqual(expect.arrayContaining(["auth.token-placeholder", "auth.credentials-rejected"]));
    const reportsFindings = report.exchanges.find((x) => x.url === REPORTS && x.method === "GET")!.findings;
    const firstCors = reportsFindings.find((f) => f.code.startsWith("cors.") && f.severity === "error" && f.role === "supporting")!;
    expect(firstCors.code).toBe("cors.missing-allow-origin");
    expect(firstCors.phase).toBe("preflight");
    // A valid token answered 200: nothing to warn about.
    const ok = report.exchanges.find((x) => x.url === ME && x.method === "GET")!;
    expect(ok.status).toBe(200);
    expect(ok.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(report.exchanges.some((x) => x.findings.some((f) => f.code === "har.sanitized"))).toBe(false);
  });

  it("never prints the tokens of the capture whole", async () => {
    const raw = await readFile(FULL, "utf8");
    const tokens = [...raw.matchAll(/Bearer (eyJ[\w-]+\.[\w-]+\.[\w-]+)/g)].map((m) => m[1]!);
    expect(tokens.length).toBeGreaterThan(0);
    const json = (await runCli(["analyze", FULL, "--json"])).stdout;
    const text = (await runCli(["analyze", FULL])).stdout;
    for (const t of tokens) {
      expect(json).not.toContain(t);
      expect(text).not.toContain(t);
    }
  });
});

describe("sanitized HAR (Chrome's default export)", () => {
  it("says credentials were stripped and claims nothing about them", async () => {
    const report = await jsonReport(SANITIZED);
    const all = report.exchanges.flatMap((x) => x.findings.map((f) => f.code));
    expect(all).toContain("har.sanitized");
    expect(all).not.toContain("auth.no-credentials-sent");
    expect(all).not.toContain("auth.credentials-rejected");
    expect(codesFor(report, "GET", NOTIFICATIONS)).toEqual(expect.arrayContaining(["auth.challenge-missing", "har.sanitized"]));
    expect(codesFor(report, "GET", REPORTS)).toEqual(expect.arrayContaining(["cors.missing-allow-origin", "cors.preflight-failed-status"]));
  });

  it("says so once at the top of the text report", async () => {
    const r = await runCli(["analyze", SANITIZED]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[1]).toMatch(/^Note: Credentials were stripped from this capture/);
    expect(r.stdout.match(/Credentials were stripped from this capture/g)).toHaveLength(1);
  });
});

describe("text report", () => {
  it("groups findings by request, with evidence, fix and docs, and summarises the rest", async () => {
    const r = await runCli(["analyze", FULL]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = r.stdout;
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toBe("chrome-auth.har: 14 requests, recorded by WebInspector 537.36");
    expect(out).not.toContain("\u001b"); // stdout is a pipe: no colour
    // A URL cannot be wrapped: a line may run past 100 columns only when it ends in one long URL.
    for (const line of lines) {
      if (line.length > 100) expect(line, line).toMatch(/^\s*(Docs:\s*)?https?:\/\/\S+$/);
    }

    // Every exchange with findings has a header line, followed by each of its findings.
    const report = await jsonReport(FULL);
    for (const x of report.exchanges) {
      const header = `${x.id}  ${x.method} ${x.status > 0 ? x.status : "(no response)"}  ${x.url}`;
      const at = lines.findIndex((l) => l.startsWith(header));
      if (x.findings.length === 0) {
        expect(at, `${header} has no findings and no header line`).toBe(-1);
        continue;
      }
      expect(at, header).toBeGreaterThan(0);
      const next = lines.findIndex((l, i) => i > at && /^e\d+ {2}/.test(l));
      const block = lines.slice(at + 1, next === -1 ? undefined : next).join("\n");
      const label = { error: "ERROR", warning: "WARN ", info: "INFO " };
      // The root cause is the headline; supporting findings are named by code on one line.
      if (x.rootCause !== null) expect(lines[at + 1]).toBe(`  Root cause: ${x.findings[0]!.title} (${x.rootCause})`);
      const supporting = x.findings.filter((f) => f.role === "supporting").map((f) => f.code);
      if (supporting.length > 0) expect(block).toContain(`  Supporting: ${supporting.join(", ")}`);
      for (const f of x.findings) {
        const card = `  ${label[f.severity]}  ${f.code}  ${f.title}`;
        if (f.role === "supporting") expect(block).not.toContain(card);
        else expect(block).toContain(card);
      }
    }

    expect(out).toContain("e7  GET 401  https://api.example.com/v1/notifications?unread=true\n");
    expect(out).toContain("  ERROR  auth.challenge-missing  401 without a challenge\n");
    expect(out).toMatch(/\n {4}Evidence:\n {6}Status: 401\n {6}WWW-Authenticate: \(absent\)\n/);
    expect(out).toMatch(/\n {4}Fix: Make the server send a challenge with every 401/);
    expect(out).toContain("\n    Docs: https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2\n");
    expect(out).toMatch(/\ne\d+ {2}GET \(no response\) {2}https:\/\/api\.example\.com\/v1\/reports\/weekly\n/);

    const clean = report.exchanges.filter((x) => x.findings.length === 0).length;
    const count = (s: string) =>
      report.exchanges.reduce((n, x) => n + x.findings.filter((f) => f.severity === s && f.role !== "supporting").length, 0);
    const withFindings = report.exchanges.length - clean;
    expect(lines.at(-2)).toBe(`${clean} requests without findings`);
    expect(lines.at(-1)).toBe(
      `Findings: ${count("error")} errors, ${count("warning")} warning${count("warning") === 1 ? "" : "s"}, ${count("info")} info in ${withFindings} of 14 requests.`,
    );
  });

  it("wraps details to 100 columns without losing words", async () => {
    const r = await runCli(["analyze", FULL]);
    const report = await jsonReport(FULL);
    const detail = report.exchanges.flatMap((x) => x.findings).find((f) => f.code === "auth.challenge-missing")!.detail;
    const flat = r.stdout.replace(/\n {4}/g, " ");
    expect(flat).toContain(detail);
  });

  it("shows header values from the HAR as visible escapes, never as terminal control sequences", async () => {
    const har = await loadHar(FULL);
    const evil = 'Bearer realm="x\u001b]0;owned\u0007\u001b[2J", error="invalid_token"\u202e';
    for (const e of har.log.entries) {
      const response = e.response as { headers: { name: string; value: string }[] };
      for (const h of response.headers) if (h.name === "www-authenticate") h.value = evil;
    }
    const path = await writeTmp("escape.har", JSON.stringify(har));
    const r = await runCli(["analyze", path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("WWW-Authenticate");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that no control character gets through.
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(r.stdout).toContain("\\x1b]0;owned\\x07");
    expect(r.stdout).toContain("\\u202e");
  });

  it("reports unreadable entries on stderr and analyses the rest", async () => {
    const har = await loadHar(FULL);
    har.log.entries.splice(3, 0, 42 as never, { request: { method: "GET" } } as never);
    const path = await writeTmp("skipped.har", JSON.stringify(har));
    const r = await runCli(["analyze", path]);
    expect(r.code).toBe(0);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^authlens: warning: skipped 2 of 16 entries in .*skipped\.har/);
    expect(r.stderr).toContain("log.entries[3]: the entry is not an object");
    expect(r.stdout).toMatch(/^skipped\.har: 14 requests/);
    const json = await runCli(["analyze", path, "--json"]);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as Report).exchanges).toHaveLength(14);
  });

  it("fails when no entry at all can be read, in one line naming the first reason", async () => {
    const path = await writeTmp("unreadable.har", JSON.stringify({ log: { entries: [42, { request: { method: "GET" } }, "x"] } }));
    for (const args of [["analyze", path], ["analyze", path, "--json"]]) {
      const line = expectOneLineFailure(await runCli(args));
      expect(line).toBe(`authlens: ${path}: none of its 3 entries could be read (log.entries[0]: the entry is not an object; …)`);
    }
  });

  it("accepts a UTF-8 byte order mark and UTF-16 with a BOM", async () => {
    const raw = await readFile(FULL);
    const expected = (await runCli(["analyze", FULL, "--json"])).stdout;
    const bom = await writeTmp("bom.har", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), raw]));
    const utf16 = await writeTmp("utf16.har", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(raw.toString("utf8"), "utf16le")]));
    for (const path of [bom, utf16]) {
      const r = await runCli(["analyze", path, "--json"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(expected);
    }
  });
});

describe("--fail-on", () => {
  async function subset(name: string, keep: (url: string, method: string) => boolean): Promise<string> {
    const har = await loadHar(FULL);
    har.log.entries = har.log.entries.filter((e) => {
      const req = e.request as { url: string; method: string };
      return keep(req.url, req.method);
    });
    return writeTmp(name, JSON.stringify(har));
  }

  it("exits 1 when a request failed with a root cause of that severity or worse, else 0", async () => {
    const clean = await subset("clean.har", (url) => !url.startsWith(API));
    expect((await jsonReport(clean)).exchanges.flatMap((x) => x.findings)).toEqual([]);
    // A valid token answered 200: only information (the JWT decoded, why a preflight was sent).
    const infoOnly = await subset("info-only.har", (url) => !url.startsWith(API) || url === ME);
    const infoSeverities = (await jsonReport(infoOnly)).exchanges.flatMap((x) => x.findings.map((f) => f.severity));
    expect(infoSeverities.length).toBeGreaterThan(0);
    expect(new Set(infoSeverities)).toEqual(new Set(["info"]));

    const cases: [string, string[], number][] = [
      [FULL, [], 0],
      [FULL, ["--fail-on", "error"], 1],
      [FULL, ["--fail-on=warning"], 1],
      [clean, ["--fail-on", "warning"], 0],
      [clean, ["--fail-on", "error"], 0],
      [infoOnly, ["--fail-on", "error"], 0],
      [infoOnly, ["--fail-on", "warning"], 0],
    ];
    for (const [path, flags, code] of cases) {
      const r = await runCli(["analyze", path, ...flags]);
      expect(r.code, `${path} ${flags.join(" ")}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toBe("");
    }
  });

  it("still prints the full JSON report when it fails", async () => {
    const r = await runCli(["analyze", "--fail-on", "error", "--json", FULL]);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Report).exchanges).toHaveLength(14);
  });
});

describe("failures: exit 2, one line on stderr, no stack trace", () => {
  it("a missing file", async () => {
    const line = expectOneLineFailure(await runCli(["analyze", join(tmp, "nope.har")]));
    expect(line).toMatch(/no such file: .*nope\.har$/);
  });

  it("a directory", async () => {
    expect(expectOneLineFailure(await runCli(["analyze", tmp]))).toMatch(/is a directory/);
  });

  it("an empty file", async () => {
    const path = await writeTmp("empty.har", "  \n");
    expect(expectOneLineFailure(await runCli(["analyze", path]))).toMatch(/is empty/);
  });

  it("truncated JSON, with where it ends", async () => {
    const raw = await readFile(FULL, "utf8");
    const path = await writeTmp("truncated.har", raw.slice(0, Math.floor(raw.length / 2)));
    const line = expectOneLineFailure(await runCli(["analyze", path]));
    expect(line).toMatch(/truncated\.har: not valid JSON: .*line \d+, column \d+.*truncated/);
  });

  it("invalid JSON with a position", async () => {
    const path = await writeTmp("comma.har", '{"log": {"entries": [],}}');
    const line = expectOneLineFailure(await runCli(["analyze", path]));
    expect(line).toMatch(/not valid JSON: .*line 1, column 24 \(character 23\)$/);
  });

  it("more entries than AuthLens reads: refused in one line that names the limit", async () => {
    // 1,000,001 entries of one character each: a 2 MB file past the entry limit (read-har.ts MAX_HAR_ENTRIES).
    const path = await writeTmp("many.har", `{"log":{"entries":[${"0,".repeat(1_000_000)}0]}}`);
    const line = expectOneLineFailure(await runCli(["analyze", path]));
    expect(line).toBe(`authlens: ${path} has more than 1,000,000 entries: AuthLens reads HAR files of up to 1,000,000 entries and 512 MB`);
  }, 60_000);

  it("50 MB of garbage, without echoing it", async () => {
    const path = join(tmp, "garbage.har");
    const garbage = randomBytes(50 * 1024 * 1024);
    garbage.write("garbage<script>", 0, "latin1");
    await writeFile(path, garbage);
    try {
      const line = expectOneLineFailure(await runCli(["analyze", path]));
      expect(line).toMatch(/garbage\.har: not valid JSON/);
      expect(line).not.toContain("<script>");
      expect(line.length).toBeLessThan(200);
    } finally {
      await rm(path, { force: true });
    }
  }, 60_000);

  it.each([
    ["{}", {}],
    ["a JSON array", []],
    ["a HAR without log.entries", { log: { version: "1.2", creator: { name: "WebInspector", version: "537.36" } } }],
    ["log.entries not a list", { log: { entries: {} } }],
  ])("%s: analyzeHar's own message", async (name, doc) => {
    const path = await writeTmp(`not-har-${name.replace(/\W+/g, "-")}.json`, JSON.stringify(doc));
    const result = analyzeHar(doc);
    expect(result.ok).toBe(false);
    const line = expectOneLineFailure(await runCli(["analyze", path]));
    expect(line).toBe(`authlens: ${path}: ${result.ok ? "" : result.error}`);
  });

  it.each([
    [[], /missing command/],
    [["analyse", "x.har"], /unknown command "analyse"; did you mean 'analyze'\?/],
    [["trace.har"], /run 'authlens analyze trace\.har'/],
    [["--frobnicate"], /unknown option "--frobnicate"/],
    [["analyze"], /'analyze' needs <file\.har>/],
    [["analyze", "a.har", "b.har"], /unexpected argument "b\.har"/],
    [["analyze", "a.har", "--yaml"], /unknown option "--yaml" for 'analyze'/],
    [["analyze", "a.har", "--fail-on", "fatal"], /--fail-on must be one of error, warning, info, not "fatal"/],
    [["analyze", "a.har", "--fail-on"], /--fail-on needs a value: error or warning or info/],
    [["analyze", "a.har", "--format", "yaml"], /--format must be one of text, json, markdown, junit, not "yaml"/],
    [["analyze", "a.har", "--json", "--format", "junit"], /--json and --format junit ask for two reports; give one/],
    [["analyze", "a.har", "--json=yes"], /--json takes no value/],
  ])("usage error %j", async (args, message) => {
    const line = expectOneLineFailure(await runCli(args));
    expect(line).toMatch(message);
    expect(line).toMatch(/run 'authlens (analyze )?--help'/);
  });
});

describe("pipes", () => {
  it("exits quietly when the reader closes the pipe early", async () => {
    const har = await loadHar(FULL);
    const entries = har.log.entries;
    for (let i = 0; i < 300; i++) har.log.entries = har.log.entries.concat(entries);
    const path = await writeTmp("big.har", JSON.stringify(har));
    const { execFile } = await import("node:child_process");
    const { CLI } = await import("./run-cli.ts");
    const result = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        "bash",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash script, not a template.
        ["-c", 'set -o pipefail; "$0" "$1" analyze "$2" | head -n 1; echo "status=${PIPESTATUS[0]}"', process.execPath, CLI, path],
        // The shell's own locale warnings (a LANG the machine has no locale for) are not the CLI's:
        // bash runs in C.UTF-8, which every Debian has.
        { encoding: "utf8", env: { ...process.env, LC_ALL: "C.UTF-8", LANG: "C.UTF-8" } },
        (error, stdout, stderr) => (error ? reject(error) : resolve({ stdout, stderr })),
      );
    });
    expect(result.stdout).toMatch(/^big\.har: [\d,]+ requests/);
    expect(result.stdout).toMatch(/status=0\n$/);
    expect(result.stderr).toBe("");
  }, 60_000);
});

const LAB_HAR = join(FIXTURE_DIR, "..", "lab", "lab-chromium.har");
const LAB_SANITIZED_HAR = join(FIXTURE_DIR, "..", "lab", "lab-chromium-sanitized.har");

describe.skipIf(!existsSync(LAB_HAR))("the lab's Chromium capture", () => {
  it("has each scenario's expected codes on its request", async () => {
    const { SCENARIOS } = await import("../lab/scenarios.ts");
    const report = await jsonReport(LAB_HAR);
    for (const s of SCENARIOS) {
      const requests = report.exchanges.filter((x) => {
        try {
          return new URL(x.url).pathname === `/api/${s.name}` && x.method !== "OPTIONS";
        } catch {
          return false;
        }
      });
      if (s.expectedCodes.length === 0 && requests.length === 0) continue;
      expect(requests.length, `a request to /api/${s.name} in the lab HAR`).toBeGreaterThan(0);
      // A repeated request whose first attempts got through (a refresh token sent twice) is
      // judged on its last attempt, as the panel test judges it.
      const judged = s.request.repeat !== undefined && requests.some((x) => x.status >= 200 && x.status < 300) ? requests.slice(-1) : requests;
      for (const x of judged) {
        expect(x.findings.map((f) => f.code), `/api/${s.name} (${x.id})`).toEqual(expect.arrayContaining([...s.expectedCodes]));
      }
    }
  });
});

describe.skipIf(!existsSync(LAB_HAR))("the lab's Chromium capture, root cause first", () => {
  /**
   * The scenario's requests as the page saw them: `/api/<name>`, or the hop a redirect led to
   * (`/moved/<name>` on another origin); a redirect the browser followed is a hop, not an answer.
   */
  const requestsTo = (report: Report, name: string) => {
    const hops = report.exchanges.filter((x) => {
      try {
        const path = new URL(x.url).pathname;
        return (path === `/api/${name}` || path === `/moved/${name}`) && x.method !== "OPTIONS";
      } catch {
        return false;
      }
    });
    const redirect = (x: { status: number }) => x.status >= 300 && x.status < 400;
    return hops.some((x) => !redirect(x)) ? hops.filter((x) => !redirect(x)) : hops;
  };

  it("names for every scenario the root cause a senior engineer would", async () => {
    const { SCENARIOS } = await import("../lab/scenarios.ts");
    const { EXPECTED_ROOTS } = await import("../lab/expected-roots.ts");
    const report = await jsonReport(LAB_HAR);
    // The real servers' scenarios are checked in lab-real.test.ts, against their own expectedRoot.
    for (const s of SCENARIOS.filter((r) => r.server === undefined)) {
      if (s.helper && !(s.name in EXPECTED_ROOTS)) continue;
      expect(s.name in EXPECTED_ROOTS, `${s.name} has an expected root cause`).toBe(true);
      const requests = requestsTo(report, s.name);
      expect(requests.length, `a request to /api/${s.name} in the lab HAR`).toBeGreaterThan(0);
      for (const x of requests) expect(x.rootCause, `/api/${s.name} (${x.id})`).toBe(EXPECTED_ROOTS[s.name]);
    }
  });

  it("gives no warning or error on a healthy request", async () => {
    const { HEALTHY } = await import("../lab/expected-roots.ts");
    const report = await jsonReport(LAB_HAR);
    for (const name of HEALTHY) {
      const requests = requestsTo(report, name);
      expect(requests.length, name).toBeGreaterThan(0);
      for (const x of requests) expect(x.findings.filter((f) => f.severity !== "info").map((f) => f.code), `/api/${name}`).toEqual([]);
    }
  });
});

describe.skipIf(!existsSync(LAB_SANITIZED_HAR))("the lab's sanitized Chromium capture", () => {
  it("claims nothing about credentials", async () => {
    const report = await jsonReport(LAB_SANITIZED_HAR);
    const codes = report.exchanges.flatMap((x) => x.findings.map((f) => f.code));
    expect(codes).toContain("har.sanitized");
    expect(codes).not.toContain("auth.no-credentials-sent");
    expect(codes).not.toContain("auth.credentials-rejected");
  });
});
