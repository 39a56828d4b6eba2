/**
 * Which diagnoses fail a test, and the words that say why: the failing request's method, URL and
 * outcome first, then its root cause in plain words and its fix. Pure: diagnoses in, text out.
 *
 * Only root causes count (FINDINGS.md v2, "Root cause first"): a finding that supports a root
 * restates it, and an independent finding on a request that succeeded (a token in a URL, a
 * missing Vary) is advice, not the reason a test should fail.
 */
import type { Diagnosis } from "../core/diagnose.ts";
import type { Finding, Severity } from "../core/findings.ts";
import { rootCauseAtLeast } from "../core/report.ts";
import { rootParts } from "../core/root-cause.ts";
import { diagnosisToMarkdown } from "../core/share/markdown.ts";
import { statusView } from "../core/status-view.ts";
import { safeLine, safeProse } from "../cli/terminal-text.ts";

/** Which problems fail a test. */
export interface AuthLensOptions {
  /** The least severe root cause that fails the test: "error" (the default), "warning" or "info". */
  readonly failOn?: Severity;
  /** When given, only root causes with one of these codes fail the test (whatever their severity). */
  readonly codes?: readonly string[];
  /** Root causes with one of these codes never fail the test. */
  readonly ignoreCodes?: readonly string[];
  /** Requests whose URL contains one of these strings, or matches one of these expressions, are left out. */
  readonly ignoreUrls?: readonly (string | RegExp)[];
}

/** A failing request and the finding that explains it. */
export interface AuthProblem {
  readonly diagnosis: Diagnosis;
  readonly root: Finding;
}

function ignoredUrl(url: string, patterns: readonly (string | RegExp)[]): boolean {
  return patterns.some((p) => (typeof p === "string" ? url.includes(p) : new RegExp(p.source, p.flags.replace(/[gy]/g, "")).test(url)));
}

/** The diagnoses whose root cause fails the test under `options`, in the order the requests started. */
export function authProblems(diagnoses: readonly Diagnosis[], options: AuthLensOptions = {}): AuthProblem[] {
  const out: AuthProblem[] = [];
  for (const d of diagnoses) {
    const { root } = rootParts(d);
    if (!root) continue;
    if (options.ignoreUrls && ignoredUrl(d.exchange.request.url, options.ignoreUrls)) continue;
    if (options.ignoreCodes?.includes(root.code)) continue;
    const wanted = options.codes !== undefined ? options.codes.includes(root.code) : rootCauseAtLeast(d, options.failOn ?? "error");
    if (wanted) out.push({ diagnosis: d, root });
  }
  return out;
}

/** "GET https://api.example.com/orders → 401 Unauthorized": what a tester looks for first. */
export function requestLine(d: Diagnosis): string {
  const x = d.exchange;
  return `${safeLine(x.request.method)} ${safeLine(x.request.url)} → ${safeLine(statusView(x, d.findings).text)}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : prefix + line))
    .join("\n");
}

/** The assertion's message: each failing request, then its root cause, what it means and the fix. */
export function failureMessage(problems: readonly AuthProblem[]): string {
  const count = problems.length === 1 ? "1 request" : `${problems.length} requests`;
  const blocks = problems.map(({ diagnosis, root }, i) => {
    const lines = [`${i + 1}. ${requestLine(diagnosis)}`, `   ${root.severity}: ${safeLine(root.title)} (${root.code})`, indent(safeProse(root.detail), "   ")];
    if (root.fix !== undefined) lines.push(indent(`Fix: ${safeProse(root.fix)}`, "   "));
    return lines.join("\n");
  });
  return `AuthLens found an auth problem in ${count}:\n\n${blocks.join("\n\n")}`;
}

/** The attachment: every failing request's diagnosis as Markdown, redacted (share/markdown.ts). */
export function problemsMarkdown(problems: readonly AuthProblem[], requests: number): string {
  const head = `# AuthLens: ${problems.length === 0 ? "no auth problem" : problems.length === 1 ? "1 failing request" : `${problems.length} failing requests`} in ${requests} recorded ${requests === 1 ? "request" : "requests"}`;
  return `${[head, ...problems.map((p) => diagnosisToMarkdown(p.diagnosis, { includeSecrets: false }))].join("\n\n")}\n`;
}
