/**
 * The Chromium half of the comparison: Debian's Chromium with dist/chrome-test, standalone
 * AuthLens in a tab of its own, as in test/e2e/capture.spec.ts. No DevTools window is opened, so
 * Chromium, like Firefox here, is read through the background's webRequest capture alone.
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright";
import { CHROMIUM_ARGS, findChrome } from "../harness/devtools.ts";
import type { LabTab, PanelPage, StandaloneSession } from "./standalone.ts";

export interface ChromiumLaunchOptions {
  extensionDir: string;
  labOrigin: string;
}

export async function launchChromiumStandalone(opts: ChromiumLaunchOptions): Promise<StandaloneSession> {
  const executablePath = findChrome();
  if (!executablePath) throw new Error("Chromium was not found: apt-get install chromium, or set CHROME_PATH");
  const extensionDir = realpathSync(resolve(opts.extensionDir));
  const profile = mkdtempSync(join(tmpdir(), "authlens-parity-"));
  const timings: Record<string, number> = {};
  let t = Date.now();
  const lap = (name: string) => {
    timings[name] = (Date.now() - t) / 1000;
    t = Date.now();
  };

  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 15_000 }));
    // A persistent context has no Browser object to ask; the user agent names the version.
    const version = /Chrom(?:e|ium)\/[\d.]+/.exec(await worker.evaluate(() => navigator.userAgent))?.[0] ?? "";
    const extensionId = new URL(worker.url()).host;
    lap("launch");

    const labPage = context.pages()[0] ?? (await context.newPage());
    await labPage.goto(`${opts.labOrigin}/`);
    const panelPage = await context.newPage();
    await panelPage.goto(`chrome-extension://${extensionId}/src/panel/panel.html`);
    lap("panel");

    const lab: LabTab = {
      async run(name) {
        await labPage.evaluate(async (n) => {
          await (window as unknown as { authlensLab: { run(n: string): Promise<unknown> } }).authlensLab.run(n);
        }, name);
      },
      async runAll() {
        await labPage.goto(`${opts.labOrigin}/?run=all`);
        await labPage.waitForSelector("body[data-lab-done='1']", { timeout: 60_000 });
      },
    };
    const panel: PanelPage = {
      // The library's generic signature wraps the argument type; these functions take plain JSON.
      evaluate: <A, R>(fn: (arg: A) => R, arg: A) => panelPage.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<Awaited<R>>,
      click: (selector) => panelPage.click(selector),
      screenshot: async (path) => {
        await panelPage.screenshot({ path });
      },
    };
    return { browserName: "chromium", version, lab, panel, timings, close };
  } catch (error) {
    await close();
    throw error;
  }
}
