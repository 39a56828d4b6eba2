/**
 * The panel's state: captured exchanges in, diagnoses out (computed by core, never here).
 * Capture is bounded; what the bound drops is counted and shown, never silently lost.
 */
import type { DeliveryGap } from "../capture/delivery.ts";
import { SourceMerge } from "../capture/source-merge.ts";
import type { VerdictObservation } from "../capture/protocol.ts";
import { CaptureAnalysis } from "../core/analysis/capture-analysis.ts";
import { describeInCapture, type ExchangeDetail } from "../core/detail.ts";
import { type Diagnosis, RULES } from "../core/diagnose.ts";
import type { Exchange } from "../core/exchange.ts";
import type { SkippedEntry } from "../core/har.ts";
import type { CaptureFacts, Rule } from "../core/rule.ts";
import type { RowSummary } from "../core/summary.ts";
import { capturedKeysFor } from "../core/tokens/identity/evidence.ts";
import { AnalysisRows } from "./analysis-rows.ts";

import { DEFAULT_CAPTURE_LIMIT, EMPTY_CAPTURE } from "./capture-limits.ts";

export { CAPTURE_LIMITS, DEFAULT_CAPTURE_LIMIT } from "./capture-limits.ts";
/**
 * The longest the diagnosis holds the analysis worker's thread at a time (ms): the page's
 * questions (detail, search, copies) are answered in between. Not shorter: a worker's chained
 * timers wait at least 4 ms each (HTML §8.6 timer nesting), which a shorter slice pays more often.
 */
const SLICE_MS = 40;
/**
 * While a large capture or file is being analysed, the list shows what is done so far this often
 * (ms of work): the first rows come in a fraction of a second, not once the last is judged.
 */
const SHOW_EVERY_MS = 100;

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
   * While an imported file is being diagnosed: how many of its exchanges are done, of those read.
   * The list shows those done so far (the banner says how far it is meanwhile).
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

/** Keeps the newest `limit` items; returns those it dropped. */
function bound<T>(list: T[], limit: number): T[] {
  const over = list.length - limit;
  return over > 0 ? list.splice(0, over) : [];
}

/** Exchanges handed to the analysis session between pauses: also the step of the import's progress. */
const ADDED_PER_PAUSE = 25;

/** A capture under analysis: the session, and the rows kept from its deltas. */
interface Analysed {
  readonly rows: AnalysisRows;
  readonly facts: CaptureFacts;
}

function analysed(rules: readonly Rule[], facts: CaptureFacts, live: boolean): Analysed {
  const analysis = new CaptureAnalysis({ rules, facts, order: live ? "start-time" : "arrival" });
  return { rows: new AnalysisRows(analysis, facts.credentialsStripped !== undefined), facts };
}

/** What the analysis has yet to be handed: exchanges by id (the newest wins), and ids gone. */
interface UpdateQueue {
  readonly merged: Map<string, Exchange>;
  readonly gone: Set<string>;
}

/** A HAR file shown instead of the live capture: its exchanges, its session, and what it is yet to be handed. */
interface ImportedView {
  readonly exchanges: Exchange[];
  analysed: Analysed;
  queue: UpdateQueue;
  /** The file is still being read (importRead): the list is not complete, whatever is diagnosed. */
  reading?: boolean;
}

function queueOf(exchanges: readonly Exchange[]): UpdateQueue {
  return { merged: new Map(exchanges.map((x) => [x.id, x])), gone: new Set() };
}

/**
 * Hands the session what changed, with pauses (yields) between small steps: the ids gone are
 * removed, then the exchanges are added a few at a time (the session skips those it holds
 * unchanged, and judges only what a change can affect). Taken from `queue` as they are handed
 * over, so that an update cut short leaves the rest for the next.
 */
