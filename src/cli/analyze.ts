/** `authlens analyze <file.har>`: every AuthLens check over a HAR file, as text, JSON, Markdown or JUnit XML. */
import { basename } from "node:path";
import { analyzeImportedEach } from "../core/analyze-har.ts";
import type { Severity } from "../core/findings.ts";
import type { HarImport } from "../core/har.ts";
import { signInFlowsOf } from "../core/oauth/flow-steps.ts";
import { reportExchange, rootCauseAtLeast } from "../core/report.ts";
import { type CommandSpec, HELP_OPTION, type ParsedArgs } from "./args.ts";
import { CliError, EXIT, type Io } from "./io.ts";
import { jsonText } from "./json-text.ts";
import { junitReportWriter } from "./junit-report.ts";
import { markdownReportWriter, terminalSafe } from "./markdown-report.ts";
import { readHarFile } from "./read-har.ts";
import { batched, type ReportWriter } from "./report-writer.ts";
import { styleFor } from "./style.ts";
import { safeLine } from "./terminal-text.ts";
import { textReportWriter } from "./text-report.ts";

const FAIL_ON_LEVELS = ["error", "warning", "info"] as const satisfies readonly Severity[];
const FORMATS = ["text", "json", "markdown", "junit"] as const;
type Format = (typeof FORMATS)[number];

/** Report width when neither COLUMNS nor the terminal says: a file, a pipe, CI logs. */
export const DEFAULT_WIDTH = 80;
const MIN_WIDTH = 40;

/** How many skipped entries the stderr warning names before it just counts. */
const SKIPPED_SHOWN = 3;

/**
 * The width to wrap to: COLUMNS when it is set to a number (POSIX.1-2017 §8.3: it overrides the
 * terminal's own width), else the terminal's, else 80.
 */
export function reportWidth(io: Io): number {
  const fromEnv = /^\d{1,5}$/.test(io.env.COLUMNS ?? "") ? Number(io.env.COLUMNS) : undefined;
  const columns = fromEnv !== undefined && fromEnv > 0 ? fromEnv : io.stdoutIsTTY ? io.columns : undefined;
  return columns !== undefined && columns > 0 ? Math.max(MIN_WIDTH, columns) : DEFAULT_WIDTH;
}

/** `log.creator` as "WebInspector 537.36", read leniently from the raw value. */
function creatorOf(raw: unknown, fallback: string | undefined): string | undefined {
  const creator = raw as { name?: unknown; version?: unknown } | null | undefined;
  const name = typeof creator?.name === "string" && creator.name !== "" ? creator.name : fallback;
  if (name === undefined) return undefined;
  return typeof creator?.version === "string" && creator.version !== "" ? `${name} ${creator.version}` : name;
}

function skippedWarning(file: string, har: HarImport): string | undefined {
  const { skipped, exchanges } = har;
  if (skipped.length === 0) return undefined;
  const total = skipped.length + exchanges.length;
  const named = skipped
    .slice(0, SKIPPED_SHOWN)
    .map((s) => `log.entries[${s.index}]: ${s.reason}`)
    .join("; ");
  const more = skipped.length > SKIPPED_SHOWN ? `; and ${skipped.length - SKIPPED_SHOWN} more` : "";
  return `authlens: warning: skipped ${skipped.length} of ${total} entries in ${safeLine(file)} that could not be read (${named}${more}); the rest was analysed\n`;
}

/** The JSON report (report.ts), an exchange at a time: the same text as jsonText(toReport(…)). */
function jsonReportWriter(write: (text: string) => void): ReportWriter {
  const out = batched(write);
  let first = true;
  out.add('{"exchanges":[');
  return {
    add(d) {
      out.add((first ? "" : ",") + jsonText(reportExchange(d)));
      first = false;
    },
    end() {
      out.add("]}\n");
      out.flush();
    },
  };
}

