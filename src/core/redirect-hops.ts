/**
 * Redirect chains as captures record them. Every source AuthLens reads gives each hop of a
 * redirected request its own exchange: Chromium's and Firefox's HAR (the 3xx entry with its
 * `redirectURL`, then an entry for the new URL), and webRequest (onBeforeRedirect ends one
 * record, the next hop begins another under the same requestId). Nothing links the hops but the
 * Location, so a hop is found by resolving each redirect's Location against its own URL (it may
 * be relative, RFC 9110 §10.2.2) and matching the request made to it next.
 */
import { redirectLocation } from "./cors/request-kind.ts";
import type { Exchange } from "./exchange.ts";
import { listIndex } from "./analysis/capture-index.ts";
import type { CaptureLookup } from "./capture-lookup.ts";

/** Fetch "HTTP-redirect fetch" gives up after 20 redirects: no chain is longer. */
export const MAX_REDIRECTS = 20;

/** A URL as the browser requests it: absolute, without its fragment (never sent). */
function requested(url: string, base?: string): string | undefined {
  try {
    const u = base === undefined ? new URL(url) : new URL(url, base);
    u.hash = "";
    return u.href;
  } catch {
    return undefined;
  }
}

/** Redirect target → the exchanges redirected there, in capture order. */
const REDIRECTS = listIndex("redirect-target", (x) => {
  const location = redirectLocation(x);
  return location === undefined ? undefined : requested(location, x.request.url);
});

type Lookup = Pick<CaptureLookup, "lookup">;

/**
 * The hop whose redirect led to this request: the latest exchange, started no later than it,
 * that was redirected to its URL. Undefined when the capture has none.
 */
export function redirectedFrom(x: Exchange, ctx: Lookup): Exchange | undefined {
  const url = requested(x.request.url);
  if (url === undefined) return undefined;
  let best: Exchange | undefined;
  for (const hop of ctx.lookup(REDIRECTS, url)) {
    if (hop.id === x.id || hop.observedAt > x.observedAt) continue;
    if (best === undefined || hop.observedAt >= best.observedAt) best = hop;
  }
  return best;
}

/** The hops that led to this request, nearest first (at most MAX_REDIRECTS, never a loop). */
export function redirectChain(x: Exchange, ctx: Lookup): Exchange[] {
  const chain: Exchange[] = [];
  const seen = new Set<string>([x.id]);
  for (let hop = redirectedFrom(x, ctx); hop !== undefined && chain.length < MAX_REDIRECTS; hop = redirectedFrom(hop, ctx)) {
    if (seen.has(hop.id)) break;
    seen.add(hop.id);
    chain.push(hop);
  }
  return chain;
}
