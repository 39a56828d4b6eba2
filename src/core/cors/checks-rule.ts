/**
 * One finding per failed CORS check, in the browser's order (checks/table.ts). Checks the browser
 * enforces are reported only on requests it blocked: on a request that went through, a failing
 * reading means the capture misled the reading, never the browser. Advice (warnings) is given on
 * every request.
 */
import type { Exchange } from "../exchange.ts";
import { finding } from "../findings.ts";
import type { Finding, FindingCode, Severity } from "../findings.ts";
import type { Rule, RuleContext } from "../rule.ts";
import { isEnforced } from "./evaluate.ts";
import { reflectsOrigin } from "./origin-reflection.ts";

/**
 * Advice whose severity depends on what the capture proves: without the proof it is a note
 * (info), never a warning on a request that worked (FINDINGS.md v2).
 */
const SEVERITY_BY_PROOF: Partial<Record<FindingCode, (x: Exchange, ctx: RuleContext) => Severity>> = {
  "cors.vary-origin-missing": (x, ctx) => (reflectsOrigin(x, ctx) ? "warning" : "info"),
};

/** Codes whose catalogue severity holds only when the capture proves the case. */
export const SEVERITY_NEEDS_PROOF: ReadonlySet<string> = new Set(Object.keys(SEVERITY_BY_PROOF));

export const corsChecksRule: Rule = {
  name: "cors-checks",
  run(x, ctx) {
    const e = ctx.view(x).corsRuleEvaluation;
    if (!e) return [];
    const related = e.subject.actual && e.subject.preflight ? [e.subject.preflight.id] : [];
    const out: Finding[] = [];
    for (const { spec, outcome } of e.failures) {
      if (outcome.result !== "failed") continue;
      if (isEnforced(spec) && !e.blocked) continue;
      const severity = SEVERITY_BY_PROOF[spec.code]?.(x, ctx);
      out.push(
        finding(spec.code, {
          ...(severity !== undefined ? { severity } : {}),
          phase: spec.phase,
          detail: outcome.detail,
          evidence: outcome.evidence,
          fix: outcome.fix,
          ...(spec.phase === "preflight" && related.length > 0 ? { related } : {}),
        }),
      );
    }
    return out;
  },
};
