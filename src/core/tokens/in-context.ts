/**
 * The tokens of an exchange as the rules see them: decoded once per analysis and shared by every
 * token rule. On a capture stripped of credentials, what stands in the Authorization and Cookie
 * headers is the stripping tool's mark, not a token, so those places are left out.
 */
import type { Exchange } from "../exchange.ts";
import type { RuleContext } from "../rule.ts";
import type { ReadingMemo } from "./decode.ts";
import { type LocatedToken, locatedTokensOf } from "./tokens-of.ts";

const STRIPPED_SOURCES: ReadonlySet<string> = new Set(["authorization", "cookie", "set-cookie", "header", "dpop"]);

interface Cache {
  readonly perExchange: Map<string, readonly LocatedToken[]>;
  readonly memo: ReadingMemo;
}

const caches = new WeakMap<RuleContext, Cache>();

export function tokensIn(x: Exchange, ctx: RuleContext): readonly LocatedToken[] {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = { perExchange: new Map(), memo: new Map() };
    caches.set(ctx, cache);
  }
  const { perExchange, memo } = cache;
  let found = perExchange.get(x.id);
  if (!found) {
    const all = locatedTokensOf(x, ctx.options, memo);
    found = ctx.facts.credentialsStripped !== undefined ? all.filter((l) => !STRIPPED_SOURCES.has(l.source)) : all;
    perExchange.set(x.id, found);
  }
  return found;
}
