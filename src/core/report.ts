/**
 * The CLI's JSON report, a public contract:
 * {"exchanges":[{"id","method","url","status","rootCause","preflightFor"?,"findings":[{"code",
 *   "severity","title","detail","phase"?,"role"?,"evidence","fix"?,"docs"}]}]} — status 0 where
 * no response came; rootCause null where nothing failed; findings root cause first, then its
 * supporting findings ("role": "supporting"), then the independent ones (FINDINGS.md v2).
 */
import type { Diagnosis } from "./diagnose.ts";
import { statusOf } from "./exchange.ts";
import type { Evidence, Finding, Severity } from "./findings.ts";
import { SEVERITY_RANK } from "./findings.ts";

export interface ReportFinding {
  code: string;
  severity: Severity;
  title: string;
  detail: string;
  phase?: string;
  role?: "supporting";
  evidence: Evidence[];
  fix?: string;
  docs: string[];
}

export interface ReportExchange {
  id: string;
  method: string;
  url: string;
  status: number;
  /** The code of the finding that explains the failure, or null. */
  rootCause: string | null;
  /** For a CORS preflight: the id of the request it was sent for, where its failure is reported. */
  preflightFor?: string;
  findings: ReportFinding[];
}

export interface Report {
  exchanges: ReportExchange[];
}

function reportFinding(f: Finding): ReportFinding {
  return {
    code: f.code,
    severity: f.severity,
    title: f.title,
    detail: f.detail,
    ...(f.phase !== undefined ? { phase: f.phase } : {}),
    ...(f.role !== undefined ? { role: f.role } : {}),
    evidence: f.evidence.map((e) => ({ label: e.label, value: e.value })),
    ...(f.fix !== undefined ? { fix: f.fix } : {}),
    docs: [...f.docs],
  };
}

/** One exchange of the report (the CLI writes them one at a time). */
export function reportExchange(d: Diagnosis): ReportExchange {
  return {
    id: d.exchange.id,
    method: d.exchange.request.method,
    url: d.exchange.request.url,
    status: statusOf(d.exchange),
    rootCause: d.rootCause,
    ...(d.exchange.preflightFor !== undefined ? { preflightFor: d.exchange.preflightFor } : {}),
    findings: d.findings.map(reportFinding),
  };
}

export function toReport(diagnoses: readonly Diagnosis[]): Report {
  return { exchanges: diagnoses.map(reportExchange) };
}

/**
 * True when a root cause or an independent finding is at least as severe as `threshold` (the
 * CLI's --fail-on). Supporting findings restate their root and are not counted again.
 */
export function failsAt(d: Diagnosis, threshold: Severity): boolean {
  const min = SEVERITY_RANK[threshold];
  return d.findings.some((f) => f.role !== "supporting" && SEVERITY_RANK[f.severity] >= min);
}

export function hasFindingAtLeast(diagnoses: readonly Diagnosis[], threshold: Severity): boolean {
  return diagnoses.some((d) => failsAt(d, threshold));
}

/**
 * True when the exchange failed and its root cause is at least as severe as `threshold` (the
 * CLI's --fail-on, the Playwright fixture). Only a failed request has a root cause: what
 * supports it restates it, and advice on a request that succeeded (a token in a URL, a missing
 * Vary) never fails a run, at any threshold.
 */
export function rootCauseAtLeast(d: Diagnosis, threshold: Severity): boolean {
  if (d.rootCause === null) return false;
  const root = d.findings[0];
  return root !== undefined && SEVERITY_RANK[root.severity] >= SEVERITY_RANK[threshold];
}
