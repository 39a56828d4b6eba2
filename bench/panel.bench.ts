/**
 * The panel's list in real Chromium: how its render grows with the capture, and the JS heap it
 * holds with 10,000 exchanges. Targets (from the issue): render with 10,000 exchanges at most
 * 1.5 × the render with 100 (only visible rows rendered); JS heap at most 100 MB.
 *
 *   npm run bench            (tsx bench/panel.bench.ts; needs /usr/bin/chromium)
 *
 * The page (bench/panel-harness/) is the panel's real App, CaptureStore and panel.css bundled
 * with esbuild, without main.tsx and without any extension API. The exchanges are the same
 * generated busy session as bench/analyze.bench.ts (assets with cookies, API calls with JWTs,
 * 401s with and without challenges, 403s, preflights, CORS-blocked requests), turned into
 * Exchanges in the page as the DevTools capture does (exchangeFromHarEntry), then added to a
 * CaptureStore in bursts of 100; the 100-exchange case is the first 100 of the same session.
 * Every store's limit is its exchange count: the panel's default limit (DEFAULT_CAPTURE_LIMIT,
 * 5,000) would drop half of a 10,000-request capture.
 *
 * What is timed (in the page, performance.now(), cross-origin isolated for 5 µs resolution):
 * - "mount": `render(<App store>)` with a store whose diagnosis is already done, until Preact's
 *   render queue has flushed (the list re-renders once after measuring its viewport in a layout
 *   effect) and a forced style + layout of the document. That is the whole UI's cost of showing
 *   the list: the App's filtering of the rows, the toolbar, the rows rendered and laid out.
 *   The diagnosis (core, benched on its own) is not in it.
 * - "update": the App is mounted and showing N rows; a burst of 10 new exchanges arrives (the
 *   store's limit drops the 10 oldest), the store analyses what changed (not timed) and emits;
 *   the App shows the report in the next frame (App.tsx renders once per frame), timed from that
 *   frame's start (or the emit, if later) to the rendered, laid-out list, in a frame callback
 *   that runs after the App's. This is what the panel's UI pays each time a burst of requests
 *   lands during capture. "burst added → shown" prints, beside it, the time from `store.add` on:
 *   the store's wait (50 ms, or twice its last update), its analysis and this render, with the
 *   wait for the frame; not used for the ratio.
 *   "of which the store's diagnosis": from the start of the long task (PerformanceObserver
 *   "longtask", tasks over 50 ms only) in which the store recomputes, to its emit.
 * - "scroll": the 10,000 list's scrollTop set (to the middle, the end, the top) and its scroll
 *   handler run, to the re-rendered, laid-out window of rows.
 * Paint is not in these times (a page cannot time its own paint); "to next frame" prints, beside
 * the mount, the time from the same start to the end of the next frame, which includes paint but
 * also up to one frame (16.7 ms) of waiting, so it is not used for the ratio.
 * Warm-up runs first, then the median of several runs, all in one page and one run of the bench;
 * 100 and 10,000 mounts alternate, with a GC after each.
 *
 * Heap: a fresh page; the App mounted on an empty store (baseline); then the HAR loaded,
 * 10,000 Exchanges converted from it and held alone (the HAR let go); then those added to a
 * store, diagnosed and shown by the App, with nothing else holding them. Each is read after CDP
 * HeapProfiler.collectGarbage with Runtime.getHeapUsage (V8's used size; Blink's DOM objects are
 * counted apart, as "embedder", when Chromium reports it).
 *
 * It prints and never fails: timings depend on the machine. AUTHLENS_BENCH_VERBOSE=1 prints
 * progress on stderr.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium, type Page } from "playwright";
import { DEFAULT_CAPTURE_LIMIT } from "../src/panel/store.ts";
import { generateHar } from "./analyze.bench.ts";
import type { Bench } from "./panel-harness/harness.tsx";

const BIG = 10_000;
const SMALL = 100;
/** Entries past BIG feed the update runs. */
const EXTRA = 100;
const UPDATE_BATCH = 10;
const MOUNT_WARMUP = 3;
const MOUNT_RUNS = 15;
const UPDATE_WARMUP = 1;
const UPDATE_RUNS = 7;
const SCROLL_ROUNDS = 7;
const TARGET_RATIO = 1.5;
const TARGET_HEAP_MB = 100;

