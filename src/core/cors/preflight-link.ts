/**
 * Pairs each CORS preflight with the request it was sent for. Browsers record them as separate
 * entries (Chromium labels the preflight, Firefox does not: see preflight-kind.ts) and HAR keeps no
 * id linking them, so
 * the pair is found the way the Fetch standard makes it: same URL, and the preflight's
 * Access-Control-Request-Method is the actual method (Fetch §4.8 step 3), nearest in time.
 */
import type { Exchange } from "../exchange.ts";
import { headerValue } from "../headers.ts";
import { isCorsPreflight } from "./preflight-kind.ts";

/** How far apart (ms) a preflight and its request may start and still be one pair. */
const PAIRING_WINDOW_MS = 60_000;

export function linkPreflights(exchanges: readonly Exchange[]): Exchange[] {
  // Only URLs that were preflighted need an index; most captures have few preflights.
  const preflightedUrls = new Set<string>();
  for (const x of exchanges) if (isCorsPreflight(x)) preflightedUrls.add(x.request.url);
  if (preflightedUrls.size === 0) return [...exchanges];
  const byUrl = new Map<string, number[]>();
  exchanges.forEach((x, i) => {
    if (!preflightedUrls.has(x.request.url) || isCorsPreflight(x)) return;
    const list = byUrl.get(x.request.url);
    if (list) list.push(i);
    else byUrl.set(x.request.url, [i]);
  });

  const links = new Map<number, number>(); // actual index → preflight index
  const linkedPreflight = new Map<number, number>();
  exchanges.forEach((p, pi) => {
    if (!isCorsPreflight(p)) return;
    const wanted = headerValue(p.request.headers, "access-control-request-method")?.trim().toUpperCase();
    let best: number | undefined;
    let bestGap = Number.POSITIVE_INFINITY;
    // A popular URL is requested hundreds of times: the time test, cheapest, comes first.
    for (const ai of byUrl.get(p.request.url) ?? []) {
      const a = exchanges[ai]!;
      const gap = Math.abs(a.observedAt - p.observedAt);
      if (gap > PAIRING_WINDOW_MS || gap >= bestGap || links.has(ai)) continue;
      if (wanted !== undefined && a.request.method.toUpperCase() !== wanted) continue;
      best = ai;
      bestGap = gap;
    }
    if (best !== undefined) {
      links.set(best, pi);
      linkedPreflight.set(pi, best);
    }
  });

  return exchanges.map((x, i) => {
    const pre = links.get(i);
    if (pre !== undefined) return { ...x, preflightId: exchanges[pre]!.id };
    const actual = linkedPreflight.get(i);
    if (actual !== undefined) return { ...x, preflightFor: exchanges[actual]!.id };
    return x;
  });
}
