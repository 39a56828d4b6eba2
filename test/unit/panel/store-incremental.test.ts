/**
 * The panel's store merges its sources per request as they arrive and hands its analysis session
 * only what changed. Whatever the bursts, what it lists is what the old way gave: the whole
 * capture merged (mergeSources), ordered by start time and diagnosed at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { generateHar } from "../../../bench/analyze.bench.ts";
import { prng } from "../../../bench/prng.ts";
import { mergeSources } from "../../../src/capture/merge.ts";
import { importHarDocument } from "../../../src/core/analyze-har.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { summarize } from "../../../src/core/summary.ts";
import { CaptureStore } from "../../../src/panel/store.ts";

/** A busy session as DevTools logs it, each request at its own start time. */
function devtoolsLog(count: number): Exchange[] {
  const read = importHarDocument(generateHar(count), "devtools-network");
  if (!read.ok) throw new Error(read.error);
  return read.har.exchanges.map((x, i) => ({ ...x, id: `d${i}`, observedAt: x.observedAt + i / 1000 }));
}

/** webRequest's view: most requests seen again a few ms apart with the Cookie header the log hid; some only there. */
function webRequestView(log: readonly Exchange[], random: () => number): Exchange[] {
  const out: Exchange[] = [];
  for (const x of log) {
    const r = random();
    if (r < 0.6) {
      out.push({ ...x, id: `w-${x.id}`, observedAt: x.observedAt + 3, sources: ["web-request"], request: { ...x.request, headers: [...x.request.headers, { name: "Cookie", value: "sid=s" }] } });
    } else if (r < 0.65) {
      out.push({ ...x, id: `w-only-${x.id}`, observedAt: x.observedAt + 1, sources: ["web-request"], request: { ...x.request, url: `${x.request.url}?only=webrequest` } });
    }
  }
  return out;
}

function shown(store: CaptureStore): string {
  return JSON.stringify(store.current.rows.map((r) => [r.diagnosis, r.summary]));
}

function expected(log: readonly Exchange[], web: readonly Exchange[]): string {
  const merged = mergeSources(log, web, []).sort((a, b) => a.observedAt - b.observedAt);
  const ds = diagnose(merged);
  const byId = new Map(ds.map((d) => [d.exchange.id, d]));
  return JSON.stringify(ds.map((d) => [d, summarize(d, false, (id) => byId.get(id))]));
}

describe("CaptureStore, fed in bursts from two sources", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("lists what merging and diagnosing the whole capture at once gives, after every settled burst", () => {
    const random = prng(3);
    const log = devtoolsLog(600);
    const web = webRequestView(log, random);
    const store = new CaptureStore(5_000, () => 0);
    // Sources deliver out of step: webRequest often first, the log in bursts of finished requests.
    let d = 0;
    let w = 0;
    while (d < log.length || w < web.length) {
      const dn = Math.floor(random() * 40);
      const wn = Math.floor(random() * 40);
      store.addWebRequest(web.slice(w, w + wn));
      store.add(log.slice(d, d + dn));
      d += dn;
      w += wn;
      if (random() < 0.3) {
        vi.runAllTimers();
        expect(shown(store)).toBe(expected(log.slice(0, Math.min(d, log.length)), web.slice(0, Math.min(w, web.length))));
      }
    }
    vi.runAllTimers();
    expect(store.current.diagnosing).toBe(false);
    expect(shown(store)).toBe(expected(log, web));
    // Both kinds of merge happened: requests seen by both sources, and requests only webRequest saw.
    const sources = store.current.rows.map((r) => r.diagnosis.exchange.sources.join("+"));
    expect(sources.filter((s) => s === "devtools-network+web-request").length).toBeGreaterThan(100);
    expect(sources.filter((s) => s === "web-request").length).toBeGreaterThan(5);
  });

  it("keeps the newest when the bound drops the oldest, on both sources", () => {
    const random = prng(9);
    const log = devtoolsLog(300);
    const web = webRequestView(log, random);
    const store = new CaptureStore(5_000, () => 0);
    store.add(log);
    store.addWebRequest(web);
    vi.runAllTimers();
    store.setLimit(100);
    vi.runAllTimers();
    // The store keeps the newest 100 of each source, as its lists bound them.
    expect(shown(store)).toBe(expected(log.slice(-100), web.slice(-100)));
  });

  it("shows the rows judged so far while a large capture is analysed, busy until all are", () => {
    const log = devtoolsLog(2_000);
    // A clock that moves 5 ms each time the store reads it: each slice handles a few dozen exchanges.
    let now = 0;
    const store = new CaptureStore(5_000, () => (now += 5));
    const seen: { rows: number; busy: boolean }[] = [];
    store.subscribe((st) => seen.push({ rows: st.rows.length, busy: st.diagnosing }));
    store.add(log);
    vi.runAllTimers();
    const partial = seen.filter((v) => v.busy && v.rows > 0 && v.rows < log.length);
    expect(partial.length).toBeGreaterThan(2);
    // The list only grows while the capture is analysed, and is complete (and idle) at the end.
    for (let i = 1; i < partial.length; i++) expect(partial[i]!.rows).toBeGreaterThanOrEqual(partial[i - 1]!.rows);
    expect(seen.at(-1)).toEqual({ rows: log.length, busy: false });
  });
});
