/**
 * One finding per failed CORS check, in the browser's order (checks/table.ts). Checks the browser
 * enforces are reported only on requests it blocked: on a request that went through, a failing
 * reading means the capture misled the reading, never the browser. Advice (warnings) is given on
 * every request.
 */
import { finding } from "../findings.ts";
import type { Finding } from "../findings.ts";
import type { Rule } from "../rule.ts";
import { corsRuleEvaluation, isEnforced } from "./evaluate.ts";

export const corsChecksRule: Rule = {
  name: "cors-checks",
  run(x, ctx) {
    const e = corsRuleEvaluation(x, ctx);
    if (!e) return [];
    const related = e.subject.actual && e.subject.preflight ? [e.subject.preflight.id] : [];
    const out: Finding[] = [];
    for (const { spec, outcome } of e.failures) {
      if (outcome.result !== "failed") continue;
      if (isEnforced(spec) && !e.blocked) continue;
      out.push(
        finding(spec.code, {
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
