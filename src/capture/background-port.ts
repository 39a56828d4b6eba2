/**
 * The panel's line to the background. A Chromium service worker may be stopped at any time;
 * the port then disconnects, and the panel reconnects and asks again for its tab. What the
 * panel already shows stays (the store keeps it); the background replays what it buffered.
 */
import browser, { type Runtime } from "webextension-polyfill";
import { type BackgroundMessage, PANEL_PORT, type PanelMessage } from "./protocol.ts";

export interface BackgroundLink {
  send(message: PanelMessage): void;
  close(): void;
}

const RECONNECT_MS = 250;

export function connectBackground(tabId: number, onMessage: (m: BackgroundMessage) => void, onReconnect?: () => void): BackgroundLink {
  let port: Runtime.Port | undefined;
  let closed = false;
  let preciseWanted = false;

  const open = (again: boolean) => {
    if (closed) return;
    try {
      port = browser.runtime.connect({ name: PANEL_PORT });
    } catch {
      setTimeout(() => open(true), RECONNECT_MS);
      return;
    }
    port.onMessage.addListener((m: unknown) => onMessage(m as BackgroundMessage));
    port.onDisconnect.addListener(() => {
      port = undefined;
      setTimeout(() => open(true), RECONNECT_MS);
    });
    port.postMessage({ type: "watch", tabId } satisfies PanelMessage);
    if (preciseWanted) port.postMessage({ type: "precise", tabId, on: true } satisfies PanelMessage);
    if (again) onReconnect?.();
  };
  open(false);

  return {
    send(message) {
      if (message.type === "precise") preciseWanted = message.on;
      port?.postMessage(message);
    },
    close() {
      closed = true;
      port?.disconnect();
    },
  };
}
