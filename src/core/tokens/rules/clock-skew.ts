/**
 * auth.clock-skew, two ways (FINDINGS.md): the response's Date (the server's clock, RFC 9110
 * §6.6.1) against the request time (this machine's clock), and a JWT's iat in the server's
 * future. Judged only where time matters: on 401/403 answers and on requests that carry a JWT
 * with time claims, so a skewed machine does not flag every request of a capture.
 */
import { type Exchange, statusOf } from "../../exchange.ts";
import { finding, type Finding } from "../../findings.ts";
import { headerValue } from "../../headers.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import { parseHttpDate } from "../http-date.ts";
import { tokensIn } from "../in-context.ts";
import { durationOf, isoOf } from "../../text/time.ts";
import { tokenPlace } from "../token-text.ts";
import { referenceTime } from "../tokens-of.ts";

/** The server's clock when it answered, from its Date header. */
function serverTime(x: Exchange): { ms: number; header: string } | undefined {
  const header = x.response ? headerValue(x.response.headers, "date") : undefined;
  const ms = header !== undefined ? parseHttpDate(header) : undefined;
  return header !== undefined && ms !== undefined ? { ms, header } : undefined;
}

/**
 * How far the server's clock is from this machine's, in ms (positive: the server is ahead). The
 * server stamps Date while answering, between the request's start and its end, truncated to the
 * second: only what lies outside that window counts.
 */
export function dateSkew(x: Exchange, server: number, at: number): number {
  const end = at + Math.max(0, x.durationMs ?? 0);
  if (server < at - 1000) return server - at;
  if (server > end) return server - end;
  return 0;
}

function dateFinding(x: Exchange, server: { ms: number; header: string }, at: number, ctx: RuleContext): Finding | undefined {
  const skew = dateSkew(x, server.ms, at);
  if (Math.abs(skew) / 1000 <= ctx.options.leewaySeconds) return undefined;
  const ahead = skew > 0;
  return finding("auth.clock-skew", {
    detail:
      `The response to ${ctx.view(x).label} is dated ${isoOf(server.ms)} (Date: ${server.header}), but this machine's clock read ${isoOf(at)} when the request started: ` +
      `the server's clock is ${durationOf(skew / 1000)} ${ahead ? "ahead of" : "behind"} this machine's, beyond the ${ctx.options.leewaySeconds} s leeway. ` +
      "Token times judged on one clock and checked on the other disagree: a client that refreshes by exp refreshes too late or too early, and fresh tokens can look expired or not yet valid.",
    evidence: [
      { label: "Date (server)", value: `${server.header} = ${isoOf(server.ms)}` },
      { label: "Request time (this machine)", value: isoOf(at) },
      { label: "Difference", value: `${durationOf(skew / 1000)} (server ${ahead ? "ahead" : "behind"})` },
      { label: "Leeway", value: `${ctx.options.leewaySeconds} s` },
    ],
    fix: "Synchronise the clocks with NTP, on this machine and on the server; in client code, judge token expiry with the server's time (its Date header) or refresh early by a margin.",
  });
}

function iatFindings(x: Exchange, ctx: RuleContext, server: { ms: number; header: string } | undefined, at: number | undefined): Finding[] {
  const now = server?.ms ?? at;
  if (now === undefined) return [];
  const clock = server ? `the server's clock (Date: ${server.header})` : "the request time (no Date header, so this machine's clock)";
  const out: Finding[] = [];
  for (const { source, token: t } of tokensIn(x, ctx)) {
    const iat = t.payload?.iat;
    if (typeof iat !== "number" || !Number.isFinite(iat) || Math.abs(iat) >= 1e11) continue;
    const ahead = (iat * 1000 - now) / 1000;
    if (ahead <= ctx.options.leewaySeconds) continue;
    out.push(
      finding("auth.clock-skew", {
        detail:
          `${tokenPlace(x, source, t, "a JWT", ctx.view(x).label)} issued at ${isoOf(iat * 1000)} (iat), ${durationOf(ahead)} after ${clock}: ` +
          `the issuer's clock runs ahead of the server's, beyond the ${ctx.options.leewaySeconds} s leeway. Servers that reject tokens "used before issued" refuse it.`,
        evidence: [
          { label: "Where", value: t.where },
          { label: "Token", value: t.masked },
          { label: "iat", value: `${iat} = ${isoOf(iat * 1000)}` },
          { label: server ? "Date (server)" : "Request time", value: isoOf(now) },
          { label: "Difference", value: durationOf(ahead) },
        ],
        fix: "Synchronise the issuer's clock with NTP; servers should allow a small leeway on iat and nbf.",
      }),
    );
  }
  return out;
}

export const clockSkewRule: Rule = {
  name: "clock-skew",
  run(x, ctx) {
    const status = statusOf(x);
    const timed = tokensIn(x, ctx).some((l) => l.token.times !== undefined);
    if (status !== 401 && status !== 403 && !timed) return [];
    const server = serverTime(x);
    const at = referenceTime(x);
    const date = server && at !== undefined ? dateFinding(x, server, at, ctx) : undefined;
    return [...(date ? [date] : []), ...iatFindings(x, ctx, server, at)];
  },
};
