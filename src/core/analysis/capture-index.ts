/**
 * A capture-wide index: the exchanges of a capture filed under keys (a grant value, a redirect
 * target, a server origin), and what the rules read of each key's exchanges. The capture keeps
 * every index up to date as exchanges come, change and go, and records which exchanges read which
 * key: when a key's exchanges change, the exchanges that read it are judged again, and no others.
 * This is how a rule looks across requests; it never walks the whole capture.
 */
import type { Exchange } from "../exchange.ts";

export interface CaptureIndex<D> {
  /** Names the index in dependency records and errors. Unique among indexes. */
  readonly name: string;
  /** The keys `x` is filed under; most exchanges have none. Pure and cheap: it runs on every exchange. */
  readonly keysOf: (x: Exchange) => string | readonly string[] | undefined;
  /**
   * What a rule reads of one key's exchanges (in capture order), derived once per change of
   * them. Pure; it may ask the capture's order of exchanges. `previous`: what it derived before
   * this change, for reuse of what does not depend on the list (a token decoded once).
   */
  derive(filed: readonly Exchange[], key: string, previous?: D): D;
  /**
   * What derive gives once `appended` joined the end of the key's exchanges, from what it gave
   * before: for an index over many exchanges (every call an API accepted), so that a live capture
   * does not derive its whole list again per request. Returning `previous` itself says nothing
   * changed: the exchanges that read the key are not judged again.
   */
  extend?(previous: D, appended: readonly Exchange[], key: string): D;
  /** Whether two derived values tell the rules the same (the exchanges reading the key need no new judgement). */
  same?(a: D, b: D): boolean;
  /** Whether two derived values tell the rules the same about the exchange `reader` (a 401 in its burst). */
  sameFor?(a: D, b: D, reader: string): boolean;
  /**
   * A rule reads of a key only the exchanges that come before the reader in capture order (a
   * cookie jar before a request): exchanges appended after a reader change nothing for it.
   */
  readonly readsBefore?: boolean;
}

/** An index whose rules read the filed exchanges themselves. */
export function listIndex(name: string, keysOf: CaptureIndex<readonly Exchange[]>["keysOf"]): CaptureIndex<readonly Exchange[]> {
  return { name, keysOf, derive: (filed) => filed };
}
