/**
 * token.invalid: a token that decodes but that a conforming verifier must reject (RFC 7515,
 * RFC 7519, RFC 8725): one finding per token, naming every reason with its section (invalid.ts).
 */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import { problemsOf, tokenEvidence, tokenPlace } from "../token-text.ts";

export const invalidRule: Rule = {
  name: "token-invalid",
  run(x, ctx) {
    const tokens = tokensIn(x, ctx);
    if (tokens.length === 0) return [];
    return tokens.flatMap(({ source, token: t }) => {
      const reasons = problemsOf(t, "token.invalid");
      if (reasons.length === 0) return [];
      const text = reasons.map((r) => `${r.message[0]!.toUpperCase()}${r.message.slice(1)}.`).join(" ");
      return [
        finding("token.invalid", {
          detail: `${tokenPlace(x, source, t, "a token a verifier must reject", ctx.view(x).label)}: ${text}`,
          evidence: [...tokenEvidence(t, ctx.view(x).tokenText), ...reasons.map((r) => ({ label: "Reason", value: r.message }))],
          fix: "Fix the issuer, not the verifier: a conforming library rejects this token whatever the key, so issue it with well-typed registered claims, unique names, a header whose \"crit\" lists only extensions the API understands, and the full signature its alg produces.",
        }),
      ];
    });
  },
};
