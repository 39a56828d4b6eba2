/**
 * AuthLens in the real DevTools window of Chromium (not the bench harness of panel.bench.ts):
 * what the panel costs the inspected page, how its frame's main thread fares, how fast a late
 * opened panel lists a full log, and the memory it holds at 10,000 exchanges. Each figure is
 * AuthLens's panel shown against DevTools' own Network panel shown in the same DevTools.
 *
 *   npm run build && npx tsx bench/devtools.bench.ts      (needs /usr/bin/chromium)
 *
 * Chromium runs headless with the built extension and DevTools opened by itself
 * (test/harness/devtools.ts); panels are shown through DevTools' InspectorView. The inspected
 * page comes from a loopback server this bench starts (port 0). Its `benchRun(n)` sends n
 * same-origin fetch() calls in waves of 100 (bodies read, as an app does): 8 in 10 answer 200
 * (3 of those carry `Authorization: Bearer <JWT>`), 1 in 10 is a 401 with
 * `WWW-Authenticate: Bearer realm=…` and no credentials, 1 in 10 a 401 with an expired bearer
 * token and `error="invalid_token"`. Same origin: no preflights.
 *
 * Before the AuthLens panel is first shown, a probe is added to DevTools' frames (Playwright
 * init script; it acts only in the panel's frame, from the frame's first script on): a
 * PerformanceObserver "longtask" (buffered) and a MutationObserver that notes, with
 * `performance.timeOrigin + performance.now()`, the first `.row[data-exchange-id]` and every
 * change of the request count (`[data-testid=counts]`) and of `.app[aria-busy]`. The AuthLens
 * panel's frame shares its renderer's main thread with the extension's devtools page (same
 * origin, same process); its long tasks are that thread's.
 *
 * 1. Page time (dist/chrome: DevTools network log only; dist/chrome-test: full capture, the
 *    host permissions granted at install). One Chromium per build. AuthLens is shown once (so
 *    its frame lives, shown or hidden, in every round), a warm-up runs with each panel, then
 *    rounds alternate which panel is shown first. A run: show the panel, navigate the page
 *    afresh (both lists start empty), time `benchRun(2000)` in the page (performance.now()
 *    around the loop), then wait until AuthLens lists every request of DevTools' network log
 *    and is no longer busy (so no backlog spills into the next run). The ratio is the median of
 *    each round's AuthLens-shown / Network-shown time. Long tasks: those of the panel frame that
 *    start between the run's start and AuthLens having listed it all, in the AuthLens-shown runs
 *    (median count per run, longest of all); the same while hidden is printed apart.
 * 2. Late open (dist/chrome). DevTools opens on the Elements panel; the page sends 3,900
 *    fetches; once DevTools' network log holds them all, one panel is shown, then the other
 *    (which one first alternates between Chromiums). Times start in DevTools' page just before
 *    `InspectorView.showPanel(id)`. AuthLens: to the first row in the frame, and to "complete":
 *    the request count at its final value and `aria-busy` false. Network panel: its
 *    NetworkLogView (DevTools' panels/network module) is read every animation frame from the
 *    moment `showPanel` resolves: first rows = its data grid has rows in the DOM
 *    (`tr.data-grid-data-grid-node`, only those in view are rendered), complete = that, and its
 *    flattened node list (`flatNodesList()`: what the grid lists, after its filters) holds every
 *    request of the network log, and no request waits for a refresh (`staleRequests` empty).
 *    Measured on Chromium 156, the panel is usually complete by the time `showPanel` resolves
 *    (its module loads, its view is built and refreshed with the whole log in one go), so its
 *    first and complete times coincide. Reading per frame rounds its times up by at most one
 *    frame (~17 ms). Each side shows a panel never shown before in that DevTools.
 * 3. 10,000 exchanges arriving (dist/chrome; AUTHLENS_BENCH_BIG_EXTENSION=dist/chrome-test runs
 *    it with full capture, both capture sources merged, ~25% longer). AuthLens shown, its
 *    "Keep" setting raised to 10,000, the page sends 10,000 fetches; long tasks of the panel
 *    frame from the start until all are listed and not busy. Heap then: CDP
 *    HeapProfiler.collectGarbage and Runtime.getHeapUsage (V8's used size) in the panel frame's
 *    target (its renderer's isolate, which also holds the extension's small devtools page) and
 *    in its analysis worker's target (found in the browser's targets as the worker whose parent
 *    is the panel frame, attached from a browser session).
 *
 * Both of Playwright's CDP connections (the launch's, and the one that reaches the DevTools
 * window) follow the inspected page's network events, as any DevTools client does: a cost that
 * falls on both panels' runs alike, so the page-time ratios are those of a browser that has it.
 *
 * It prints and never fails on a figure: timings depend on the machine. Waits are for
 * conditions (request counts, aria-busy), never for a fixed time. AUTHLENS_BENCH_ROUNDS (default
 * 3) and AUTHLENS_BENCH_LATE (default 2, Chromiums for the late open) trade time for stability;
 * AUTHLENS_BENCH_VERBOSE=1 prints progress on stderr; AUTHLENS_BENCH_PARTS=late (or page, big,
 * comma-separated) runs only those parts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { Frame, Page } from "playwright";
import { authlensPanelId, type DevtoolsSession, launchWithDevtools, showDevtoolsPanel } from "../test/harness/devtools.ts";

/** AUTHLENS_BENCH_QUICK=1 sends a tenth of every count: a smoke run of the bench itself, not figures. */
const SCALE = process.env.AUTHLENS_BENCH_QUICK ? 10 : 1;
const FETCHES = 2_000 / SCALE;
const LATE_FETCHES = 3_900 / SCALE;
const BIG = 10_000 / SCALE;
const WARMUP_FETCHES = 300 / SCALE;
const ROUNDS = Number(process.env.AUTHLENS_BENCH_ROUNDS ?? 3);
const LATE_RUNS = Number(process.env.AUTHLENS_BENCH_LATE ?? 2);
/** Which parts run (comma-separated: page, late, big): all by default, one while working on it. */
const PARTS = new Set((process.env.AUTHLENS_BENCH_PARTS ?? "page,late,big").split(",").map((p) => p.trim()));
const LONG_TASK_TARGET_MS = 50;
/** Generous bounds on the condition waits: a stuck panel ends the bench with an error, not a hang. */
const SETTLE_TIMEOUT_MS = 240_000;

