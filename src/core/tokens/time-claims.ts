/**
 * exp, nbf and iat judged against a reference time (RFC 7519 §4.1.4–4.1.6). NumericDates are
 * seconds (§2); a value that only makes sense in milliseconds is reported as such and not judged,
 * since reading it as seconds puts it tens of thousands of years away.
 */
import type { ReadingContext } from "./reading.ts";
import { durationOf, isoOf } from "../text/time.ts";
import { type InstantMemo, tokenTime } from "./time.ts";
import type { TokenProblem, TokenTime } from "./types.ts";

/**
 * 1e11 s is the year 5138; 1e11 ms is 1973. Seconds values above it are never meant as seconds
 * (even "never expires" tokens use 9999999999, the year 2286), while every millisecond timestamp
 * since 1973 is above it.
 */
export const MILLISECONDS_THRESHOLD = 1e11;

export const TIME_CLAIM_NAMES = ["exp", "nbf", "iat"] as const;
export type TimeClaim = (typeof TIME_CLAIM_NAMES)[number];

export interface TimeReading {
  readonly times?: { exp?: TokenTime; nbf?: TokenTime; iat?: TokenTime };
  readonly problems: TokenProblem[];
}

function inMilliseconds(name: TimeClaim, value: number, ctx: ReadingContext): TokenProblem {
  const asMs = ctx.at !== undefined ? tokenTime(value / 1000, ctx.at, ctx.reference) : undefined;
  return {
    code: "token.exp-in-milliseconds",
    severity: "warning",
    message:
      `${name} is ${value}, which as the seconds RFC 7519 §2 requires is ${isoOf(value * 1000)}; ` +
      `it looks like milliseconds (${isoOf(value)}${asMs ? `, ${asMs.relative}` : ""}). ` +
      `A server reading seconds sees a time tens of thousands of years away${name === "nbf" ? " and rejects the token as not yet valid" : ""}.`,
  };
}

function expiry(t: TokenTime, ctx: ReadingContext): TokenProblem | undefined {
  if (t.state === "future") return undefined;
  const late = -(t.epochSeconds * 1000 - ctx.at!) / 1000;
  const within = late <= ctx.leewaySeconds;
  return {
    code: "auth.token-expired",
    severity: within ? "warning" : "error",
    message:
      `expired ${t.relative} (exp ${t.iso})` +
      (within ? `, within the ${ctx.leewaySeconds} s leeway: servers that allow clock skew accept it, strict ones reject it` : ""),
  };
}

function notBefore(t: TokenTime, ctx: ReadingContext): TokenProblem | undefined {
  if (t.state === "past") return undefined;
  const early = (t.epochSeconds * 1000 - ctx.at!) / 1000;
  const within = early <= ctx.leewaySeconds;
  return {
    code: "auth.token-not-yet-valid",
    severity: within ? "warning" : "error",
    message:
      `not valid until ${t.iso} (nbf), ${durationOf(early)} after ${ctx.reference}` +
      (within ? `, within the ${ctx.leewaySeconds} s leeway` : ""),
  };
}

function issuedInFuture(t: TokenTime, ctx: ReadingContext): TokenProblem | undefined {
  const ahead = (t.epochSeconds * 1000 - ctx.at!) / 1000;
  if (ahead <= ctx.leewaySeconds) return undefined;
  return {
    code: "auth.clock-skew",
    severity: "warning",
    message: `issued at ${t.iso} (iat), ${durationOf(ahead)} after ${ctx.reference}: the issuer's clock runs ahead of this one (or this one behind), beyond the ${ctx.leewaySeconds} s leeway`,
  };
}

const JUDGES: Record<TimeClaim, (t: TokenTime, ctx: ReadingContext) => TokenProblem | undefined> = {
  exp: expiry,
  nbf: notBefore,
  iat: issuedInFuture,
};

/**
 * What can be said about exp, nbf and iat without a reference time: values that are not
 * NumericDates, values in milliseconds, exp before iat. The same for every request that sends
 * the token, so it is part of the token's (cacheable) reading.
 */
export function timeClaimShapeProblems(payload: Record<string, unknown>, ctx: Pick<ReadingContext, "at" | "reference" | "leewaySeconds" | "depth">): TokenProblem[] {
  const problems: TokenProblem[] = [];
  for (const name of TIME_CLAIM_NAMES) {
    const value = payload[name];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      problems.push({
        code: "token.jwt",
        severity: "warning",
        message: `${name} is ${JSON.stringify(value)?.slice(0, 40)}, not a NumericDate (a JSON number of seconds, RFC 7519 §2): most libraries reject the token or ignore the claim`,
      });
    } else if (Math.abs(value) >= MILLISECONDS_THRESHOLD) {
      problems.push(inMilliseconds(name, value, ctx));
    }
  }
  const exp = payload.exp;
  const iat = payload.iat;
  if (typeof exp === "number" && typeof iat === "number" && exp < iat) {
    problems.push({ code: "token.jwt", severity: "warning", message: `exp (${isoOf(exp * 1000)}) is before iat (${isoOf(iat * 1000)}): the token was expired when issued` });
  }
  return problems;
}

/**
 * exp, nbf and iat placed against the reference time, and judged (seconds values only).
 * `instants` shares the written-out times across the requests of one analysis.
 */
export function judgeTimeClaims(payload: Record<string, unknown>, ctx: ReadingContext & { readonly at: number }, instants?: InstantMemo): TimeReading {
  const problems: TokenProblem[] = [];
  const times: { exp?: TokenTime; nbf?: TokenTime; iat?: TokenTime } = {};
  let timed = false;
  for (const name of TIME_CLAIM_NAMES) {
    const value = payload[name];
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    const t = tokenTime(value, ctx.at, ctx.reference, instants);
    times[name] = t;
    timed = true;
    if (Math.abs(value) >= MILLISECONDS_THRESHOLD) continue;
    const problem = JUDGES[name](t, ctx);
    if (problem) problems.push(problem);
  }
  return timed ? { times, problems } : { problems };
}
