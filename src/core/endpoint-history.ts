/**
 * One endpoint followed across a capture: every request with the same method, origin and path
 * as this one (the query is ignored: `/api/orders?page=2` is the same endpoint), with when it
 * started relative to this one, what came back and which credentials went with it. Answers
 * "did this call ever work, and what changed when it stopped?" — a token swapped, a cookie
 * dropped, a header gone.
 */
import { summarizeAttached } from "./credentials/attached-summary.ts";
import { type Exchange, statusOf, urlWithoutQuery } from "./exchange.ts";
import { isPreflight } from "./preflight.ts";
import type { RuleContext } from "./rule.ts";
import { listIndex } from "./analysis/capture-index.ts";

export interface EndpointVisit {
  readonly id: string;
  /** Start of that request minus the start of this one, in ms (negative: earlier). */
  readonly offsetMs: number;
  readonly status: number;
  /** "Bearer JWT · 2 cookies (sid, theme)", "no Authorization · no cookies", … (credentials/attached-summary.ts). */
  readonly credentials: string;
  /** The masked token it presented (its first), when the capture's token timeline has one. */
  readonly token?: string;
  /** The visit is the exchange the history was asked for. */
  readonly current: boolean;
}

export interface EndpointHistory {
  /** "GET https://api.example/v1/orders". */
  readonly endpoint: string;
  /** Nearest the asked-for request first in time order, at most `limit` of them. */
  readonly visits: readonly EndpointVisit[];
  /** Visits left out by the limit (never silently). */
  readonly omitted: number;
}

/** Every request by method, endpoint and whether it is a preflight, in capture order. */
const ENDPOINTS = listIndex("endpoint", (o) => `${o.request.method} ${isPreflight(o) ? "preflight " : ""}${urlWithoutQuery(o.request.url)}`);

/**
 * The history of `x`'s endpoint in the capture (capture order), keeping the `limit` visits
 * nearest to `x` so that a busy endpoint shows its neighbourhood, not its first minutes.
 */
export function endpointHistory(
  x: Exchange,
  ctx: RuleContext,
  /** Exchange id → masked token it presented (from the token timeline). */
  tokens: { get(id: string): string | undefined } = new Map(),
  limit = 50,
): EndpointHistory {
  const key = urlWithoutQuery(x.request.url);
  const same = ctx.lookup(ENDPOINTS, `${x.request.method} ${isPreflight(x) ? "preflight " : ""}${key}`);
  const at = same.findIndex((o) => o.id === x.id);
  const half = Math.floor(limit / 2);
  const from = Math.max(0, Math.min(at - half, same.length - limit));
  const kept = same.slice(from, from + limit);
  return {
    endpoint: `${x.request.method} ${key}`,
    visits: kept.map((o) => {
      const token = tokens.get(o.id);
      return {
        id: o.id,
        offsetMs: o.observedAt - x.observedAt,
        status: statusOf(o),
        credentials: summarizeAttached(o, ctx).line,
        current: o.id === x.id,
        ...(token !== undefined ? { token } : {}),
      };
    }),
    omitted: same.length - kept.length,
  };
}
