/**
 * The tabs an AuthLens panel or standalone window watches, and the webRequest capture of each.
 * The background listens only while someone watches, and only to the watched tabs: a page
 * nobody inspects pays nothing for AuthLens being installed (measured before this: 2,000 fetches
 * took 1.46× as long with full capture granted and no AuthLens open, bench/idle-cost.bench.ts).
 *
 * One webRequest registration per watched tab, each with the `tabId` filter: Chromium's
 * RequestFilter takes a single tabId, and a filter keeps the browser from calling (and waking)
 * the background for any other tab's requests, which a check inside an `<all_urls>` listener
 * would not. With 'extraHeaders' the cost of a listener is paid on the network path of every
 * request it matches, so the filter is where the saving is.
 *
 * Nothing is kept for a tab nobody watches: its buffer goes with its last watcher. Its
 * numbering goes on (tab-buffers.ts), so a panel whose port dropped and came back to the same
 * background counts what it missed instead of mistaking new exchanges for ones it has.
 * A restarted background starts with no registration at all: each panel's port reconnects and
 * sends `watch` again (capture/background-port.ts), which registers its tab anew.
 */
import type { BackgroundBoot } from "../capture/delivery.ts";
import type { BackgroundMessage } from "../capture/protocol.ts";
import { startWebRequestCapture } from "../capture/web-request.ts";
import type { Exchange } from "../core/exchange.ts";
import { TabBuffers } from "./tab-buffers.ts";

interface Watched<P> {
  readonly ports: Set<P>;
  readonly stop: () => void;
}

export class WatchedTabs<P> {
  private readonly buffers = new TabBuffers<{ x: Exchange; requestId: string }>(1_000);
  private readonly watchers = new Map<P, number>();
  private readonly tabs = new Map<number, Watched<P>>();
  /** Registrations started in this background: exchange ids stay unique when a tab is watched again. */
  private registrations = 0;

  constructor(
    private readonly boot: BackgroundBoot,
    private readonly post: (port: P, message: BackgroundMessage) => void,
  ) {}

  /** `port` watches `tabId` (a panel's `watch`): capture starts with the tab's first watcher. */
  watch(port: P, tabId: number): void {
    if (this.watchers.get(port) !== tabId) this.leave(port);
    this.watchers.set(port, tabId);
    let tab = this.tabs.get(tabId);
    if (!tab) {
      tab = { ports: new Set(), stop: this.capture(tabId) };
      this.tabs.set(tabId, tab);
    }
    tab.ports.add(port);
    const missed = this.buffers.get(tabId);
    // Sent even when empty: it tells the panel which boot of the background it now speaks to.
    this.post(port, {
      type: "exchanges",
      items: missed.items.map((m) => m.x),
      requestIds: missed.items.map((m) => m.requestId),
      replay: true,
      boot: this.boot,
      first: missed.first,
    });
  }

  /** `port` is gone: capture of its tab stops with the tab's last watcher. Returns the tab it watched. */
  leave(port: P): number | undefined {
    const tabId = this.watchers.get(port);
    if (tabId === undefined) return undefined;
    this.watchers.delete(port);
    const tab = this.tabs.get(tabId);
    tab?.ports.delete(port);
    if (tab && tab.ports.size === 0) {
      tab.stop();
      this.tabs.delete(tabId);
      this.buffers.release(tabId);
    }
    return tabId;
  }

  /** The tab closed: its capture and everything kept for it go. */
  closed(tabId: number): void {
    const tab = this.tabs.get(tabId);
    if (tab) {
      tab.stop();
      this.tabs.delete(tabId);
      for (const port of tab.ports) this.watchers.delete(port);
    }
    this.buffers.drop(tabId);
  }

  /** The ports watching `tabId`. */
  portsOf(tabId: number): readonly P[] {
    return [...(this.tabs.get(tabId)?.ports ?? [])];
  }

  /** The tabs being captured now. */
  get watched(): readonly number[] {
    return [...this.tabs.keys()];
  }

  private capture(tabId: number): () => void {
    const send = (message: BackgroundMessage) => {
      for (const port of this.portsOf(tabId)) this.post(port, message);
    };
    return startWebRequestCapture(
      (tab, x, requestId) => {
        const first = this.buffers.push(tab, { x, requestId });
        send({ type: "exchanges", items: [x], requestIds: [requestId], boot: this.boot, first });
      },
      {
        tabId,
        // Exchange ids stay unique in a panel that outlives this background, or this registration.
        idPrefix: `${this.boot.id}.${++this.registrations}`,
        onStarted: (_tab, requestId, headers) => send({ type: "started", boot: this.boot, requestId, headers }),
      },
    );
  }
}
