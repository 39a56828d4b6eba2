/**
 * Standalone AuthLens's own webRequest capture. A panel opened as an extension page of its own
 * (a tab or window) has the webRequest API, so it listens to the tab it watches for as long as
 * it is open: a restart of the background (Chromium stops its service worker when it likes, and
 * its memory with it) takes nothing away. A DevTools panel has no webRequest API (DevTools pages
 * get a subset of the extension APIs) and keeps taking the background's capture.
 */
import browser from "webextension-polyfill";
import type { Exchange } from "../core/exchange.ts";
import type { BackgroundMessage } from "./protocol.ts";
import { startWebRequestCapture } from "./web-request.ts";

export interface OwnCapture {
  /**
   * What to do with a message of the background: true when this capture has taken care of it.
   * The background's first replay is the tab's history before this page opened: what finished
   * before then is handed on; everything else the background says, this capture heard itself.
   * The background listens to a tab only while a panel watches it (background/watched-tabs.ts),
   * so that history holds only what a DevTools panel already watching the tab saw: requests made
   * before any AuthLens watched the tab are in no history.
   */
  takes(message: BackgroundMessage): boolean;
}

/** Starts listening to `tabId`, or undefined where this page has no webRequest API. */
export function startOwnCapture(
  tabId: number,
  add: (exchanges: readonly Exchange[], replay: boolean) => void,
  now: () => number = () => Date.now(),
): OwnCapture | undefined {
  if (browser.webRequest === undefined) return undefined;
  const since = now();
  let history = true;
  startWebRequestCapture((_tab, x) => add([x], false), { tabId, idPrefix: "p" });
  return {
    takes(message) {
      if (message.type === "started") return true;
      if (message.type !== "exchanges") return false;
      // Only the first replay is history; a later one (after a reconnect) repeats it.
      if (message.replay !== true || !history) return true;
      history = false;
      const before = message.items.filter((x) => x.observedAt + (x.durationMs ?? 0) < since);
      if (before.length > 0) add(before, true);
      return true;
    },
  };
}
