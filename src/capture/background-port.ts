/**
 * The panel's line to the background. A Chromium service worker may be stopped at any time;
 * the port then disconnects, and the panel reconnects and asks again for its tab. What the
 * panel already shows stays (the store keeps it); the background replays what it buffered.
 * Reconnects back off (capture/reconnect-backoff.ts): a background that cannot come back is
 * not asked again and again every few milliseconds.
 */
import browser from "webextension-polyfill";
import { type BackgroundMessage, PANEL_PORT, type PanelMessage } from "./protocol.ts";
import { type BackoffPolicy, PANEL_RECONNECT, ReconnectBackoff } from "./reconnect-backoff.ts";

export interface BackgroundLink {
  send(message: PanelMessage): void;
  close(): void;
}

/** What the link uses of a runtime port (runtime.Port of the WebExtension API). */
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  readonly onMessage: { addListener(cb: (message: unknown) => void): void };
  readonly onDisconnect: { addListener(cb: () => void): void };
}

/** What the link depends on, replaceable for tests; the browser's by default. */
export interface BackgroundLinkDeps {
  readonly connect?: () => PortLike;
  readonly setTimeout?: (cb: () => void, ms: number) => unknown;
  readonly clearTimeout?: (handle: unknown) => void;
  readonly backoff?: BackoffPolicy;
}

export function connectBackground(
  tabId: number,
  onMessage: (m: BackgroundMessage) => void,
  onReconnect?: () => void,
  deps: BackgroundLinkDeps = {},
): BackgroundLink {
  const connect = deps.connect ?? (() => browser.runtime.connect({ name: PANEL_PORT }));
  const later = deps.setTimeout ?? ((cb: () => void, ms: number) => setTimeout(cb, ms));
  const cancel = deps.clearTimeout ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const backoff = new ReconnectBackoff(deps.backoff ?? PANEL_RECONNECT);
  let port: PortLike | undefined;
  let timer: unknown;
  let closed = false;
  let preciseWanted = false;

  const retry = () => {
    if (closed || timer !== undefined) return;
    timer = later(() => {
      timer = undefined;
      open(true);
    }, backoff.next());
  };

  const open = (again: boolean) => {
    if (closed) return;
    let p: PortLike;
    try {
      p = connect();
    } catch {
      retry();
      return;
    }
    port = p;
    let proven = false;
    p.onMessage.addListener((m: unknown) => {
      // A port replaced or closed since says nothing more: each message is delivered once.
      if (closed || p !== port) return;
      if (!proven) {
        proven = true;
        backoff.reset();
      }
      onMessage(m as BackgroundMessage);
    });
    p.onDisconnect.addListener(() => {
      if (p !== port) return;
      port = undefined;
      retry();
    });
    p.postMessage({ type: "watch", tabId } satisfies PanelMessage);
    if (preciseWanted) p.postMessage({ type: "precise", tabId, on: true } satisfies PanelMessage);
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
      if (timer !== undefined) cancel(timer);
      timer = undefined;
      const p = port;
      port = undefined;
      p?.disconnect();
    },
  };
}
