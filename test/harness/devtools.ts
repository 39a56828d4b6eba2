/**
 * Drives the real DevTools window of Debian's Chromium with the built extension loaded, and
 * shows the AuthLens panel in it (recipe measured in PLATFORM-FACTS.md): DevTools opens by
 * itself (--auto-open-devtools-for-tabs); a second CDP connection over --remote-debugging-port
 * sees the devtools:// page; the panel is shown through DevTools' own InspectorView.
 * Used by the e2e tests and by `npm start`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Frame, type Page } from "playwright";

export const PANEL_TITLE = "AuthLens";

const CHROME_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** CHROME_PATH wins; otherwise the first Chromium or Chrome found in the usual places. */
export function findChrome(): string | undefined {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CHROME_CANDIDATES.find((p) => existsSync(p));
}

/**
 * The port Chromium's DevTools endpoint listens on. Chromium picks it itself
 * (--remote-debugging-port=0) and writes it to DevToolsActivePort in the profile: no port is
 * chosen beforehand that another process could take in between.
 */
async function devtoolsPort(profile: string, timeoutMs: number): Promise<number> {
  const file = join(profile, "DevToolsActivePort");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const port = existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : Number.NaN;
    if (Number.isInteger(port) && port > 0) return port;
    await sleep(50);
  }
  throw new Error(`Chromium wrote no DevToolsActivePort within ${timeoutMs} ms`);
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

interface TargetInfo {
  type: string;
  url: string;
}

/**
 * The DevTools front end proper; DevTools also opens a `device_mode_emulation_frame.html` page,
 * which is not it.
 */
function isDevtoolsApp(url: string): boolean {
  return url.startsWith("devtools://devtools/bundled/devtools_app.html") || url.startsWith("devtools://devtools/bundled/inspector.html");
}

