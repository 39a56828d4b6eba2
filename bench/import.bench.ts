/**
 * Importing the 10,000-entry bench HAR into the panel's analysis, as its worker does it: the
 * file on disk (a Blob over it, read as a stream, as the worker reads a picked File), through the
 * worker's host and store with real timers. Figures from the start of the import: when the
 * reading is done (the store has the exchanges), when the first rows reach the page (a state
 * message carrying rows), when all are shown (busy no more). Issue 13's target: first rows within
 * 300 ms, complete no slower than Chrome's Network panel importing the same file.
 *
 *   npx tsx bench/import.bench.ts
 *
 * "before", for scale: the whole file as one text, JSON.parse, then core's import (how the worker
 * read a file before it streamed). It prints and never fails: figures depend on the machine. On
 * a loaded machine the process's CPU time to complete is the figure to read.
 */
import { openAsBlob, writeFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importHarDocument } from "../src/core/analyze-har.ts";
import { CaptureStore } from "../src/panel/store.ts";
import { AnalysisHost } from "../src/panel/worker/host.ts";
import type { FromWorker } from "../src/panel/worker/protocol.ts";
import { generateHar } from "./analyze.bench.ts";

const ENTRIES = 10_000;
const RUNS = 3;

function ms(n: number): string {
  return `${n.toFixed(0)} ms`.padStart(9);
}

async function importOnce(path: string): Promise<{ read: number; firstRows: number; complete: number; cpu: number; rows: number; progress: number }> {
  const blob = await openAsBlob(path);
  const file = Object.assign(blob, { name: "capture.har", lastModified: 0, webkitRelativePath: "" }) as unknown as File;
  const rows = new Set<string>();
  let firstRows = Number.NaN;
  let read = Number.NaN;
  let progress = 0;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const host = new AnalysisHost(new CaptureStore(), (m: FromWorker) => {
    if (m.type !== "state") return;
    if (m.state.reading) progress++;
    if (m.state.imported && Number.isNaN(read)) read = performance.now() - started;
    for (const r of m.rows?.upserted ?? []) rows.add(r.id);
    for (const id of m.rows?.removed ?? []) rows.delete(id);
    if (rows.size > 0 && Number.isNaN(firstRows)) firstRows = performance.now() - started;
    if (m.state.imported && !m.state.diagnosing && m.state.progress === undefined) finished();
  });
  host.handle({ type: "request", id: 1, name: "importHar", args: [file] });
  await done;
  const used = process.cpuUsage(cpu);
  return { read, firstRows, complete: performance.now() - started, cpu: (used.user + used.system) / 1000, rows: rows.size, progress };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "authlens-import-bench-"));
  try {
    const path = join(dir, "capture.har");
    writeFileSync(path, JSON.stringify(generateHar(ENTRIES)));
    const size = statSync(path).size;
    console.log("AuthLens HAR import (the panel's worker path, in Node)");
    console.log(`${ENTRIES.toLocaleString("en-US")} entries, ${(size / 1024 / 1024).toFixed(1)} MB; ${RUNS} runs after one warm-up`);
    await importOnce(path);
    console.log(`${"run".padEnd(6)}${"read".padStart(9)}${"first rows".padStart(12)}${"complete".padStart(10)}${"CPU".padStart(10)}   reading updates`);
    for (let i = 1; i <= RUNS; i++) {
      const r = await importOnce(path);
      console.log(`${String(i).padEnd(6)}${ms(r.read)}${ms(r.firstRows).padStart(12)}${ms(r.complete).padStart(10)}${ms(r.cpu).padStart(10)}   ${r.progress} (${r.rows} rows)`);
    }
    const blob = await openAsBlob(path);
    const t0 = performance.now();
    const doc = JSON.parse(await blob.text()) as unknown;
    const parsed = performance.now() - t0;
    const imported = importHarDocument(doc);
    const whole = performance.now() - t0;
    if (!imported.ok) throw new Error(imported.error);
    console.log(`before: whole text + JSON.parse ${ms(parsed).trim()}, + core's import ${ms(whole).trim()} (nothing shown meanwhile)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
