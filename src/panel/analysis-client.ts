/**
 * The panel page's handle on its analysis, which runs in a dedicated Worker
 * (worker/analysis.worker.ts): the same surface the store offers, with every question (detail,
 * search, copies, export, import) an asynchronous request. The page holds only light, screened
 * rows, kept up to date from the worker's row deltas.
 *
 * While a call that changes the capture has not yet been taken by the worker, the state says the
 * list is not complete (`diagnosing`), and settings the user just changed show as changed.
 */
import type { DeliveryGap } from "../capture/delivery.ts";
import type { VerdictObservation } from "../capture/protocol.ts";
import type { Exchange } from "../core/exchange.ts";
import { EMPTY_CAPTURE } from "./capture-limits.ts";
import type { CaptureStatus } from "./store.ts";
import {
  applyDelta,
  type CallName,
  type Calls,
  type FromWorker,
  type ListRow,
  type RequestName,
  type Requests,
  type ToWorker,
  type ViewState,
} from "./worker/protocol.ts";

/** What the client talks through: a Worker, a MessagePort, or a test's fake. */
export interface WorkerPort {
  postMessage(message: ToWorker): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
}

type Listener = (s: ViewState) => void;
type Patch = (s: ViewState) => ViewState;

const INITIAL: ViewState = { ...EMPTY_CAPTURE, rows: [] };

export class AnalysisClient {
  private base: ViewState = INITIAL;
  private rows: readonly ListRow[] = [];
  private state: ViewState = INITIAL;
  private seq = 0;
  /** Calls the worker has not taken yet, with how each shows meanwhile. */
  private pending: { seq: number; patch: Patch }[] = [];
  private listeners = new Set<Listener>();
  private nextRequest = 0;
  private waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(private readonly port: WorkerPort) {
    port.onmessage = (e) => this.receive(e.data);
  }

  get current(): ViewState {
    return this.state;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  add(exchanges: readonly Exchange[]): void {
    this.call("add", [exchanges], busy);
  }
  addWebRequest(exchanges: readonly Exchange[], replay = false): void {
    this.call("addWebRequest", [exchanges, replay], busy);
  }
  addVerdicts(items: readonly VerdictObservation[]): void {
    this.call("addVerdicts", [items], busy);
  }
  addUnreadable(count: number): void {
    this.call("addUnreadable", [count], busy);
  }
  clear(pageUrl?: string, at?: number): void {
    this.call("clear", [pageUrl, at], busy);
  }
  navigated(url: string, at: number): void {
    this.call("navigated", [url, at], busy);
  }
  setLimit(limit: number): void {
    this.call("setLimit", [limit], (s) => (Number.isInteger(limit) && limit >= 1 ? { ...s, limit } : s));
  }
  setPreserveLog(on: boolean): void {
    this.call("setPreserveLog", [on], (s) => ({ ...s, preserveLog: on }));
  }
  setPaused(on: boolean): void {
    this.call("setPaused", [on], (s) => ({ ...s, paused: on }));
  }
  showLive(): void {
    this.call("showLive", [], busy);
  }
  setBackgroundGap(gap: DeliveryGap): void {
    this.call("setBackgroundGap", [gap], (s) => {
      const { backgroundGap: _, ...rest } = s;
      return gap.missing > 0 ? { ...rest, backgroundGap: gap } : rest;
    });
  }
  setCapture(patch: Partial<CaptureStatus>): void {
    this.call("setCapture", [patch], (s) => ({ ...s, capture: { ...s.capture, ...patch } }));
  }
  /** The user's "Show secrets": rows, detail and the import's list are screened accordingly. */
  setShowSecrets(on: boolean): void {
    this.call("setShowSecrets", [on], (s) => s);
  }

  detail(id: string): Promise<Requests["detail"]["reply"]> {
    return this.request("detail", id);
  }
  search(query: string): Promise<Requests["search"]["reply"]> {
    return this.request("search", query);
  }
  rawToken(id: string, hash: string): Promise<Requests["rawToken"]["reply"]> {
    return this.request("rawToken", id, hash);
  }
  verifyToken(id: string, hash: string, keyText: string): Promise<Requests["verifyToken"]["reply"]> {
    return this.request("verifyToken", id, hash, keyText);
  }
  exportHar(ids: readonly string[], includeSecrets: boolean, version: string): Promise<Requests["exportHar"]["reply"]> {
    return this.request("exportHar", ids, includeSecrets, version);
  }
  importHar(file: File): Promise<Requests["importHar"]["reply"]> {
    return this.request("importHar", file);
  }
  screenTabs(tabs: Requests["screenTabs"]["args"][0]): Promise<Requests["screenTabs"]["reply"]> {
    return this.request("screenTabs", tabs);
  }

  private call<K extends CallName>(name: K, args: Calls[K], patch: Patch): void {
    const seq = ++this.seq;
    this.pending.push({ seq, patch });
    this.port.postMessage({ type: "call", seq, name, args });
    this.update();
  }

  private request<K extends RequestName>(name: K, ...args: Requests[K]["args"]): Promise<Requests[K]["reply"]> {
    const id = ++this.nextRequest;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.postMessage({ type: "request", id, name, args });
    });
  }

  private receive(m: FromWorker): void {
    if (m.type === "reply") {
      const w = this.waiting.get(m.id);
      if (w === undefined) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.value);
      else w.reject(new Error(m.error));
      return;
    }
    if (m.rows) this.rows = applyDelta(this.rows, m.rows);
    this.base = { ...m.state, rows: this.rows };
    this.pending = this.pending.filter((p) => p.seq > m.ack);
    this.update();
  }

  private update(): void {
    let s = this.base;
    for (const p of this.pending) s = p.patch(s);
    // A call that changes nothing on screen (another request while the list is already busy) renders nothing.
    if (sameState(s, this.state)) return;
    this.state = s;
    for (const fn of this.listeners) fn(s);
  }
}

/** Member by member (the worker sends new objects with every state message); the rows by identity, as deltas replace them. */
function sameState(a: ViewState, b: ViewState): boolean {
  const keys = Object.keys(a) as (keyof ViewState)[];
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => a[k] === b[k] || (k !== "rows" && JSON.stringify(a[k]) === JSON.stringify(b[k])))
  );
}

/** Until the worker has taken a change of the capture, the list is not known to be complete. */
const busy: Patch = (s) => (s.diagnosing ? s : { ...s, diagnosing: true });

/** The panel's analysis, started in its own worker (a module worker from the extension's files). */
export function startAnalysis(): AnalysisClient {
  const worker = new Worker(new URL("./worker/analysis.worker.ts", import.meta.url), { type: "module", name: "authlens-analysis" });
  return new AnalysisClient(worker as unknown as WorkerPort);
}
