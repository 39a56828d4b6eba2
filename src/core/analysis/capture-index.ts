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
   * them. Pure; it may ask the capture's order of exchanges.
   */
  readonly derive: (filed: readonly Exchange[], key: string) => D;
}

/** An index whose rules read the filed exchanges themselves. */
export function listIndex(name: string, keysOf: CaptureIndex<readonly Exchange[]>["keysOf"]): CaptureIndex<readonly Exchange[]> {
  return { name, keysOf, derive: (filed) => filed };
}
