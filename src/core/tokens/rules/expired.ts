/**
 * auth.token-expired: a JWT whose exp is before the request (RFC 7519 §4.1.4), by how much, and
 * what the server made of it. Within the leeway it is a warning: lenient servers accept it.
 */
import { type Exchange, statusOf } from "../../exchange.ts";
import { finding, type Finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import { isPresented, type TokenSource } from "../sources.ts";
import { problemsOf, tokenEvidence, tokenPlace } from "../token-text.ts";

/** What the response says about an expired token's fate. */
function outcome(x: Exchange, source: TokenSource): { text: string; accepted: boolean } {
  if (!isPresented(source)) {
    return { text: " It was issued already expired by this machine's clock: the issuer's clock or this one is off (see auth.clock-skew).", accepted: true };
  }
  const status = statusOf(x);
  if (status === 401) return { text: " The server answered 401: the expiry explains it.", accepted: false };
  if (status >= 200 && status < 400) return { text: ` The server still answered ${status}: it does not check this token, or allows more leeway.`, accepted: true };
  return { text: "", accepted: false };
}

export const tokenExpiredRule: Rule = {
  name: "token-expired",
  run(x, ctx) {
    const out: Finding[] = [];
    for (const { source, token: t } of tokensIn(x, ctx)) {
      for (const p of problemsOf(t, "auth.token-expired")) {
        const { text, accepted } = outcome(x, source);
        out.push(
          finding("auth.token-expired", {
            detail: `${tokenPlace(x, source, t, "a JWT", ctx.view(x).label)} that ${p.message}.${text}`,
            evidence: tokenEvidence(t, ctx.view(x).tokenText),
            fix:
              "Get a new token before sending this request: refresh it (refresh_token grant, RFC 6749 §6) or sign in again, and refresh ahead of exp rather than after a 401. " +
              "If tokens look expired right after they are issued, compare the clocks of the issuer, the API and this machine.",
            ...(accepted && p.severity === "error" ? { severity: "warning" as const } : p.severity !== "error" ? { severity: p.severity } : {}),
          }),
        );
      }
    }
    return out;
  },
};
