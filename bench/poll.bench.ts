/**
 * A page that polls: with 5,000 exchanges captured, one new request finishes every 200 ms. How
 * much of a core does the panel's analysis (its CaptureStore, the code its worker runs) use for
 * as long as the page polls? Target (issue 13): under 5 %.
 *
 *   npx tsx bench/poll.bench.ts        (part of npm run bench)
 *
 * The capture is the bench session of bench/analyze.bench.ts (API calls with JWTs, 401s,
 * preflights, cookies), read as the DevTools capture reads it. The store takes the 5,000 and
 * settles; then, for POLL_SECONDS of real time, a timer adds one new request every 200 ms (a
 * copy of a polled API call with a new id and start time) and the store does what it does in
 * the panel: waits for the burst, merges the capture's sources, brings its analysis up to date,
 * re-summarises the rows that changed. The figure is the process's CPU time over that window
 * (process.cpuUsage, user + system) divided by the window's wall time: everything the analysis
 * costs, and the idle process besides. "full capture": each request also arrives from the
 * background's webRequest capture, so every exchange is merged from two sources on every burst.
 * "before" replays the old way on the same capture, for scale: every burst re-diagnosed the
 * whole capture (core's diagnose on all 5,000) and re-summarised every row.
 *
 * It prints and never fails: figures depend on the machine.
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { importHarDocument } from "../src/core/analyze-har.ts";
import { diagnose } from "../src/core/diagnose.ts";
import type { Exchange } from "../src/core/exchange.ts";
import { summarize } from "../src/core/summary.ts";
import { CaptureStore } from "../src/panel/store.ts";
import { generateHar } from "./analyze.bench.ts";

const CAPTURED = 5_000;
const INTERVAL_MS = 200;
const POLL_SECONDS = 10;

function session(): Exchange[] {
  const read = importHarDocument(generateHar(CAPTURED), "devtools-network");
  if (!read.ok) throw new Error(read.error);
  return read.har.exchanges.map((x, i) => ({ ...x, id: `x${i}` }));
}

function settled(store: CaptureStore): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!store.current.diagnosing) {
        off();
        resolve();
      }
    };
    const off = store.subscribe(check);
    check();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** One polling window: CPU time used / wall time, while `tick` runs every INTERVAL_MS. */
async function polling(tick: (n: number) => void): Promise<number> {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let n = 0; n < (POLL_SECONDS * 1000) / INTERVAL_MS; n++) {
    tick(n);
    await sleep(INTERVAL_MS);
  }
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  return (cpu.user + cpu.system) / 1000 / wall;
}

function polled(template: Exchange, n: number, base: number): Exchange {
  return { ...template, id: `poll-${n}`, observedAt: base + n * INTERVAL_MS };
}

async function storeRun(captured: readonly Exchange[], fullCapture: boolean): Promise<number> {
  const store = new CaptureStore(CAPTURED + 1_000);
  store.add(captured);
  if (fullCapture) store.addWebRequest(captured.map((x) => ({ ...x, id: `w-${x.id}`, sources: ["web-request"] })));
  await settled(store);
  const template = captured.find((x) => x.response?.status === 200 && x.request.url.includes("/api/")) ?? captured[0]!;
  const base = captured[captured.length - 1]!.observedAt + 1_000;
  const share = await polling((n) => {
    const x = polled(template, n, base);
    store.add([x]);
    if (fullCapture) store.addWebRequest([{ ...x, id: `w-${x.id}`, sources: ["web-request"] }]);
  });
  await settled(store);
  if (store.current.rows.length !== CAPTURED + (POLL_SECONDS * 1000) / INTERVAL_MS) throw new Error(`the store lists ${store.current.rows.length} rows`);
  return share;
}

/** The old way, for scale: every burst, the whole capture diagnosed and summarised again. */
async function beforeRun(captured: readonly Exchange[]): Promise<number> {
  const all = [...captured];
  const template = all.find((x) => x.response?.status === 200) ?? all[0]!;
  const base = all[all.length - 1]!.observedAt + 1_000;
  return polling((n) => {
    all.push(polled(template, n, base));
    // The store waited 50 ms (or twice its last diagnosis) after a burst, then did this.
    setTimeout(() => {
      const ds = diagnose(all);
      const byId = new Map(ds.map((d) => [d.exchange.id, d]));
      for (const d of ds) summarize(d, false, (id) => byId.get(id));
    }, 50);
  });
}

async function main(): Promise<void> {
  const captured = session();
  console.log("AuthLens polling benchmark");
  console.log(`${CAPTURED.toLocaleString("en")} exchanges captured, then one new request every ${INTERVAL_MS} ms for ${POLL_SECONDS} s; Node ${process.version}`);
  const live = await storeRun(captured, false);
  const full = await storeRun(captured, true);
  const before = await beforeRun(captured);
  const pct = (share: number) => `${(share * 100).toFixed(1)}% of a core`;
  console.log(`poll: analysis uses ${pct(live)} (target < 5%)${live < 0.05 ? "" : "  ABOVE TARGET"}`);
  console.log(`poll, full capture (two sources merged): ${pct(full)} (target < 5%)${full < 0.05 ? "" : "  ABOVE TARGET"}`);
  console.log(`poll, before (whole capture re-diagnosed per burst): ${pct(before)}`);
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (runDirectly) await main();
