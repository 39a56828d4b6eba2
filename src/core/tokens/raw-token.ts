/**
 * The token string behind a FoundToken, for the panel's explicit "Copy token" action only. Found
 * again in the exchange (which already holds it in memory) by its hash: the detail model itself
 * never carries raw tokens.
 */
import type { Exchange } from "../exchange.ts";
import { fnv1a64 } from "./hash.ts";
import { candidatesOf } from "./sources.ts";

export function rawTokenOf(x: Exchange, hash: string): string | undefined {
  return candidatesOf(x).find((c) => fnv1a64(c.token) === hash)?.token;
}
