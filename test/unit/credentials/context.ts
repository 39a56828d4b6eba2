/** A RuleContext like diagnose builds one, for the functions the panel calls outside the rules. */
import { attachedCredentials } from "../../../src/core/credentials/attached.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { type CaptureFacts, DEFAULT_OPTIONS, type RuleContext } from "../../../src/core/rule.ts";
import { exchangeViews } from "../../../src/core/view/exchange-view.ts";

export function contextFor(exchanges: readonly Exchange[], facts: CaptureFacts = {}): RuleContext {
  const lookup = {
    exchanges,
    byId: new Map(exchanges.map((x) => [x.id, x])),
    credentials: (x: Exchange) => attachedCredentials(x, facts.credentialsStripped !== undefined),
  };
  return { facts, options: DEFAULT_OPTIONS, ...lookup, view: exchangeViews(lookup, facts, DEFAULT_OPTIONS) };
}
