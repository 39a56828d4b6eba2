/**
 * The tokens of an exchange as the rules see them, shared by every token rule. On a capture
 * stripped of credentials, what stands in the Authorization and Cookie headers is the stripping
 * tool's mark, not a token, so those places are left out.
 */
import type { Exchange } from "../exchange.ts";
import type { RuleContext } from "../rule.ts";
import { newReadingMemo, type ReadingMemo } from "./decode.ts";
import { type LocatedToken, locatedTokensOf } from "./tokens-of.ts";

const STRIPPED_SOURCES: ReadonlySet<string> = new Set(["authorization", "cookie", "set-cookie", "header", "dpop"]);

interface Cache {
  /** Each distinct token string is decoded once per analysis. */
  readonly memo: ReadingMemo;
  /**
   * The tokens of the exchange asked for last. diagnose runs every rule on one exchange before
   * the next, so the eleven token rules share them; they are not kept for the whole capture,
   * where they would only burden the garbage collector.
   */
  last?: { readonly id: string; readonly tokens: readonly LocatedToken[] };
}

const caches = new WeakMap<RuleContext, Cache>();

/** The exchange's tokens. Most exchanges carry none: token rules return at once on an empty list. */
export function tokensIn(x: Exchange, ctx: RuleContext): readonly LocatedToken[] {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = { memo: newReadingMemo() };
    caches.set(ctx, cache);
  }
  if (cache.last?.id === x.id) return cache.last.tokens;
  const all = locatedTokensOf(x, ctx.options, cache.memo);
  const tokens = ctx.facts.credentialsStripped !== undefined ? all.filter((l) => !STRIPPED_SOURCES.has(l.source)) : all;
  cache.last = { id: x.id, tokens };
  return tokens;
}
