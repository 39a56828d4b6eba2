/**
 * Did the client answer a use_dpop_nonce round? RFC 9449 §8, §9: it retries the same request
 * with a new proof carrying the nonce. A retry is a later request with the same method and URL
 * carrying a DPoP header, started within RETRY_WINDOW_MS.
 */
import { listIndex } from "../../analysis/capture-index.ts";
import type { Exchange } from "../../exchange.ts";
import { hasHeader } from "../../headers.ts";
import type { CaptureLookup } from "../../capture-lookup.ts";

export const RETRY_WINDOW_MS = 10_000;

const requestKey = (x: Exchange) => `${x.request.method} ${x.request.url}`;

/** Requests that carried a DPoP proof, by method and URL. */
const WITH_PROOF = listIndex("dpop-proof-by-request", (x) => (hasHeader(x.request.headers, "dpop") ? requestKey(x) : undefined));

export function findDpopRetry(x: Exchange, ctx: Pick<CaptureLookup, "lookup" | "precedes">): Exchange | undefined {
  const end = x.observedAt + RETRY_WINDOW_MS;
  for (const e of ctx.lookup(WITH_PROOF, requestKey(x))) {
    if (e.observedAt < x.observedAt || e.id === x.id) continue;
    if (e.observedAt > end) break;
    // Requests that started in the same millisecond count only when listed after this one.
    if (e.observedAt === x.observedAt && !ctx.precedes(x, e)) continue;
    return e;
  }
  return undefined;
}
