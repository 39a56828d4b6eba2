import type { CaptureLookup } from "./capture-lookup.ts";
import type { Exchange } from "./exchange.ts";
import type { Finding } from "./findings.ts";
import type { AnalysisOptions, CaptureFacts } from "./options.ts";
import type { ExchangeView } from "./view/exchange-view.ts";

export { type AnalysisOptions, type CaptureFacts, DEFAULT_OPTIONS } from "./options.ts";

export interface RuleContext extends CaptureLookup {
  readonly facts: CaptureFacts;
  readonly options: AnalysisOptions;
  /**
   * The exchange as every rule reads it: its header index, credentials, challenges, tokens and
   * the rest, each read on first use and then kept with the exchange for this judgement.
   */
  view(x: Exchange): ExchangeView;
}

/** One check: an exchange in, its findings out. Pure; reads other exchanges only through ctx. */
export interface Rule {
  readonly name: string;
  readonly run: (x: Exchange, ctx: RuleContext) => readonly Finding[];
}