function* update(a: Analysed, queue: UpdateQueue): Generator<void, void, void> {
  if (queue.gone.size > 0) {
    const gone = [...queue.gone];
    queue.gone.clear();
    a.rows.apply(a.rows.analysis.remove(gone));
  }
  while (queue.merged.size > 0) {
    const chunk: Exchange[] = [];
    for (const [id, x] of queue.merged) {
      chunk.push(x);
      queue.merged.delete(id);
      if (chunk.length === ADDED_PER_PAUSE) break;
    }
    a.rows.apply(a.rows.analysis.add(chunk));
    // No pause after the last step: a small capture is shown in the task that analysed it.
    if (queue.merged.size > 0) yield;
  }
}

/** How far an imported file's diagnosis is: its exchanges handed to the session, of those read. */
function importProgress(view: ImportedView): { done: number; total: number } {
  return { done: view.exchanges.length - view.queue.merged.size, total: view.exchanges.length };
}

export class CaptureStore {
  /** Raw observations per source; the shown exchanges are merged from them on every change. */
  private exchanges: Exchange[] = [];
  private webRequest: Exchange[] = [];
  private verdicts: VerdictObservation[] = [];
  /** The live capture's analysis session (the imported file has its own). */
  private live: Analysed;
  /** The live capture's sources, merged per request as observations arrive. */
  private merge = new SourceMerge();
  /** Merged exchanges (by id: the newest merge wins) and ids gone, not yet handed to the live analysis. */
  private liveQueue = { merged: new Map<string, Exchange>(), gone: new Set<string>() };
  private state: PanelState = { ...EMPTY_CAPTURE, rows: [] };
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
  private importedView: ImportedView | undefined;
  /** While a file is being read and shown: what the list showed before, back if the file turns out unreadable. */
  private beforeImport: { view: ImportedView | undefined; imported: PanelState["imported"]; reading: ImportedView } | undefined;
  /** Which capture the diagnosis under way serves: the live one, or an imported file's view. */
  private jobOf: ImportedView | "live" | undefined;

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
    this.live = analysed(rules, {}, true);
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
    this.merge.addDevtools(exchanges);
    const over = bound(this.exchanges, this.state.limit);
    this.merge.dropDevtools(over);
    if (over.length > 0) this.state = { ...this.state, dropped: this.state.dropped + over.length };
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
    const kept = exchanges.filter((x) => x.observedAt >= since);
    this.webRequest.push(...kept);
    this.merge.addWebRequest(kept);
    this.merge.dropWebRequest(bound(this.webRequest, this.state.limit));
    this.schedule();
  }

  /** The browser's own verdicts (Chromium precise mode). */
  addVerdicts(items: readonly VerdictObservation[]): void {
    if (this.state.paused) return;
    this.verdicts.push(...items);
    this.merge.addVerdicts(items);
    this.merge.dropVerdicts(bound(this.verdicts, this.state.limit));
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
    this.jobOf = undefined;
    this.dirty = false;
    this.exchanges = [];
    this.webRequest = [];
    this.verdicts = [];
    this.live = analysed(this.rules, {}, true);
    this.merge = new SourceMerge();
    this.liveQueue = { merged: new Map(), gone: new Set() };
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
    this.merge.dropDevtools(over);
    this.merge.dropWebRequest(bound(this.webRequest, limit));
    this.merge.dropVerdicts(bound(this.verdicts, limit));
    this.state = { ...this.state, limit, ...(over.length > 0 ? { dropped: this.state.dropped + over.length } : {}) };
    this.emit();
    if (over.length > 0) this.schedule();
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

  /** The issuer's key set the shown capture fetched for this token, if it did (see capturedKeysFor). */
  capturedKeys(token: string): { url: string; text: string } | undefined {
    const a = this.importedView?.analysed ?? this.live;
    return capturedKeysFor(token, a.rows.analysis.capture.context().ctx);
  }

  /** The detail pane's data for one exchange, computed by core when a row is selected. */
  detail(id: string): ExchangeDetail | undefined {
    const a = this.importedView?.analysed ?? this.live;
    return describeInCapture(id, a.rows.analysis.capture);
  }

  /**
   * Shows these exchanges (from a HAR file, read but not diagnosed) instead of the live capture,
   * diagnosed here once, a slice at a time, with the file's facts. `skipped`: the file's entries
   * that could not be read. Live capture goes on underneath; `showLive` returns to it.
   */
  importExchanges(exchanges: readonly Exchange[], facts: CaptureFacts, name = "HAR file", skipped: readonly SkippedEntry[] = []): void {
    this.beforeImport = undefined;
    this.importedView = { exchanges: [...exchanges], analysed: analysed(this.rules, facts, false), queue: queueOf(exchanges) };
    this.state = { ...this.state, imported: { name, count: exchanges.length, skipped } };
    this.recompute();
  }

  /**
   * A file being read: shows it instead of the live capture from its first exchanges on (ids and
   * order as the import will give them), each batch diagnosed as it comes; `facts`: the capture
   * facts known so far (a change judges the file's exchanges again). `first` starts the file.
   * False when the file is no longer shown (the user went back to the live capture meanwhile):
   * later batches are not taken, and the file, once read, comes whole through importExchanges.
   * finishImport or abortImport follows.
   */
  importRead(name: string, exchanges: readonly Exchange[], facts: CaptureFacts, first: boolean): boolean {
    let view = this.beforeImport?.reading;
    if (first) {
      view = { exchanges: [], analysed: analysed(this.rules, facts, false), queue: queueOf([]), reading: true };
      // A file still being read when another is picked is never what to go back to.
      const unfinished = this.beforeImport !== undefined && this.importedView === this.beforeImport.reading;
      const before = unfinished && this.beforeImport ? this.beforeImport : { view: this.importedView, imported: this.state.imported };
      this.beforeImport = { view: before.view, imported: before.imported, reading: view };
      this.importedView = view;
    } else if (view === undefined || this.importedView !== view) return false;
    else if (view.analysed.facts.credentialsStripped !== facts.credentialsStripped) {
      view.analysed = analysed(this.rules, facts, false);
      view.queue = queueOf(view.exchanges);
    }
    for (const x of exchanges) {
      view.exchanges.push(x);
      view.queue.merged.set(x.id, x);
    }
    // A diagnosis of this file under way takes the new exchanges from the queue as it goes; its
    // progress counts them at once (the banner's total is what has been read).
    this.state = { ...this.state, imported: { name, count: view.exchanges.length, skipped: [] }, ...(this.jobOf === view ? { progress: importProgress(view) } : {}) };
    if (this.jobOf !== view) this.recompute();
    else this.emit();
    return true;
  }

  /** The file read through importRead is whole: `skipped`, its entries that could not be read. */
  finishImport(skipped: readonly SkippedEntry[]): void {
    const imported = this.state.imported;
    if (this.beforeImport === undefined || this.importedView !== this.beforeImport.reading || imported === undefined) return;
    this.beforeImport = undefined;
    const view = this.importedView;
    if (view) view.reading = false;
    const busy = this.job !== undefined || this.pending !== undefined;
    const { progress: _, ...rest } = this.state;
    this.state = { ...rest, imported: { ...imported, skipped }, diagnosing: busy, ...(busy && view ? { progress: importProgress(view) } : {}) };
    this.emit();
  }

  /** The file read through importRead cannot be shown after all: the list shows what it showed before. */
  abortImport(): void {
    const before = this.beforeImport;
    if (before === undefined || this.importedView !== before.reading) return;
    this.beforeImport = undefined;
    this.importedView = before.view;
    const { imported: _, progress: __, ...rest } = this.state;
    this.state = before.imported !== undefined ? { ...rest, imported: before.imported } : rest;
    this.recompute();
  }

  showLive(): void {
    if (this.importedView === undefined) return;
    this.importedView = undefined;
    this.beforeImport = undefined;
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
   * Requests finish in bursts: diagnose once per burst, not once per entry. After a quiet spell
   * the wait grows with the cost of the last diagnosis (twice as long, at most a second); an
   * empty list waits for nothing; what arrives during a diagnosis is taken as soon as it ends.
   * The diagnosis runs in slices of SLICE_MS, so that the page's questions are answered while
   * thousands of requests are diagnosed.
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
    // An empty list shows the first requests at once (a panel opened late on a busy tab).
    const wait = this.state.rows.length === 0 ? 0 : Math.min(1000, Math.max(50, 2 * this.lastRecomputeMs));
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.recompute();
    }, wait);
  }

  /**
   * Brings the analysis up to date with the capture (or the imported file), a slice at a time,
   * then shows it. The session keeps its diagnoses between runs: only what changed is judged.
   */
  private recompute(): void {
    this.job?.cancel();
    const imported = this.importedView;
    const { progress: _, ...rest } = this.state;
    this.state = { ...rest, diagnosing: true, ...(imported ? { progress: importProgress(imported) } : {}) };
    if (imported) this.emit();
    const a = imported ? imported.analysed : this.live;
    // The live capture: what its sources changed, merged per request (the session orders it by
    // start time). An imported file: what it is yet to be handed, in the order the import gives
    // (by start time, as its exporting tool listed the requests).
    let queue: UpdateQueue;
    if (imported) queue = imported.queue;
    else {
      const changes = this.merge.changes();
      for (const id of changes.gone) {
        this.liveQueue.merged.delete(id);
        this.liveQueue.gone.add(id);
      }
      for (const x of changes.merged) {
        this.liveQueue.gone.delete(x.id);
        this.liveQueue.merged.set(x.id, x);
      }
      queue = this.liveQueue;
    }
    const steps = update(a, queue);
    let work = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const job = { cancel: () => clearTimeout(timer) };
    /** Work done when the list last showed the analysis (see SHOW_EVERY_MS). */
    let shownAtWork = 0;
    const slice = () => {
      const started = this.now();
      let step = steps.next();
      while (!step.done && this.now() - started < SLICE_MS) step = steps.next();
      work += this.now() - started;
      if (!step.done) {
        // An empty list shows its first rows at once; then every SHOW_EVERY_MS of work.
        const showRows = work - shownAtWork >= SHOW_EVERY_MS || this.state.rows.length === 0;
        if (showRows) shownAtWork = work;
        const progress = imported ? importProgress(imported) : undefined;
        if (showRows || (progress && progress.done !== this.state.progress?.done)) {
          this.state = {
            ...this.state,
            ...(progress ? { progress } : {}),
            // The rows judged so far; the list stays busy (aria-busy) until all are.
            ...(showRows ? { rows: a.rows.rows() } : {}),
          };
          this.emit();
        }
        timer = setTimeout(slice, 0);
        return;
      }
      this.job = undefined;
      this.jobOf = undefined;
      this.lastRecomputeMs = work;
      const again = this.dirty;
      this.dirty = false;
      this.show(a, imported === undefined, again);
      // What arrived meanwhile has waited as long as this diagnosis took: it is taken at once.
      if (again) this.recompute();
    };
    this.job = job;
    this.jobOf = imported ?? "live";
    slice();
  }

  /** `more`: the capture changed meanwhile, so another update follows at once. */
  private show(a: Analysed, live: boolean, more: boolean): void {
    const diagnosing = more || this.pending !== undefined || (!live && this.importedView?.reading === true);
    const { progress: _, ...rest } = this.state;
    const rows = a.rows.rows();
    this.state = live ? { ...rest, rows, diagnosing, capture: { ...rest.capture, origins: a.rows.origins() } } : { ...rest, rows, diagnosing };
    this.emit();
  }

  private emit(): void {
    for (const fn of this.listeners) fn(this.state);
  }
}
