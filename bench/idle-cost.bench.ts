/**
 * What AuthLens costs a page nobody inspects: the lab's busy page (`/?busy=2000`, 2,000 fetch()
 * calls in waves of 100, test/lab/page.js) loaded in a Chromium with the extension installed,
 * full capture granted (dist/chrome-test: host permissions granted at install) and no DevTools,
 * no panel, no standalone window open; against the same page in a Chromium without it.
 *
 *   npm run bench                   (this is one step; needs npm run build and /usr/bin/chromium)
 *   tsx bench/idle-cost.bench.ts [extension dir, default dist/chrome-test]
 *
 * Both browsers run side by side for the whole bench (headless, fresh profiles, the e2e tests'
 * flags); rounds alternate which one goes first, so that load from elsewhere on the machine
 * falls on both. Each round times, from Node, the navigation to the busy page until the page
 * marks itself done (`body[data-lab-done]`, after its last wave). A warm-up round is not
 * counted. The ratio is the median of each round's ratio (with AuthLens / without): a round's
 * two runs follow each other, so the load that slows one mostly slows the other too, which
 * the ratio of the two medians would not cancel on a shared machine. Both are printed.
 *
 * It prints and never fails: timings depend on the machine.
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { type BrowserContext, chromium } from "playwright";
import { CHROMIUM_ARGS, findChrome } from "../test/harness/devtools.ts";
import { startLab } from "../test/lab/server.ts";

const REQUESTS = 2_000;
const ROUNDS = Number(process.env.AUTHLENS_BENCH_ROUNDS ?? 6);

interface Browser {
  readonly name: string;
  readonly context: BrowserContext;
  readonly profile: string;
  readonly times: number[];
}

async function launch(name: string, extensionDir: string | undefined): Promise<Browser> {
  const executablePath = findChrome();
  if (!executablePath) throw new Error("Chromium was not found: install it (apt-get install chromium) or set CHROME_PATH");
  const profile = mkdtempSync(join(tmpdir(), "authlens-idle-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [])],
  });
  if (extensionDir) {
    // The extension is installed and its background has started (whatever it registers at start).
    if (context.serviceWorkers().length === 0) await context.waitForEvent("serviceworker", { timeout: 20_000 });
  }
  return { name, context, profile, times: [] };
}

async function timeBusyPage(b: Browser, pageOrigin: string): Promise<number> {
  const page = await b.context.newPage();
  try {
    const start = performance.now();
    await page.goto(`${pageOrigin}/?busy=${REQUESTS}`);
    await page.waitForSelector("body[data-lab-done='1']", { timeout: 300_000 });
    return performance.now() - start;
  } finally {
    await page.close();
  }
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const extensionDir = realpathSync(resolve(process.argv[2] ?? "dist/chrome-test"));
  const lab = await startLab({ pagePort: 0, apiPort: 0 });
  const withIt = await launch("with AuthLens", extensionDir);
  const without = await launch("without", undefined);
  try {
    // Warm-up: both browsers' caches, the lab's JIT.
    await timeBusyPage(withIt, lab.pageOrigin);
    await timeBusyPage(without, lab.pageOrigin);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [withIt, without] : [without, withIt];
      for (const b of order) b.times.push(await timeBusyPage(b, lab.pageOrigin));
      if (process.env.AUTHLENS_BENCH_VERBOSE) console.error(`round ${round + 1}: with ${withIt.times.at(-1)?.toFixed(0)} ms, without ${without.times.at(-1)?.toFixed(0)} ms`);
    }
    console.log(`idle cost bench: ${extensionDir}, ${REQUESTS} fetches, ${ROUNDS} rounds`);
    for (const b of [withIt, without]) console.log(`  ${b.name}: median ${median(b.times).toFixed(0)} ms (${b.times.map((t) => t.toFixed(0)).join(", ")})`);
    const ratios = withIt.times.map((t, k) => t / without.times[k]!);
    console.log(`  per round: ${ratios.map((r) => r.toFixed(2)).join(", ")}; ratio of the medians ${(median(withIt.times) / median(without.times)).toFixed(2)}`);
    console.log(`idle cost (no AuthLens open, full capture granted): ${median(ratios).toFixed(2)}×`);
  } finally {
    for (const b of [withIt, without]) {
      await b.context.close();
      rmSync(b.profile, { recursive: true, force: true });
    }
    await lab.close();
  }
}

await main();
