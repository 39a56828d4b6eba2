/** auth.token-not-yet-valid: a JWT whose nbf is after the request (RFC 7519 §4.1.5). */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import { problemsOf, tokenEvidence, tokenPlace } from "../token-text.ts";

export const tokenNotYetValidRule: Rule = {
  name: "token-not-yet-valid",
  run(x, ctx) {
    const tokens = tokensIn(x, ctx);
    if (tokens.length === 0) return [];
    return tokens.flatMap(({ source, token: t }) =>
      problemsOf(t, "auth.token-not-yet-valid").map((p) =>
        finding("auth.token-not-yet-valid", {
          detail: `${tokenPlace(x, source, t, "a JWT", ctx.view(x).label)} that is ${p.message}: the issuer's clock is ahead of this machine's, or the token was minted for later use.`,
          evidence: tokenEvidence(t, ctx.view(x).tokenText),
          fix: "Synchronise the clocks (NTP) of the issuer, the API and the client; if the issuer sets nbf to its own current time, a server should allow a small leeway (RFC 7519 §4.1.5).",
          ...(p.severity !== "error" ? { severity: p.severity } : {}),
        }),
      ),
    );
  },
};
