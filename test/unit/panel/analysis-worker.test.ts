/**
 * The panel page and its analysis worker (src/panel/analysis-client.ts ⇄ worker/host.ts) over a
 * fake Worker: messages are structured-cloned and delivered a task later, as a real Worker does.
 * The store's and the host's timers are fake; nothing here waits for time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AnalysisClient, type WorkerPort } from "../../../src/panel/analysis-client.ts";
import { CaptureStore } from "../../../src/panel/store.ts";
import { AnalysisHost } from "../../../src/panel/worker/host.ts";
import type { FromWorker, ToWorker } from "../../../src/panel/worker/protocol.ts";
import { API_ORIGIN, chromeEntry, entry, exchangeOf, harOf, REAL_JWT } from "../helpers.ts";
import { chunkedFile } from "./chunked-file.ts";

/** A copy as postMessage makes it; a File crosses as it is (Node's structuredClone turns it into a nameless Blob). */
function cloned<T>(m: T): T {
  const files = (m as { name?: string; args?: unknown[] }).name === "importHar";
  return files ? m : structuredClone(m);
}

/** One direction of the fake Worker: copies delivered a task later, first in first out, as postMessage does. */
function direction<T>(deliver: (m: T) => void): (m: T) => void {
  const queue: T[] = [];
  return (m) => {
    queue.push(cloned(m));
    setTimeout(() => deliver(queue.shift()!), 0);
  };
}

/** The page's client and the worker's host, joined by a fake Worker; `sent` records what the worker sent. */
function pair() {
  const sent: FromWorker[] = [];
  const toWorker = direction<ToWorker>((m) => host.handle(m));
  const toPage = direction<FromWorker>((m) => page.onmessage?.({ data: m } as MessageEvent<FromWorker>));
  const page: WorkerPort = { onmessage: null, postMessage: toWorker };
  const store = new CaptureStore();
  const host = new AnalysisHost(store, (m) => {
    sent.push(m);
    toPage(m);
  });
  const client = new AnalysisClient(page);
  return { client, store, sent };
}

const call = (id: string, at: number, extra: Parameters<typeof chromeEntry>[0] = {}) => ({
  ...exchangeOf(id, chromeEntry({ url: `${API_ORIGIN}/${id}`, at, ...extra })),
  sources: ["devtools-network" as const],
});
const rowDeltas = (sent: readonly FromWorker[]) => sent.flatMap((m) => (m.type === "state" && m.rows ? [m.rows] : []));

