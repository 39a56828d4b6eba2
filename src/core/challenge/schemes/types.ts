/**
 * One explainer per scheme, mostly data: what each parameter means, which are required and how
 * they must be written, plus a few functions that word the summary and the next steps from the
 * challenge's real values. explain.ts turns an explainer and a challenge into an explanation.
 */
import type { ChallengeContext } from "../context.ts";
import type { Challenge, ChallengeProblem, ExplainedParam } from "../types.ts";

export interface SchemeInput {
  readonly challenge: Challenge;
  /** Lower-case names of the parameters that were sent quoted. */
  readonly quoted: ReadonlySet<string>;
  readonly ctx: ChallengeContext;
}

export interface ParamDoc {
  /** What the parameter means, citing where it is defined. */
  readonly meaning: string;
  /** A reading of this value worth adding (a list counted, seconds in minutes, a blob decoded). */
  readonly read?: (value: string, input: SchemeInput) => string | undefined;
}

export interface SchemeExplainer {
  /** "Basic", "Bearer", …: the scheme family the panel groups and labels by. */
  readonly family: string;
  /** Where the scheme is defined, e.g. "RFC 7617". */
  readonly spec: string;
  readonly params: Readonly<Record<string, ParamDoc>>;
  /** Parameters the specification requires. */
  readonly required?: readonly string[];
  /** Parameters a sender must quote, and ones it must not (Digest, RFC 7616 §3.3). */
  readonly mustQuote?: readonly string[];
  readonly mustNotQuote?: readonly string[];
  /**
   * The token68 form: "payload" when the scheme carries its data there (Negotiate, NTLM),
   * "unexpected" when the scheme defines parameters only.
   */
  readonly token68: "payload" | "unexpected";
  /** Rows decoded from the token68 (an NTLM message, a SPNEGO token). Must not throw. */
  readonly decodeToken68?: (token: string) => readonly ExplainedParam[];
  /** True when the scheme is for origin servers only (DPoP, RFC 9449 §7.1). */
  readonly originOnly?: boolean;
  readonly summary: (input: SchemeInput) => string;
  readonly next: (input: SchemeInput) => readonly string[];
  /** Requirements beyond the generic ones (values, combinations), as problems. */
  readonly check?: (input: SchemeInput) => readonly ChallengeProblem[];
}

/** A parameter's value, looked up as an own property only (names come from the network). */
export function param(c: Challenge, name: string): string | undefined {
  return Object.hasOwn(c.params, name) ? c.params[name] : undefined;
}

/** A scheme-level problem; scheme problems point at the start of the challenge. */
export function schemeProblem(code: string, severity: ChallengeProblem["severity"], message: string): ChallengeProblem {
  return { code, severity, message, offset: 0 };
}

/** Whether the request answered with this scheme (case-insensitive, RFC 9110 §11.1). */
export function sentScheme(input: SchemeInput, scheme: string): boolean {
  return input.ctx.sentScheme?.toLowerCase() === scheme.toLowerCase();
}
