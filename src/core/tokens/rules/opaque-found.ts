/**
 * token.opaque: a token that is not a JWT: length, prefix and the issuer its prefix names. An
 * opaque value in an API-key header is an API key, not a token to introspect: the Credentials
 * line names it (credentials/api-keys.ts), and no token.opaque is said of it.
 */
import { isApiKeyHeader } from "../../credentials/api-keys.ts";
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
      .filter((l) => l.token.kind === "opaque" && !(l.source === "header" && isApiKeyHeader(l.token.where.replace(/ header$/, "").toLowerCase())))
      .map(({ source, token: t }) =>
        finding("token.opaque", {
          detail: `${tokenPlace(x, source, t, "a token", ctx.view(x).label)}: ${problemsOf(t, "token.opaque").map((p) => p.message).join(" ")}.`,
          evidence: [...tokenEvidence(t, ctx.view(x).tokenText), ...t.claims.map((c) => ({ label: c.name, value: c.value }))],
        }),
      );
  },
};
