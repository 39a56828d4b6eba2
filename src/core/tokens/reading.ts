/**
 * What a decoder learns from a token before it is placed (where it was found, its hash and mask):
 * the parts of FoundToken that depend on the token alone and the reference time.
 */
import type { FoundToken } from "./types.ts";

export type TokenReading = Omit<FoundToken, "where" | "hash" | "masked" | "length">;

/** How to read times: against which instant, called what, with how much tolerance. */
export interface ReadingContext {
  /** The reference instant in ms since the epoch (the request's start, or the CLI's --at); none means "do not judge times". */
  readonly at?: number;
  /** How that instant is called in sentences: "this request", "now", "2026-11-24T10:00:00Z". */
  readonly reference: string;
  /** RFC 7519 §4.1.4/§4.1.5 allow "some small leeway" for clock differences. */
  readonly leewaySeconds: number;
  /** Nesting depth so far (cty: JWT). */
  readonly depth: number;
}

export function malformed(message: string): TokenReading {
  return { kind: "malformed", claims: [], problems: [{ code: "token.malformed", severity: "warning", message }] };
}
