/**
 * tokensOf: every token an exchange carried or received, decoded and judged against the time of
 * the request (`observedAt`, the capture's clock, never the analyser's).
 */
import type { Exchange } from "../exchange.ts";
import { type AnalysisOptions, DEFAULT_OPTIONS } from "../options.ts";
import { decodeFound, type ReadingMemo } from "./decode.ts";
import type { ReadingContext } from "./reading.ts";
import { dpopProblems } from "./request-checks.ts";
import { type Candidate, type CookieFields, candidatesOf, isPresented, type TokenSource } from "./sources.ts";
import { durationOf, isoOf } from "../text/time.ts";
import type { FoundToken, TokenProblem } from "./types.ts";

export interface LocatedToken {
  readonly source: TokenSource;
  readonly token: FoundToken;
  /** From a token endpoint's `expires_in`: when an opaque access token expires, in ms. */
  readonly expiresAt?: number;
}

/** observedAt 0 means the capture did not say when the request started: then times are not judged. */
export function referenceTime(x: Exchange): number | undefined {
  return x.observedAt > 0 ? x.observedAt : undefined;
}

function locate(x: Exchange, c: Candidate, ctx: ReadingContext, memo?: ReadingMemo): LocatedToken {
  const found = decodeFound(c.token, c.scheme, c.where, ctx, memo);
  const extra: TokenProblem[] = [];
  if (found.payload && isPresented(c.source) && c.source === "dpop") extra.push(...dpopProblems(found.payload, x));
  const expiresAt = c.expiresIn !== undefined && ctx.at !== undefined ? ctx.at + c.expiresIn * 1000 : undefined;
  const claims =
    c.expiresIn !== undefined
      ? [
          ...found.claims,
          {
            name: "expires_in",
            value: `${c.expiresIn} s (${durationOf(c.expiresIn)})${expiresAt !== undefined ? `, until about ${isoOf(expiresAt)}` : ""}`,
            meaning: "lifetime the token endpoint gave the access token (RFC 6749 §5.1)",
          },
        ]
      : found.claims;
  const token: FoundToken = extra.length > 0 || claims !== found.claims ? { ...found, claims, problems: [...found.problems, ...extra] } : found;
  return { source: c.source, token, ...(expiresAt !== undefined ? { expiresAt } : {}) };
}

/**
 * Tokens with where they came from (for rules and the timeline); `memo` shares readings across
 * exchanges, `fields` are the cookie fields the exchange's view already read.
 */
export function locatedTokensOf(x: Exchange, options: AnalysisOptions = DEFAULT_OPTIONS, memo?: ReadingMemo, fields?: CookieFields): LocatedToken[] {
  const candidates = candidatesOf(x, fields);
  if (candidates.length === 0) return [];
  // `at` may be undefined (times not judged): every reader tests it, none enumerates the context.
  const ctx: ReadingContext = { at: referenceTime(x), reference: "this request", leewaySeconds: options.leewaySeconds, depth: 0 };
  return candidates.map((c) => locate(x, c, ctx, memo));
}

/** Every token the exchange carried (request) or received (Set-Cookie, token endpoint JSON). */
export function tokensOf(x: Exchange, options: AnalysisOptions = DEFAULT_OPTIONS): FoundToken[] {
  return locatedTokensOf(x, options).map((l) => l.token);
}
