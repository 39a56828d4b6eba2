/**
 * Debian's Firefox ESR, headless, with the built add-on, driven by puppeteer-core over WebDriver
 * BiDi (Playwright cannot drive a stock Firefox). The add-on is installed with BiDi
 * `webExtension.install` (a temporary add-on, like about:debugging's), and standalone AuthLens is
 * opened at its moz-extension:// URL, which a preference makes predictable.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import puppeteer, { type Page } from "puppeteer-core";
import { type LabTab, type PanelPage, type StandaloneSession, waitFor } from "./standalone.ts";

export const FIREFOX_CANDIDATES = ["/usr/bin/firefox-esr", "/usr/bin/firefox"];

/** FIREFOX_PATH wins; otherwise Debian's firefox-esr, then firefox. */
export function findFirefox(): string | undefined {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return FIREFOX_CANDIDATES.find((p) => existsSync(p));
}

/**
 * Firefox picks a random moz-extension:// host per install unless this preference names one, and
 * the page can only be opened by URL. Any UUID works; a fixed one keeps screenshots comparable.
 */
export const ADDON_UUID = "a7e1c0de-5e55-4f1a-9a11-0c0ffee0a117";

const VIEWPORT = { width: 1280, height: 800 };

function geckoId(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionDir, "manifest.json"), "utf8")) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id: is it a Firefox build?`);
  return id;
}

/**
 * Opens a moz-extension:// page in `page`. Firefox's BiDi sends no navigation or load events for
 * documents in the extension process, so `goto` would wait for events that never come: start the
 * navigation without waiting on it, then wait for the document itself.
 */
async function openExtensionPage(page: Page, url: string): Promise<void> {
  void page.goto(url, { timeout: 10_000 }).catch(() => undefined);
  await waitFor(
    url,
    () => page.evaluate(() => `${location.href} ${document.readyState} ${document.getElementById("app")?.childElementCount ?? 0}`),
    (s) => s.startsWith(`${url} complete`) && !s.endsWith(" 0"),
  );
}

export interface FirefoxLaunchOptions {
  extensionDir: string;
  labOrigin: string;
}

export async function launchFirefoxStandalone(opts: FirefoxLaunchOptions): Promise<StandaloneSession> {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error("Firefox was not found: apt-get install firefox-esr, or set FIREFOX_PATH");
  const extensionDir = realpathSync(resolve(opts.extensionDir));
  const id = geckoId(extensionDir);
  const timings: Record<string, number> = {};
  let t = Date.now();
  const lap = (name: string) => {
    timings[name] = (Date.now() - t) / 1000;
    t = Date.now();
  };

  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath,
    headless: true,
    protocol: "webDriverBiDi",
    defaultViewport: VIEWPORT,
    // BiDi refuses to navigate to other schemes than http(s), file, blob and about:blank unless
    // the remote agent may reach privileged pages; moz-extension:// is one of them.
    args: ["--remote-allow-system-access"],
    extraPrefsFirefox: {
      "extensions.webextensions.uuids": JSON.stringify({ [id]: ADDON_UUID }),
      // Keep a headless test run quiet and offline: no first-run pages, no update checks.
      "browser.shell.checkDefaultBrowser": false,
      "app.update.enabled": false,
      "extensions.update.enabled": false,
    },
  });
  try {
    const version = await browser.version();
    lap("launch");
    const installed = await browser.installExtension(extensionDir);
    if (installed !== id) throw new Error(`installed add-on ${installed}, expected ${id}`);
    lap("install");

    const labPage = (await browser.pages())[0] ?? (await browser.newPage());
    await labPage.goto(`${opts.labOrigin}/`);
    const panelPage = await browser.newPage();
    await openExtensionPage(panelPage, `moz-extension://${ADDON_UUID}/src/panel/panel.html`);
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
      click: async (selector) => {
        await panelPage.click(selector);
      },
      screenshot: async (path) => {
        await panelPage.screenshot({ path: path as `${string}.png` });
      },
    };
    return {
      browserName: "firefox",
      version,
      lab,
      panel,
      timings,
      async close() {
        await browser.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}
