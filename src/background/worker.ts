/**
 * The background (Chromium service worker, Firefox background script): webRequest capture for
 * every tab, kept per tab in bounded memory buffers, streamed to each connected panel; and
 * Chromium's precise mode (chrome.debugger) for the tabs whose panel turned it on.
 * Listeners are registered at the top level so that a stopped service worker wakes for them.
 */
import browser, { type Runtime } from "webextension-polyfill";
import { type PreciseCapture, startPreciseCapture } from "../capture/debugger.ts";
import type { BackgroundBoot } from "../capture/delivery.ts";
import { type BackgroundMessage, PANEL_PORT, type PanelMessage } from "../capture/protocol.ts";
import { startWebRequestCapture } from "../capture/web-request.ts";
import type { Exchange } from "../core/exchange.ts";
import { TabBuffers } from "./tab-buffers.ts";

/** Precise mode exists in the Chromium build only; Firefox has no debugger API. */
const preciseCapture = __AUTHLENS_BROWSER__ === "chrome" ? startPreciseCapture : undefined;

/**
 * This start of the background: a panel that sees a new boot knows the background restarted,
 * and numbers per boot let it count what it never received (capture/delivery.ts).
 */
const boot: BackgroundBoot = { id: crypto.randomUUID().slice(0, 8), startedAt: Date.now() };
const buffers = new TabBuffers<{ x: Exchange; requestId: string }>(1_000);
const watchers = new Map<Runtime.Port, number>();
const precise = new Map<number, { capture: PreciseCapture; ports: Set<Runtime.Port> }>();

function post(port: Runtime.Port, message: BackgroundMessage): void {
  try {
    port.postMessage(message);
  } catch {
    watchers.delete(port); // the panel went away between two events
  }
}

function postToTab(tabId: number, message: BackgroundMessage): void {
  for (const [port, watched] of watchers) if (watched === tabId) post(port, message);
}

startWebRequestCapture(
  (tabId, x, requestId) => {
    const seq = buffers.push(tabId, { x, requestId });
    postToTab(tabId, { type: "exchanges", items: [x], requestIds: [requestId], boot, first: seq });
  },
  {
    // Exchange ids stay unique in a panel that outlives this background.
    idPrefix: boot.id,
    onStarted: (tabId, requestId, headers) => postToTab(tabId, { type: "started", boot, requestId, headers }),
  },
);

browser.tabs.onRemoved.addListener((tabId) => {
  buffers.drop(tabId);
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
    if (message.type === "watch") {
      watchers.set(port, message.tabId);
      const missed = buffers.get(message.tabId);
      // Sent even when empty: it tells the panel which boot of the background it now speaks to.
      const items = missed.items.map((m) => m.x);
      post(port, { type: "exchanges", items, requestIds: missed.items.map((m) => m.requestId), replay: true, boot, first: missed.first });
    } else if (message.type === "precise") {
      void (message.on ? startPrecise(message.tabId, port) : stopPrecise(message.tabId, port));
    }
  });
  port.onDisconnect.addListener(() => {
    const tabId = watchers.get(port);
    watchers.delete(port);
    // Precise mode belongs to the panel that turned it on: detach when it closes.
    if (tabId !== undefined) void stopPrecise(tabId, port);
  });
});
