/**
 * The background (Chromium service worker, Firefox background script): webRequest capture of
 * the tabs a panel or standalone window watches, only while it watches (background/watched-tabs.ts),
 * kept per tab in bounded memory buffers and streamed to each connected panel; and Chromium's
 * precise mode (chrome.debugger) for the tabs whose panel turned it on.
 * Only runtime.onConnect and tabs.onRemoved are registered at the top level: a stopped service
 * worker wakes when a panel connects, never for a page's requests. A connected port keeps it
 * alive; after a restart each panel reconnects and sends `watch` again, registering its tab.
 */
import browser, { type Runtime } from "webextension-polyfill";
import { type PreciseCapture, startPreciseCapture } from "../capture/debugger.ts";
import type { BackgroundBoot } from "../capture/delivery.ts";
import { type BackgroundMessage, PANEL_PORT, type PanelMessage } from "../capture/protocol.ts";
import { WatchedTabs } from "./watched-tabs.ts";

/** Precise mode exists in the Chromium build only; Firefox has no debugger API. */
const preciseCapture = __AUTHLENS_BROWSER__ === "chrome" ? startPreciseCapture : undefined;

/**
 * This start of the background: a panel that sees a new boot knows the background restarted,
 * and numbers per boot let it count what it never received (capture/delivery.ts).
 */
const boot: BackgroundBoot = { id: crypto.randomUUID().slice(0, 8), startedAt: Date.now() };
const watched = new WatchedTabs<Runtime.Port>(boot, post);
const precise = new Map<number, { capture: PreciseCapture; ports: Set<Runtime.Port> }>();

function post(port: Runtime.Port, message: BackgroundMessage): void {
  try {
    port.postMessage(message);
  } catch {
    // The panel went away between two events; its onDisconnect stops what it started.
  }
}

function postToTab(tabId: number, message: BackgroundMessage): void {
  for (const port of watched.portsOf(tabId)) post(port, message);
}

browser.tabs.onRemoved.addListener((tabId) => {
  watched.closed(tabId);
  void stopPrecise(tabId);
});

async function startPrecise(tabId: number, port: Runtime.Port): Promise<void> {
  const running = precise.get(tabId);
  if (running) {
    running.ports.add(port);
    post(port, { type: "precise-state", on: true });
    return;
  }
  if (!preciseCapture || typeof chrome === "undefined" || !chrome.debugger) {
    post(port, { type: "precise-state", on: false, message: "This browser has no debugger API: precise mode is Chromium only." });
    return;
  }
  try {
    const capture = await preciseCapture(tabId, {
      onVerdicts: (items) => postToTab(tabId, { type: "verdicts", items }),
      onEnded: (message) => {
        precise.delete(tabId);
        postToTab(tabId, { type: "precise-state", on: false, message });
      },
    });
    precise.set(tabId, { capture, ports: new Set([port]) });
    postToTab(tabId, { type: "precise-state", on: true });
  } catch (error) {
    post(port, {
      type: "precise-state",
      on: false,
      message: `Precise mode could not start: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

async function stopPrecise(tabId: number, port?: Runtime.Port): Promise<void> {
  const running = precise.get(tabId);
  if (!running) return;
  if (port) running.ports.delete(port);
  if (port && running.ports.size > 0) return;
  precise.delete(tabId);
  await running.capture.stop();
  postToTab(tabId, { type: "precise-state", on: false });
}

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== PANEL_PORT) return;
  port.onMessage.addListener((raw: unknown) => {
    const message = raw as PanelMessage;
    if (message.type === "watch") watched.watch(port, message.tabId);
    else if (message.type === "precise") {
      void (message.on ? startPrecise(message.tabId, port) : stopPrecise(message.tabId, port));
    }
  });
  port.onDisconnect.addListener(() => {
    const tabId = watched.leave(port);
    // Precise mode belongs to the panel that turned it on: detach when it closes.
    if (tabId !== undefined) void stopPrecise(tabId, port);
  });
});
