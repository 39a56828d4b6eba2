/**
 * The tokens of an exchange as the rules see them: decoded once per analysis and shared by every
 * token rule. On a capture stripped of credentials, what stands in the Authorization and Cookie
 * headers is the stripping tool's mark, not a token, so those places are left out.
 */
import type { Exchange } from "../exchange.ts";
import type { RuleContext } from "../rule.ts";
import { newReadingMemo, type ReadingMemo } from "./decode.ts";
import { type LocatedToken, locatedTokensOf } from "./tokens-of.ts";

const STRIPPED_SOURCES: ReadonlySet<string> = new Set(["authorization", "cookie", "set-cookie", "header", "dpop"]);

interface Cache {
  readonly perExchange: Map<string, readonly LocatedToken[]>;
  readonly memo: ReadingMemo;
  /**
   * The exchange asked for last and its tokens: diagnose runs every rule on one exchange before
   * the next, so the eleven token rules find them here without a map lookup each.
   */
  lastId?: string;
  lastTokens?: readonly LocatedToken[];
}

const caches = new WeakMap<RuleContext, Cache>();

/** The exchange's tokens. Most exchanges carry none: token rules return at once on an empty list. */
export function tokensIn(x: Exchange, ctx: RuleContext): readonly LocatedToken[] {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = { perExchange: new Map(), memo: newReadingMemo() };
    caches.set(ctx, cache);
  }
  if (cache.lastId === x.id && cache.lastTokens) return cache.lastTokens;
  const { perExchange, memo } = cache;
  let found = perExchange.get(x.id);
  if (!found) {
    const all = locatedTokensOf(x, ctx.options, memo);
    found = ctx.facts.credentialsStripped !== undefined ? all.filter((l) => !STRIPPED_SOURCES.has(l.source)) : all;
    perExchange.set(x.id, found);
  }
  cache.lastId = x.id;
  cache.lastTokens = found;
  return found;
}
