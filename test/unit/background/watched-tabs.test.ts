/**
 * The background listens to webRequest only while a panel watches, and only to the watched tabs
 * (src/background/watched-tabs.ts), with webRequest faked: each registration keeps its filter,
 * and the fake browser calls a listener only for requests its filter matches, as browsers do.
 * A restart of the background is a new WatchedTabs with no listener left, and the panel's real
 * reconnecting link (capture/background-port.ts) over fake ports.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { BackgroundLinkDeps, PortLike } from "../../../src/capture/background-port.ts";
import type { BackgroundBoot } from "../../../src/capture/delivery.ts";
import type { BackgroundMessage, PanelMessage } from "../../../src/capture/protocol.ts";
import { API_ORIGIN } from "../helpers.ts";

type Listener = (d: { tabId: number }) => void;
interface Registration {
  readonly cb: Listener;
  readonly tabId?: number;
}
const registrations = new Map<string, Registration[]>();
function event(name: string) {
  return {
    addListener: (cb: Listener, filter?: { tabId?: number }) => {
      const list = registrations.get(name) ?? registrations.set(name, []).get(name)!;
      list.push(filter?.tabId === undefined ? { cb } : { cb, tabId: filter.tabId });
    },
    removeListener: (cb: Listener) => registrations.set(name, (registrations.get(name) ?? []).filter((r) => r.cb !== cb)),
  };
}
const EVENTS = ["onBeforeRequest", "onSendHeaders", "onHeadersReceived", "onBeforeRedirect", "onCompleted", "onErrorOccurred"];
vi.mock("webextension-polyfill", () => ({
  default: { webRequest: Object.fromEntries(EVENTS.map((n) => [n, event(n)])) },
}));

/** The browser delivers an event to the listeners whose filter matches the request's tab. */
function fire(name: string, d: { tabId: number; [k: string]: unknown }): void {
  for (const r of registrations.get(name) ?? []) if (r.tabId === undefined || r.tabId === d.tabId) r.cb(d);
}
/** One request of `tabId`, from start to end. */
function request(tabId: number, requestId: string): void {
  const d = { requestId, tabId, url: `${API_ORIGIN}/${requestId}`, method: "GET", type: "xmlhttprequest" };
  fire("onBeforeRequest", { ...d, timeStamp: 1_000 });
  fire("onSendHeaders", { ...d, timeStamp: 1_001, requestHeaders: [] });
  fire("onCompleted", { ...d, timeStamp: 1_010, statusCode: 401, responseHeaders: [] });
}
/** Listeners registered now, per event; and the tab each filters to. */
function listenerCount(): number {
  let n = 0;
  for (const list of registrations.values()) n += list.length;
  return n;
}
function filteredTabs(): number[] {
  return [...new Set([...registrations.values()].flat().map((r) => r.tabId ?? -1))].sort();
}

let WatchedTabs: typeof import("../../../src/background/watched-tabs.ts").WatchedTabs;
let connectBackground: typeof import("../../../src/capture/background-port.ts").connectBackground;
beforeAll(async () => {
  vi.stubGlobal("__AUTHLENS_BROWSER__", "chrome");
  ({ WatchedTabs } = await import("../../../src/background/watched-tabs.ts"));
  ({ connectBackground } = await import("../../../src/capture/background-port.ts"));
});
afterEach(() => registrations.clear());

const bootA: BackgroundBoot = { id: "a", startedAt: 1_000 };
const bootB: BackgroundBoot = { id: "b", startedAt: 5_000 };

/** A background's WatchedTabs with named ports that record what it posts them. */
function background(boot: BackgroundBoot) {
  const got = new Map<string, BackgroundMessage[]>();
  const tabs = new WatchedTabs<string>(boot, (port, m) => (got.get(port) ?? got.set(port, []).get(port)!).push(m));
  const urls = (port: string) => (got.get(port) ?? []).flatMap((m) => (m.type === "exchanges" ? m.items.map((x) => x.request.url) : []));
  return { tabs, got, urls };
}

