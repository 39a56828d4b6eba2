/**
 * Does a server reflect the request's Origin into Access-Control-Allow-Origin? Only then does
 * its response vary by Origin and need `Vary: Origin` (Fetch §3.2.5, "CORS protocol and HTTP
 * caches"). One response cannot tell: an ACAO equal to the Origin may be a fixed setting
 * (`@fastify/cors` with `origin: "https://app.example.com"` sends exactly that, without Vary).
 * The capture proves reflection when the same server answered two different Origins each with
 * its own. A warning on a request that worked needs that proof (FINDINGS.md v2).
 */
import { type Exchange, originOf } from "../exchange.ts";
import { headerValue } from "../headers.ts";
import type { RuleContext } from "../rule.ts";

/** Per capture: server origin → the distinct request Origins it echoed (two are enough). */
const echoed = new WeakMap<readonly Exchange[], Map<string, Set<string>>>();

function echoesOf(exchanges: readonly Exchange[]): Map<string, Set<string>> {
  let map = echoed.get(exchanges);
  if (map) return map;
  map = new Map();
  for (let i = 0; i < exchanges.length; i++) {
    const x = exchanges[i]!;
    const acao = x.response ? headerValue(x.response.headers, "access-control-allow-origin")?.trim() : undefined;
    if (acao === undefined || acao === "*" || acao === "null") continue;
    const origin = headerValue(x.request.headers, "origin")?.trim();
    const server = originOf(x.request.url);
    if (origin === undefined || server === undefined || origin !== acao) continue;
    const seen = map.get(server) ?? new Set<string>();
    if (seen.size < 2) seen.add(origin);
    map.set(server, seen);
  }
  echoed.set(exchanges, map);
  return map;
}

/** True when the capture shows the server of `x` echoing at least two different Origins. */
export function reflectsOrigin(x: Exchange, ctx: Pick<RuleContext, "exchanges">): boolean {
  const server = originOf(x.request.url);
  return server !== undefined && (echoesOf(ctx.exchanges).get(server)?.size ?? 0) >= 2;
}
