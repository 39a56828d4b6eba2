/**
 * What an analysis is told before it starts: facts about the capture as a whole and the user's
 * settings. Apart from rule.ts so that the per-exchange readers (tokens, the exchange view)
 * can take them without depending on the rule interface that reads those readers.
 */

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
