/**
 * A HAR file imported into the panel is read by core without a diagnosis (importHarDocument),
 * then handed to the store's analysis session a slice at a time, with progress: every rule runs
 * once per exchange. Counted, never timed: the store's clock here is a counter.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as diagnoseModule from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import type { Rule } from "../../../src/core/rule.ts";
import { readHarFile } from "../../../src/panel/worker/har-read.ts";
import { CaptureStore, type PanelState } from "../../../src/panel/store.ts";
import { API_ORIGIN, entry, harOf } from "../helpers.ts";

vi.mock("../../../src/core/diagnose.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../../src/core/diagnose.ts")>();
  return {
    ...actual,
    diagnose: vi.fn(actual.diagnose),
    diagnoseEach: vi.fn(actual.diagnoseEach),
  };
});

const GOOD = 300;

function capture(): File {
  const entries: unknown[] = [];
  for (let i = 0; i < GOOD; i++) entries.push(entry({ url: `${API_ORIGIN}/v1/item/${i}`, at: i, status: i % 10 === 0 ? 401 : 200 }));
  // Three entries no importer can read, in the middle of the file.
  entries.splice(5, 0, "not an entry", { startedDateTime: "2024-01-01T00:00:00Z" }, { request: { method: "POST", url: "" } });
  return new File([JSON.stringify(harOf(entries))], "capture.har", { type: "application/json" });
}

describe("importing a HAR file into the panel", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.mocked(diagnoseModule.diagnose).mockClear();
    vi.mocked(diagnoseModule.diagnoseEach).mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it("reads the file without diagnosing it, and keeps each unreadable entry with why", async () => {
    const result = await readHarFile(capture());
    if (!result.ok) throw new Error(result.error);
    expect(result.exchanges).toHaveLength(GOOD);
    expect(diagnoseModule.diagnose).not.toHaveBeenCalled();
    expect(diagnoseModule.diagnoseEach).not.toHaveBeenCalled();
    expect([...result.skipped].sort((a, b) => a.index - b.index)).toEqual([
      { index: 5, reason: "the entry is not an object" },
      { index: 6, reason: "the entry has no request" },
      { index: 7, reason: "the request has no URL", method: "POST" },
    ]);
  });

  it("the store runs every rule once per exchange, in slices that report progress, then lists them all", async () => {
    const result = await readHarFile(capture());
    if (!result.ok) throw new Error(result.error);
    const runs = new Map<string, number>();
    const counter: Rule = {
      name: "count-runs",
      run: (x: Exchange) => {
        runs.set(x.id, (runs.get(x.id) ?? 0) + 1);
        return [];
      },
    };
    // A clock that advances 15 ms per reading: each 40 ms slice takes a few steps (25 exchanges each), then pauses.
    let tick = 0;
    const store = new CaptureStore(undefined, () => (tick += 15), undefined, [...diagnoseModule.RULES, counter]);
    const seen: PanelState[] = [];
    store.subscribe((s) => seen.push(s));

    store.importExchanges(result.exchanges, result.facts, "capture.har", result.skipped);
    expect(store.current.imported).toEqual({ name: "capture.har", count: GOOD, skipped: result.skipped });
    expect(store.current.progress).toBeDefined();
    vi.runAllTimers();

    // One analysis session, fed the file a slice at a time: no whole-capture diagnosis besides.
    expect(diagnoseModule.diagnose).not.toHaveBeenCalled();
    expect(runs.size).toBe(GOOD);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(store.current.rows).toHaveLength(GOOD);
    expect(store.current.progress).toBeUndefined();
    expect(store.current.diagnosing).toBe(false);
    // The real rules ran too: the 401s are explained.
    expect(store.current.rows.filter((r) => r.diagnosis.findings.length > 0).length).toBeGreaterThan(0);

    // Progress went up from 0, step by step.
    const progress = seen.flatMap((s) => (s.progress ? [s.progress] : []));
    expect(progress[0]).toEqual({ done: 0, total: GOOD });
    expect(progress.length).toBeGreaterThan(2);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.done).toBeGreaterThan(progress[i - 1]!.done);
      expect(progress[i]).toEqual({ done: progress[i]!.done, total: GOOD });
    }
    expect(progress.at(-1)!.done).toBeLessThanOrEqual(GOOD);
    // The list showed the first rows judged while the rest was still being judged, never more than were.
    const partial = seen.filter((s) => s.progress !== undefined);
    expect(partial.some((s) => s.rows.length > 0 && s.rows.length < GOOD)).toBe(true);
    expect(partial.every((s) => s.rows.length <= s.progress!.done)).toBe(true);
  });

  it("going back to live capture mid-diagnosis drops the import and its progress", async () => {
    const result = await readHarFile(capture());
    if (!result.ok) throw new Error(result.error);
    let tick = 0;
    const store = new CaptureStore(undefined, () => (tick += 5));
    store.importExchanges(result.exchanges, result.facts, "capture.har", result.skipped);
    store.showLive();
    vi.runAllTimers();
    expect(store.current.imported).toBeUndefined();
    expect(store.current.progress).toBeUndefined();
    expect(store.current.rows).toHaveLength(0);
  });
});
