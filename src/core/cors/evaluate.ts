/**
 * Runs the check table on one request. The credentials mode is the one unknown a capture
 * leaves: the checks first run as the capture shows the request (credentialed only when
 * cookies prove it); when the browser blocked it and nothing explains why, they run again as
 * a credentialed request, and that reading is kept only if it explains the block.
 */
import type { Exchange } from "../exchange.ts";
import { CATALOGUE } from "../findings.ts";
import type { CaptureLookup } from "../capture-lookup.ts";
import type { CheckOutcome, CorsCheckSpec } from "./checks/check.ts";
import { CORS_CHECKS } from "./checks/table.ts";
import { type CredentialsHypothesis, inferredInclude } from "./credentials-mode.ts";
import { type CorsSubject, corsSubject } from "./subject.ts";
import { mayBeLocalUrl } from "./address-space.ts";
import { mightConcernCors } from "./request-kind.ts";

export interface CheckRun {
  readonly spec: CorsCheckSpec;
  readonly outcome: CheckOutcome;
}

export interface CorsEvaluation {
  readonly subject: CorsSubject;
  readonly hypothesis: CredentialsHypothesis;
  /** Every check, in the browser's order. */
  readonly runs: readonly CheckRun[];
  /** The browser blocked the request (or, for a lone preflight, the preflight fails). */
  readonly blocked: boolean;
  /** The failed checks, in the browser's order. */
  readonly failures: readonly CheckRun[];
  /** The first failed check the browser enforces: the one it reports. */
  readonly reason?: CheckRun;
}

/** A check the browser enforces (its finding is an error), as opposed to advice (warnings). */
export function isEnforced(spec: CorsCheckSpec): boolean {
  return CATALOGUE[spec.code].severity === "error";
}

/** The advice a request that went through can still get: the checks no browser enforces. */
const ADVICE_CHECKS: readonly CorsCheckSpec[] = CORS_CHECKS.filter((c) => !isEnforced(c));

function run(s: CorsSubject, h: CredentialsHypothesis, checks: readonly CorsCheckSpec[] = CORS_CHECKS): CheckRun[] {
  return checks.map((spec) => ({ spec, outcome: spec.test(s, h) }));
}

function firstEnforcedFailure(runs: readonly CheckRun[]): CheckRun | undefined {
  return runs.find((r) => r.outcome.result === "failed" && isEnforced(r.spec));
}

/**
 * "all" runs every check (the panel's report); "findings" skips the enforced checks on a request
 * the browser let through, since the rules would not report them anyway.
 */
export type Scope = "all" | "findings";

export function evaluateSubject(s: CorsSubject, scope: Scope = "all"): CorsEvaluation {
  let hypothesis = s.observed;
  const adviceOnly = scope === "findings" && !s.failed && !s.deliveryUnknown && s.actual !== undefined;
  let runs = run(s, hypothesis, adviceOnly ? ADVICE_CHECKS : CORS_CHECKS);
  let reason = firstEnforcedFailure(runs);
  const lone = s.actual === undefined;
  if (s.failed && !reason && !hypothesis.credentialed && !lone) {
    const include = inferredInclude();
    const again = run(s, include);
    const explained = firstEnforcedFailure(again);
    if (explained) {
      hypothesis = include;
      runs = again;
      reason = explained;
    }
  }
  return {
    subject: s,
    hypothesis,
    runs,
    // Where the capture saw no outcome (a lone preflight; Firefox's webRequest), a check the
    // browser enforces that fails means the browser blocked the request (Fetch §4.9 step 1).
    blocked: lone || s.deliveryUnknown ? reason !== undefined : s.failed,
    failures: runs.filter((r) => r.outcome.result === "failed"),
    ...(reason ? { reason } : {}),
  };
}

/**
 * The evaluation of one exchange in its capture, or undefined when CORS does not apply to it.
 * Rules and reports read it through the exchange's view (view/exchange-view.ts), which keeps it.
 */
export function evaluateExchange(x: Exchange, capture: CaptureLookup, scope: Scope): CorsEvaluation | undefined {
  const s = corsSubject(x, capture);
  return s ? evaluateSubject(s, scope) : undefined;
}

/**
 * Whether the CORS rules evaluate the exchange at all: the cheap look (mightConcernCors) rules
 * CORS out for most of a capture, and the rules then report from no evaluation.
 */
export function mayConcernCors(x: Exchange): boolean {
  return mightConcernCors(x, mayBeLocalUrl);
}