/** --format, or --json (kept as its short form); the two may not disagree. */
function formatOf(args: ParsedArgs): Format {
  const given = args.options.get("--format");
  const format = FORMATS.find((f) => f === given);
  if (args.options.has("--json")) {
    if (format !== undefined && format !== "json") throw new CliError(`--json and --format ${format} ask for two reports; give one`, "analyze");
    return "json";
  }
  return format ?? "text";
}

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const file = args.positionals[0]!;
  const failOn = args.options.get("--fail-on");
  const threshold = FAIL_ON_LEVELS.find((level) => level === failOn);
  const format = formatOf(args);
  const input = await readHarFile(file);
  const { har } = input;
  const { skipped, exchanges } = har;
  // Nothing to analyse is not a clean bill of health: a file whose every entry is unreadable fails.
  if (exchanges.length === 0 && skipped.length > 0) {
    const first = skipped[0]!;
    throw new CliError(
      `${safeLine(file)}: none of its ${skipped.length} ${skipped.length === 1 ? "entry" : "entries"} could be read (log.entries[${first.index}]: ${first.reason}${skipped.length > 1 ? "; …" : ""})`,
    );
  }
  const warning = skippedWarning(file, har);
  if (warning !== undefined) io.stderr(warning);

  // Each diagnosis is written as soon as it is made, and then dropped: only --fail-on's answer is kept.
  let writer: ReportWriter | undefined;
  let failed = false;
  const result = analyzeImportedEach(
    har,
    (facts) => {
      if (format === "json") {
        writer = jsonReportWriter(io.stdout);
        return;
      }
      if (format === "markdown") {
        writer = markdownReportWriter({ fileName: basename(file), facts, requests: exchanges.length }, terminalSafe(io.stdout));
        return;
      }
      if (format === "junit") {
        writer = junitReportWriter({ fileName: basename(file), requests: exchanges.length }, io.stdout);
        return;
      }
      const creator = creatorOf(input.creator, har.creator);
      const out = batched(io.stdout);
      const text = textReportWriter(
        {
          fileName: basename(file),
          ...(creator !== undefined ? { creator } : {}),
          facts,
          requests: exchanges.length,
          width: reportWidth(io),
          style: styleFor(io),
          showSecrets: args.options.has("--show-secrets"),
        },
        out.add,
      );
      writer = {
        add: text.add,
        end() {
          // The sign-ins read across the capture: they follow the requests, once every diagnosis is written.
          text.end(signInFlowsOf(exchanges, facts));
          out.flush();
        },
      };
    },
    (d) => {
      writer!.add(d);
      if (threshold !== undefined && !failed) failed = rootCauseAtLeast(d, threshold);
    },
  );
  if (!result.ok) throw new CliError(`${safeLine(file)}: ${safeLine(result.error)}`);
  writer!.end();
  return failed ? EXIT.findings : EXIT.ok;
}

export const analyzeCommand: CommandSpec = {
  name: "analyze",
  summary: "Diagnose the 401s, 403s, 407s and CORS failures in a HAR file",
  description: [
    "Reads a HAR file (DevTools → Network → Export HAR, in Chrome, Edge, Firefox or Safari), runs every AuthLens check on each request, and prints the findings grouped by request: a failed request's root cause first (the finding that best explains it) as its headline, the codes that only restate it on one line under it, then the independent findings. Each finding names the real values from the capture, what they mean and how to fix them.",
    "After the requests, each OAuth 2.0 / OpenID Connect sign-in in the capture is shown as steps with their status: the authorization request, the response at the redirect URI, the code exchange, the API calls that used its token and the refreshes, with codes, verifiers, tokens and client secrets masked.",
    "Entries that cannot be read are skipped with a warning on stderr; the rest is analysed. A file none of whose entries can be read fails (exit status 2). A HAR exported without sensitive data (Chrome's default) has no Authorization or Cookie headers: AuthLens says so and makes no claim about credentials.",
  ],
  arguments: [{ name: "<file.har>", description: "HAR 1.2 file, up to 512 MB and 1,000,000 entries (UTF-8, with or without a BOM)" }],
  options: [
    {
      name: "--format",
      value: { placeholder: "<format>", choices: FORMATS },
      description:
        "The report on stdout: text (the default, wrapped to COLUMNS or the terminal, else 80 columns), json, markdown (for a CI job summary or a pull-request comment; redacted) or junit (JUnit XML, one failing test case per failing request; redacted)",
    },
    { name: "--json", description: "Print the report as JSON on stdout, and nothing else (the same as --format json)" },
    {
      name: "--show-secrets",
      description: "In the text report's sign-in flows, print codes, verifiers, tokens and client secrets instead of their masks",
    },
    {
      name: "--fail-on",
      value: { placeholder: "<severity>", choices: FAIL_ON_LEVELS },
      description:
        "Exit with status 1 when a request failed and its root cause is of this severity or worse: error, warning (warnings and errors) or info (any root cause). Only root causes count: findings that support one restate it, and advice on a request that succeeded fails nothing",
    },
    HELP_OPTION,
  ],
  sections: [
    {
      title: "JSON report",
      lines: [
        '{"exchanges": [{"id", "method", "url", "status", "rootCause", "preflightFor"?,',
        '                "findings": [{"code", "severity", "title", "detail", "phase"?, "role"?,',
        '                              "evidence": [{"label", "value"}], "fix"?, "docs": [<url>]}]}]}',
        "One exchange per HAR entry, in the order the requests started. status is 0 where no response",
        "arrived. code is a stable identifier (e.g. auth.challenge-missing); severity is error, warning",
        "or info. rootCause is the code of the finding that best explains a failed request (it comes",
        'first), or null; findings that restate or corroborate it have "role": "supporting". A CORS',
        "preflight names the request it was sent for (preflightFor), where its result is reported.",
      ],
    },
  ],
  examples: [
    "authlens analyze checkout.har",
    "authlens analyze checkout.har --json > report.json",
    "authlens analyze checkout.har --fail-on error      # in CI: exit 1 on an auth or CORS failure",
    'authlens analyze e2e.har --format markdown >> "$GITHUB_STEP_SUMMARY"',
    "authlens analyze e2e.har --format junit > authlens.xml",
    "authlens analyze sign-in.har --show-secrets        # the sign-in flow with its codes and tokens",
  ],
  run,
};
