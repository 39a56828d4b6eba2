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
import { linkPreflights } from "./cors/preflight-link.ts";
import type { Exchange } from "./exchange.ts";
import { type Finding, type FindingCode, bySeverity, finding } from "./findings.ts";
import { rankFindings } from "./root-cause.ts";
import { CHALLENGE_RULES } from "./challenge/rules.ts";
import { CREDENTIAL_RULES } from "./credentials/rules.ts";
import { OAUTH_RULES } from "./oauth/rules.ts";
import { type AnalysisOptions, type CaptureFacts, DEFAULT_OPTIONS, type Rule, type RuleContext } from "./rule.ts";
import { TOKEN_RULES } from "./tokens/rules.ts";
import { exchangeViews } from "./view/exchange-view.ts";

/**
 * In order of how directly a finding names the cause: within one severity, findings keep this
 * order, so "placeholder instead of a token" stands above the 401 verdict it explains.
 */
export const RULES: readonly Rule[] = [
  tokenPlaceholderRule,
  ...TOKEN_RULES,
  ...OAUTH_RULES,
  authorizationNotReceivedRule,
  credentialVerdictRule,
  schemeMismatchRule,
  challengeMissingRule,
  ...CHALLENGE_RULES,
  ...CREDENTIAL_RULES,
  ...CORS_RULES,
];

export interface Diagnosis {
  /** The exchange as analysed (with its preflight link filled in). */
  readonly exchange: Exchange;
  /**
   * The code of the finding that best explains why this request failed, or null when it did not
   * fail or nothing explains it (FINDINGS.md v2, "Root cause first").
   */
  readonly rootCause: FindingCode | null;
  /** Root cause first, then the findings supporting it (`role: "supporting"`), then the others, most severe first. */
  readonly findings: readonly Finding[];
}

/** One exchange's findings, most severe first and then root cause first. */
function diagnosisOf(x: Exchange, found: Finding[]): Diagnosis {
  const ranked = rankFindings(x, found.length > 1 ? found.sort(bySeverity) : found);
  return { exchange: x, rootCause: ranked.rootCause, findings: ranked.findings };
}

/**
 * Whether a finding about `from` is also listed on `other`. A preflight's failure is reported on
 * the request it was for, and its own row links there instead of repeating the findings
 * (FINDINGS.md v2: one failure, one place).
 */
function listedOn(other: Exchange, from: string): boolean {
  return other.preflightFor !== from;
}

function ruleFailed(rule: Rule, error: unknown): Finding {
  const message = error instanceof Error ? error.message : String(error);
  return finding("capture.partial", {
    detail: `AuthLens could not complete its "${rule.name}" check on this request (${message.slice(0, 200)}); the other checks ran.`,
    evidence: [{ label: "Check", value: rule.name }],
  });
}

/** The shared context every rule (and every detail view) reads: linked exchanges, their views. */
export function analysisContext(
  exchanges: readonly Exchange[],
  facts: CaptureFacts = {},
  options: AnalysisOptions = DEFAULT_OPTIONS,
): { linked: Exchange[]; ctx: RuleContext } {
  const linked = linkPreflights(exchanges);
  const byId = new Map<string, Exchange>();
  for (let i = 0; i < linked.length; i++) byId.set(linked[i]!.id, linked[i]!);
  // Each exchange's view is built the first time a rule asks for it and kept by this context:
  // whatever a rule reads of an exchange is read once per analysis, whichever rule asks first.
  const lookup = { exchanges: linked, byId, credentials: (x: Exchange) => view(x).credentials };
  const view = exchangeViews(lookup, facts, options);
  const ctx: RuleContext = { facts, options, exchanges: linked, byId, credentials: lookup.credentials, view };
  return { linked, ctx };
}

/** Every rule on one exchange; a rule that throws becomes a finding, never an exception. */
function runRules(x: Exchange, rules: readonly Rule[], ctx: RuleContext): Finding[] {
  // A preflight linked to its request is judged on that request, which reads it through the
  // link (FINDINGS.md v2: one failure, one place); its own row links there.
  if (x.preflightFor !== undefined) return [];
  const found: Finding[] = [];
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    try {
      // Most rules find nothing on most exchanges: skip the spread call for those.
      const out = rule.run(x, ctx);
      if (out.length > 0) found.push(...out);
    } catch (error) {
      found.push(ruleFailed(rule, error));
    }
  }
  return found;
}

/** The findings of every exchange, with cross-exchange findings listed on each exchange they involve. */
function collect(linked: readonly Exchange[], byId: ReadonlyMap<string, Exchange>, perExchange: Map<string, Finding[]>): Diagnosis[] {
  // A finding that involves several exchanges (a request and its preflight) is listed on each.
  perExchange.forEach((found, id) => {
    for (const f of found) {
      for (const other of f.related ?? []) {
        const list = perExchange.get(other);
        const target = byId.get(other);
        if (list && target && listedOn(target, id) && !list.some((g) => g.code === f.code && g.detail === f.detail)) {
          list.push({ ...f, related: [id] });
        }
      }
    }
  });

  // The lists are this function's own: sorted in place (stable), and only when there is an order to make.
  return linked.map((x) => diagnosisOf(x, perExchange.get(x.id) ?? []));
}

export function diagnose(
  exchanges: readonly Exchange[],
  facts: CaptureFacts = {},
  rules: readonly Rule[] = RULES,
  options: AnalysisOptions = DEFAULT_OPTIONS,
): Diagnosis[] {
  const { linked, ctx } = analysisContext(exchanges, facts, options);
  const perExchange = new Map<string, Finding[]>();
  // Indexed loops: this function runs once per analysis, largely before V8 optimises it, and
  // unoptimised for…of allocates an iterator result per step (400,000 for 10,000 exchanges).
  for (let i = 0; i < linked.length; i++) perExchange.set(linked[i]!.id, runRules(linked[i]!, rules, ctx));
  return collect(linked, ctx.byId, perExchange);
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
  const { linked, ctx } = analysisContext(exchanges, facts, options);
  const copies = new Map<string, Finding[]>();
  const found = new Uint8Array(linked.length);
  for (let i = 0; i < linked.length; i++) {
    const x = linked[i]!;
    const own = runRules(x, rules, ctx);
    if (own.length === 0) continue;
    found[i] = 1;
    // collect's order: by exchange, then finding, then related id.
    for (const f of own) {
      for (const other of f.related ?? []) {
        const target = ctx.byId.get(other);
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
    const list = found[i] === 1 ? runRules(x, rules, ctx) : [];
    if (extra) for (const c of extra) if (!list.some((g) => g.code === c.code && g.detail === c.detail)) list.push(c);
    copies.delete(x.id);
    emit(diagnosisOf(x, list));
  }
}

/**
 * `diagnose`, a slice at a time: it pauses (yields) after every `slice` exchanges, so that a
 * caller with a user interface (the panel) can let the browser paint and answer input between
 * slices, and returns the same diagnoses once done.
 */
export function* diagnoseInSlices(
  exchanges: readonly Exchange[],
  facts: CaptureFacts = {},
  slice = 25,
  rules: readonly Rule[] = RULES,
  options: AnalysisOptions = DEFAULT_OPTIONS,
): Generator<void, Diagnosis[], void> {
  const { linked, ctx } = analysisContext(exchanges, facts, options);
  const perExchange = new Map<string, Finding[]>();
  for (let i = 0; i < linked.length; i++) {
    perExchange.set(linked[i]!.id, runRules(linked[i]!, rules, ctx));
    if ((i + 1) % slice === 0) yield;
  }
  return collect(linked, ctx.byId, perExchange);
}