const started = performance.now();
function progress(step: string): void {
  if (process.env.AUTHLENS_BENCH_VERBOSE) console.error(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${step}`);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const ms = (x: number) => `${x.toFixed(0)} ms`;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const ratio = (x: number) => `${x.toFixed(2)}×`;

// ---------------------------------------------------------------------------------------------
// The inspected page and its server.

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
/** Unsigned-looking but well-formed JWTs: the panel decodes them as it would real ones. */
function jwt(claims: Record<string, unknown>): string {
  return `${b64url({ alg: "RS256", typ: "JWT", kid: "bench" })}.${b64url(claims)}.${Buffer.from("signature-bytes").toString("base64url")}`;
}

function pageHtml(): string {
  const now = Math.floor(Date.now() / 1000);
  const tokens = {
    valid: jwt({ iss: "https://issuer.bench.test/", aud: "https://api.bench.test", sub: "user-1", scope: "read", iat: now, exp: now + 3600 }),
    expired: jwt({ iss: "https://issuer.bench.test/", aud: "https://api.bench.test", sub: "user-1", iat: now - 7200, exp: now - 3600 }),
  };
  // i % 10: 3 → 401 without credentials; 6 → 401 with an expired token; 1, 4, 7 → 200 with a
  // valid token; the rest → 200 without credentials.
  const script = `
    const tokens = ${JSON.stringify(tokens)};
    function request(i) {
      const k = i % 10;
      if (k === 3) return fetch("/api/private?i=" + i);
      if (k === 6) return fetch("/api/private?i=" + i, { headers: { Authorization: "Bearer " + tokens.expired } });
      if (k === 1 || k === 4 || k === 7) return fetch("/api/items?i=" + i, { headers: { Authorization: "Bearer " + tokens.valid } });
      return fetch("/api/items?i=" + i);
    }
    window.benchRun = async (total) => {
      const start = performance.now();
      for (let i = 0; i < total; i += 100) {
        const wave = [];
        for (let k = i; k < Math.min(total, i + 100); k++) wave.push(request(k).then((r) => r.text()));
        await Promise.all(wave);
      }
      return performance.now() - start;
    };`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>AuthLens DevTools bench</title><link rel="icon" href="data:,"></head><body><p>AuthLens DevTools bench page</p><script>${script}</script></body></html>`;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? "/", "http://bench.invalid").pathname;
  if (path === "/") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(pageHtml());
    return;
  }
  if (path === "/api/private") {
    const auth = req.headers.authorization;
    const challenge = auth
      ? 'Bearer realm="bench", error="invalid_token", error_description="The access token expired"'
      : 'Bearer realm="bench"';
    res.writeHead(401, { "content-type": "application/json", "www-authenticate": challenge, "cache-control": "no-store" });
    res.end(JSON.stringify({ error: auth ? "invalid_token" : "unauthorized" }));
    return;
  }
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ items: [1, 2, 3] }));
}

