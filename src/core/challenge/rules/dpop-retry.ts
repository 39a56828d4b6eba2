/**
 * Did the client answer a use_dpop_nonce round? RFC 9449 §8, §9: it retries the same request
 * with a new proof carrying the nonce. A retry is a later request with the same method and URL
 * carrying a DPoP header, started within RETRY_WINDOW_MS.
 */
import type { Exchange } from "../../exchange.ts";
import { hasHeader } from "../../headers.ts";

export const RETRY_WINDOW_MS = 10_000;

/** Index of the first exchange that started at or after `at` (exchanges are in start order). */
function firstAtOrAfter(exchanges: readonly Exchange[], at: number): number {
  let lo = 0;
  let hi = exchanges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (exchanges[mid]!.observedAt < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function findDpopRetry(x: Exchange, exchanges: readonly Exchange[]): Exchange | undefined {
  const end = x.observedAt + RETRY_WINDOW_MS;
  let afterSelf = false;
  for (let i = firstAtOrAfter(exchanges, x.observedAt); i < exchanges.length; i++) {
    const e = exchanges[i]!;
    if (e.observedAt > end) break;
    if (e.id === x.id) {
      afterSelf = true;
      continue;
    }
    // Requests that started in the same millisecond count only when listed after this one.
    if (e.observedAt === x.observedAt && !afterSelf) continue;
    if (e.request.method === x.request.method && e.request.url === x.request.url && hasHeader(e.request.headers, "dpop")) return e;
  }
  return undefined;
}
