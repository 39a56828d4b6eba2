/**
 * What a reader of one exchange may look up in the rest of the capture: another exchange by id,
 * a capture-wide index, the capture's order, and what each exchange carried. RuleContext is one;
 * code that only needs these (the CORS evaluation an exchange's view holds) takes this, not the
 * whole rule context. Every look-up goes through the analysis, which records it as a dependency
 * of the exchange being judged (analysis/capture.ts).
 */
import type { CaptureIndex } from "./analysis/capture-index.ts";
import type { AttachedCredentials } from "./credentials/attached.ts";
import type { Exchange } from "./exchange.ts";

export interface CaptureLookup {
  /** Another exchange of the capture, by id: the request a preflight was for, and back. */
  exchange(id: string): Exchange | undefined;
  /**
   * What a capture-wide index holds under `key` (analysis/capture-index.ts): how a rule looks
   * across requests. The read is recorded, so the exchange is judged again when that key changes.
   */
  lookup<D>(index: CaptureIndex<D>, key: string): D;
  /** Whether `a` comes before `b` in the capture's order. */
  precedes(a: Exchange, b: Exchange): boolean;
  /** What the exchange carried, computed once and shared by the rules that run on it. */
  credentials(x: Exchange): AttachedCredentials;
}