async function startServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// The probe in the AuthLens panel's frame (a string: it runs in the browser as written).

interface ProbeState {
  at: number;
  total: number;
  busy: boolean;
}
interface LongTask {
  start: number;
  duration: number;
  name: string;
}
interface Probe {
  started: number;
  firstRow?: number;
  states: ProbeState[];
  longTasks: LongTask[];
}

const PANEL_PROBE = `(() => {
  if (!location.pathname.endsWith("/src/panel/panel.html")) return;
  const now = () => performance.timeOrigin + performance.now();
  const probe = { started: now(), firstRow: undefined, states: [], longTasks: [] };
  window.__authlensBench = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration, name: e.name });
  }).observe({ type: "longtask", buffered: true });
  let last = "";
  const check = () => {
    if (probe.firstRow === undefined && document.querySelector(".row[data-exchange-id]")) probe.firstRow = now();
    const m = /^(\\d+) request/.exec(document.querySelector("[data-testid=counts]")?.textContent ?? "");
    const total = m ? Number(m[1]) : 0;
    const busy = document.querySelector(".app")?.getAttribute("aria-busy") !== "false";
    const key = total + " " + busy;
    if (key !== last) {
      last = key;
      probe.states.push({ at: now(), total, busy });
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-busy"] });
})()`;

async function probeOf(panel: Frame): Promise<Probe> {
  const probe = (await panel.evaluate("window.__authlensBench")) as Probe | undefined;
  if (!probe) throw new Error("the probe is missing from the AuthLens panel frame");
  return probe;
}

/** `performance.timeOrigin + performance.now()` in a frame: comparable across DevTools' processes. */
async function clock(frame: Frame | Page): Promise<number> {
  return (await frame.evaluate("performance.timeOrigin + performance.now()")) as number;
}

/** How many requests DevTools' network log holds, and whether all of them have finished. */
async function networkLog(devtools: Page): Promise<{ total: number; finished: number }> {
  return (await devtools.evaluate(`(async () => {
    const logs = await import("./models/logs/logs.js");
    const requests = logs.NetworkLog.NetworkLog.instance().requests();
    return { total: requests.length, finished: requests.filter((r) => r.finished).length };
  })()`)) as { total: number; finished: number };
}

/** Waits until DevTools' network log holds at least `atLeast` requests, all finished. */
async function networkLogSettled(devtools: Page, atLeast: number): Promise<number> {
  await devtools.waitForFunction(
    async (n) => {
      const logs = await import("./models/logs/logs.js" as string);
      const requests = logs.NetworkLog.NetworkLog.instance().requests() as { finished: boolean }[];
      return requests.length >= n && requests.every((r) => r.finished);
    },
    atLeast,
    { polling: 100, timeout: SETTLE_TIMEOUT_MS },
  );
  return (await networkLog(devtools)).total;
}

/**
 * Waits until the AuthLens panel is not busy and lists at least `least` and at most `most`
 * requests. (A function, not a string: the panel's CSP forbids eval.)
 */
async function authlensListing(panel: Frame, least: number, most: number): Promise<void> {
  await panel.waitForFunction(
    ([lo, hi]) => {
      const m = /^(\d+) request/.exec(document.querySelector("[data-testid=counts]")?.textContent ?? "");
      return m !== null && Number(m[1]) >= lo! && Number(m[1]) <= hi! && document.querySelector(".app")?.getAttribute("aria-busy") === "false";
    },
    [least, most],
    { polling: 100, timeout: SETTLE_TIMEOUT_MS },
  );
}
/** The panel cleared its list (a navigation) and is idle. */
const authlensCleared = (panel: Frame, most: number) => authlensListing(panel, 0, most);
/** The panel lists `total` requests and is idle. */
const authlensSettled = (panel: Frame, total: number) => authlensListing(panel, total, Number.MAX_SAFE_INTEGER);

async function showNetwork(s: DevtoolsSession): Promise<void> {
  await showDevtoolsPanel(s.devtools, "network");
}

