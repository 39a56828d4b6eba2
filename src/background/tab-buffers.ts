/**
 * Recent exchanges per tab, bounded, so that a panel that connects (or reconnects after the
 * service worker restarted) gets what it missed. Memory only: nothing is written to storage.
 */
import type { Exchange } from "../core/exchange.ts";

export class TabBuffers {
  private readonly tabs = new Map<number, Exchange[]>();

  constructor(private readonly perTab: number) {}

  push(tabId: number, x: Exchange): void {
    let list = this.tabs.get(tabId);
    if (!list) {
      list = [];
      this.tabs.set(tabId, list);
    }
    list.push(x);
    if (list.length > this.perTab) list.splice(0, list.length - this.perTab);
  }

  get(tabId: number): readonly Exchange[] {
    return this.tabs.get(tabId) ?? [];
  }

  drop(tabId: number): void {
    this.tabs.delete(tabId);
  }
}
