/**
 * The panel's state: captured exchanges in, diagnoses out (computed by core, never here).
 * Capture is bounded; what the bound drops is counted and shown, never silently lost.
 */
import type { DeliveryGap } from "../capture/delivery.ts";
import { mergeSources } from "../capture/merge.ts";
import type { VerdictObservation } from "../capture/protocol.ts";
import { describeExchange, type ExchangeDetail } from "../core/detail.ts";
import { type Diagnosis, diagnoseInSlices, RULES } from "../core/diagnose.ts";
import { type Exchange, originOf } from "../core/exchange.ts";
import type { SkippedEntry } from "../core/har.ts";
import type { CaptureFacts, Rule } from "../core/rule.ts";
import { type RowSummary, summarize } from "../core/summary.ts";

import { DEFAULT_CAPTURE_LIMIT } from "./capture-limits.ts";

export { CAPTURE_LIMITS, DEFAULT_CAPTURE_LIMIT } from "./capture-limits.ts";
/** The longest the diagnosis holds the panel's thread at a time (ms): input and painting come in between. */
const SLICE_MS = 12;

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
  /** How many exchanges the capture keeps (the newest). */
  readonly limit: number;
  /** Exchanges dropped because the capture limit was reached (oldest first). */
  readonly dropped: number;
  /** HAR entries the core could not read. */
  readonly unreadable: number;
  readonly pageUrl?: string;
  /** When the list was last cleared (browser clock, ms). */
  readonly clearedAt?: number;
  /** Set while the list shows an imported HAR instead of the live capture. */
  readonly imported?: {
    readonly name: string;
    readonly count: number;
    /** The file's entries the import could not read, with why. */
    readonly skipped: readonly SkippedEntry[];
  };
  /**
   * While an imported file is being diagnosed: how many of its exchanges are done. The list
   * shows the file once all are (the banner says how far it is meanwhile).
   */
  readonly progress?: { readonly done: number; readonly total: number };
  /** Navigations of the inspected page keep the list (DevTools' "Preserve log"). */
  readonly preserveLog: boolean;
  /** Recording is paused: requests finishing now are not added. */
  readonly paused: boolean;
  /** Requests that finished while recording was paused (counted, not kept). */
  readonly missedWhilePaused: number;
  /** Page loads the list spans since the last clear (more than one only with "Preserve log"). */
  readonly pageLoads: number;
  /**
   * Captured requests are waiting for their diagnosis or being diagnosed: the list does not show
   * them yet. False once the list shows everything the panel has received (the list's aria-busy).
   */
  readonly diagnosing: boolean;
  /** Exchanges the background observed but never delivered (it was restarted meanwhile), when any. */
  readonly backgroundGap?: DeliveryGap;
}

type Listener = (s: PanelState) => void;

/** Keeps the newest `limit` items; returns how many it dropped. */
function bound<T>(list: T[], limit: number): number {
  const over = list.length - limit;
  if (over > 0) list.splice(0, over);
  return Math.max(0, over);
}

interface Prepared {
  readonly rows: Row[];
  /** The origins the capture uses (live capture only: what "full capture" asks access for). */
  readonly origins?: readonly string[];
}

/** Rows summarised (and origins read) this many at a time between pauses. */
const ROWS_PER_PAUSE = 250;
/** Exchanges diagnosed between pauses (diagnoseInSlices' slice): also the step of the import's progress. */
const DIAGNOSED_PER_PAUSE = 25;

/**
 * Everything the list shows, computed with pauses (yields) between small steps: core's diagnosis,
 * then each row's summary, then the origins of the capture. A pause within the diagnosis yields
 * how many exchanges are diagnosed so far.
 */
