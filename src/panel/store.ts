/**
 * The panel's state: captured exchanges in, diagnoses out (computed by core, never here).
 * Capture is bounded; what the bound drops is counted and shown, never silently lost.
 */
import { type Diagnosis, diagnose } from "../core/diagnose.ts";
import type { Exchange } from "../core/exchange.ts";
import { type RowSummary, summarize } from "../core/summary.ts";

export const DEFAULT_CAPTURE_LIMIT = 5_000;

export interface Row {
  readonly diagnosis: Diagnosis;
  readonly summary: RowSummary;
}

export interface PanelState {
  readonly rows: readonly Row[];
  /** Exchanges dropped because the capture limit was reached (oldest first). */
  readonly dropped: number;
  /** HAR entries the core could not read. */
  readonly unreadable: number;
  readonly pageUrl?: string;
}

type Listener = (s: PanelState) => void;

export class CaptureStore {
  private exchanges: Exchange[] = [];
  private state: PanelState = { rows: [], dropped: 0, unreadable: 0 };
  private listeners = new Set<Listener>();
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly limit = DEFAULT_CAPTURE_LIMIT) {}

  get current(): PanelState {
    return this.state;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  add(exchanges: readonly Exchange[]): void {
    this.exchanges.push(...exchanges);
    // Entries arrive as requests finish; list them in the order they started, as DevTools does.
    this.exchanges.sort((a, b) => a.observedAt - b.observedAt);
    const over = this.exchanges.length - this.limit;
    if (over > 0) {
      this.exchanges.splice(0, over);
      this.state = { ...this.state, dropped: this.state.dropped + over };
    }
    this.schedule();
  }

  addUnreadable(count: number): void {
    this.state = { ...this.state, unreadable: this.state.unreadable + count };
    this.schedule();
  }

  clear(pageUrl?: string): void {
    this.exchanges = [];
    this.state = { rows: [], dropped: 0, unreadable: 0, ...(pageUrl !== undefined ? { pageUrl } : {}) };
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
    const rows = diagnose(this.exchanges).map((d) => ({ diagnosis: d, summary: summarize(d) }));
    this.state = { ...this.state, rows };
    this.emit();
  }

  private emit(): void {
    for (const fn of this.listeners) fn(this.state);
  }
}
