/**
 * The CLI's JSON report, a public contract:
 * {"exchanges":[{"id","method","url","status","findings":[{"code","severity","title","detail",
 *   "phase"?,"evidence","fix"?,"docs"}]}]} — status 0 where no response came.
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
  evidence: Evidence[];
  fix?: string;
  docs: string[];
}

export interface ReportExchange {
  id: string;
  method: string;
  url: string;
  status: number;
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
    findings: d.findings.map(reportFinding),
  };
}

export function toReport(diagnoses: readonly Diagnosis[]): Report {
  return { exchanges: diagnoses.map(reportExchange) };
}

/** True when some finding is at least as severe as `threshold` (the CLI's --fail-on). */
export function hasFindingAtLeast(diagnoses: readonly Diagnosis[], threshold: Severity): boolean {
  const min = SEVERITY_RANK[threshold];
  return diagnoses.some((d) => d.findings.some((f) => SEVERITY_RANK[f.severity] >= min));
}