function* prepare(
  merged: readonly Exchange[],
  facts: CaptureFacts,
  live: boolean,
  rules: readonly Rule[],
): Generator<number | undefined, Prepared, void> {
  const diagnosis = diagnoseInSlices(merged, facts, DIAGNOSED_PER_PAUSE, rules);
  let done = 0;
  let step = diagnosis.next();
  while (!step.done) {
    done = Math.min(merged.length, done + DIAGNOSED_PER_PAUSE);
    yield done;
    step = diagnosis.next();
  }
  // An import's banner counts up to every exchange before the rows are summarised.
  if (!live && done < merged.length) yield merged.length;
  const diagnoses: readonly Diagnosis[] = step.value;
  const rows: Row[] = [];
  const byId = new Map<string, Diagnosis>();
  for (let i = 0; i < diagnoses.length; i++) byId.set(diagnoses[i]!.exchange.id, diagnoses[i]!);
  const related = (id: string) => byId.get(id);
  const stripped = facts.credentialsStripped !== undefined;
  for (let i = 0; i < diagnoses.length; i++) {
    rows.push({ diagnosis: diagnoses[i]!, summary: summarize(diagnoses[i]!, stripped, related) });
    if (i % ROWS_PER_PAUSE === ROWS_PER_PAUSE - 1) yield;
  }
  if (!live) return { rows };
  const origins = new Set<string>();
  for (let i = 0; i < merged.length; i++) {
    const o = originOf(merged[i]!.request.url);
    if (o?.startsWith("http")) origins.add(o);
    if (i % ROWS_PER_PAUSE === ROWS_PER_PAUSE - 1) yield;
  }
  return { rows, origins: [...origins].sort() };
}

export class CaptureStore {
  /** Raw observations per source; the shown exchanges are merged from them on every change. */
  private exchanges: Exchange[] = [];
  private webRequest: Exchange[] = [];
  private verdicts: VerdictObservation[] = [];
  /** The exchanges as last merged and shown. */
  private merged: Exchange[] = [];
  private state: PanelState = {
    limit: DEFAULT_CAPTURE_LIMIT,
    rows: [],
    dropped: 0,
    unreadable: 0,
    capture: { fullCapture: "off", origins: [], precise: "unavailable" },
    preserveLog: false,
    paused: false,
    missedWhilePaused: 0,
    pageLoads: 1,
    diagnosing: false,
  };
  /** When recording was paused (browser clock, ms since the epoch). */
  private pausedAt = 0;
  private listeners = new Set<Listener>();
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** How long the last diagnosis of the whole capture took (ms of work): busy pages are diagnosed less often. */
  private lastRecomputeMs = 0;
  /** The diagnosis under way, a slice per task; a newer one replaces it. */
  private job: { cancel(): void } | undefined;
  /** The capture changed while a diagnosis was under way: another follows when it ends. */
  private dirty = false;
  /** While paused: how many exchanges each source delivered (sources overlap, so the larger counts). */
  private missed = { devtools: 0, webRequest: 0 };
  /** An imported HAR shown instead of the live capture (which keeps recording underneath). */
  private importedView: { exchanges: Exchange[]; facts: CaptureFacts } | undefined;

  constructor(
    limit = DEFAULT_CAPTURE_LIMIT,
    /** The browser's clock, for timing the diagnosis (not part of any result). */
    private readonly now: () => number = () => performance.now(),
    /** The wall clock, the one captures stamp requests with: when Pause was pressed. */
    private readonly wallClock: () => number = () => Date.now(),
    /** The rules every diagnosis runs (core's; a test counts their runs). */
    private readonly rules: readonly Rule[] = RULES,
  ) {
    this.state = { ...this.state, limit };
  }

