/**
 * Exchange[] → findings per exchange. Pure: the same exchanges and facts always give the same
 * findings, in the panel, the CLI and the tests. Rules are a table; each runs on its own and a
 * failing rule costs only its own findings (reported as capture.partial), never the others'.
 */
import { challengeMissingRule } from "./challenge/missing.ts";
import { tokenPlaceholderRule } from "./credentials/rules/token-placeholder.ts";
import { authorizationNotReceivedRule } from "./credentials/rules/authorization-not-received.ts";
import { schemeMismatchRule } from "./credentials/scheme-mismatch.ts";
import { credentialVerdictRule } from "./credentials/verdict.ts";
import { CORS_RULES } from "./cors/rules.ts";
import type { Exchange } from "./exchange.ts";
import type { Finding } from "./findings.ts";
import { Capture } from "./analysis/capture.ts";
import { CaptureAnalysis, diagnosisOf, listedOn, runRules } from "./analysis/capture-analysis.ts";
import type { Diagnosis } from "./analysis/diagnosis.ts";
import { CHALLENGE_RULES } from "./challenge/rules.ts";
import { CREDENTIAL_RULES } from "./credentials/rules.ts";
import { OAUTH_RULES } from "./oauth/rules.ts";
import { type AnalysisOptions, type CaptureFacts, DEFAULT_OPTIONS, type Rule, type RuleContext } from "./rule.ts";
import { TOKEN_RULES } from "./tokens/rules.ts";
import { vendorReasonRule } from "./vendors/rule.ts";

/**
 * In order of how directly a finding names the cause: within one severity, findings keep this
 * order, so "placeholder instead of a token" stands above the 401 verdict it explains.
 */
export const RULES: readonly Rule[] = [
  tokenPlaceholderRule,
  ...TOKEN_RULES,
  vendorReasonRule,
  ...OAUTH_RULES,
  authorizationNotReceivedRule,
  credentialVerdictRule,
  schemeMismatchRule,
  challengeMissingRule,
  ...CHALLENGE_RULES,
  ...CREDENTIAL_RULES,
  ...CORS_RULES,
];

export type { Diagnosis } from "./analysis/diagnosis.ts";

/**
 * A rule context over a capture (its preflights linked), for what reads the capture outside the
 * rules: the detail pane, the panel's summaries, tests. Nothing is judged.
 */
export function analysisContext(
  exchanges: readonly Exchange[],
  facts: CaptureFacts = {},
  options: AnalysisOptions = DEFAULT_OPTIONS,
): { linked: readonly Exchange[]; ctx: RuleContext } {
  const capture = new Capture(facts, options, "arrival", false);
  capture.upsert(exchanges);
  return { linked: capture.exchanges(), ctx: capture.context().ctx };
}

/** The diagnoses of a whole capture: one analysis session, fed at once (a file, a test). */
export function diagnose(
  exchanges: readonly Exchange[],
  facts: CaptureFacts = {},
  rules: readonly Rule[] = RULES,
  options: AnalysisOptions = DEFAULT_OPTIONS,
): Diagnosis[] {
  const analysis = new CaptureAnalysis({ rules, facts, options, once: true });
  analysis.add(exchanges);
  return [...analysis.all()];
}

/**
 * `diagnose`, handing each exchange's diagnosis to `emit` in order instead of keeping them all:
 * the same diagnoses, while only the cross-exchange copies (findings naming another exchange in
 * `related`, a small part) are held. A first pass runs the rules and keeps those copies, and
 * which exchanges had findings; a second runs the rules again only on those (rules are pure),
 * adds the copies as collect does, and emits. For the CLI, where a capture of a million
 * requests has more findings than exchanges and none of them need to be held.
 */
export function diagnoseEach(
  exchanges: readonly Exchange[],
  facts: CaptureFacts,
  emit: (d: Diagnosis) => void,
  rules: readonly Rule[] = RULES,
  options: AnalysisOptions = DEFAULT_OPTIONS,
): void {
  const capture = new Capture(facts, options, "arrival", false);
  capture.upsert(exchanges);
  const linked = capture.exchanges();
  const { ctx, judging } = capture.context();
  const copies = new Map<string, Finding[]>();
  const found = new Uint8Array(linked.length);
  for (let i = 0; i < linked.length; i++) {
    const x = linked[i]!;
    judging(x.id);
    const own = runRules(x, rules, ctx);
    if (own.length === 0) continue;
    found[i] = 1;
    // collect's order: by exchange, then finding, then related id.
    for (const f of own) {
      for (const other of f.related ?? []) {
        const target = capture.get(other);
        if (!target || !listedOn(target, x.id)) continue;
        const list = copies.get(other);
        const copy = { ...f, related: [x.id] };
        if (list) list.push(copy);
        else copies.set(other, [copy]);
      }
    }
  }
  for (let i = 0; i < linked.length; i++) {
    const x = linked[i]!;
    const extra = copies.get(x.id);
    if (found[i] === 0 && extra === undefined) {
      emit({ exchange: x, rootCause: null, findings: [] });
      continue;
    }
    judging(x.id);
    const list = found[i] === 1 ? runRules(x, rules, ctx) : [];
    if (extra) for (const c of extra) if (!list.some((g) => g.code === c.code && g.detail === c.detail)) list.push(c);
    copies.delete(x.id);
    emit(diagnosisOf(x, list));
  }
}
