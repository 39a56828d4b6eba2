/**
 * The whole analysis over one HAR text, as the CLI and the panel run it, with the properties
 * every run must keep: HAR import, diagnosis, the JSON report (written as the CLI writes it),
 * the text report, the detail view, every share format (HAR export, cURL, fetch, Markdown:
 * redacted), and the CLI's token and challenge commands in-process. Nothing may throw; every
 * JSON output parses back; no terminal output carries a raw control or bidi character; a
 * redacted output never holds a credential that was only ever sent in `Authorization`; an
 * exported HAR imports again.
 */
import { jsonText } from "../../src/cli/json-text.ts";
import type { Io } from "../../src/cli/io.ts";
import { run } from "../../src/cli/run.ts";
import { PLAIN } from "../../src/cli/style.ts";
import { textReportWriter } from "../../src/cli/text-report.ts";
import { analyzeHar } from "../../src/core/analyze-har.ts";
import type { Diagnosis } from "../../src/core/diagnose.ts";
import { describeExchange } from "../../src/core/detail.ts";
import { importHar } from "../../src/core/har.ts";
import { toReport } from "../../src/core/report.ts";
import { diagnosisToMarkdown, exportHar, toCurl, toFetch } from "../../src/core/share/index.ts";
import { summarize } from "../../src/core/summary.ts";

/** A broken property: the pipeline ran, and its output is wrong. Anything else thrown is a crash. */
export class PropertyViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PropertyViolation";
  }
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new PropertyViolation(message);
}

/** What terminal-text.ts promises never reaches a terminal: C0 but the line feed, DEL, C1, bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** What `--json` writes escaped: every control, format character and line separator (json-text.ts). */
const JSON_UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

function where(text: string, re: RegExp): string {
  const m = re.exec(text);
  if (!m) return "";
  const cp = m[0].codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")} at ${m.index}: …${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 10))}`;
}

function checkTerminal(text: string, what: string): void {
  check(!TERMINAL_UNSAFE.test(text), `${what} writes a raw control character: ${where(text, TERMINAL_UNSAFE)}`);
}

