/** token.exp-in-milliseconds: exp/nbf/iat written in milliseconds where RFC 7519 §2 says seconds. */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import { problemsOf, tokenEvidence, tokenPlace } from "../token-text.ts";

export const expInMillisecondsRule: Rule = {
  name: "token-exp-in-milliseconds",
  run(x, ctx) {
    const tokens = tokensIn(x, ctx);
    if (tokens.length === 0) return [];
    return tokens.flatMap(({ source, token: t }) => {
      const problems = problemsOf(t, "token.exp-in-milliseconds");
      if (problems.length === 0) return [];
      return [
        finding("token.exp-in-milliseconds", {
          detail: `${tokenPlace(x, source, t, "a JWT", ctx.view(x).label)} whose times are in milliseconds: ${problems.map((p) => p.message).join(" ")}`,
          evidence: tokenEvidence(t, ctx.view(x).tokenText),
          fix: "Write NumericDates in seconds (RFC 7519 §2): divide JavaScript's millisecond clock (Date.now, Date#getTime) and Java's System.currentTimeMillis by 1000 and round down, or use Instant#getEpochSecond in Java and int(time.time()) in Python.",
        }),
      ];
    });
  },
};
