/**
 * A HAR file is listed as it is read (worker/host.ts → store.importRead): its first rows show
 * long before its last entry is read, and once read the list is exactly what importing the file
 * whole gives, on every committed HAR fixture and on files the early listing cannot follow (out
 * of start-time order, credential facts settled only by the last entry, a file cut short).
 * The store's and the host's timers are fake; nothing here waits for time.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { importHarDocument } from "../../../src/core/analyze-har.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { RULES } from "../../../src/core/diagnose.ts";
import type { Rule } from "../../../src/core/rule.ts";
import { CaptureStore, type PanelState } from "../../../src/panel/store.ts";
import { AnalysisHost } from "../../../src/panel/worker/host.ts";
import type { FromWorker } from "../../../src/panel/worker/protocol.ts";
import { harFiles } from "../../har-fixtures.ts";
import { chunkedFile } from "./chunked-file.ts";
import { API_ORIGIN, entry, harOf } from "../helpers.ts";

/** Counts each rule run per exchange id (a re-judgement shows as a second run). */
function counting(): { rule: Rule; runs: Map<string, number> } {
  const runs = new Map<string, number>();
  return {
    runs,
    rule: {
      name: "count-runs",
      run: (x: Exchange) => {
        runs.set(x.id, (runs.get(x.id) ?? 0) + 1);
        return [];
      },
    },
  };
}

/** Imports `file` through the worker's host; every state the store emitted meanwhile is kept. */
async function importThroughHost(file: File, store = new CaptureStore()) {
  const states: PanelState[] = [];
  store.subscribe((s) => states.push(s));
  const sent: FromWorker[] = [];
  const host = new AnalysisHost(store, (m) => sent.push(m));
  host.handle({ type: "request", id: 1, name: "importHar", args: [file] });
  await vi.runAllTimersAsync();
  const reply = sent.find((m) => m.type === "reply");
  return { store, states, reply };
}

/** The rows importing the same text whole gives (the path a file the early listing cannot follow takes). */
function importedWhole(text: string, rules: readonly Rule[] = RULES): PanelState["rows"] {
  const read = importHarDocument(JSON.parse(text));
  if (!read.ok) throw new Error(read.error);
  const store = new CaptureStore(undefined, undefined, undefined, rules);
  store.importExchanges(read.har.exchanges, read.facts, "capture.har", read.har.skipped);
  vi.runAllTimers();
  return store.current.rows;
}

const diagnoses = (rows: PanelState["rows"]) => rows.map((r) => r.diagnosis);
const summaries = (rows: PanelState["rows"]) => rows.map((r) => r.summary);

