/**
 * The human report: grouped by request, the root cause as each failed request's headline with
 * the codes supporting it on one line under it, then the independent findings (the order core
 * gives, FINDINGS.md v2),
 * wrapped to the terminal. It renders what core decided and decides nothing itself
 * (ARCHITECTURE.md: views never decide). Every string from the HAR passes through
 * terminal-text.ts before it is printed.
 */
import type { Diagnosis } from "../core/diagnose.ts";
import { statusOf } from "../core/exchange.ts";
import type { Finding, Severity } from "../core/findings.ts";
import type { FlowSecret, FlowStep, FlowStepStatus, SignInFlow } from "../core/oauth/flow-steps.ts";
import { rootParts } from "../core/root-cause.ts";
import type { CaptureFacts } from "../core/rule.ts";
import type { Style } from "./style.ts";
import { cut, safeLine, safeProse } from "./terminal-text.ts";
import { wrap, wrapIndented } from "./wrap.ts";

export interface TextReportInput {
  /** How the file is named in the first line. */
  readonly fileName: string;
  /** `log.creator` as "name version", when the HAR says. */
  readonly creator?: string;
  readonly facts: CaptureFacts;
  /** How many requests the report covers (the first line says it before any is listed). */
  readonly requests: number;
  /** Columns to wrap to. */
  readonly width: number;
  readonly style: Style;
  /** Print the sign-in flows' secrets (codes, verifiers, tokens, client secrets) instead of their masks. */
  readonly showSecrets?: boolean;
}

/** Short, aligned severity labels; the JSON report keeps the full names. */
const LABEL: Record<Severity, string> = { error: "ERROR", warning: "WARN ", info: "INFO " };
const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** Longest URL or evidence value printed whole; --json always has the full value. */
const MAX_URL_CHARS = 2_000;
const MAX_EVIDENCE_CHARS = 600;

const BODY = "    ";
/** Columns a finding's title needs beside its label and code to stay readable. */
const MIN_TITLE_ROOM = 20;
const EVIDENCE = "      ";

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

function exchangeHeader(d: Diagnosis, style: Style): string {
  const x = d.exchange;
  const status = statusOf(x);
  const preflight = x.preflightFor !== undefined ? `  (preflight for ${x.preflightFor})` : "";
  const head = `${x.id}  ${safeLine(x.request.method)} ${status > 0 ? status : "(no response)"}`;
  return `${style.bold(head)}  ${cut(safeLine(x.request.url), MAX_URL_CHARS)}${preflight}`;
}

/**
 * "Fix: text…" with the text wrapped under itself. The label is coloured after wrapping so
 * that escape sequences never count towards the width.
 */
function labelled(prefix: string, label: string, text: string, width: number, paint: (t: string) => string): string[] {
  const first = `${prefix}${label} `;
  return wrapIndented(text, width, " ".repeat(first.length), first).map((line, i) =>
    i === 0 ? `${prefix}${paint(label)}${line.slice(prefix.length + label.length)}` : line,
  );
}

function renderFinding(f: Finding, width: number, style: Style): string[] {
  const phase = f.phase === "preflight" ? "  (preflight phase)" : "";
  // The title wraps under itself when the line is narrow; label and code are painted after wrapping.
  // A long code leaves too little room beside it: the title then starts on a line of its own.
  const lead = `  ${LABEL[f.severity]}  ${f.code}  `;
  const painted = `  ${style.severity(f.severity, LABEL[f.severity])}  ${style.bold(f.code)}`;
  const title = `${safeLine(f.title)}${phase}`;
  const lines =
    lead.length + MIN_TITLE_ROOM > width
      ? [painted, ...wrapIndented(title, width, BODY)]
      : wrapIndented(title, width, BODY, lead).map((line, i) => (i === 0 ? `${painted}  ${line.slice(lead.length)}` : line));
  lines.push(...wrapIndented(safeProse(f.detail), width, BODY));
  if (f.evidence.length > 0) {
    lines.push(`${BODY}${style.dim("Evidence:")}`);
    for (const e of f.evidence) {
      const text = `${safeLine(e.label)}: ${cut(safeLine(e.value), MAX_EVIDENCE_CHARS)}`;
      lines.push(...wrapIndented(text, width, `${EVIDENCE}  `, EVIDENCE));
    }
  }
  if (f.fix !== undefined) {
    lines.push(...labelled(BODY, "Fix:", safeProse(f.fix), width, style.dim));
  }
  f.docs.forEach((url, i) => {
    lines.push(i === 0 ? `${BODY}${style.dim("Docs:")} ${safeLine(url)}` : `${BODY}      ${safeLine(url)}`);
  });
  return lines;
}

