/** Core's rules, each run recorded by exchange id: what a change made the analysis judge again. */
import { RULES } from "../../../src/core/diagnose.ts";
import type { Rule } from "../../../src/core/rule.ts";

export function countingRules(): { rules: Rule[]; judged: Set<string> } {
  const judged = new Set<string>();
  const rules = RULES.map(
    (r): Rule => ({
      name: r.name,
      run(x, ctx) {
        judged.add(x.id);
        return r.run(x, ctx);
      },
    }),
  );
  return { rules, judged };
}
