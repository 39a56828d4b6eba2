/**
 * The page panel.bench.ts drives in Chromium: the panel's real App, store and stylesheet, with
 * no browser-extension API (no webextension-polyfill; actions do nothing). The store's host
 * runs on this page's thread, behind a MessageChannel (the extension runs it in a Worker): the
 * messages and their copies are measured, the thread they run on is not the extension's. It exposes
 * `window.authlensBench`, whose functions feed the store with HAR entries turned into
 * Exchanges as the DevTools capture does (exchangeFromHarEntry, source "devtools-network"), and
 * time renders. What is timed, and why, is explained in panel.bench.ts.
 */
import { render } from "preact";
import { App, type PanelActions } from "../../src/panel/App.tsx";
import { AnalysisClient, type WorkerPort } from "../../src/panel/analysis-client.ts";
import { CaptureStore } from "../../src/panel/store.ts";
import { AnalysisHost } from "../../src/panel/worker/host.ts";
import { exchangeFromHarEntry } from "../../src/core/har.ts";
import type { Exchange } from "../../src/core/exchange.ts";
import "../../src/panel/panel.css";

/** The panel's actions are browser calls; none is used while the list renders. */
const actions = {
  clear() {},
  reloadInspectedPage() {},
  enableFullCapture() {},
  setPrecise() {},
} as PanelActions;

const root = document.getElementById("app")!;
document.documentElement.dataset.theme = "light";
document.documentElement.dataset.mode = "devtools";
try {
  // The saved view at its defaults, except "Keep": 10,000, so that the App (which applies the
  // saved limit to its store) keeps every exchange of the bench's largest store.
  localStorage.clear();
  localStorage.setItem("authlens.view", JSON.stringify({ limit: 10_000 }));
} catch {
  // no storage: the view is the default anyway
}

let pool: unknown[] = [];
/** The converted exchanges, in session order: stores are fed from here. */
let all: Exchange[] = [];
const stores = new Map<string, AnalysisClient>();
let mounted: AnalysisClient | undefined;

/** A store with its analysis host on this thread, talking to the App's client through a MessageChannel. */
function analysisOf(store: CaptureStore): AnalysisClient {
  const channel = new MessageChannel();
  const host = new AnalysisHost(store, (m) => channel.port2.postMessage(m));
  channel.port2.onmessage = (e) => host.handle(e.data);
  return new AnalysisClient(channel.port1 as unknown as WorkerPort);
}

/** A task after everything queued now, including Preact's render queue (microtasks): no timer clamping. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
}

/** Resolves after the next frame has been produced (rAF, then a task after it). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => void nextTask().then(resolve)));
}

/** Style and layout of the whole document, forced now. */
function layout(): number {
  return document.body.offsetHeight;
}

/** Passive effects (Preact runs them after paint), native scroll events and timers settle. */
async function settle(): Promise<void> {
  await nextFrame();
  await nextFrame();
  await new Promise((r) => setTimeout(r, 20));
}


/** Adds exchanges in bursts of 100 (as the capture delivers them) and waits for the store's diagnosis. */
function feed(store: AnalysisClient, xs: readonly Exchange[], expectRows: number): Promise<void> {
  return new Promise((resolve) => {
    const off = store.subscribe((s) => {
      if (s.rows.length === expectRows) {
        off();
        resolve();
      }
    });
    for (let i = 0; i < xs.length; i += 100) store.add(xs.slice(i, i + 100));
  });
}

function rowsInDom(): number {
  return root.querySelectorAll("[data-exchange-id]").length;
}

function listElement(): HTMLElement {
  const el = root.querySelector<HTMLElement>(".list");
  if (!el) throw new Error("the request list is not rendered");
  return el;
}

interface Timing {
  /** performance.now() at the start, Preact's queue flushed and a forced layout, in ms. */
  readonly work: number;
  /** The same start to the end of the next frame (includes waiting for the frame). */
  readonly frame: number;
  readonly rowsInDom: number;
}

async function finish(t0: number): Promise<Timing> {
  await nextTask();
  layout();
  const t1 = performance.now();
  await nextFrame();
  const t2 = performance.now();
  return { work: t1 - t0, frame: t2 - t0, rowsInDom: rowsInDom() };
}

