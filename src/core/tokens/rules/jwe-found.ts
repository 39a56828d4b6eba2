/** token.jwe: an encrypted JWT (RFC 7516): only its header is readable, so say what is encrypted and how. */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import { problemsOf, tokenEvidence, tokenPlace } from "../token-text.ts";

export const jweFoundRule: Rule = {
  name: "token-jwe",
  run(x, ctx) {
    const tokens = tokensIn(x, ctx);
    if (tokens.length === 0) return [];
    return tokens
      .filter((l) => l.token.kind === "jwe")
      .map(({ source, token: t }) =>
        finding("token.jwe", {
          detail: `${tokenPlace(x, source, t, "an encrypted JWT (JWE)", ctx.view(x).label)}: ${problemsOf(t, "token.jwe").map((p) => p.message).join(" ")}`,
          evidence: tokenEvidence(t, ctx.view(x).tokenText),
        }),
      );
  },
};
