/** CaptureStore's recording controls: pause, preserve log across navigations, the capture bound. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CaptureStore } from "../../../src/panel/store.ts";
import { API_ORIGIN, chromeEntry, exchangeOf, T0 } from "../helpers.ts";

const call = (id: string, at: number) => ({ ...exchangeOf(id, chromeEntry({ url: `${API_ORIGIN}/${id}`, at })), sources: ["devtools-network" as const] });

describe("CaptureStore", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const settle = () => vi.advanceTimersByTime(1_100);

  it("while paused, adds nothing that finished after the click and counts it; resuming records again", () => {
    // Pause is pressed at T0 + 1,000 (the wall clock the captures stamp requests with).
    const store = new CaptureStore(undefined, undefined, () => T0 + 1_000);
    store.add([call("e1", 0)]);
    settle();
    store.setPaused(true);
    store.add([call("e2", 1_100), call("e3", 1_200)]);
    store.addWebRequest([call("w2", 1_100)]);
    settle();
    expect(store.current.rows.map((r) => r.diagnosis.exchange.id)).toEqual(["e1"]);
    // Two sources saw overlapping requests: the larger count, not the sum.
    expect(store.current.missedWhilePaused).toBe(2);
    store.setPaused(false);
    expect(store.current.paused).toBe(false);
    store.add([call("e4", 1_300)]);
    settle();
    expect(store.current.rows.map((r) => r.diagnosis.exchange.id)).toEqual(["e1", "e4"]);
  });

  it("while paused, still lists a request that finished before the click but was delivered after it", () => {
    const store = new CaptureStore(undefined, undefined, () => T0 + 1_000);
    store.setPaused(true);
    // Started at T0 + 900, took 42 ms: it finished before Pause; its entry simply arrived late.
    store.add([call("late", 900), call("after", 990)]);
    settle();
    expect(store.current.rows.map((r) => r.diagnosis.exchange.id)).toEqual(["late"]);
    expect(store.current.missedWhilePaused).toBe(1);
  });

  it("is busy (aria-busy) from a delivery until the list shows it", () => {
    const store = new CaptureStore();
    expect(store.current.diagnosing).toBe(false);
    store.add([call("e1", 0)]);
    expect(store.current.diagnosing).toBe(true);
    expect(store.current.rows).toHaveLength(0);
    settle();
    expect(store.current.diagnosing).toBe(false);
    expect(store.current.rows).toHaveLength(1);
    store.add([call("e2", 10)]);
    expect(store.current.diagnosing).toBe(true);
    store.clear();
    settle();
    expect(store.current.diagnosing).toBe(false);
  });

  it("a navigation clears the list, unless Preserve log keeps it and counts the page loads", () => {
    const store = new CaptureStore();
    store.add([call("e1", 0)]);
    settle();
    store.navigated("https://app.example.com/next", 10);
    expect(store.current.rows).toHaveLength(0);
    store.setPreserveLog(true);
    store.add([call("e2", 20)]);
    settle();
    store.navigated("https://app.example.com/again", 30);
    store.add([call("e3", 40)]);
    settle();
    expect(store.current.rows.map((r) => r.diagnosis.exchange.id)).toEqual(["e2", "e3"]);
    expect(store.current.pageLoads).toBe(2);
    expect(store.current.pageUrl).toBe("https://app.example.com/again");
    // A clear keeps the setting and forgets the page loads.
    store.clear();
    expect(store.current.preserveLog).toBe(true);
    expect(store.current.pageLoads).toBe(1);
  });

  it("keeps the newest exchanges within its bound and says how many it dropped", () => {
    const store = new CaptureStore(3);
    store.add([call("e1", 0), call("e2", 1), call("e3", 2), call("e4", 3), call("e5", 4)]);
    settle();
    expect(store.current.rows.map((r) => r.diagnosis.exchange.id)).toEqual(["e3", "e4", "e5"]);
    expect(store.current.dropped).toBe(2);
  });

  it("a lower capture limit drops the oldest now and counts them; the limit is kept across a clear", () => {
    const store = new CaptureStore(5);
    store.add([call("e1", 0), call("e2", 1), call("e3", 2), call("e4", 3)]);
    settle();
    store.setLimit(2);
    settle();
    expect(store.current.rows.map((r) => r.diagnosis.exchange.id)).toEqual(["e3", "e4"]);
    expect(store.current.dropped).toBe(2);
    expect(store.current.limit).toBe(2);
    store.clear();
    store.add([call("f1", 10), call("f2", 11), call("f3", 12)]);
    settle();
    expect(store.current.rows).toHaveLength(2);
    expect(store.current.limit).toBe(2);
  });

  it("waits longer between diagnoses when the last one was slow, never more than a second", () => {
    // A clock that moves 200 ms each time the store reads it: every diagnosis "takes" 200 ms.
    let now = 0;
    const store = new CaptureStore(5_000, () => (now += 200));
    const seen: number[] = [];
    store.subscribe((s) => seen.push(s.rows.length));
    store.add([call("e1", 0)]);
    vi.advanceTimersByTime(50);
    expect(seen.at(-1)).toBe(1);
    // The next diagnosis waits twice the last one's 200 ms.
    store.add([call("e2", 1)]);
    vi.advanceTimersByTime(399);
    expect(seen.at(-1)).toBe(1);
    vi.advanceTimersByTime(1);
    expect(seen.at(-1)).toBe(2);
  });

  it("diagnoses a large capture in slices, and a clear during it wins", () => {
    let now = 0;
    const store = new CaptureStore(5_000, () => (now += 5));
    store.add(Array.from({ length: 1_000 }, (_, i) => call(`e${i}`, i)));
    // An empty list waits for nothing: the diagnosis starts, its first slice runs.
    vi.advanceTimersToNextTimer();
    // Slices of 40 ms on a clock that moves 5 ms a reading (a few steps of 25 each): not done in
    // the first task, but the empty list shows the first rows judged at once, the list still busy.
    expect(store.current.rows.length).toBeGreaterThan(0);
    expect(store.current.rows.length).toBeLessThan(1_000);
    expect(store.current.diagnosing).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(store.current.rows).toHaveLength(1_000);
    expect(store.current.diagnosing).toBe(false);
    // A clear while a diagnosis is under way: the diagnosis of what was cleared never lands.
    store.clear();
    store.add(Array.from({ length: 1_000 }, (_, i) => call(`f${i}`, 10_000 + i)));
    vi.advanceTimersToNextTimer(); // the diagnosis starts (the list is empty: no wait), its first slice runs
    vi.advanceTimersToNextTimer(); // a second slice
    expect(store.current.rows.length).toBeLessThan(1_000);
    expect(store.current.rows.every((r) => r.diagnosis.exchange.id.startsWith("f"))).toBe(true);
    store.clear();
    vi.runAllTimers();
    expect(store.current.rows).toHaveLength(0);
  });

});