const started = performance.now();
/** Progress on stderr (AUTHLENS_BENCH_VERBOSE=1), so that a slow step can be found. */
function progress(step: string): void {
  if (process.env.AUTHLENS_BENCH_VERBOSE) console.error(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${step}`);
}

const here = fileURLToPath(new URL(".", import.meta.url));
const harnessDir = join(here, "panel-harness");

declare global {
  interface Window {
    authlensBench: Bench;
  }
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
const ms = (v: number) => `${v.toFixed(2)} ms`.padStart(11);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Bundles the harness; false (with the reason printed) when it would need an extension API. */
async function bundle(outdir: string): Promise<boolean> {
  const result = await build({
    entryPoints: { harness: join(harnessDir, "harness.tsx") },
    bundle: true,
    format: "esm",
    target: "chrome120",
    minify: true,
    outdir,
    define: { __AUTHLENS_BROWSER__: '"chrome"', "process.env.NODE_ENV": '"production"' },
    metafile: true,
    logLevel: "error",
  });
  const inputs = Object.keys(result.metafile.inputs);
  const polyfill = inputs.filter((p) => p.includes("webextension-polyfill"));
  if (polyfill.length > 0) {
    const importers = inputs.filter((p) => result.metafile.inputs[p]!.imports.some((i) => i.path.includes("webextension-polyfill")));
    console.log(`panel bench: the App or the store now imports webextension-polyfill (via ${importers.join(", ")}); not measured`);
    return false;
  }
  return true;
}

function serve(dir: string, har: string): Promise<{ server: Server; url: string }> {
  const files: Record<string, [string, string | Buffer]> = {
    "/": ["text/html", readFileSync(join(harnessDir, "index.html"))],
    "/harness.js": ["text/javascript", readFileSync(join(dir, "harness.js"))],
    "/harness.css": ["text/css", readFileSync(join(dir, "harness.css"))],
    "/har.json": ["application/json", har],
  };
  const server = createServer((req, res) => {
    const file = files[(req.url ?? "/").split("?")[0]!];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    // Cross-origin isolated: performance.now() at 5 µs instead of 100 µs.
    res.writeHead(200, {
      "content-type": file[0],
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
      "cache-control": "no-store",
    });
    res.end(file[1]);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

async function openHarness(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.log(`panel bench: page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.authlensBench !== undefined);
  progress("harness page open");
  return page;
}

async function timings(page: Page) {
  const prep = await page.evaluate(
    async ([big, small]) => {
      const b = window.authlensBench;
      await b.loadHar("/har.json");
      b.convert(Number.POSITIVE_INFINITY);
      const bigInfo = await b.prepare("big", big, big);
      await b.prepare("small", small, small);
      return bigInfo;
    },
    [BIG, SMALL] as const,
  );

  progress("stores prepared (diagnosed)");
  // Mount, alternating small and big.
  const mount = { small: [] as number[], big: [] as number[], smallFrame: [] as number[], bigFrame: [] as number[], smallDom: 0, bigDom: 0 };
  for (let i = 0; i < MOUNT_WARMUP + MOUNT_RUNS; i++) {
    for (const name of ["small", "big"] as const) {
      const t = await page.evaluate((n) => window.authlensBench.mount(n), name);
      await page.evaluate(() => window.authlensBench.unmount());
      if (i < MOUNT_WARMUP) continue;
      mount[name].push(t.work);
      mount[name === "small" ? "smallFrame" : "bigFrame"].push(t.frame);
      mount[name === "small" ? "smallDom" : "bigDom"] = t.rowsInDom;
    }
  }

  progress("mounts done");
  // Scroll the big list: middle, end, top.
  await page.evaluate(async () => {
    await window.authlensBench.mount("big");
    await window.authlensBench.settle();
  });
  const scroll = { middle: [] as number[], end: [] as number[], top: [] as number[], firstRows: new Set<string>(), dom: 0 };
  for (let i = 0; i < SCROLL_ROUNDS + 1; i++) {
    for (const [where, fraction] of [
      ["middle", 0.5],
      ["end", 1],
      ["top", 0],
    ] as const) {
      const t = await page.evaluate((f) => window.authlensBench.scroll(f), fraction);
      if (i === 0) continue;
      scroll[where].push(t.work);
      scroll.firstRows.add(`${where} ${t.firstRow}`);
      scroll.dom = Math.max(scroll.dom, t.rowsInDom);
    }
  }
  await page.evaluate(() => window.authlensBench.unmount());

  progress("scrolls done");
  // Update: a burst of new exchanges lands on a mounted list of N rows (the store at its limit).
  const update = {
    small: [] as number[],
    big: [] as number[],
    smallSinceAdd: [] as number[],
    bigSinceAdd: [] as number[],
    smallDiagnosis: [] as number[],
    bigDiagnosis: [] as number[],
  };
  for (const name of ["small", "big"] as const) {
    await page.evaluate(async (nm) => {
      await window.authlensBench.mount(nm);
      await window.authlensBench.settle();
    }, name);
    for (let i = 0; i < UPDATE_WARMUP + UPDATE_RUNS; i++) {
      const t = await page.evaluate(([from, k]) => window.authlensBench.update(from, k), [BIG + i * UPDATE_BATCH, UPDATE_BATCH] as const);
      await page.evaluate(() => window.authlensBench.settle());
      if (i >= UPDATE_WARMUP) {
        update[name].push(t.work);
        update[name === "small" ? "smallSinceAdd" : "bigSinceAdd"].push(t.sinceAdd);
        if (!Number.isNaN(t.diagnosis)) update[name === "small" ? "smallDiagnosis" : "bigDiagnosis"].push(t.diagnosis);
      }
      progress(`update ${name} ${i}: ${t.work.toFixed(1)} ms`);
    }
    await page.evaluate(() => window.authlensBench.unmount());
  }
  return { prep, mount, scroll, update };
}

