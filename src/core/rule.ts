import type { CaptureLookup } from "./capture-lookup.ts";
import type { AttachedCredentials } from "./credentials/attached.ts";
import type { Exchange } from "./exchange.ts";
import type { Finding } from "./findings.ts";
import type { AnalysisOptions, CaptureFacts } from "./options.ts";
import type { ExchangeView } from "./view/exchange-view.ts";

export { type AnalysisOptions, type CaptureFacts, DEFAULT_OPTIONS } from "./options.ts";

export interface RuleContext extends CaptureLookup {
  readonly facts: CaptureFacts;
  readonly options: AnalysisOptions;
  /** Every exchange of the capture, in start-time order (for rules that look across requests). */
  readonly exchanges: readonly Exchange[];
  readonly byId: ReadonlyMap<string, Exchange>;
  /** What the exchange carried, computed once and shared by the rules that run on it. */
  credentials(x: Exchange): AttachedCredentials;
  /**
   * The exchange as every rule reads it: its header index, credentials, challenges, tokens and
   * the rest, each read on first use and then kept with the exchange for this analysis.
   */
  view(x: Exchange): ExchangeView;
}

/** One check: an exchange in, its findings out. Pure; may read other exchanges through ctx. */
export interface Rule {
  readonly name: string;
  readonly run: (x: Exchange, ctx: RuleContext) => readonly Finding[];
}
