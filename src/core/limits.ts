/**
 * Bounds on hostile input. Header values, tokens and HAR files come from the network, so every
 * loop over them is bounded here, in one place, and what a bound cuts is said, never hidden.
 */
export const LIMITS = {
  /** Field lines kept per request or response; real browsers send a few dozen. */
  headersPerMessage: 1_000,
  /** Characters kept of one header value (a 64 KiB Cookie is already beyond every server's limit). */
  headerValueChars: 65_536,
  /** Characters kept of a URL. */
  urlChars: 65_536,
  /** Characters kept of a response body (only JSON and text bodies are kept at all). */
  bodyChars: 262_144,
  /** Cookies kept per request from HAR `request.cookies`. */
  cookiesPerRequest: 500,
  /**
   * Characters of a finding's detail or fix. Real ones are under 1,000; a text that quotes a
   * 64 KiB header value several times reached hundreds of KB per finding (found by `npm run
   * fuzz`), and seconds to wrap for a terminal. The evidence keeps the whole values.
   */
  findingTextChars: 4_000,
} as const;

export const TRUNCATION_MARK = "…[truncated by AuthLens]";

export function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max) + TRUNCATION_MARK;
}

/** A text cut in its middle, keeping its start and its end (where a sentence says what to do). */
export function clipMiddle(value: string, max: number): string {
  if (value.length <= max) return value;
  const tail = Math.floor(max / 4);
  const head = max - tail;
  return `${value.slice(0, head)}…[${(value.length - max).toLocaleString("en-US")} characters cut by AuthLens]…${value.slice(value.length - tail)}`;
}