async function heap(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const measure = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.collectGarbage");
    const usage = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number; totalSize: number; embedderHeapUsedSize?: number };
    return usage;
  };
  await page.evaluate(async () => {
    await window.authlensBench.prepare("empty", 0, 1);
    await window.authlensBench.mount("empty");
    await window.authlensBench.settle();
  });
  const baseline = await measure();
  progress("heap: baseline");
  await page.evaluate(async (n) => {
    await window.authlensBench.loadHar("/har.json");
    window.authlensBench.convert(n);
  }, BIG);
  const held = await measure();
  progress("heap: exchanges held");
  await page.evaluate(async (n) => {
    const b = window.authlensBench;
    await b.unmount();
    await b.prepare("heap", n, n);
    b.dropExchanges();
    await b.mount("heap");
    await b.settle();
  }, BIG);
  const full = await measure();
  progress("heap: captured");
  await cdp.detach();
  return { baseline, held, full };
}

async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), "authlens-panel-bench-"));
  let browser: Browser | undefined;
  let server: Server | undefined;
  try {
    if (!(await bundle(out))) return;
    progress("bundled");
    const har = JSON.stringify(generateHar(BIG + EXTRA));
    progress("HAR generated");
    const served = await serve(out, har);
    server = served.server;
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--js-flags=--expose-gc",
      ],
    });
    const version = browser.version();

    const timingPage = await openHarness(browser, served.url);
    const t = await timings(timingPage);
    await timingPage.context().close();

    const heapPage = await openHarness(browser, served.url);
    const h = await heap(heapPage);
    await heapPage.context().close();

    const mountSmall = median(t.mount.small);
    const mountBig = median(t.mount.big);
    const mountRatio = mountBig / mountSmall;
    const updateSmall = median(t.update.small);
    const updateBig = median(t.update.big);
    const updateRatio = updateBig / updateSmall;
    const heapMb = h.full.usedSize / 1024 / 1024;
    const statuses = Object.entries(t.prep.statuses)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");

    console.log("AuthLens panel benchmark");
    console.log(`Chromium ${version}, headless, 1280×800; the panel's App, store and CSS (esbuild, minified)`);
    console.log(`Exchanges: the analysis bench's session; ${BIG.toLocaleString("en-US")} rows: ${statuses}; ${t.prep.problems} problems`);
    console.log(`Each store's limit is its exchange count (the panel's default limit is ${DEFAULT_CAPTURE_LIMIT.toLocaleString("en-US")})`);
    console.log(`Median of ${MOUNT_RUNS} mounts (after ${MOUNT_WARMUP}), ${UPDATE_RUNS} updates (after ${UPDATE_WARMUP}), ${SCROLL_ROUNDS} scrolls each`);
    console.log("");
    console.log(`${"".padEnd(40)}${"median".padStart(11)}${"min".padStart(11)}${"max".padStart(11)}   rows in DOM`);
    const line = (label: string, xs: number[], dom: string) =>
      console.log(`${label.padEnd(40)}${ms(median(xs))}${ms(Math.min(...xs))}${ms(Math.max(...xs))}   ${dom}`);
    line(`mount, ${SMALL} exchanges`, t.mount.small, String(t.mount.smallDom));
    line(`mount, ${BIG.toLocaleString("en-US")} exchanges`, t.mount.big, String(t.mount.bigDom));
    line(`  to next frame, ${SMALL}`, t.mount.smallFrame, "");
    line(`  to next frame, ${BIG.toLocaleString("en-US")}`, t.mount.bigFrame, "");
    line(`update (+${UPDATE_BATCH}), ${SMALL} exchanges`, t.update.small, "");
    line(`update (+${UPDATE_BATCH}), ${BIG.toLocaleString("en-US")} exchanges`, t.update.big, "");
    line(`  burst added → shown, ${SMALL}`, t.update.smallSinceAdd, "");
    line(`  burst added → shown, ${BIG.toLocaleString("en-US")}`, t.update.bigSinceAdd, "");
    // Only tasks over 50 ms are reported: a median of the ones seen would be biased, so all or nothing.
    for (const [n, xs] of [
      [SMALL, t.update.smallDiagnosis],
      [BIG, t.update.bigDiagnosis],
    ] as const) {
      const label = `  of which the store's diagnosis, ${n.toLocaleString("en-US")}`;
      if (xs.length === UPDATE_RUNS) line(label, xs, "");
      else console.log(`${label.padEnd(40)}  not measured (${UPDATE_RUNS - xs.length} of ${UPDATE_RUNS} tasks under 50 ms)`);
    }
    line(`scroll ${BIG.toLocaleString("en-US")} to the middle`, t.scroll.middle, String(t.scroll.dom));
    line(`scroll ${BIG.toLocaleString("en-US")} to the end`, t.scroll.end, "");
    line(`scroll ${BIG.toLocaleString("en-US")} back to the top`, t.scroll.top, "");
    console.log(`  (first row rendered after each scroll: ${[...t.scroll.firstRows].join(", ")})`);
    console.log("");
    console.log(`ratio mount ${BIG.toLocaleString("en-US")} / ${SMALL}: ${mountRatio.toFixed(2)} (target ≤ ${TARGET_RATIO.toFixed(1)})${mountRatio > TARGET_RATIO ? "  ABOVE TARGET" : ""}`);
    console.log(
      `ratio update ${BIG.toLocaleString("en-US")} / ${SMALL}: ${updateRatio.toFixed(2)} (target ≤ ${TARGET_RATIO.toFixed(1)})${updateRatio > TARGET_RATIO ? "  ABOVE TARGET" : ""}`,
    );
    console.log("");
    const embedder = (u: { embedderHeapUsedSize?: number }) => (u.embedderHeapUsedSize !== undefined ? `, embedder (DOM) ${mb(u.embedderHeapUsedSize)}` : "");
    console.log(`JS heap, App with no exchanges:          ${mb(h.baseline.usedSize)}${embedder(h.baseline)}`);
    console.log(`JS heap, ${BIG.toLocaleString("en-US")} Exchanges held alone:   ${mb(h.held.usedSize)} (+${mb(h.held.usedSize - h.baseline.usedSize)})`);
    console.log(
      `JS heap, ${BIG.toLocaleString("en-US")} captured, diagnosed, shown: ${mb(h.full.usedSize)} (+${mb(h.full.usedSize - h.baseline.usedSize)})${embedder(h.full)}`,
    );
    console.log(`panel JS heap with ${BIG.toLocaleString("en-US")} exchanges: ${heapMb.toFixed(1)} MB (target ≤ ${TARGET_HEAP_MB} MB)${heapMb > TARGET_HEAP_MB ? "  ABOVE TARGET" : ""}`);
  } finally {
    await browser?.close();
    server?.close();
    rmSync(out, { recursive: true, force: true });
  }
}

await main();