/** The devtools:// target starts as type "other" for about a second; connecting earlier misses it. */
async function waitForDevtoolsTarget(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/list`);
      const targets = (await res.json()) as TargetInfo[];
      if (targets.some((t) => isDevtoolsApp(t.url) && t.type === "page")) return;
    } catch {
      // Chromium is still starting.
    }
    await sleep(100);
  }
  throw new Error(`the DevTools window did not appear within ${timeoutMs} ms`);
}

export interface LaunchOptions {
  extensionDir?: string;
  headless?: boolean;
  executablePath?: string;
  viewport?: { width: number; height: number } | null;
  /** Keep the profile folder (npm start) or delete it on close (tests). */
  keepProfile?: boolean;
  /** Where DevTools sits: its own window (default, roomy for the panel) or docked. */
  dock?: "undocked" | "bottom" | "right";
  /** Size of the browser window when headful (npm start). */
  windowSize?: { width: number; height: number };
  /** Size of the undocked DevTools window. */
  devtoolsSize?: { width: number; height: number };
  /**
   * How tall DevTools is when docked at the bottom (how far the user dragged its edge), in CSS
   * pixels: DevTools' `inspector-view.split-view-state` setting. Unset: DevTools' own default.
   */
  dockedHeight?: number;
  /** DevTools' theme: "default" (light) or "dark". */
  theme?: "default" | "dark";
  /** The panel DevTools opens on (its `panel-selected-tab` setting): "network" unless said. */
  initialPanel?: string;
}

/**
 * DevTools keeps its settings in the profile's Preferences, each value JSON-encoded as a string.
 * Seeding them gives a predictable DevTools: dock state, theme, and no welcome drawer.
 */
function seedDevtoolsPreferences(profile: string, opts: LaunchOptions): void {
  const prefs = {
    currentDockState: JSON.stringify(opts.dock ?? "undocked"),
    "ui-theme": JSON.stringify(opts.theme ?? "default"),
    "panel-selected-tab": JSON.stringify(opts.initialPanel ?? "network"),
    ...(opts.dockedHeight !== undefined ? { "inspector-view.split-view-state": JSON.stringify({ horizontal: { size: opts.dockedHeight } }) } : {}),
  };
  mkdirSync(join(profile, "Default"), { recursive: true });
  writeFileSync(join(profile, "Default", "Preferences"), JSON.stringify({ devtools: { preferences: prefs } }));
}

export interface DevtoolsSession {
  context: BrowserContext;
  /** The inspected tab. */
  page: Page;
  /** The DevTools window, as a page of the second CDP connection. */
  devtools: Page;
  cdp: Browser;
  extensionId: string;
  /** Shows the AuthLens panel and returns its frame. */
  showPanel(): Promise<Frame>;
  close(): Promise<void>;
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--disable-features=Translate,MediaRouter,OptimizationHints",
];

export async function launchWithDevtools(opts: LaunchOptions = {}): Promise<DevtoolsSession> {
  const extensionDir = realpathSync(resolve(opts.extensionDir ?? "dist/chrome"));
  if (!existsSync(join(extensionDir, "manifest.json"))) throw new Error(`no built extension in ${extensionDir}: run npm run build`);
  const executablePath = opts.executablePath ?? findChrome();
  if (!executablePath) throw new Error("Chromium was not found: install it (apt-get install chromium) or set CHROME_PATH");
  const profile = mkdtempSync(join(tmpdir(), "authlens-profile-"));
  seedDevtoolsPreferences(profile, opts);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: opts.headless ?? true,
    viewport: opts.viewport === undefined ? { width: 1280, height: 800 } : opts.viewport,
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      "--auto-open-devtools-for-tabs",
      ...(opts.windowSize ? [`--window-size=${opts.windowSize.width},${opts.windowSize.height}`] : []),
      "--remote-debugging-port=0",
    ],
  });
  const port = await devtoolsPort(profile, 20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  await waitForDevtoolsTarget(port, 20_000);
  const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  let devtools: Page | undefined;
  for (let i = 0; i < 100 && !devtools; i++) {
    devtools = cdp.contexts().flatMap((c) => c.pages()).find((p) => isDevtoolsApp(p.url()));
    if (!devtools) await sleep(100);
  }
  if (!devtools) throw new Error("the DevTools window is not reachable over CDP");
  const extensionId = await waitForExtensionId(devtools);
  if ((opts.dock ?? "undocked") === "undocked") await resizeWindowOf(cdp, devtools, opts.devtoolsSize ?? { width: 1280, height: 760 });

  const session: DevtoolsSession = {
    context,
    page,
    devtools,
    cdp,
    extensionId,
    showPanel: () => showPanel(devtools, extensionId),
    async close() {
      await cdp.close().catch(() => undefined);
      await context.close().catch(() => undefined);
      if (!opts.keepProfile) rmSync(profile, { recursive: true, force: true });
    },
  };
  return session;
}

/** An undocked DevTools window opens small; give the panel a realistic working size. */
async function resizeWindowOf(cdp: Browser, target: Page, size: { width: number; height: number }): Promise<void> {
  const pageSession = await target.context().newCDPSession(target);
  const { targetInfo } = (await pageSession.send("Target.getTargetInfo")) as { targetInfo: { targetId: string } };
  const browserSession = await cdp.newBrowserCDPSession();
  const { windowId } = (await browserSession.send("Browser.getWindowForTarget", { targetId: targetInfo.targetId })) as { windowId: number };
  await browserSession.send("Browser.setWindowBounds", { windowId, bounds: { ...size, windowState: "normal" } });
  await pageSession.detach();
  await browserSession.detach();
}

/** The extension's devtools page runs as a frame of the DevTools window; its URL names the id. */
async function waitForExtensionId(devtools: Page): Promise<string> {
  for (let i = 0; i < 150; i++) {
    for (const f of devtools.frames()) {
      const m = /^chrome-extension:\/\/([a-p]{32})\//.exec(f.url());
      if (m?.[1]) return m[1];
    }
    await sleep(100);
  }
  throw new Error("the AuthLens devtools page did not load in DevTools (is the extension built and loaded?)");
}

/** DevTools' id of the AuthLens panel: the extension's origin followed by the panel's title. */
export function authlensPanelId(extensionId: string): string {
  return `chrome-extension://${extensionId}${PANEL_TITLE}`;
}

/** Shows one of DevTools' panels by its id ("network", "elements", or an extension's panel id). */
export async function showDevtoolsPanel(devtools: Page, id: string): Promise<void> {
  await devtools.evaluate(async (id) => {
    // DevTools' own module; the path is relative to devtools://devtools/bundled/.
    const legacy = await import("./ui/legacy/legacy.js" as string);
    const view = legacy.InspectorView.InspectorView.instance();
    for (let i = 0; i < 100 && !view.hasPanel(id); i++) await new Promise((r) => setTimeout(r, 100));
    if (!view.hasPanel(id)) throw new Error(`DevTools has no panel ${id}`);
    await view.showPanel(id);
  }, id);
}

async function showPanel(devtools: Page, extensionId: string): Promise<Frame> {
  await showDevtoolsPanel(devtools, authlensPanelId(extensionId));
  for (let i = 0; i < 100; i++) {
    const frame = devtools.frames().find((f) => f.url().includes("/src/panel/panel.html"));
    if (frame) {
      await frame.waitForSelector(".app", { timeout: 10_000 });
      return frame;
    }
    await sleep(100);
  }
  throw new Error("the AuthLens panel frame did not appear");
}

/**
 * Switches DevTools' theme as Settings → Preferences → Theme does, while DevTools is open: the
 * `ui-theme` setting of DevTools' own settings module (paths relative to devtools://devtools/bundled/).
 */
export async function setDevtoolsTheme(devtools: Page, theme: "default" | "dark"): Promise<void> {
  await devtools.evaluate(async (name) => {
    const common = await import("./core/common/common.js" as string);
    common.Settings.Settings.instance().moduleSetting("ui-theme").set(name);
  }, theme);
}