// ---------------------------------------------------------------------------------------------
// 1. Page time, AuthLens shown vs Network shown.

interface PageTimeResult {
  authlens: number[];
  network: number[];
  ratios: number[];
  shownTasks: LongTask[][];
  hiddenTasks: LongTask[][];
}

async function pageTime(extensionDir: string, origin: string): Promise<PageTimeResult> {
  const s = await launchWithDevtools({ extensionDir });
  try {
    await s.devtools.addInitScript(PANEL_PROBE);
    const panel = await s.showPanel();
    await probeOf(panel);
    let navigation = 0;
    const run = async (shown: "authlens" | "network", fetches: number): Promise<{ time: number; tasks: LongTask[] }> => {
      if (shown === "authlens") await s.showPanel();
      else await showNetwork(s);
      await s.page.goto(`${origin}/?run=${++navigation}`);
      await authlensCleared(panel, 1);
      const from = await clock(panel);
      const time = (await s.page.evaluate(`window.benchRun(${fetches})`)) as number;
      const total = await networkLogSettled(s.devtools, fetches + 1);
      await authlensSettled(panel, total);
      const to = await clock(panel);
      const tasks = (await probeOf(panel)).longTasks.filter((t) => t.start >= from && t.start <= to);
      progress(`${extensionDir}: ${shown} shown, ${fetches} fetches in ${ms(time)}, ${tasks.length} long tasks (${tasks.map((t) => `${t.duration.toFixed(0)} ${t.name}`).join(", ")})`);
      return { time, tasks };
    };
    await run("authlens", WARMUP_FETCHES);
    await run("network", WARMUP_FETCHES);
    const result: PageTimeResult = { authlens: [], network: [], ratios: [], shownTasks: [], hiddenTasks: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (["network", "authlens"] as const) : (["authlens", "network"] as const);
      const times: Record<string, number> = {};
      for (const shown of order) {
        const r = await run(shown, FETCHES);
        times[shown] = r.time;
        result[shown].push(r.time);
        (shown === "authlens" ? result.shownTasks : result.hiddenTasks).push(r.tasks);
      }
      result.ratios.push(times.authlens! / times.network!);
    }
    return result;
  } finally {
    await s.close();
  }
}

function printPageTime(label: string, target: number, dir: string, r: PageTimeResult): void {
  console.log(`  ${dir}: AuthLens shown ${ms(median(r.authlens))} (${r.authlens.map((t) => t.toFixed(0)).join(", ")}), Network shown ${ms(median(r.network))} (${r.network.map((t) => t.toFixed(0)).join(", ")}); per round ${r.ratios.map((x) => x.toFixed(2)).join(", ")}`);
  console.log(`page time, AuthLens vs Network panel${label}: ${ratio(median(r.ratios))} (target ≤ ${target.toFixed(2)})`);
  const line = (runs: LongTask[][]) => {
    const longest = Math.max(0, ...runs.flat().map((t) => t.duration));
    return `${median(runs.map((ts) => ts.length)).toFixed(0)}, longest ${longest.toFixed(0)} ms`;
  };
  console.log(`panel frame long tasks${label}: ${line(r.shownTasks)} (target: none over ${LONG_TASK_TARGET_MS} ms)`);
  console.log(`  (per run of ${FETCHES.toLocaleString("en-US")}, median of ${r.shownTasks.length}; while the Network panel is shown instead: ${line(r.hiddenTasks)})`);
}

// ---------------------------------------------------------------------------------------------
// 2. Late open.

interface LateOpen {
  firstRow: number;
  complete: number;
  networkFirst: number;
  networkComplete: number;
  total: number;
  listed: number;
}

/** Shows the Network panel from DevTools' page and times, there, its first node and its full list. */
async function timeNetworkOpen(devtools: Page, total: number): Promise<{ first: number; complete: number; listed: number }> {
  return (await devtools.evaluate(`(async () => {
    const legacy = await import("./ui/legacy/legacy.js");
    const view = legacy.InspectorView.InspectorView.instance();
    const start = performance.now();
    await view.showPanel("network");
    const network = await import("./panels/network/network.js");
    const log = network.NetworkPanel.NetworkPanel.instance().networkLogView;
    let first;
    for (;;) {
      const listed = log.flatNodesList().length;
      // Rows of the data grid in the DOM (it renders only those in view).
      const rows = log.dataGrid.dataTableBody.querySelectorAll("tr.data-grid-data-grid-node").length;
      if (first === undefined && rows > 0) first = performance.now() - start;
      if (rows > 0 && listed >= ${total} && log.staleRequests.size === 0) return { first, complete: performance.now() - start, listed };
      await new Promise((r) => requestAnimationFrame(r));
    }
  })()`)) as { first: number; complete: number; listed: number };
}

