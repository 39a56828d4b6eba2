/**
 * The panel's state: captured exchanges in, diagnoses out (computed by core, never here).
 * Capture is bounded; what the bound drops is counted and shown, never silently lost.
 */
import { mergeSources } from "../capture/merge.ts";
import type { VerdictObservation } from "../capture/protocol.ts";
import { describeExchange, type ExchangeDetail } from "../core/detail.ts";
import { type Diagnosis, diagnose } from "../core/diagnose.ts";
import { type Exchange, originOf } from "../core/exchange.ts";
import type { CaptureFacts } from "../core/rule.ts";
import { type RowSummary, summarize } from "../core/summary.ts";

export const DEFAULT_CAPTURE_LIMIT = 5_000;

export interface Row {
  readonly diagnosis: Diagnosis;
  readonly summary: RowSummary;
}

/** Which capture sources are on, as the panel shows them. */
export interface CaptureStatus {
  /** webRequest capture for the page's origins (optional host permissions). */
  readonly fullCapture: "on" | "off";
  /** Origins the page and its requests use (what "full capture" asks access for). */
  readonly origins: readonly string[];
  readonly precise: "on" | "off" | "unavailable";
  /** A one-line notice about capture (e.g. precise mode was turned off from the browser's bar). */
  readonly message?: string;
}

export interface PanelState {
  readonly capture: CaptureStatus;
  readonly rows: readonly Row[];
  /** Exchanges dropped because the capture limit was reached (oldest first). */
  readonly dropped: number;
  /** HAR entries the core could not read. */
  readonly unreadable: number;
  readonly pageUrl?: string;
  /** When the list was last cleared (browser clock, ms). */
  readonly clearedAt?: number;
  /** Set while the list shows an imported HAR instead of the live capture. */
  readonly imported?: { readonly name: string; readonly count: number };
}

type Listener = (s: PanelState) => void;

/** Keeps the newest `limit` items; returns how many it dropped. */
function bound<T>(list: T[], limit: number): number {
  const over = list.length - limit;
  if (over > 0) list.splice(0, over);
  return Math.max(0, over);
}

export class CaptureStore {
  /** Raw observations per source; the shown exchanges are merged from them on every change. */
  private exchanges: Exchange[] = [];
  private webRequest: Exchange[] = [];
  private verdicts: VerdictObservation[] = [];
  /** The exchanges as last merged and shown. */
  private merged: Exchange[] = [];
  private state: PanelState = { rows: [], dropped: 0, unreadable: 0, capture: { fullCapture: "off", origins: [], precise: "unavailable" } };
  private listeners = new Set<Listener>();
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** An imported HAR shown instead of the live capture (which keeps recording underneath). */
  private importedView: { exchanges: Exchange[]; facts: CaptureFacts } | undefined;

  constructor(private readonly limit = DEFAULT_CAPTURE_LIMIT) {}

  get current(): PanelState {
    return this.state;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Exchanges from the DevTools network log. */
  add(exchanges: readonly Exchange[]): void {
    this.exchanges.push(...exchanges);
    // Entries arrive as requests finish; list them in the order they started, as DevTools does.
    this.exchanges.sort((a, b) => a.observedAt - b.observedAt);
    const over = bound(this.exchanges, this.limit);
    if (over > 0) this.state = { ...this.state, dropped: this.state.dropped + over };
    this.schedule();
  }

  /** Exchanges seen by the background's webRequest capture (hosts the user granted). */
  addWebRequest(exchanges: readonly Exchange[], replay = false): void {
    // Only a replay from the background's buffer can bring back what a clear removed; live
    // observations always count (the panel learns of a navigation after its first requests began).
    const since = replay ? (this.state.clearedAt ?? 0) : 0;
    this.webRequest.push(...exchanges.filter((x) => x.observedAt >= since));
    bound(this.webRequest, this.limit);
    this.schedule();
  }

  /** The browser's own verdicts (Chromium precise mode). */
  addVerdicts(items: readonly VerdictObservation[]): void {
    this.verdicts.push(...items);
    bound(this.verdicts, this.limit);
    this.schedule();
  }

  addUnreadable(count: number): void {
    this.state = { ...this.state, unreadable: this.state.unreadable + count };
    this.schedule();
  }

  /** `at`: the browser time of the clear, so that replayed background observations from before it stay out. */
  clear(pageUrl?: string, at?: number): void {
    this.exchanges = [];
    this.webRequest = [];
    this.verdicts = [];
    this.state = {
      capture: this.state.capture,
      rows: [],
      dropped: 0,
      unreadable: 0,
      ...(pageUrl !== undefined ? { pageUrl } : {}),
      ...(at !== undefined ? { clearedAt: at } : {}),
      // A navigation of the inspected page clears the live capture, not the file being read.
      ...(this.state.imported !== undefined ? { imported: this.state.imported } : {}),
    };
    if (this.importedView !== undefined) this.recompute();
    else this.emit();
  }

  /** The detail pane's data for one exchange, computed by core when a row is selected. */
  detail(id: string): ExchangeDetail | undefined {
    return describeExchange(id, this.merged, this.importedView?.facts);
  }

  /**
   * Shows these exchanges (from a HAR file) instead of the live capture, diagnosed with the
   * file's facts. Live capture goes on underneath; `showLive` returns to it.
   */
  importExchanges(exchanges: readonly Exchange[], facts: CaptureFacts, name = "HAR file"): void {
    this.importedView = { exchanges: [...exchanges], facts };
    this.state = { ...this.state, imported: { name, count: exchanges.length } };
    this.recompute();
  }

  showLive(): void {
    if (this.importedView === undefined) return;
    this.importedView = undefined;
    const { imported: _, ...rest } = this.state;
    this.state = rest;
    this.recompute();
  }

  setCapture(patch: Partial<CaptureStatus>): void {
    this.state = { ...this.state, capture: { ...this.state.capture, ...patch } };
    this.emit();
  }

  /** Requests finish in bursts: diagnose once per burst, not once per entry. */
  private schedule(): void {
    if (this.pending !== undefined) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.recompute();
    }, 50);
  }

  private recompute(): void {
    if (this.importedView !== undefined) {
      // The file's order is kept: it is how the exporting tool listed the requests.
      this.merged = this.importedView.exchanges;
      const rows = diagnose(this.merged, this.importedView.facts).map((d) => ({ diagnosis: d, summary: summarize(d) }));
      this.state = { ...this.state, rows };
      this.emit();
      return;
    }
    const merged = mergeSources(this.exchanges, this.webRequest, this.verdicts).sort((a, b) => a.observedAt - b.observedAt);
    this.merged = merged;
    const rows = diagnose(merged).map((d) => ({ diagnosis: d, summary: summarize(d) }));
    const origins = new Set<string>();
    for (const x of merged) {
      const o = originOf(x.request.url);
      if (o?.startsWith("http")) origins.add(o);
    }
    this.state = { ...this.state, rows, capture: { ...this.state.capture, origins: [...origins].sort() } };
    this.emit();
  }

  private emit(): void {
    for (const fn of this.listeners) fn(this.state);
  }
}
