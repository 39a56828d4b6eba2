/**
 * The list's rows, kept from the analysis session's deltas: a row is summarised again only when
 * its diagnosis changed, or that of its preflight or of the request it was the preflight for
 * (a preflight row shows its request's verdict; a request's preflight may prove it carried
 * credentials). Unchanged rows keep their object, so a view can tell what changed by identity.
 */
import type { AnalysisDelta, CaptureAnalysis } from "../core/analysis/capture-analysis.ts";
import { originOf } from "../core/exchange.ts";
import { summarize } from "../core/summary.ts";
import type { Row } from "./store.ts";

interface Kept {
  readonly row: Row;
  /** The request's origin, when http(s): what "full capture" asks access for. */
  readonly origin: string | undefined;
}

export class AnalysisRows {
  private readonly kept = new Map<string, Kept>();
  private list: readonly Row[] | undefined;

  constructor(
    readonly analysis: CaptureAnalysis,
    private readonly credentialsStripped: boolean,
  ) {}

  apply(delta: AnalysisDelta): void {
    if (delta.changed.length === 0 && delta.removed.length === 0) return;
    this.list = undefined;
    for (const id of delta.removed) this.kept.delete(id);
    const again = new Set<string>();
    for (const id of delta.changed) {
      again.add(id);
      const x = this.analysis.diagnosis(id)?.exchange;
      if (x?.preflightId !== undefined) again.add(x.preflightId);
      if (x?.preflightFor !== undefined) again.add(x.preflightFor);
    }
    const related = (other: string) => this.analysis.diagnosis(other);
    for (const id of again) {
      const d = this.analysis.diagnosis(id);
      if (!d) continue;
      const o = originOf(d.exchange.request.url);
      this.kept.set(id, { row: { diagnosis: d, summary: summarize(d, this.credentialsStripped, related) }, origin: o?.startsWith("http") ? o : undefined });
    }
  }

  /** Every row, in capture order. */
  rows(): readonly Row[] {
    if (!this.list) {
      const all = this.analysis.all();
      const out: Row[] = new Array(all.length);
      for (let i = 0; i < all.length; i++) out[i] = this.kept.get(all[i]!.exchange.id)!.row;
      this.list = out;
    }
    return this.list;
  }

  /** The http(s) origins the capture uses, sorted. */
  origins(): string[] {
    const set = new Set<string>();
    for (const k of this.kept.values()) if (k.origin !== undefined) set.add(k.origin);
    return [...set].sort();
  }
}
