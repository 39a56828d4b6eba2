/** token.opaque: a token that is not a JWT: length, prefix and the issuer its prefix names. */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import { problemsOf, tokenEvidence, tokenPlace } from "../token-text.ts";

export const opaqueFoundRule: Rule = {
  name: "token-opaque",
  run(x, ctx) {
    const tokens = tokensIn(x, ctx);
    if (tokens.length === 0) return [];
    return tokens
      .filter((l) => l.token.kind === "opaque")
      .map(({ source, token: t }) =>
        finding("token.opaque", {
          detail: `${tokenPlace(x, source, t, "a token", ctx.view(x).label)}: ${problemsOf(t, "token.opaque").map((p) => p.message).join(" ")}.`,
          evidence: [...tokenEvidence(t, ctx.view(x).tokenText), ...t.claims.map((c) => ({ label: c.name, value: c.value }))],
        }),
      );
  },
};
