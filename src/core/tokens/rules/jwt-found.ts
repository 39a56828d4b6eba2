/** token.jwt: one info finding per JWS JWT an exchange sent or received, with its claims decoded. */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import { jwtSummary, problemsOf, tokenEvidence, tokenPlace } from "../token-text.ts";

export const jwtFoundRule: Rule = {
  name: "token-jwt",
  run(x, ctx) {
    const tokens = tokensIn(x, ctx);
    if (tokens.length === 0) return [];
    return tokens
      .filter((l) => l.token.kind === "jws" || l.token.kind === "unsecured")
      .map(({ source, token: t }) => {
        const notes = problemsOf(t, "token.jwt");
        const warnings = notes.filter((n) => n.severity === "warning");
        const fixes = warnings.flatMap((w) => (w.fix ? [w.fix] : []));
        return finding("token.jwt", {
          detail: `${tokenPlace(x, source, t, "a JWT", ctx.view(x).label)}: ${jwtSummary(t, ctx.view(x).tokenText)}.${notes.map((n) => ` ${n.message[0]!.toUpperCase()}${n.message.slice(1)}.`).join("")}`,
          // tokenEvidence already gives a fresh list: copied only when there are warnings to add.
          evidence: warnings.length === 0 ? tokenEvidence(t, ctx.view(x).tokenText) : [...tokenEvidence(t, ctx.view(x).tokenText), ...warnings.map((w) => ({ label: "Warning", value: w.message }))],
          // A warning-level detail (aud for another host, a DPoP proof for another request, a
          // missing required claim) raises the finding to a warning: it can explain a 401.
          ...(warnings.length > 0 ? { severity: "warning" as const } : {}),
          ...(fixes.length > 0 ? { fix: fixes.join(" ") } : {}),
        });
      });
  },
};
