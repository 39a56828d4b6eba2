/** A RuleContext like diagnose builds one, for the functions the panel calls outside the rules. */
import { analysisContext } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import type { CaptureFacts, RuleContext } from "../../../src/core/rule.ts";

export function contextFor(exchanges: readonly Exchange[], facts: CaptureFacts = {}): RuleContext {
  return analysisContext(exchanges, facts).ctx;
}
