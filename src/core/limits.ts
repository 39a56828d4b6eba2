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
} as const;

export const TRUNCATION_MARK = "…[truncated by AuthLens]";

export function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max) + TRUNCATION_MARK;
}
