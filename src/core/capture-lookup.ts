/**
 * What a reader of one exchange may look up in the rest of the capture: the exchanges in
 * start-time order, by id, and what each carried. RuleContext is one; code that only needs
 * these (the CORS evaluation an exchange's view holds) takes this, not the whole rule context.
 */
import type { AttachedCredentials } from "./credentials/attached.ts";
import type { Exchange } from "./exchange.ts";

export interface CaptureLookup {
  /** Every exchange of the capture, in start-time order (for rules that look across requests). */
  readonly exchanges: readonly Exchange[];
  readonly byId: ReadonlyMap<string, Exchange>;
  /** What the exchange carried, computed once and shared by the rules that run on it. */
  credentials(x: Exchange): AttachedCredentials;
}
