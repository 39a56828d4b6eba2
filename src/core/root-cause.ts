/**
 * Root cause first (FINDINGS.md v2): of a failed request's findings, the one that best explains
 * the failure leads; findings that restate or corroborate it are marked `role: "supporting"`
 * and follow it; the others (independent findings) come after, in their own order. Which code
 * explains which is data (root-cause-table.ts); this module only applies it.
 */
import { type Exchange, statusOf } from "./exchange.ts";
import type { Finding, FindingCode } from "./findings.ts";
import { EXPLAINS, ROOT_RANKING } from "./root-cause-table.ts";

const RANK: ReadonlyMap<FindingCode, number> = new Map(ROOT_RANKING.map((code, i) => [code, i]));

export interface RankedFindings {
  /** The code of the finding that explains the failure; null when the request did not fail or nothing explains it. */
  readonly rootCause: FindingCode | null;
  /** Root first, then its supporting findings, then the independent ones. */
  readonly findings: readonly Finding[];
}

/**
 * A request failed when it got an error status, no response at all, or an error finding (the
 * browser blocked a 200 for CORS). A success with a warning did not fail: its advice stands
 * on its own, and nothing is its root cause.
 */
function failed(x: Exchange, findings: readonly Finding[]): boolean {
  const status = statusOf(x);
  if (status >= 400 || status === 0) return true;
  for (let i = 0; i < findings.length; i++) if (findings[i]!.severity === "error") return true;
  return false;
}

/** The index of the best-ranked finding, or -1 when none can lead. */
function rootIndex(findings: readonly Finding[]): number {
  let best = -1;
  let bestRank = Number.POSITIVE_INFINITY;
  for (let i = 0; i < findings.length; i++) {
    const rank = RANK.get(findings[i]!.code);
    if (rank !== undefined && rank < bestRank) {
      best = i;
      bestRank = rank;
    }
  }
  return best;
}

/** The findings of one exchange (most severe first, as the rules gave them), ranked root first. */
export function rankFindings(x: Exchange, findings: readonly Finding[]): RankedFindings {
  if (findings.length === 0 || !failed(x, findings)) return { rootCause: null, findings };
  const r = rootIndex(findings);
  if (r === -1) return { rootCause: null, findings };
  const root = findings[r]!;
  const explained = EXPLAINS[root.code] ?? [];
  const supporting: Finding[] = [];
  const independent: Finding[] = [];
  for (let i = 0; i < findings.length; i++) {
    if (i === r) continue;
    const f = findings[i]!;
    if (explained.includes(f.code)) supporting.push(f.role === "supporting" ? f : { ...f, role: "supporting" });
    else independent.push(f);
  }
  return { rootCause: root.code, findings: [root, ...supporting, ...independent] };
}

/** A diagnosis's findings in the three parts every view shows: the root, what supports it, the rest. */
export interface RootParts {
  readonly root?: Finding;
  readonly supporting: readonly Finding[];
  readonly independent: readonly Finding[];
}

export function rootParts(d: { readonly rootCause: FindingCode | null; readonly findings: readonly Finding[] }): RootParts {
  const root = d.rootCause !== null ? d.findings[0] : undefined;
  const supporting: Finding[] = [];
  const independent: Finding[] = [];
  for (const f of d.findings) {
    if (f === root) continue;
    (f.role === "supporting" ? supporting : independent).push(f);
  }
  return root ? { root, supporting, independent } : { supporting, independent };
}
