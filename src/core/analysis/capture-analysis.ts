/**
 * The analysis of one capture, kept up to date as it changes: the panel adds requests as they
 * finish, the CLI and the library add a whole file at once (one session, fed once). Each exchange
 * is judged when it enters or changes, and again only when something it read across the capture
 * changed (./capture.ts records what each judgement read); the diagnoses are always those
 * `diagnose` gives for the whole capture at once (test/unit/analysis/incremental.test.ts).
 */
import type { Exchange } from "../exchange.ts";
import { type Finding, bySeverity, finding } from "../findings.ts";
import { rankFindings } from "../root-cause.ts";
import type { AnalysisOptions, CaptureFacts, Rule, RuleContext } from "../rule.ts";
import { DEFAULT_OPTIONS } from "../rule.ts";
import { Capture, type CaptureChange, type CaptureOrder } from "./capture.ts";
import type { Diagnosis } from "./diagnosis.ts";

export interface AnalysisSettings {
  readonly rules: readonly Rule[];
  readonly facts?: CaptureFacts;
  readonly options?: AnalysisOptions;
  readonly order?: CaptureOrder;
  /**
   * The session is fed once and never changed (a file analysed whole): it need not record what
   * each judgement read, since no later change will ask. Adding to it later is refused.
   */
  readonly once?: boolean;
}

/** What a change did to the diagnoses: which were added or changed, which are gone. */
export interface AnalysisDelta {
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

function ruleFailed(rule: Rule, error: unknown): Finding {
  const message = error instanceof Error ? error.message : String(error);
  return finding("capture.partial", {
    detail: `AuthLens could not complete its "${rule.name}" check on this request (${message.slice(0, 200)}); the other checks ran.`,
    evidence: [{ label: "Check", value: rule.name }],
  });
}

/** Every rule on one exchange; a rule that throws becomes a finding, never an exception. */
export function runRules(x: Exchange, rules: readonly Rule[], ctx: RuleContext): Finding[] {
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

/** One exchange's findings, most severe first and then root cause first. */
export function diagnosisOf(x: Exchange, found: Finding[]): Diagnosis {
  const ranked = rankFindings(x, found.length > 1 ? found.sort(bySeverity) : found);
  return { exchange: x, rootCause: ranked.rootCause, findings: ranked.findings };
}

/**
 * Whether a finding about `from` is also listed on `other`. A preflight's failure is reported on
 * the request it was for, and its own row links there instead of repeating the findings
 * (FINDINGS.md v2: one failure, one place).
 */
export function listedOn(other: Exchange, from: string): boolean {
  return other.preflightFor !== from;
}

const NONE: readonly Finding[] = [];

export class CaptureAnalysis {
  readonly capture: Capture;
  private readonly rules: readonly Rule[];
  /** Each exchange's own findings, as its rules returned them (before copies and ordering). */
  private readonly own = new Map<string, readonly Finding[]>();
  /** Exchange id → the exchanges whose own findings name it in `related`. */
  private readonly namedBy = new Map<string, Set<string>>();
  private readonly diagnoses = new Map<string, Diagnosis>();
  private list: readonly Diagnosis[] | undefined;
  private readonly once: boolean;
  private fed = false;

  constructor(settings: AnalysisSettings) {
    this.rules = settings.rules;
    this.capture = new Capture(settings.facts ?? {}, settings.options ?? DEFAULT_OPTIONS, settings.order ?? "arrival", settings.once !== true);
    this.once = settings.once === true;
  }

  get size(): number {
    return this.capture.size;
  }

  /** Adds exchanges, or replaces those already here by id; judges what the change can affect. */
  add(exchanges: readonly Exchange[]): AnalysisDelta {
    const change = this.capture.upsert(exchanges);
    // A session made for one feeding kept no record of what its judgements read: fed again, it
    // cannot tell whom the change affects, and judges every exchange again.
    if (this.once && this.fed) return this.apply({ ...change, readers: new Set(this.capture.exchanges().map((x) => x.id)) });
    this.fed = true;
    return this.apply(change);
  }

  remove(ids: Iterable<string>): AnalysisDelta {
    return this.apply(this.capture.remove(ids));
  }

  /** Keeps the newest `limit` exchanges (capture order); returns what went. */
  trim(limit: number): AnalysisDelta {
    return this.remove(this.capture.oldestBeyond(limit));
  }

  diagnosis(id: string): Diagnosis | undefined {
    return this.diagnoses.get(id);
  }

  /** Every diagnosis, in capture order. */
  all(): readonly Diagnosis[] {
    if (!this.list) {
      const xs = this.capture.exchanges();
      const out: Diagnosis[] = new Array(xs.length);
      for (let i = 0; i < xs.length; i++) out[i] = this.diagnoses.get(xs[i]!.id)!;
      this.list = out;
    }
    return this.list;
  }

  private apply(change: CaptureChange): AnalysisDelta {
    const { changed, removed, readers } = change;
    if (changed.size === 0 && removed.size === 0 && readers.size === 0) return { changed: [], removed: [] };
    this.list = undefined;
    // Which final lists to rebuild: every exchange judged, and every one its old or new findings name.
    const rebuild = new Set<string>();
    for (const id of removed) {
      this.setOwn(id, NONE, rebuild);
      this.own.delete(id);
      this.diagnoses.delete(id);
      this.namedBy.delete(id);
    }
    const judge = new Set<string>([...changed, ...readers]);
    const { ctx, judging } = this.capture.context();
    for (const id of judge) {
      const x = this.capture.get(id);
      if (!x) continue;
      judging(id);
      this.setOwn(id, runRules(x, this.rules, ctx), rebuild);
      rebuild.add(id);
    }
    judging(undefined);
    for (const id of rebuild) {
      const x = this.capture.get(id);
      if (x) this.diagnoses.set(id, this.build(x));
    }
    return { changed: [...rebuild].filter((id) => this.diagnoses.has(id)), removed: [...removed] };
  }

  /** Replaces an exchange's own findings, noting which exchanges their copies land on. */
  private setOwn(id: string, found: readonly Finding[], rebuild: Set<string>): void {
    const before = this.own.get(id) ?? NONE;
    for (const f of before) {
      for (const other of f.related ?? []) {
        this.namedBy.get(other)?.delete(id);
        rebuild.add(other);
      }
    }
    this.own.set(id, found);
    for (const f of found) {
      for (const other of f.related ?? []) {
        let set = this.namedBy.get(other);
        if (!set) {
          set = new Set();
          this.namedBy.set(other, set);
        }
        set.add(id);
        rebuild.add(other);
      }
    }
  }

  /**
   * An exchange's findings: its own, then a copy of each finding of another exchange that names
   * it (a finding about several exchanges is listed on each), in capture order, without doubles.
   */
  private build(x: Exchange): Diagnosis {
    const list = [...(this.own.get(x.id) ?? NONE)];
    const from = this.namedBy.get(x.id);
    if (from && from.size > 0) {
      const sources = [...from].map((id) => this.capture.get(id)).filter((s): s is Exchange => s !== undefined);
      sources.sort((a, b) => (this.capture.precedes(a, b) ? -1 : this.capture.precedes(b, a) ? 1 : 0));
      for (const s of sources) {
        if (!listedOn(x, s.id)) continue;
        for (const f of this.own.get(s.id) ?? NONE) {
          if (!f.related?.includes(x.id)) continue;
          if (!list.some((g) => g.code === f.code && g.detail === f.detail)) list.push({ ...f, related: [s.id] });
        }
      }
    }
    return diagnosisOf(x, list);
  }
}
