/**
 * The public shapes of a parsed and explained challenge (RFC 9110 §11). Plain serialisable
 * data: the panel renders it, the CLI prints it as JSON, and nothing in it is a class.
 */

/** One challenge: `auth-scheme [ 1*SP ( token68 / #auth-param ) ]` (RFC 9110 §11.3). */
export interface Challenge {
  /** As sent; compare case-insensitively (RFC 9110 §11.1). */
  readonly scheme: string;
  readonly token68?: string;
  /** Parameter names in lower case (RFC 9110 §11.2: they are case-insensitive), values unquoted. */
  readonly params: Readonly<Record<string, string>>;
}

export type ProblemSeverity = "error" | "warning" | "info";

export interface ChallengeProblem {
  /** Stable identifier, e.g. "unterminated-quoted-string" (see problems.ts). */
  readonly code: string;
  readonly severity: ProblemSeverity;
  /** Plain words naming the real values. */
  readonly message: string;
  /**
   * Character offset: in `parseChallenges`, into the field lines joined with ", " (RFC 9110
   * §5.3); in a `ChallengeExplanation`, into its `raw` text.
   */
  readonly offset: number;
}

export interface ChallengeParse {
  /** The reading RFC 9110 §11 allows; empty when it fails. */
  readonly strict: readonly Challenge[];
  /** What a browser or HTTP client most likely makes of the same value. */
  readonly lenient: readonly Challenge[];
  readonly problems: readonly ChallengeProblem[];
  /** True when the strict reading succeeded (no problem of severity "error"). */
  readonly ok: boolean;
}

export interface ExplainedParam {
  readonly name: string;
  readonly value: string;
  readonly meaning: string;
}

export interface ChallengeExplanation {
  /** As sent. */
  readonly scheme: string;
  /** "Basic", "Bearer", "DPoP", "Digest", "Negotiate", "NTLM", "HOBA", "Mutual", "SCRAM", "PrivateToken" or "Unknown". */
  readonly family: string;
  readonly summary: string;
  readonly params: readonly ExplainedParam[];
  /** What the client should do next, naming the real values. */
  readonly next: readonly string[];
  /** Parse problems inside this challenge and what its scheme's specification requires. */
  readonly problems: readonly ChallengeProblem[];
  /** The challenge as it appeared in the field value. */
  readonly raw: string;
}

/** The two challenge fields: an origin server's (RFC 9110 §11.6.1) and a proxy's (§11.7.1). */
export type ChallengeHeader = "WWW-Authenticate" | "Proxy-Authenticate";