/**
 * "Root cause: Token expired (auth.token-expired)" and, under it, the supporting codes: the
 * supporting findings restate the root, so only their codes are printed.
 */
function headline(d: Diagnosis, width: number, style: Style): string[] {
  const { root, supporting } = rootParts(d);
  const lines: string[] = [];
  if (root !== undefined) {
    lines.push(...labelled("  ", "Root cause:", `${safeLine(root.title)} (${root.code})`, width, (t) => style.severity(root.severity, style.bold(t))));
  }
  if (supporting.length > 0) lines.push(...labelled("  ", "Supporting:", supporting.map((f) => f.code).join(", "), width, style.dim));
  if (d.exchange.preflightFor !== undefined) {
    lines.push(`  ${style.dim(`CORS preflight: its result is reported on ${safeLine(d.exchange.preflightFor)}`)}`);
  }
  return lines;
}

/** A step's status as a word beside it (never told by colour alone). */
const STEP_LABEL: Record<FlowStepStatus, string> = { ok: "ok  ", warning: "WARN", failed: "FAIL" };
const STEP_SEVERITY: Record<FlowStepStatus, Severity | undefined> = { ok: undefined, warning: "warning", failed: "error" };

function renderStep(step: FlowStep, width: number, style: Style, reveal: (s: FlowSecret) => string): string[] {
  const severity = STEP_SEVERITY[step.status];
  const mark = severity !== undefined ? style.severity(severity, STEP_LABEL[step.status]) : STEP_LABEL[step.status];
  const status = step.httpStatus > 0 ? String(step.httpStatus) : "(no response)";
  const head = `${step.exchangeId}  ${safeLine(step.title)}: ${safeLine(step.method)} ${cut(safeLine(reveal(step.url)), MAX_URL_CHARS)} → ${status}`;
  const lines = wrapIndented(head, width, `${BODY}      `, `${BODY}${mark}  `);
  if (step.note !== undefined) lines.push(...wrapIndented(safeProse(step.note), width, `${BODY}      `));
  const items = step.items.map((i) => `${safeLine(i.label)}: ${cut(safeLine(i.secret ? reveal(i.secret) : (i.text ?? "")), MAX_EVIDENCE_CHARS)}`);
  if (items.length > 0) lines.push(...wrapIndented(items.join(" · "), width, `${BODY}      `));
  return lines;
}

/**
 * Each sign-in of the capture as steps with their status (oauth/flow-steps.ts): where a sign-in
 * failed reads in one place, across the requests the list above shows one by one.
 */
function renderSignIns(flows: readonly SignInFlow[], width: number, style: Style, showSecrets: boolean): string[] {
  const reveal = (s: FlowSecret) => (showSecrets && s.value !== undefined ? s.value : s.masked);
  const lines: string[] = [];
  for (const flow of flows) {
    const client = flow.clientId !== undefined ? `client_id ${flow.clientId}, ` : "";
    const at = flow.authorizationEndpoint !== undefined ? ` at ${flow.authorizationEndpoint}` : "";
    lines.push("", ...wrapIndented(`${style.bold("Sign-in flow")}: ${safeLine(`${client}redirect_uri ${flow.redirectUri}${at}`)}`, width, "  "));
    for (const step of flow.steps) lines.push(...renderStep(step, width, style, reveal));
    if (flow.apiCallsOmitted > 0) lines.push(`${BODY}${style.dim(`and ${plural(flow.apiCallsOmitted, "more API call")} with these tokens`)}`);
  }
  if (flows.length > 0 && !showSecrets) lines.push("", ...wrap("Secrets in the sign-in flows are masked; --show-secrets prints them.", width).map(style.dim));
  return lines;
}