async function timeAuthlensOpen(s: DevtoolsSession, total: number): Promise<{ firstRow: number; complete: number; listed: number }> {
  const start = (await s.devtools.evaluate(`(async () => {
    const legacy = await import("./ui/legacy/legacy.js");
    const view = legacy.InspectorView.InspectorView.instance();
    const start = performance.timeOrigin + performance.now();
    await view.showPanel(${JSON.stringify(authlensPanelId(s.extensionId))});
    return start;
  })()`)) as number;
  const panel = await s.showPanel();
  await authlensSettled(panel, total);
  const probe = await probeOf(panel);
  const final = probe.states.at(-1)!;
  // Complete: the first moment the list reached its final count, not busy.
  const complete = probe.states.find((x) => x.total === final.total && !x.busy)!;
  return { firstRow: (probe.firstRow ?? Number.NaN) - start, complete: complete.at - start, listed: final.total };
}

async function lateOpen(extensionDir: string, origin: string, networkFirst: boolean): Promise<LateOpen> {
  const s = await launchWithDevtools({ extensionDir, initialPanel: "elements" });
  try {
    await s.devtools.addInitScript(PANEL_PROBE);
    await s.page.goto(`${origin}/?late`);
    await s.page.evaluate(`window.benchRun(${LATE_FETCHES})`);
    const total = await networkLogSettled(s.devtools, LATE_FETCHES + 1);
    let network: { first: number; complete: number; listed: number } | undefined;
    if (networkFirst) network = await timeNetworkOpen(s.devtools, total);
    const authlens = await timeAuthlensOpen(s, total);
    if (!networkFirst) network = await timeNetworkOpen(s.devtools, total);
    progress(`late open (${networkFirst ? "Network first" : "AuthLens first"}): AuthLens ${ms(authlens.firstRow)} / ${ms(authlens.complete)}, Network ${ms(network!.first)} / ${ms(network!.complete)}`);
    return {
      firstRow: authlens.firstRow,
      complete: authlens.complete,
      networkFirst: network!.first,
      networkComplete: network!.complete,
      total,
      listed: authlens.listed,
    };
  } finally {
    await s.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. 10,000 exchanges arriving.

interface CdpLike {
  send(method: string, params?: object): Promise<unknown>;
}

/** The worker's own CDP session, reached through a browser session (Target.sendMessageToTarget). */
async function workerSession(s: DevtoolsSession, panel: Frame): Promise<{ session: CdpLike; detach(): Promise<void> }> {
  const frameSession = await s.devtools.context().newCDPSession(panel);
  const { targetInfo } = (await frameSession.send("Target.getTargetInfo")) as { targetInfo: { targetId: string } };
  await frameSession.detach();
  const browser = await s.cdp.newBrowserCDPSession();
  const { targetInfos } = (await browser.send("Target.getTargets")) as { targetInfos: { targetId: string; type: string; parentId?: string; url: string }[] };
  const worker = targetInfos.find((t) => t.type === "worker" && t.parentId === targetInfo.targetId);
  if (!worker) throw new Error(`the panel frame has no worker target (targets: ${targetInfos.map((t) => `${t.type} ${t.url}`).join("; ")})`);
  const { sessionId } = (await browser.send("Target.attachToTarget", { targetId: worker.targetId, flatten: false })) as { sessionId: string };
  let next = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  browser.on("Target.receivedMessageFromTarget", (e: { sessionId: string; message: string }) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    const p = m.id === undefined ? undefined : pending.get(m.id);
    if (!p) return;
    pending.delete(m.id!);
    if (m.error) p.reject(new Error(m.error.message));
    else p.resolve(m.result);
  });
  return {
    session: {
      send: (method, params = {}) =>
        new Promise((resolve, reject) => {
          const id = ++next;
          pending.set(id, { resolve, reject });
          browser.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
        }),
    },
    detach: () => browser.detach(),
  };
}

async function heapUsed(session: CdpLike): Promise<number> {
  await session.send("HeapProfiler.collectGarbage");
  const { usedSize } = (await session.send("Runtime.getHeapUsage")) as { usedSize: number };
  return usedSize;
}

async function tenThousand(extensionDir: string, origin: string): Promise<{ tasks: LongTask[]; panelHeap: number; workerHeap: number; listed: number; time: number }> {
  const s = await launchWithDevtools({ extensionDir });
  try {
    await s.devtools.addInitScript(PANEL_PROBE);
    const panel = await s.showPanel();
    await panel.getByLabel(/^Keep/).selectOption(String(BIG));
    await s.page.goto(`${origin}/?big`);
    await authlensCleared(panel, 1);
    const from = await clock(panel);
    const time = (await s.page.evaluate(`window.benchRun(${BIG})`)) as number;
    const total = await networkLogSettled(s.devtools, BIG + 1);
    await authlensSettled(panel, Math.min(total, BIG));
    const to = await clock(panel);
    const probe = await probeOf(panel);
    const tasks = probe.longTasks.filter((t) => t.start >= from && t.start <= to);
    const listed = probe.states.at(-1)?.total ?? 0;
    progress(`10,000: sent in ${ms(time)}, listed ${listed}, ${tasks.length} long tasks (${[...new Set(tasks.map((t) => t.name))].join(", ")})`);
    const frameSession = await s.devtools.context().newCDPSession(panel);
    const panelHeap = await heapUsed(frameSession as unknown as CdpLike);
    await frameSession.detach();
    const worker = await workerSession(s, panel);
    const workerHeap = await heapUsed(worker.session);
    await worker.detach();
    return { tasks, panelHeap, workerHeap, listed, time };
  } finally {
    await s.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const server = await startServer();
  try {
    console.log(`devtools bench: the real DevTools window, ${FETCHES.toLocaleString("en-US")} fetches × ${ROUNDS} rounds per panel and build, late open ×${LATE_RUNS}`);
    if (PARTS.has("page")) {
      const plain = await pageTime("dist/chrome", server.origin);
      printPageTime("", 1.03, "dist/chrome (DevTools network log only)", plain);
      const full = await pageTime("dist/chrome-test", server.origin);
      printPageTime(", with full capture", 1.05, "dist/chrome-test (full capture granted)", full);
    }
    if (PARTS.has("late")) await latePart(server.origin);
    if (PARTS.has("big")) await bigPart(server.origin);
    progress("done");
  } finally {
    await server.close();
  }
}

async function latePart(origin: string): Promise<void> {
  {

    const late: LateOpen[] = [];
    for (let k = 0; k < LATE_RUNS; k++) late.push(await lateOpen("dist/chrome", origin, k % 2 === 0));
    const lateRatio = median(late.map((l) => l.complete / l.networkComplete));
    console.log(
      `  dist/chrome, ${LATE_FETCHES.toLocaleString("en-US")} fetches logged before either panel is shown; network log ${late.map((l) => l.total).join(", ")} requests, AuthLens listed ${late.map((l) => l.listed).join(", ")}; AuthLens ${late.map((l) => `${l.firstRow.toFixed(0)}/${l.complete.toFixed(0)}`).join(", ")} ms, Network ${late.map((l) => `${l.networkFirst.toFixed(0)}/${l.networkComplete.toFixed(0)}`).join(", ")} ms (first/complete)`,
    );
    console.log(
      `late open: first rows ${ms(median(late.map((l) => l.firstRow)))} (target ≤ 300), complete ${ms(median(late.map((l) => l.complete)))} vs Network panel ${ms(median(late.map((l) => l.networkComplete)))} (ratio ${lateRatio.toFixed(2)}, target ≤ 1)`,
    );
  }
}

async function bigPart(origin: string): Promise<void> {
  {
    const bigBuild = process.env.AUTHLENS_BENCH_BIG_EXTENSION ?? "dist/chrome";
    const big = await tenThousand(bigBuild, origin);
    const longest = Math.max(0, ...big.tasks.map((t) => t.duration));
    console.log(`  ${bigBuild}, Keep 10,000: ${BIG.toLocaleString("en-US")} fetches sent in ${ms(big.time)}, listed ${big.listed}`);
    console.log(`10,000 exchanges arriving: panel frame long tasks ${big.tasks.length}, longest ${longest.toFixed(0)} ms (target: none over ${LONG_TASK_TARGET_MS} ms)`);
    console.log(`heap at 10,000: panel ${mb(big.panelHeap)} MB + worker ${mb(big.workerHeap)} MB = ${mb(big.panelHeap + big.workerHeap)} MB (target ≤ 100 MB)`);
  }
}

await main();
