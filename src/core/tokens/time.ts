/**
 * Time claims as RFC 7519 §2 defines them: a NumericDate is seconds since 1970-01-01T00:00:00Z
 * UTC, ignoring leap seconds, and may be fractional. Core has no clock: every "now" here is a
 * reference time passed in (the request's `observedAt`, or the CLI's --at). The words for
 * instants and durations are text/time.ts.
 */
import { isoOf, localOf, relativeOf } from "../text/time.ts";
import type { TokenTime } from "./types.ts";

/** A NumericDate, read as RFC 7519 §2 says: finite JSON numbers only. */
export function numericDate(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** An instant written out, in UTC and in local time: the same whichever request it is judged for. */
export interface InstantText {
  readonly iso: string;
  readonly local: string;
}

/**
 * Instants already written out in one analysis, by ms since the epoch. A session sends the same
 * token with hundreds of requests; its exp, nbf and iat are formatted once, not per request.
 */
export type InstantMemo = Map<number, InstantText>;

function instantText(ms: number, memo: InstantMemo | undefined): InstantText {
  const known = memo?.get(ms);
  if (known) return known;
  const text = { iso: isoOf(ms), local: localOf(ms) };
  memo?.set(ms, text);
  return text;
}

export function tokenTime(epochSeconds: number, at: number, reference: string, memo?: InstantMemo): TokenTime {
  const ms = epochSeconds * 1000;
  const { iso, local } = instantText(ms, memo);
  return {
    epochSeconds,
    iso,
    local,
    relative: relativeOf(ms, at, reference),
    state: ms <= at ? "past" : "future",
  };
}