/** Findings per severity and requests with findings, counted as the report is written. */
interface Tally {
  readonly counts: Record<Severity, number>;
  withFindings: number;
}

/** The closing count, wrapped to the width; each severity's count is painted after wrapping. */
function countLines(tally: Tally, requests: number, width: number, style: Style): string[] {
  const { counts, withFindings } = tally;
  if (withFindings === 0) return wrap(`No findings in ${plural(requests, "request")}.`, width);
  const names: Record<Severity, string> = {
    error: plural(counts.error, "error"),
    warning: plural(counts.warning, "warning"),
    info: `${counts.info} info`,
  };
  const lines = wrap(`Findings: ${SEVERITIES.map((s) => names[s]).join(", ")} in ${withFindings} of ${plural(requests, "request")}.`, width);
  return lines.map((line) => {
    let painted = line;
    for (const s of SEVERITIES) if (counts[s] > 0) painted = painted.replace(names[s], style.severity(s, names[s]));
    return painted;
  });
}

export interface TextReportWriter {
  /** The next diagnosis, in report order. */
  add(d: Diagnosis): void;
  /** The closing summary, after the capture's sign-in flows. */
  end(signIns?: readonly SignInFlow[]): void;
}

/**
 * The report, handed to `write` a request at a time (each piece ends with a newline): the
 * heading at once, each diagnosis as it is added, the summary at the end. A capture of a
 * million requests is never one string.
 */
export function textReportWriter(input: TextReportInput, write: (text: string) => void): TextReportWriter {
  const { width, style, requests } = input;
  const tally: Tally = { counts: { error: 0, warning: 0, info: 0 }, withFindings: 0 };
  let clean = 0;
  const out: string[] = [];
  const flush = () => {
    if (out.length > 0) write(`${out.join("\n")}\n`);
    out.length = 0;
  };

  const creator = input.creator !== undefined ? `, recorded by ${safeLine(input.creator)}` : "";
  const name = safeLine(input.fileName);
  const first = wrapIndented(`${name}: ${plural(requests, "request")}${creator}`, width, "  ", "");
  out.push(...first.map((line, i) => (i === 0 && line.startsWith(name) ? `${style.bold(name)}${line.slice(name.length)}` : line)));
  const stripped = input.facts.credentialsStripped;
  if (stripped !== undefined) {
    const note =
      `Credentials were stripped from this capture: ${stripped}. AuthLens cannot see what was sent, ` +
      "so it makes no claim about missing or rejected credentials (see the har.sanitized findings).";
    out.push(...labelled("", "Note:", safeProse(note), width, (t) => style.severity("warning", t)));
  }
  flush();

  return {
    add(d) {
      if (d.findings.length === 0) {
        clean++;
        return;
      }
      tally.withFindings++;
      // Supporting findings restate their root: counted once, as the root.
      const shown = d.findings.filter((f) => f.role !== "supporting");
      for (const f of shown) tally.counts[f.severity]++;
      out.push("", exchangeHeader(d, style), ...headline(d, width, style));
      shown.forEach((f, i) => {
        if (i > 0) out.push("");
        out.push(...renderFinding(f, width, style));
      });
      flush();
    },
    end(signIns = []) {
      out.push(...renderSignIns(signIns, width, style, input.showSecrets === true));
      out.push("");
      if (clean > 0) out.push(...wrap(`${plural(clean, "request")} without findings`, width));
      out.push(...countLines(tally, requests, width, style));
      flush();
    },
  };
}
