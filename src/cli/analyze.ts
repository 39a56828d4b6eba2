/** `authlens analyze <file.har>`: every AuthLens check over a HAR file, as text or JSON. */
import { basename } from "node:path";
import { analyzeHar, type HarAnalysis } from "../core/analyze-har.ts";
import type { Severity } from "../core/findings.ts";
import { hasFindingAtLeast, toReport } from "../core/report.ts";
import { type CommandSpec, HELP_OPTION, type ParsedArgs } from "./args.ts";
import { CliError, EXIT, type Io } from "./io.ts";
import { jsonText } from "./json-text.ts";
import { readJsonFile } from "./read-har.ts";
import { styleFor } from "./style.ts";
import { safeLine } from "./terminal-text.ts";
import { renderTextReport } from "./text-report.ts";

const FAIL_ON_LEVELS = ["error", "warning"] as const satisfies readonly Severity[];

/** Default report width when stdout is not a terminal (a file, a pipe, CI logs). */
export const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 40;

/** How many skipped entries the stderr warning names before it just counts. */
const SKIPPED_SHOWN = 3;

export function reportWidth(io: Io): number {
  const columns = io.stdoutIsTTY ? io.columns : undefined;
  return columns !== undefined && columns > 0 ? Math.max(MIN_WIDTH, columns) : DEFAULT_WIDTH;
}

/** `log.creator` as "WebInspector 537.36", read leniently from the raw document. */
function creatorOf(doc: unknown, fallback: string | undefined): string | undefined {
  const creator = (doc as { log?: { creator?: { name?: unknown; version?: unknown } } } | null)?.log?.creator;
  const name = typeof creator?.name === "string" && creator.name !== "" ? creator.name : fallback;
  if (name === undefined) return undefined;
  return typeof creator?.version === "string" && creator.version !== "" ? `${name} ${creator.version}` : name;
}

function skippedWarning(file: string, analysis: HarAnalysis): string | undefined {
  const { skipped, exchanges } = analysis.har;
  if (skipped.length === 0) return undefined;
  const total = skipped.length + exchanges.length;
  const named = skipped
    .slice(0, SKIPPED_SHOWN)
    .map((s) => `log.entries[${s.index}]: ${s.reason}`)
    .join("; ");
  const more = skipped.length > SKIPPED_SHOWN ? `; and ${skipped.length - SKIPPED_SHOWN} more` : "";
  return `authlens: warning: skipped ${skipped.length} of ${total} entries in ${safeLine(file)} that could not be read (${named}${more}); the rest was analysed\n`;
}

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const file = args.positionals[0]!;
  const failOn = args.options.get("--fail-on");
  const doc = await readJsonFile(file);
  const result = analyzeHar(doc);
  if (!result.ok) throw new CliError(`${safeLine(file)}: ${safeLine(result.error)}`);
  const { analysis } = result;

  const warning = skippedWarning(file, analysis);
  if (warning !== undefined) io.stderr(warning);

  if (args.options.has("--json")) {
    io.stdout(`${jsonText(toReport(analysis.diagnoses))}\n`);
  } else {
    const creator = creatorOf(doc, analysis.har.creator);
    io.stdout(
      renderTextReport({
        fileName: basename(file),
        ...(creator !== undefined ? { creator } : {}),
        analysis,
        width: reportWidth(io),
        style: styleFor(io),
      }),
    );
  }

  const threshold = FAIL_ON_LEVELS.find((level) => level === failOn);
  return threshold !== undefined && hasFindingAtLeast(analysis.diagnoses, threshold) ? EXIT.findings : EXIT.ok;
}

export const analyzeCommand: CommandSpec = {
  name: "analyze",
  summary: "Diagnose the 401s, 403s, 407s and CORS failures in a HAR file",
  description: [
    "Reads a HAR file (DevTools → Network → Export HAR, in Chrome, Edge, Firefox or Safari), runs every AuthLens check on each request, and prints the findings grouped by request, most severe first. Each finding names the real values from the capture, what they mean and how to fix them.",
    "Entries that cannot be read are skipped with a warning on stderr; the rest is analysed. A HAR exported without sensitive data (Chrome's default) has no Authorization or Cookie headers: AuthLens says so and makes no claim about credentials.",
  ],
  arguments: [{ name: "<file.har>", description: "HAR 1.2 file, up to 512 MB (UTF-8, with or without a BOM)" }],
  options: [
    { name: "--json", description: "Print the report as JSON on stdout, and nothing else" },
    {
      name: "--fail-on",
      value: { placeholder: "<severity>", choices: FAIL_ON_LEVELS },
      description: "Exit with status 1 when a finding of this severity or worse exists: error, or warning (warnings and errors)",
    },
    HELP_OPTION,
  ],
  sections: [
    {
      title: "JSON report",
      lines: [
        '{"exchanges": [{"id", "method", "url", "status",',
        '                "findings": [{"code", "severity", "title", "detail", "phase"?,',
        '                              "evidence": [{"label", "value"}], "fix"?, "docs": [<url>]}]}]}',
        "One exchange per HAR entry, in the order the requests started. status is 0 where no response",
        "arrived. code is a stable identifier (e.g. auth.challenge-missing); severity is error, warning",
        "or info.",
      ],
    },
  ],
  examples: [
    "authlens analyze checkout.har",
    "authlens analyze checkout.har --json > report.json",
    "authlens analyze checkout.har --fail-on error      # in CI: exit 1 on any error",
  ],
  run,
};