describe("the panel's analysis worker", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const settle = () => vi.runAllTimersAsync();

  it("lists what the page adds, busy until the worker has taken it and diagnosed it", async () => {
    const { client } = pair();
    client.add([call("e1", 0), call("e2", 1, { status: 401 })]);
    // Not yet taken by the worker: the list says it is not complete.
    expect(client.current.diagnosing).toBe(true);
    await settle();
    expect(client.current.diagnosing).toBe(false);
    expect(client.current.rows.map((r) => r.id)).toEqual(["e1", "e2"]);
    const e2 = client.current.rows[1]!;
    expect(e2.summary.authStatus).toBe(401);
    expect(e2.codes.split(" ")).toContain("auth.challenge-missing");
  });

  it("tells the views only of states that differ: a second delivery while the list is busy renders nothing", async () => {
    const { client } = pair();
    await settle();
    const seen: boolean[] = [];
    client.subscribe((s) => seen.push(s.diagnosing));
    client.add([call("e1", 0)]);
    client.add([call("e2", 1)]);
    client.add([call("e3", 2)]);
    expect(seen).toEqual([true]);
    await settle();
    expect(seen.at(-1)).toBe(false);
    expect(client.current.rows.map((r) => r.id)).toEqual(["e1", "e2", "e3"]);
  });

  it("sends only the rows that changed after a burst, and the page keeps the others' objects", async () => {
    const { client, sent } = pair();
    client.add([call("e1", 0), call("e2", 1)]);
    await settle();
    const before = client.current.rows;
    const deltas = rowDeltas(sent).length;
    client.add([call("e3", 2)]);
    await settle();
    const later = rowDeltas(sent).slice(deltas);
    expect(later.flatMap((d) => d.upserted.map((r) => r.id))).toEqual(["e3"]);
    expect(later.flatMap((d) => d.removed)).toEqual([]);
    expect(client.current.rows.map((r) => r.id)).toEqual(["e1", "e2", "e3"]);
    expect(client.current.rows[0]).toBe(before[0]);
    expect(client.current.rows[1]).toBe(before[1]);
  });

  it("screens rows and detail unless the page shows secrets; the copies follow the same choice", async () => {
    const { client } = pair();
    client.add([call("e1", 0, { status: 401, requestHeaders: { Authorization: `Bearer ${REAL_JWT}` }, url: `${API_ORIGIN}/e1?access_token=${REAL_JWT}` })]);
    await settle();
    expect(client.current.rows[0]!.url).not.toContain(REAL_JWT);
    const hidden = (await detailOf(client, "e1"))!;
    expect(JSON.stringify(hidden)).not.toContain(REAL_JWT);
    expect(hidden.copies.curl).not.toContain(REAL_JWT);
    expect(hidden.root?.code ?? hidden.findings[0]?.code).toBeDefined();

    client.setShowSecrets(true);
    await settle();
    expect(client.current.rows[0]!.url).toContain(REAL_JWT);
    const shown = (await detailOf(client, "e1"))!;
    expect(shown.copies.curl).toContain(REAL_JWT);
    expect(shown.headers.request.some((h) => h.value.includes(REAL_JWT))).toBe(true);
  });

  it("answers a search with the ids of the matching rows, and the query in words", async () => {
    const { client } = pair();
    client.add([call("e1", 0), call("e2", 1, { status: 401 }), call("e3", 2, { status: 403 })]);
    await settle();
    const answer = ask(client.search("status:401"));
    await settle();
    const r = await answer;
    expect(r.active).toBe(true);
    expect(r.ids).toEqual(["e2"]);
    expect(r.description).toContain("401");
    const none = ask(client.search(""));
    await settle();
    expect((await none).active).toBe(false);
  });

  it("exports the rows asked for, redacted unless secrets are included", async () => {
    const { client } = pair();
    client.add([call("e1", 0, { requestHeaders: { Authorization: `Bearer ${REAL_JWT}` } }), call("e2", 1)]);
    await settle();
    const redacted = ask(client.exportHar(["e1"], false, "1.2.3"));
    await settle();
    const file = await redacted;
    expect(file.removedCount).toBeGreaterThan(0);
    expect(file.text).not.toContain(REAL_JWT);
    const doc = JSON.parse(file.text) as { log: { entries: unknown[]; creator: { name: string; version: string } } };
    expect(doc.log.entries).toHaveLength(1);
    expect(doc.log.creator).toEqual({ name: "AuthLens", version: "1.2.3" });
    const full = ask(client.exportHar(["e1"], true, "1.2.3"));
    await settle();
    expect((await full).text).toContain(REAL_JWT);
  });

  it("reads an imported HAR file in the worker: listed once, its unreadable entries counted and listed with why", async () => {
    const { client } = pair();
    const entries: unknown[] = [entry({ url: `${API_ORIGIN}/a`, at: 0, status: 401 }), "not an entry", entry({ url: `${API_ORIGIN}/b`, at: 1 })];
    const file = new File([JSON.stringify(harOf(entries))], "capture.har", { type: "application/json" });
    const reading = ask(client.importHar(file));
    await settle();
    expect(await reading).toEqual({ ok: true });
    expect(client.current.imported).toMatchObject({ name: "capture.har", count: 2, skipped: 1 });
    expect(client.current.imported?.skippedList.lines).toEqual([{ where: "log.entries[1]", reason: "The entry is not an object." }]);
    expect(client.current.progress).toBeUndefined();
    expect(client.current.rows.map((r) => r.url)).toEqual([`${API_ORIGIN}/a`, `${API_ORIGIN}/b`]);

    const broken = ask(client.importHar(new File(["{ nope"], "broken.har")));
    await settle();
    expect(await broken).toEqual({ ok: false, error: "broken.har is not a HAR file: it is not valid JSON." });
  });

  it("says how far a file's reading is, the entries read counting up, and lists the file as it is read", async () => {
    const { client, sent } = pair();
    const entries = Array.from({ length: 200 }, (_, i) => entry({ url: `${API_ORIGIN}/item/${i}`, at: i }));
    const bytes = new TextEncoder().encode(JSON.stringify(harOf(entries)));
    // The file's bytes in 50 chunks, as a browser's File stream delivers a large file.
    const step = Math.ceil(bytes.length / 50);
    const file = new File(
      Array.from({ length: 50 }, (_, i) => bytes.slice(i * step, (i + 1) * step)),
      "capture.har",
    );
    const seen: (typeof client.current.reading)[] = [];
    client.subscribe((s) => seen.push(s.reading));
    const reading = ask(client.importHar(file));
    await settle();
    expect(await reading).toEqual({ ok: true });
    const states = sent.flatMap((m) => (m.type === "state" ? [m.state] : []));
    const steps = states.flatMap((s) => (s.reading ? [s.reading] : []));
    expect(steps.length).toBeGreaterThan(1);
    for (let i = 1; i < steps.length; i++) {
      expect(steps[i]!.entries).toBeGreaterThanOrEqual(steps[i - 1]!.entries);
      expect(steps[i]!.percent).toBeGreaterThanOrEqual(steps[i - 1]!.percent);
    }
    expect(steps.every((r) => r.name === "capture.har")).toBe(true);
    // The page saw it part-way, then no more once the store had the file.
    expect(seen.some((r) => r !== undefined && r.entries > 0 && r.entries < 200)).toBe(true);
    // The file was listed while it was still being read, never more of it than was read.
    const whileReading = states.filter((s) => s.reading !== undefined && s.imported !== undefined);
    expect(whileReading.some((s) => s.imported!.count > 0 && s.imported!.count < 200)).toBe(true);
    expect(whileReading.every((s) => s.imported!.count <= s.reading!.entries)).toBe(true);
    const afterReading = states.slice(states.length - [...states].reverse().findIndex((s) => s.reading !== undefined));
    expect(afterReading.length).toBeGreaterThan(0);
    expect(afterReading.every((s) => s.reading === undefined && s.imported?.count === 200)).toBe(true);
    expect(client.current.reading).toBeUndefined();
    expect(client.current.imported).toMatchObject({ name: "capture.har", count: 200, skipped: 0 });
    expect(client.current.rows).toHaveLength(200);
  });

  it("a file picked while another is being read is the one shown, whichever is read first", async () => {
    const { client } = pair();
    const big = harOf(Array.from({ length: 300 }, (_, i) => entry({ url: `${API_ORIGIN}/big/${i}`, at: i })));
    // A file whose chunks come a task apart, as a large file's do from the disk.
    const first = chunkedFile(JSON.stringify(big), 40, "first.har");
    const second = new File([JSON.stringify(harOf([entry({ url: `${API_ORIGIN}/second`, at: 0 })]))], "second.har");
    const a = ask(client.importHar(first));
    const b = ask(client.importHar(second));
    await settle();
    expect(await a).toEqual({ ok: true });
    expect(await b).toEqual({ ok: true });
    expect(client.current.imported).toMatchObject({ name: "second.har", count: 1 });
    expect(client.current.reading).toBeUndefined();
    expect(client.current.rows.map((r) => r.url)).toEqual([`${API_ORIGIN}/second`]);
  });

  it("shows a setting the user just changed before the worker has echoed it", async () => {
    const { client } = pair();
    client.setPreserveLog(true);
    client.setCapture({ fullCapture: "on" });
    expect(client.current.preserveLog).toBe(true);
    expect(client.current.capture.fullCapture).toBe("on");
    await settle();
    expect(client.current.preserveLog).toBe(true);
    expect(client.current.capture.fullCapture).toBe("on");
  });
});

/** A request's promise, with its rejection observed (the fake timers deliver the answer). */
function ask<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

async function detailOf(client: AnalysisClient, id: string) {
  const p = ask(client.detail(id));
  await vi.runAllTimersAsync();
  return await p;
}