describe("a HAR file listed as it is read", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  describe.each(harFiles().map((path) => [path.replace(/^.*test\/fixtures\//, "fixtures/"), path]))("%s", (_name, path) => {
    it("lists, once read, exactly what importing it whole lists", async () => {
      const text = readFileSync(path, "utf8");
      const { store, reply } = await importThroughHost(chunkedFile(text));
      expect(reply).toMatchObject({ ok: true, value: { ok: true } });
      const whole = importedWhole(text);
      expect(store.current.diagnosing).toBe(false);
      expect(diagnoses(store.current.rows)).toEqual(diagnoses(whole));
      expect(summaries(store.current.rows)).toEqual(summaries(whole));
    });
  });

  it("shows the first rows while most of the file is still unread, and judges each exchange once", async () => {
    const entries = Array.from({ length: 400 }, (_, i) => entry({ url: `${API_ORIGIN}/v1/item/${i}`, at: i, status: i % 7 === 0 ? 401 : 200 }));
    const text = JSON.stringify(harOf(entries));
    const { rule, runs } = counting();
    const { store, states } = await importThroughHost(chunkedFile(text, 40), new CaptureStore(undefined, undefined, undefined, [...RULES, rule]));
    // Rows were listed while the file's exchanges read so far were a small part of it.
    expect(states.some((s) => s.rows.length > 0 && (s.imported?.count ?? 0) < 100)).toBe(true);
    // Never a row for an entry not read yet, and never complete (aria-busy) before the file is read.
    expect(states.every((s) => s.rows.length <= (s.imported?.count ?? 0))).toBe(true);
    expect(states.filter((s) => s.imported !== undefined && s.imported.count < 400).every((s) => s.diagnosing)).toBe(true);
    expect(store.current.diagnosing).toBe(false);
    expect(store.current.rows).toHaveLength(400);
    expect(store.current.imported).toMatchObject({ name: "capture.har", count: 400 });
    expect(runs.size).toBe(400);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it("a Chromium export without credentials (sanitized) is judged as such from the first rows on, once", async () => {
    const entries = Array.from({ length: 120 }, (_, i) => entry({ url: `${API_ORIGIN}/v1/item/${i}`, at: i, status: i % 5 === 0 ? 401 : 200 }));
    const text = JSON.stringify(harOf(entries, "WebInspector"));
    const { rule, runs } = counting();
    const { store, states } = await importThroughHost(chunkedFile(text, 30), new CaptureStore(undefined, undefined, undefined, [...RULES, rule]));
    expect(states.some((s) => s.rows.length > 0 && (s.imported?.count ?? 0) < 120)).toBe(true);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(store.current.rows.some((r) => r.diagnosis.findings.some((f) => f.code === "har.sanitized"))).toBe(true);
    expect(diagnoses(store.current.rows)).toEqual(diagnoses(importedWhole(text)));
  });

  it("a redaction mark found part-way judges what was listed again with it", async () => {
    const entries = Array.from({ length: 120 }, (_, i) =>
      entry({
        url: `${API_ORIGIN}/v1/item/${i}`,
        at: i,
        status: i % 5 === 0 ? 401 : 200,
        requestHeaders: { Authorization: i === 90 ? "Bearer [REDACTED]" : `Bearer token-${i}` },
      }),
    );
    const text = JSON.stringify(harOf(entries, "Firefox"));
    const { store } = await importThroughHost(chunkedFile(text, 30));
    const whole = importedWhole(text);
    expect(whole.some((r) => r.diagnosis.findings.some((f) => f.code === "har.sanitized"))).toBe(true);
    expect(diagnoses(store.current.rows)).toEqual(diagnoses(whole));
  });

  it("entries a little out of start-time order are listed as read, in start-time order", async () => {
    // Neighbours swapped, as requests started within the same milliseconds are in real exports.
    const entries = Array.from({ length: 300 }, (_, i) => entry({ url: `${API_ORIGIN}/v1/item/${i}`, at: (i % 7 === 3 ? i + 1.5 : i) * 10, status: i % 4 === 0 ? 401 : 200 }));
    const text = JSON.stringify(harOf(entries));
    const { store, states } = await importThroughHost(chunkedFile(text, 30));
    expect(states.some((s) => s.rows.length > 0 && (s.imported?.count ?? 0) < 300)).toBe(true);
    const whole = importedWhole(text);
    expect(store.current.rows.map((r) => r.diagnosis.exchange.request.url)).toEqual(whole.map((r) => r.diagnosis.exchange.request.url));
    expect(diagnoses(store.current.rows)).toEqual(diagnoses(whole));
  });

  it("a file far out of start-time order is listed in start-time order once read, as importing it whole lists it", async () => {
    const entries = Array.from({ length: 300 }, (_, i) => entry({ url: `${API_ORIGIN}/v1/item/${i}`, at: i === 250 ? 5 : i * 10, status: i % 4 === 0 ? 401 : 200 }));
    const text = JSON.stringify(harOf(entries));
    const { store } = await importThroughHost(chunkedFile(text, 20));
    const whole = importedWhole(text);
    expect(store.current.rows.map((r) => r.diagnosis.exchange.request.url)).toEqual(whole.map((r) => r.diagnosis.exchange.request.url));
    expect(diagnoses(store.current.rows)).toEqual(diagnoses(whole));
  });

  it("a file cut short after its first rows were listed gives its one-sentence error, and the list shows the live capture again", async () => {
    const entries = Array.from({ length: 200 }, (_, i) => entry({ url: `${API_ORIGIN}/v1/item/${i}`, at: i }));
    const text = JSON.stringify(harOf(entries));
    const { store, states, reply } = await importThroughHost(chunkedFile(text.slice(0, Math.floor(text.length * 0.8)), 20));
    // It was listed part-way…
    expect(states.some((s) => s.imported !== undefined && s.rows.length > 0)).toBe(true);
    // …then refused in one sentence, and the list went back to what it showed before.
    expect(reply).toMatchObject({ ok: true, value: { ok: false, error: "capture.har is not a HAR file: its JSON ends too early (the file looks truncated)." } });
    expect(store.current.imported).toBeUndefined();
    expect(store.current.rows).toHaveLength(0);
  });

  it("a file cut short while another file is shown leaves that file shown", async () => {
    const store = new CaptureStore();
    const first = JSON.stringify(harOf([entry({ url: `${API_ORIGIN}/first`, at: 0 })]));
    await importThroughHost(chunkedFile(first, 2, "first.har"), store);
    expect(store.current.imported).toMatchObject({ name: "first.har", count: 1 });
    const entries = Array.from({ length: 100 }, (_, i) => entry({ url: `${API_ORIGIN}/v1/item/${i}`, at: i }));
    const text = JSON.stringify(harOf(entries));
    await importThroughHost(chunkedFile(text.slice(0, Math.floor(text.length * 0.7)), 20, "second.har"), store);
    expect(store.current.imported).toMatchObject({ name: "first.har", count: 1 });
    expect(store.current.rows.map((r) => r.diagnosis.exchange.request.url)).toEqual([`${API_ORIGIN}/first`]);
  });

  it("going back to the live capture while a file is read keeps the live capture shown until the file is whole, then shows it", async () => {
    const entries = Array.from({ length: 200 }, (_, i) => entry({ url: `${API_ORIGIN}/v1/item/${i}`, at: i }));
    const text = JSON.stringify(harOf(entries));
    const store = new CaptureStore();
    const sent: FromWorker[] = [];
    const host = new AnalysisHost(store, (m) => sent.push(m));
    let wentBack = false;
    store.subscribe((s) => {
      if (!wentBack && s.imported !== undefined && s.rows.length > 0) {
        wentBack = true;
        queueMicrotask(() => store.showLive());
      }
    });
    host.handle({ type: "request", id: 1, name: "importHar", args: [chunkedFile(text, 20)] });
    await vi.runAllTimersAsync();
    expect(wentBack).toBe(true);
    // The file came whole at the end (as a file picked again does), with every entry.
    expect(store.current.imported).toMatchObject({ count: 200 });
    expect(diagnoses(store.current.rows)).toEqual(diagnoses(importedWhole(text)));
  });
});