function checkJsonLine(text: string, what: string): unknown {
  const line = text.endsWith("\n") ? text.slice(0, -1) : text;
  check(!JSON_UNSAFE.test(line), `${what} writes a raw control or format character: ${where(line, JSON_UNSAFE)}`);
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new PropertyViolation(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A CLI command run in-process, as main.ts runs it; a rejection is a crash (main.ts prints "internal error"). */
async function cli(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTTY: false,
    columns: undefined,
    env: {},
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** The credentials of a capture that appear nowhere but in an `Authorization` value: redaction must remove them all. */
function authorizationOnlySecrets(doc: unknown, text: string): string[] {
  const entries = (doc as { log?: { entries?: unknown } } | null)?.log?.entries;
  if (!Array.isArray(entries)) return [];
  const secrets: string[] = [];
  for (const e of entries) {
    const headers = (e as { request?: { headers?: unknown } } | null)?.request?.headers;
    if (!Array.isArray(headers)) continue;
    for (const h of headers as { name?: unknown; value?: unknown }[]) {
      if (typeof h?.name !== "string" || h.name.toLowerCase() !== "authorization" || typeof h.value !== "string") continue;
      const m = /^(?:Bearer|Basic) ([A-Za-z0-9]{24,200})$/.exec(h.value);
      if (!m) continue;
      const secret = m[1]!;
      // Only a value JSON writes as is, seen nowhere else in the capture (not in a URL, a body or a cookie).
      const inAuthorization = text.split(`"${h.value}"`).length - 1;
      if (text.split(secret).length - 1 === inAuthorization) secrets.push(secret);
    }
  }
  return secrets;
}

/** Exchanges whose detail, summary and share formats are computed per run: the describe step costs a capture-wide pass each. */
const DETAILED_PER_RUN = 2;

function detailed(diagnoses: readonly Diagnosis[]): Diagnosis[] {
  const withFindings = diagnoses.filter((d) => d.findings.length > 0);
  return [...withFindings.slice(0, DETAILED_PER_RUN - 1), diagnoses[diagnoses.length - 1]].filter((d): d is Diagnosis => d !== undefined);
}

export interface PipelineResult {
  /** False when the HAR text was not JSON, or core refused the document (with a message). */
  readonly analysed: boolean;
  readonly exchanges: number;
}

/** Runs the whole pipeline over one HAR text; throws PropertyViolation, or whatever escaped core (a crash). */
export async function runPipeline(text: string): Promise<PipelineResult> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { analysed: false, exchanges: 0 };
  }
  const result = analyzeHar(doc);
  if (!result.ok) {
    check(typeof result.error === "string" && result.error.length > 0, "a refused HAR has no message");
    check(!result.error.startsWith("AuthLens could not analyse this HAR"), `core threw, caught by analyzeHar's last guard: ${result.error}`);
    return { analysed: false, exchanges: 0 };
  }
  const { analysis } = result;
  const { diagnoses } = analysis;
  const exchanges = analysis.har.exchanges;

  // The CLI's --json report, written as analyze.ts writes it.
  const report = toReport(diagnoses);
  const json = jsonText(report);
  const parsed = checkJsonLine(json, "analyze --json");
  check(JSON.stringify(parsed) === JSON.stringify(report), "analyze --json does not parse back to the report");

  // The text report, written a request at a time as analyze.ts writes it.
  let textReport = "";
  const writer = textReportWriter(
    { fileName: "fuzz.har", creator: analysis.har.creator ?? "", facts: analysis.facts, requests: diagnoses.length, width: 100, style: PLAIN },
    (t) => {
      textReport += t;
    },
  );
  for (const d of diagnoses) writer.add(d);
  writer.end();
  checkTerminal(textReport, "the text report");

  const stripped = analysis.facts.credentialsStripped !== undefined;
  const secrets = authorizationOnlySecrets(doc, text);
  const redacted = { includeSecrets: false };
  for (const d of detailed(diagnoses)) {
    const detail = describeExchange(d.exchange.id, exchanges, analysis.facts);
    check(detail !== undefined, `describeExchange finds no exchange ${d.exchange.id}`);
    check(detail!.unavailable.length === 0, `the detail view lost parts: ${JSON.stringify(detail!.unavailable)}`);
    // The panel gets the detail through postMessage (structured clone) and may copy it as JSON.
    structuredClone(detail);
    JSON.stringify(detail);
    summarize(d, stripped);
    for (const [format, out] of [
      ["Markdown", diagnosisToMarkdown(d, redacted)],
      ["cURL", toCurl(d.exchange, redacted)],
      ["fetch", toFetch(d.exchange, redacted)],
    ] as const) {
      check(typeof out === "string", `${format} is not text`);
      for (const s of secrets) check(!out.includes(s), `the redacted ${format} copy holds a credential sent in Authorization`);
    }
  }

  const exported = exportHar(exchanges, { includeSecrets: false, creator: { name: "AuthLens", version: "fuzz" } });
  const exportedText = JSON.stringify(exported.har);
  for (const s of secrets) check(!exportedText.includes(s), "the redacted HAR export holds a credential sent in Authorization");
  const again = importHar(JSON.parse(exportedText));
  check(again.ok, `the exported HAR does not import again: ${again.ok ? "" : again.error}`);
  if (again.ok) check(again.har.exchanges.length === exported.har.log.entries.length, "the exported HAR imports to another number of exchanges");

  // `authlens token` and `authlens challenge` on the capture's first Authorization and challenge values.
  const authorization = exchanges.map((x) => x.request.headers.find((h) => h.name.toLowerCase() === "authorization")?.value).find((v) => v !== undefined);
  const challenge = exchanges.map((x) => x.response?.headers.find((h) => h.name.toLowerCase() === "www-authenticate")?.value).find((v) => v !== undefined);
  for (const [argv, label] of [
    authorization !== undefined ? [["token", "--json", "--at", "2026-11-24T10:00:00Z", "--", authorization], "token --json"] : undefined,
    authorization !== undefined ? [["token", "--at", "2026-11-24T10:00:00Z", "--", authorization], "token"] : undefined,
    challenge !== undefined ? [["challenge", "--json", "--", challenge], "challenge --json"] : undefined,
    challenge !== undefined ? [["challenge", "--", challenge], "challenge"] : undefined,
  ].filter((c): c is [string[], string] => c !== undefined)) {
    const r = await cli(argv);
    checkTerminal(r.stderr, `${label} (stderr)`);
    if (r.code !== 0) continue;
    if (label.endsWith("--json")) checkJsonLine(r.stdout, label);
    else checkTerminal(r.stdout, label);
  }
  return { analysed: true, exchanges: exchanges.length };
}