describe("the background's webRequest capture follows its watchers", () => {
  it("registers nothing before a panel watches, and one filtered registration per watched tab", () => {
    const { tabs } = background(bootA);
    expect(listenerCount()).toBe(0);
    request(3, "r1");
    tabs.watch("panel", 3);
    // All six events, each filtered to the watched tab (Chromium's filter takes one tabId).
    expect(listenerCount()).toBe(EVENTS.length);
    expect(filteredTabs()).toEqual([3]);
    tabs.watch("window", 5);
    expect(listenerCount()).toBe(2 * EVENTS.length);
    expect(filteredTabs()).toEqual([3, 5]);
    // A second watcher of a tab shares its registration.
    tabs.watch("second panel", 3);
    expect(listenerCount()).toBe(2 * EVENTS.length);
    expect(tabs.watched).toEqual([3, 5]);
  });

  it("keeps only the watched tab's requests, and none from before it was watched", () => {
    const { tabs, got, urls } = background(bootA);
    request(3, "before");
    tabs.watch("panel", 3);
    // The replay on watch: nothing was kept before anyone watched.
    expect(got.get("panel")).toEqual([{ type: "exchanges", items: [], requestIds: [], replay: true, boot: bootA, first: 1 }]);
    request(3, "mine");
    request(4, "other tab");
    expect(urls("panel")).toEqual([`${API_ORIGIN}/mine`]);
    // A panel joining later gets the buffer of the watched tab: its one request.
    tabs.watch("late", 3);
    expect(urls("late")).toEqual([`${API_ORIGIN}/mine`]);
  });

  it("removes the listeners when the last watcher leaves, and keeps nothing for the tab", () => {
    const { tabs, got } = background(bootA);
    tabs.watch("panel", 3);
    tabs.watch("window", 3);
    request(3, "r1");
    expect(tabs.leave("panel")).toBe(3);
    expect(listenerCount()).toBe(EVENTS.length);
    expect(tabs.leave("window")).toBe(3);
    expect(listenerCount()).toBe(0);
    expect(tabs.watched).toEqual([]);
    request(3, "unwatched");
    // Watched again: the buffer went with the last watcher, the numbering goes on, so that a
    // panel back on this background counts nothing it has as new, nor a new exchange as old.
    tabs.watch("panel again", 3);
    expect(got.get("panel again")).toEqual([{ type: "exchanges", items: [], requestIds: [], replay: true, boot: bootA, first: 2 }]);
    request(3, "r2");
    const live = got.get("panel again")?.[2];
    expect(live?.type === "exchanges" && [live.first, live.items[0]?.id]).toEqual([2, "wa.2-1"]);
  });

  it("moves a port's registration when it watches another tab, and forgets a closed tab", () => {
    const { tabs } = background(bootA);
    tabs.watch("panel", 3);
    tabs.watch("panel", 4);
    expect(filteredTabs()).toEqual([4]);
    tabs.closed(4);
    expect(listenerCount()).toBe(0);
    // The closed tab's watcher is no longer its watcher.
    expect(tabs.leave("panel")).toBeUndefined();
  });
});

describe("a restarted background listens again for the panels that reconnect", () => {
  /** Fake ports between the panel's link and whichever background runs now. */
  function wire() {
    let current = background(bootA);
    const open: { die(): void }[] = [];
    const connect = (): PortLike => {
      const bg = current;
      const onMessage: ((m: unknown) => void)[] = [];
      const onDisconnect: (() => void)[] = [];
      const name = `port${open.length + 1}`;
      // The background's side posts to the panel's listeners.
      bg.got.set(name, []);
      const forward = bg.got.get(name)!;
      forward.push = (...ms: BackgroundMessage[]) => {
        for (const m of ms) for (const cb of onMessage) cb(m);
        return 0;
      };
      open.push({
        die: () => {
          for (const cb of onDisconnect) cb();
        },
      });
      return {
        postMessage: (m) => {
          const message = m as PanelMessage;
          if (message.type === "watch") bg.tabs.watch(name, message.tabId);
        },
        disconnect: () => bg.tabs.leave(name),
        onMessage: { addListener: (cb) => onMessage.push(cb) },
        onDisconnect: { addListener: (cb) => onDisconnect.push(cb) },
      };
    };
    const timers: (() => void)[] = [];
    const deps: BackgroundLinkDeps = { connect, setTimeout: (cb) => timers.push(cb), clearTimeout: () => undefined };
    return {
      deps,
      /** The worker is stopped: its listeners and memory go, its ports disconnect; a new one starts. */
      restart() {
        registrations.clear();
        current = background(bootB);
        for (const p of open.splice(0)) p.die();
      },
      /** The panel's reconnect backoff elapses. */
      elapse() {
        for (const cb of timers.splice(0)) cb();
      },
    };
  }

  it("re-registers the watched tab's listeners when the panel's port comes back", () => {
    const w = wire();
    const heard: string[] = [];
    const link = connectBackground(
      3,
      (m) => {
        if (m.type === "exchanges") heard.push(...m.items.map((x) => `${m.boot.id}:${x.request.url}`));
      },
      undefined,
      w.deps,
    );
    expect(filteredTabs()).toEqual([3]);
    request(3, "r1");
    w.restart();
    expect(listenerCount()).toBe(0);
    // Until the panel reconnects, the new background listens to nothing.
    request(3, "lost");
    w.elapse();
    expect(listenerCount()).toBe(EVENTS.length);
    expect(filteredTabs()).toEqual([3]);
    request(3, "r2");
    expect(heard).toEqual([`a:${API_ORIGIN}/r1`, `b:${API_ORIGIN}/r2`]);
    link.close();
    expect(listenerCount()).toBe(0);
  });
});
