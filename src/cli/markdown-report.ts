/**
 * `authlens analyze --format markdown`: a report for a CI job summary or a pull-request comment
 * (GitHub's `$GITHUB_STEP_SUMMARY`). The count first, a table of the failing requests, then each
 * one's diagnosis as the panel's "Copy as Markdown" writes it (core/share/markdown.ts): redacted,
 * since a job summary is read by more people than the capture was. Values from the traffic are
 * escaped there; what is left of control characters (C1, bidi) is made visible here, as in the
 * text report, because the same text may also reach a terminal.
 */
import type { Diagnosis } from "../core/diagnose.ts";
import { rootParts } from "../core/root-cause.ts";
import type { CaptureFacts } from "../core/rule.ts";
import { codeSpan, diagnosisToMarkdown, escapeInline } from "../core/share/markdown.ts";
import { statusView } from "../core/status-view.ts";
import { batched, type ReportWriter } from "./report-writer.ts";
import { safeProse } from "./terminal-text.ts";

export interface MarkdownReportInput {
  readonly fileName: string;
  readonly facts: CaptureFacts;
  readonly requests: number;
}

/** Longest URL shown in the table; the diagnosis below has it whole (up to its own limit). */
const MAX_TABLE_URL = 200;
/**
 * A job summary holds 1 MiB (GitHub's limit per step): the table lists up to 500 failing
 * requests, and the first 100 get their diagnosis in full; a note says how many more there are.
 */
const ROWS_SHOWN = 500;
const DIAGNOSES_SHOWN = 100;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** A table cell: escaped inline text, with `|` escaped too (GFM tables split on it). */
function cell(text: string): string {
  return escapeInline(text).replace(/\|/g, "\\|");
}

export function markdownReportWriter(input: MarkdownReportInput, write: (text: string) => void): ReportWriter {
  // Only failing requests are kept, as Markdown, until the end: the count they make comes first.
  const rows: string[] = [];
  const blocks: string[] = [];
  let failing = 0;
  return {
    add(d: Diagnosis) {
      const { root } = rootParts(d);
      if (!root) return;
      failing++;
      if (rows.length >= ROWS_SHOWN) return;
      const x = d.exchange;
      const url = x.request.url.length > MAX_TABLE_URL ? `${x.request.url.slice(0, MAX_TABLE_URL)}…` : x.request.url;
      rows.push(
        `| ${rows.length + 1} | ${cell(`${x.request.method} ${url}`)} | ${cell(statusView(x, d.findings).text)} | ${codeSpan(root.code)} ${cell(root.title)} |`,
      );
      if (blocks.length < DIAGNOSES_SHOWN) blocks.push(diagnosisToMarkdown(d, { includeSecrets: false }));
    },
    end() {
      const out = batched(write);
      out.add(`## AuthLens: ${cell(input.fileName)}\n\n`);
      out.add(
        failing === 0
          ? `No request failed for an auth or CORS reason AuthLens can name (${plural(input.requests, "request")} analysed).\n`
          : `**${plural(failing, "request")} failed** for an auth or CORS reason, of ${plural(input.requests, "request")} analysed.\n`,
      );
      const stripped = input.facts.credentialsStripped;
      if (stripped !== undefined) {
        out.add(`\n> **Note:** credentials were stripped from this capture: ${escapeInline(stripped)}. AuthLens cannot see what was sent, so it makes no claim about missing or rejected credentials.\n`);
      }
      if (failing > 0) {
        out.add("\n| # | Request | Outcome | Root cause |\n|---|---|---|---|\n");
        for (const row of rows) out.add(`${row}\n`);
        if (failing > rows.length) out.add(`\n…and ${plural(failing - rows.length, "more failing request")}: \`authlens analyze\` lists them all.\n`);
        for (const block of blocks) out.add(`\n${block}`);
        if (rows.length > blocks.length) out.add(`\n${plural(rows.length - blocks.length, "more diagnosis", "more diagnoses")} in the table above are not shown in full: \`authlens analyze\` gives them.\n`);
      }
      out.flush();
    },
  };
}

/** The writer's output, made safe for a terminal as the text report is (newlines kept). */
export function terminalSafe(write: (text: string) => void): (text: string) => void {
  return (text) => write(safeProse(text));
}