const bench = {
  async loadHar(url: string): Promise<number> {
    const doc = (await (await fetch(url)).json()) as { log: { entries: unknown[] } };
    pool = doc.log.entries;
    return pool.length;
  },

  /** The first `n` HAR entries → Exchanges, as the DevTools capture reads them; the HAR is then let go. */
  convert(n: number): number {
    all = [];
    for (let i = 0; i < n && i < pool.length; i++) {
      const r = exchangeFromHarEntry(pool[i], { id: `e${i + 1}`, source: "devtools-network" });
      if (r.ok) all.push(r.exchange);
    }
    pool = [];
    return all.length;
  },

  /** Only the stores (and the App) hold exchanges from now on. */
  dropExchanges(): void {
    all = [];
  },

  /** A store named `name` holding the first `n` entries, diagnosed (limit `limit`). */
  async prepare(name: string, n: number, limit: number): Promise<{ rows: number; problems: number; statuses: Record<string, number> }> {
    const store = analysisOf(new CaptureStore(limit));
    const xs = all.slice(0, n);
    if (xs.length > 0) await feed(store, xs, Math.min(n, limit));
    stores.set(name, store);
    const statuses: Record<string, number> = {};
    for (const r of store.current.rows) {
      const k = r.summary.corsFailure ? "CORS-blocked" : r.summary.preflight ? "preflight" : String(r.summary.status);
      statuses[k] = (statuses[k] ?? 0) + 1;
    }
    return { rows: store.current.rows.length, problems: store.current.rows.filter((r) => r.summary.problem).length, statuses };
  },

  /** Times the App's first render with the named store (already diagnosed). */
  async mount(name: string): Promise<Timing> {
    const store = stores.get(name)!;
    mounted = store;
    const t0 = performance.now();
    render(<App store={store} actions={actions} version="bench" />, root);
    return finish(t0);
  },

  async unmount(): Promise<void> {
    render(null, root);
    mounted = undefined;
    await settle();
    (globalThis as { gc?: () => void }).gc?.();
  },

  settle,

  /**
   * Times the list's update when the mounted store's next diagnosis lands: `k` more exchanges
   * (entries `from`…) are added, the store diagnoses them (not timed), then the App's render of
   * it, in the next frame, to the laid-out list is timed. `sinceAdd` is from `add` on: the store's wait, its
   * diagnosis of the whole capture and the render.
   */
  async update(from: number, k: number): Promise<Timing & { sinceAdd: number; diagnosis: number }> {
    const store = mounted!;
    const xs = all.slice(from, from + k);
    const before = store.current.rows;
    let added = 0;
    // The store diagnoses in a timer task that ends with the emit (and Preact's render, a microtask
    // of the same task): the long task containing the emit, up to the emit, is the diagnosis.
    const tasks: PerformanceEntry[] = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
    observer.observe({ type: "longtask" });
    const t0 = await new Promise<number>((resolve) => {
      // Subscribed after the App: runs right after the App's setState, before Preact renders.
      const off = store.subscribe((s) => {
        if (s.rows !== before) {
          off();
          resolve(performance.now());
        }
      });
      added = performance.now();
      store.add(xs);
    });
    // The App shows the store's report in the next frame (one render per frame, App.tsx): timed
    // from that frame's start to the rendered, laid-out list, in a frame callback that runs after
    // the App's (callbacks run in the order they were asked for, the App's at the emit).
    const t = await new Promise<Timing>((resolve) => {
      requestAnimationFrame((frameStart) => {
        layout();
        const t1 = performance.now();
        void nextFrame().then(() => resolve({ work: t1 - Math.max(frameStart, t0), frame: performance.now() - t0, rowsInDom: rowsInDom() }));
      });
    });
    tasks.push(...observer.takeRecords());
    observer.disconnect();
    const task = tasks.find((e) => e.startTime <= t0 && t0 <= e.startTime + e.duration);
    return { ...t, sinceAdd: t.work + (t0 - added), diagnosis: task ? t0 - task.startTime : Number.NaN };
  },

  /** Times the list's re-render after its scroll position moves to `fraction` of its height. */
  async scroll(fraction: number): Promise<Timing & { firstRow: number }> {
    const el = listElement();
    const t0 = performance.now();
    el.scrollTop = Math.round(fraction * (el.scrollHeight - el.clientHeight));
    el.dispatchEvent(new Event("scroll"));
    const t = await finish(t0);
    const first = root.querySelector("[data-exchange-id]")?.getAttribute("aria-rowindex");
    await settle(); // the browser's own scroll event re-renders the same window: not timed
    return { ...t, firstRow: first ? Number(first) - 1 : -1 };
  },

  dropStores(): void {
    stores.clear();
  },
};

(globalThis as { authlensBench?: typeof bench }).authlensBench = bench;
export type Bench = typeof bench;
