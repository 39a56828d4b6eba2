/**
 * Whether two observations of one request say the same. Capture sources are merged into a new
 * object whenever any source delivers (capture/merge.ts), so the object changes while what it
 * says mostly does not: comparing what it says keeps an unchanged request from being judged again.
 * Plain data only (an Exchange is JSON-shaped): objects and arrays compared member by member.
 */
import type { Exchange } from "../exchange.ts";

/** Deeper than an Exchange nests; beyond it, values are compared by identity. */
const MAX_DEPTH = 8;

function same(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || depth >= MAX_DEPTH) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1)) return false;
  }
  return true;
}

export function sameExchange(a: Exchange, b: Exchange): boolean {
  return same(a, b, 0);
}
