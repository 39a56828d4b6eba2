/** A RuleContext like diagnose builds one, for the functions the panel calls outside the rules. */
import { attachedCredentials } from "../../../src/core/credentials/attached.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { type CaptureFacts, DEFAULT_OPTIONS, type RuleContext } from "../../../src/core/rule.ts";

export function contextFor(exchanges: readonly Exchange[], facts: CaptureFacts = {}): RuleContext {
  return {
    facts,
    options: DEFAULT_OPTIONS,
    exchanges,
    byId: new Map(exchanges.map((x) => [x.id, x])),
    credentials: (x) => attachedCredentials(x, facts.credentialsStripped !== undefined),
  };
}
