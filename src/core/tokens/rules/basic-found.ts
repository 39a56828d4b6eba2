/** token.basic: Basic credentials (RFC 7617): the user shown, the password never. */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import { problemsOf, tokenEvidence, tokenPlace } from "../token-text.ts";

export const basicFoundRule: Rule = {
  name: "token-basic",
  run(x, ctx) {
    const tokens = tokensIn(x, ctx);
    if (tokens.length === 0) return [];
    return tokens
      .filter((l) => l.token.kind === "basic")
      .map(({ source, token: t }) => {
        const notes = problemsOf(t, "token.basic");
        return finding("token.basic", {
          detail: `${tokenPlace(x, source, t, "Basic credentials", ctx.view(x).label)}: ${notes.map((n) => n.message).join("; ")}.`,
          evidence: tokenEvidence(t, ctx.view(x).tokenText),
          ...(notes.some((n) => n.severity === "warning") ? { severity: "warning" as const } : {}),
        });
      });
  },
};
