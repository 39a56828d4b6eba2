import type { CaptureIndex } from "./analysis/capture-index.ts";
import type { AttachedCredentials } from "./credentials/attached.ts";
import type { Exchange } from "./exchange.ts";
import type { Finding } from "./findings.ts";

/** Facts about the capture as a whole, decided once before the rules run. */
export interface CaptureFacts {
  /** Why credentials cannot be seen in this capture (a sanitized HAR), when they cannot. */
  readonly credentialsStripped?: string;
}

/** Settings the user can change; defaults in DEFAULT_OPTIONS. */
export interface AnalysisOptions {
  /** Tolerance for token time checks (exp, nbf, iat) and clock comparisons, in seconds. */
  readonly leewaySeconds: number;
}

export const DEFAULT_OPTIONS: AnalysisOptions = { leewaySeconds: 60 };

export interface RuleContext {
  readonly facts: CaptureFacts;
  readonly options: AnalysisOptions;
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

/** One check: an exchange in, its findings out. Pure; reads other exchanges only through ctx. */
export interface Rule {
  readonly name: string;
  readonly run: (x: Exchange, ctx: RuleContext) => readonly Finding[];
}