  get current(): PanelState {
    return this.state;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Exchanges from the DevTools network log. */
  add(exchanges: readonly Exchange[]): void {
    if (this.state.paused) {
      exchanges = this.finishedBeforePause("devtools", exchanges);
      if (exchanges.length === 0) return;
    }
    this.exchanges.push(...exchanges);
    // Entries arrive as requests finish; list them in the order they started, as DevTools does.
    this.exchanges.sort((a, b) => a.observedAt - b.observedAt);
    const over = bound(this.exchanges, this.state.limit);
    if (over > 0) this.state = { ...this.state, dropped: this.state.dropped + over };
    this.schedule();
  }

  /** Exchanges seen by the background's webRequest capture (hosts the user granted). */
  addWebRequest(exchanges: readonly Exchange[], replay = false): void {
    // Only a replay from the background's buffer can bring back what a clear removed; live
    // observations always count (the panel learns of a navigation after its first requests began).
    if (this.state.paused && !replay) {
      exchanges = this.finishedBeforePause("webRequest", exchanges);
      if (exchanges.length === 0) return;
    }
    const since = replay ? (this.state.clearedAt ?? 0) : 0;
    this.webRequest.push(...exchanges.filter((x) => x.observedAt >= since));
    bound(this.webRequest, this.state.limit);
    this.schedule();
  }

  /** The browser's own verdicts (Chromium precise mode). */
  addVerdicts(items: readonly VerdictObservation[]): void {
    if (this.state.paused) return;
    this.verdicts.push(...items);
    bound(this.verdicts, this.state.limit);
    this.schedule();
  }

  addUnreadable(count: number): void {
    this.state = { ...this.state, unreadable: this.state.unreadable + count };
    this.schedule();
  }

  /** `at`: the browser time of the clear, so that replayed background observations from before it stay out. */
  clear(pageUrl?: string, at?: number): void {
    // A diagnosis under way describes what is being cleared: it must not land afterwards.
    this.job?.cancel();
    this.job = undefined;
    this.dirty = false;
    this.exchanges = [];
    this.webRequest = [];
    this.verdicts = [];
    this.missed = { devtools: 0, webRequest: 0 };
    this.state = {
      capture: this.state.capture,
      limit: this.state.limit,
      rows: [],
      dropped: 0,
      unreadable: 0,
      preserveLog: this.state.preserveLog,
      paused: this.state.paused,
      missedWhilePaused: 0,
      pageLoads: 1,
      diagnosing: this.pending !== undefined,
      ...(pageUrl !== undefined ? { pageUrl } : {}),
      ...(at !== undefined ? { clearedAt: at } : {}),
      // A navigation of the inspected page clears the live capture, not the file being read.
      ...(this.state.imported !== undefined ? { imported: this.state.imported } : {}),
    };
    if (this.importedView !== undefined) this.recompute();
    else this.emit();
  }

  /**
   * The inspected page navigated: the list starts afresh, unless "Preserve log" keeps it (then
   * the navigation is remembered, so the list can say how many page loads it spans).
   */
  navigated(url: string, at: number): void {
    if (!this.state.preserveLog) {
      this.clear(url, at);
      return;
    }
    this.state = { ...this.state, pageUrl: url, pageLoads: this.state.pageLoads + 1 };
    this.emit();
  }

  /** How many exchanges the capture keeps; a lower limit drops the oldest now, and says so. */
  setLimit(limit: number): void {
    if (limit === this.state.limit || !Number.isInteger(limit) || limit < 1) return;
    const over = bound(this.exchanges, limit);
    bound(this.webRequest, limit);
    bound(this.verdicts, limit);
    this.state = { ...this.state, limit, ...(over > 0 ? { dropped: this.state.dropped + over } : {}) };
    this.emit();
    if (over > 0) this.schedule();
  }

  setPreserveLog(on: boolean): void {
    if (on === this.state.preserveLog) return;
    this.state = { ...this.state, preserveLog: on };
    this.emit();
  }

  /** Pausing keeps what is listed; resuming records again (what finished meanwhile stays counted until a clear). */
  setPaused(on: boolean): void {
    if (on === this.state.paused) return;
    if (on) {
      this.missed = { devtools: 0, webRequest: 0 };
      this.pausedAt = this.wallClock();
    }
    this.state = { ...this.state, paused: on, ...(on ? { missedWhilePaused: 0 } : {}) };
    this.emit();
  }

  /**
   * While paused: the exchanges that finished before Pause was pressed still belong in the list
   * (a capture source delivers a request a little after it finished, so one can arrive after the
   * click); the others are counted, not kept.
   */
  private finishedBeforePause(source: "devtools" | "webRequest", exchanges: readonly Exchange[]): readonly Exchange[] {
    const kept = exchanges.filter((x) => x.observedAt + (x.durationMs ?? 0) <= this.pausedAt);
    const missed = exchanges.length - kept.length;
    if (missed > 0) {
      this.missed[source] += missed;
      this.state = { ...this.state, missedWhilePaused: Math.max(this.missed.devtools, this.missed.webRequest) };
      this.emit();
    }
    return kept;
  }

  /** The detail pane's data for one exchange, computed by core when a row is selected. */
  detail(id: string): ExchangeDetail | undefined {
    return describeExchange(id, this.merged, this.importedView?.facts);
  }

  /**
   * Shows these exchanges (from a HAR file, read but not diagnosed) instead of the live capture,
   * diagnosed here once, a slice at a time, with the file's facts. `skipped`: the file's entries
   * that could not be read. Live capture goes on underneath; `showLive` returns to it.
   */
  importExchanges(exchanges: readonly Exchange[], facts: CaptureFacts, name = "HAR file", skipped: readonly SkippedEntry[] = []): void {
    this.importedView = { exchanges: [...exchanges], facts };
    this.state = { ...this.state, imported: { name, count: exchanges.length, skipped } };
    this.recompute();
  }

  showLive(): void {
    if (this.importedView === undefined) return;
    this.importedView = undefined;
    const { imported: _, progress: __, ...rest } = this.state;
    this.state = rest;
    this.recompute();
  }

  /** What the background could not deliver (capture/delivery.ts); shown while some is missing. */
  setBackgroundGap(gap: DeliveryGap): void {
    const { backgroundGap: _, ...rest } = this.state;
    this.state = gap.missing > 0 ? { ...rest, backgroundGap: gap } : rest;
    this.emit();
  }

  setCapture(patch: Partial<CaptureStatus>): void {
    this.state = { ...this.state, capture: { ...this.state.capture, ...patch } };
    this.emit();
  }

  /**
   * Requests finish in bursts: diagnose once per burst, not once per entry. On a busy page the
   * wait grows with the cost of the last diagnosis (twice as long, at most a second), and the
   * diagnosis itself runs in slices of SLICE_MS, so that scrolling, typing and clicking stay
   * responsive while thousands of requests are diagnosed.
   */
  private schedule(): void {
    if (!this.state.diagnosing) {
      this.state = { ...this.state, diagnosing: true };
      this.emit();
    }
    if (this.pending !== undefined) return;
    if (this.job !== undefined) {
      this.dirty = true;
      return;
    }
    const wait = Math.min(1000, Math.max(50, 2 * this.lastRecomputeMs));
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.recompute();
    }, wait);
  }

  /** Diagnoses the whole capture (or the imported file) again, a slice at a time, then shows it. */
  private recompute(): void {
    this.job?.cancel();
    const imported = this.importedView;
    const { progress: _, ...rest } = this.state;
    this.state = { ...rest, diagnosing: true, ...(imported ? { progress: { done: 0, total: imported.exchanges.length } } : {}) };
    if (imported) this.emit();
    // An imported file keeps its order: it is how the exporting tool listed the requests.
    const merged = imported
      ? imported.exchanges
      : mergeSources(this.exchanges, this.webRequest, this.verdicts).sort((a, b) => a.observedAt - b.observedAt);
    const steps = prepare(merged, imported?.facts ?? {}, imported === undefined, this.rules);
    let work = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const job = { cancel: () => clearTimeout(timer) };
    /** How many exchanges the diagnosis has done, as its pauses report it. */
    let diagnosed = 0;
    const slice = () => {
      const started = this.now();
      let step = steps.next();
      while (!step.done) {
        if (step.value !== undefined) diagnosed = step.value;
        if (this.now() - started >= SLICE_MS) break;
        step = steps.next();
      }
      work += this.now() - started;
      if (!step.done) {
        if (imported && diagnosed !== this.state.progress?.done) {
          this.state = { ...this.state, progress: { done: diagnosed, total: merged.length } };
          this.emit();
        }
        timer = setTimeout(slice, 0);
        return;
      }
      this.job = undefined;
      this.lastRecomputeMs = work;
      const again = this.dirty;
      this.dirty = false;
      this.show(merged, step.value, again);
      if (again) this.schedule();
    };
    this.job = job;
    slice();
  }

  /** `more`: the capture changed meanwhile, so another diagnosis follows at once. */
  private show(merged: Exchange[], prepared: Prepared, more: boolean): void {
    this.merged = merged;
    const diagnosing = more || this.pending !== undefined;
    const { progress: _, ...rest } = this.state;
    this.state =
      prepared.origins === undefined
        ? { ...rest, rows: prepared.rows, diagnosing }
        : { ...rest, rows: prepared.rows, diagnosing, capture: { ...rest.capture, origins: prepared.origins } };
    this.emit();
  }

  private emit(): void {
    for (const fn of this.listeners) fn(this.state);
  }
}
