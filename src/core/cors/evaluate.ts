/**
 * Runs the check table on one request. The credentials mode is the one unknown a capture
 * leaves: the checks first run as the capture shows the request (credentialed only when
 * cookies prove it); when the browser blocked it and nothing explains why, they run again as
 * a credentialed request, and that reading is kept only if it explains the block.
 */
import type { Exchange } from "../exchange.ts";
import { CATALOGUE } from "../findings.ts";
import type { RuleContext } from "../rule.ts";
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

/** Evaluations of the panel's reports and of other callers, by scope and exchange id, per analysis. */
interface Memo {
  readonly all: Map<string, CorsEvaluation | null>;
  readonly findings: Map<string, CorsEvaluation | null>;
  /** corsRuleEvaluation's answer for the exchange asked about last. */
  last?: { readonly id: string; readonly evaluation: CorsEvaluation | undefined };
}

const memos = new WeakMap<RuleContext, Memo>();

function memoOf(ctx: RuleContext): Memo {
  let memo = memos.get(ctx);
  if (!memo) {
    memo = { all: new Map(), findings: new Map() };
    memos.set(ctx, memo);
  }
  return memo;
}

function evaluate(x: Exchange, ctx: RuleContext, scope: Scope): CorsEvaluation | undefined {
  const s = corsSubject(x, ctx);
  return s ? evaluateSubject(s, scope) : undefined;
}

export function evaluateCors(x: Exchange, ctx: RuleContext, scope: Scope = "all"): CorsEvaluation | undefined {
  const byId = memoOf(ctx)[scope];
  const cached = byId.get(x.id);
  if (cached !== undefined) return cached ?? undefined;
  const evaluation = evaluate(x, ctx, scope);
  byId.set(x.id, evaluation ?? null);
  return evaluation;
}

/**
 * What the CORS rules report from: the "findings" evaluation, or undefined at once when the cheap
 * look (mightConcernCors) rules CORS out, as it does for most of a capture. diagnose runs every
 * rule on one exchange before the next, so the three CORS rules share the answer for the exchange
 * asked about last; it is not kept for the whole capture.
 */
export function corsRuleEvaluation(x: Exchange, ctx: RuleContext): CorsEvaluation | undefined {
  const memo = memoOf(ctx);
  if (memo.last?.id !== x.id) {
    memo.last = { id: x.id, evaluation: mightConcernCors(x, mayBeLocalUrl) ? evaluate(x, ctx, "findings") : undefined };
  }
  return memo.last.evaluation;
}
