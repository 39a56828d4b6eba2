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

interface Memo {
  readonly all: Map<string, CorsEvaluation | null>;
  readonly findings: Map<string, CorsEvaluation | null>;
  /** corsRuleEvaluation's answers, the cheap "no" included. */
  readonly rules: Map<string, CorsEvaluation | null>;
}

/** Evaluations are shared by the CORS rules of one analysis (one RuleContext), by scope and exchange id. */
const memos = new WeakMap<RuleContext, Memo>();

function memoOf(ctx: RuleContext): Memo {
  let memo = memos.get(ctx);
  if (!memo) {
    memo = { all: new Map(), findings: new Map(), rules: new Map() };
    memos.set(ctx, memo);
  }
  return memo;
}

function remembered(map: Map<string, CorsEvaluation | null>, x: Exchange, compute: () => CorsEvaluation | undefined): CorsEvaluation | undefined {
  const cached = map.get(x.id);
  if (cached !== undefined) return cached ?? undefined;
  const evaluation = compute();
  map.set(x.id, evaluation ?? null);
  return evaluation;
}

export function evaluateCors(x: Exchange, ctx: RuleContext, scope: Scope = "all"): CorsEvaluation | undefined {
  return remembered(memoOf(ctx)[scope], x, () => {
    const s = corsSubject(x, ctx);
    return s ? evaluateSubject(s, scope) : undefined;
  });
}

/**
 * What the CORS rules report from: the "findings" evaluation, or undefined, decided once per
 * exchange, when the cheap look (mightConcernCors) rules CORS out, as it does for most of a capture.
 */
export function corsRuleEvaluation(x: Exchange, ctx: RuleContext): CorsEvaluation | undefined {
  return remembered(memoOf(ctx).rules, x, () => (mightConcernCors(x, mayBeLocalUrl) ? evaluateCors(x, ctx, "findings") : undefined));
}
