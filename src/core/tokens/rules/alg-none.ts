/** token.alg-none: an unsecured JWT (RFC 7519 §6) that anyone can forge. */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import { problemsOf, tokenEvidence, tokenPlace } from "../token-text.ts";

export const algNoneRule: Rule = {
  name: "token-alg-none",
  run(x, ctx) {
    const tokens = tokensIn(x, ctx);
    if (tokens.length === 0) return [];
    return tokens.flatMap(({ source, token: t }) =>
      problemsOf(t, "token.alg-none").map((p) =>
        finding("token.alg-none", {
          detail: `${tokenPlace(x, source, t, "a JWT without a signature", ctx.view(x).label)}: ${p.message}.`,
          evidence: tokenEvidence(t, ctx.view(x).tokenText),
          fix: "Issue signed tokens (RS256, ES256, EdDSA…) and make the server accept only the algorithms it expects, never \"none\" (RFC 8725 §3.1).",
        }),
      ),
    );
  },
};
