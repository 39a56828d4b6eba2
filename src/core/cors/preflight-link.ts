/**
 * Pairs each CORS preflight with the request it was sent for. Browsers record them as separate
 * entries (Chromium labels the preflight, Firefox does not: see ../preflight.ts) and HAR keeps no
 * id linking them, so
 * the pair is found the way the Fetch standard makes it: same URL, and the preflight's
 * Access-Control-Request-Method is the actual method (Fetch §4.8 step 3), nearest in time.
 */
import type { Exchange } from "../exchange.ts";
import { headerValue } from "../headers.ts";
import { isPreflight } from "../preflight.ts";

/** How far apart (ms) a preflight and its request may start and still be one pair. */
const PAIRING_WINDOW_MS = 60_000;

export function linkPreflights(exchanges: readonly Exchange[]): Exchange[] {
  // Indexed loops throughout: this runs once per analysis over every exchange, mostly before
  // V8 optimises it, when for…of and forEach cost an allocation or a call per step.
  // Only URLs that were preflighted need an index; most captures have few preflights.
  const preflightedUrls = new Set<string>();
  for (let i = 0; i < exchanges.length; i++) {
    const x = exchanges[i]!;
    if (isPreflight(x)) preflightedUrls.add(x.request.url);
  }
  if (preflightedUrls.size === 0) return [...exchanges];
  const byUrl = new Map<string, number[]>();
  for (let i = 0; i < exchanges.length; i++) {
    const x = exchanges[i]!;
    if (!preflightedUrls.has(x.request.url) || isPreflight(x)) continue;
    const list = byUrl.get(x.request.url);
    if (list) list.push(i);
    else byUrl.set(x.request.url, [i]);
  }

  const links = new Map<number, number>(); // actual index → preflight index
  const linkedPreflight = new Map<number, number>();
  for (let pi = 0; pi < exchanges.length; pi++) {
    const p = exchanges[pi]!;
    if (!isPreflight(p)) continue;
    const wanted = headerValue(p.request.headers, "access-control-request-method")?.trim().toUpperCase();
    const candidates = byUrl.get(p.request.url) ?? [];
    let best: number | undefined;
    let bestGap = Number.POSITIVE_INFINITY;
    // A popular URL is requested hundreds of times: the time test, cheapest, comes first.
    for (let c = 0; c < candidates.length; c++) {
      const ai = candidates[c]!;
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
  }

  const linked: Exchange[] = [];
  for (let i = 0; i < exchanges.length; i++) {
    const x = exchanges[i]!;
    const pre = links.get(i);
    const actual = linkedPreflight.get(i);
    linked.push(pre !== undefined ? { ...x, preflightId: exchanges[pre]!.id } : actual !== undefined ? { ...x, preflightFor: exchanges[actual]!.id } : x);
  }
  return linked;
}
