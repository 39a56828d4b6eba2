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
  /** Every exchange of the capture, in start-time order (for rules that look across requests). */
  readonly exchanges: readonly Exchange[];
  readonly byId: ReadonlyMap<string, Exchange>;
  /** What the exchange carried, computed once and shared by the rules that run on it. */
  credentials(x: Exchange): AttachedCredentials;
}

/** One check: an exchange in, its findings out. Pure; may read other exchanges through ctx. */
export interface Rule {
  readonly name: string;
  readonly run: (x: Exchange, ctx: RuleContext) => readonly Finding[];
}
