/** token.malformed: looks like a JWT (or Basic credentials) but does not decode; which part and why. */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import { problemsOf, tokenPlace } from "../token-text.ts";

export const malformedRule: Rule = {
  name: "token-malformed",
  run(x, ctx) {
    const tokens = tokensIn(x, ctx);
    if (tokens.length === 0) return [];
    return tokens.flatMap(({ source, token: t }) =>
      problemsOf(t, "token.malformed").map((p) =>
        finding("token.malformed", {
          detail: `${tokenPlace(x, source, t, "a token that does not decode", ctx.view(x).label)}: ${p.message}.`,
          evidence: [
            { label: "Where", value: t.where },
            { label: "Token", value: t.masked },
            { label: "Reason", value: p.message },
          ],
          fix:
            "Check how the token is stored and passed on: a JWT is three base64url parts joined by dots (five for a JWE), with nothing added or cut. " +
            "Browsers drop cookies over 4096 bytes (RFC 6265bis §5.6), proxies cut long headers, and copying from logs adds line breaks or quotes.",
        }),
      ),
    );
  },
};
