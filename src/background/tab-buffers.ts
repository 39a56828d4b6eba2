/**
 * Recent exchanges per tab, bounded, so that a panel that connects (or reconnects after the
 * service worker restarted) gets what it missed. Each exchange observed for a tab is numbered
 * (1, 2, … per tab, for the life of this background), so that a panel can tell what it already
 * has and count what never reached it (capture/delivery.ts). Memory only: nothing is written
 * to storage.
 */
/** Consecutive observations of one tab: `items[k]` is number `first + k`. */
export interface Numbered<T> {
  readonly first: number;
  readonly items: readonly T[];
}

export class TabBuffers<T> {
  private readonly tabs = new Map<number, { next: number; list: T[] }>();

  constructor(private readonly perTab: number) {}

  /** Keeps `x` and returns its number. */
  push(tabId: number, x: T): number {
    let tab = this.tabs.get(tabId);
    if (!tab) {
      tab = { next: 1, list: [] };
      this.tabs.set(tabId, tab);
    }
    tab.list.push(x);
    if (tab.list.length > this.perTab) tab.list.splice(0, tab.list.length - this.perTab);
    return tab.next++;
  }

  get(tabId: number): Numbered<T> {
    const tab = this.tabs.get(tabId);
    return tab ? { first: tab.next - tab.list.length, items: tab.list } : { first: 1, items: [] };
  }

  /**
   * Nobody watches the tab any more: its exchanges go, its numbering stays (one number), so that
   * a panel coming back to this background does not take new exchanges for ones it already has.
   */
  release(tabId: number): void {
    const tab = this.tabs.get(tabId);
    if (tab) tab.list = [];
  }

  /** The tab closed: nothing of it stays. */
  drop(tabId: number): void {
    this.tabs.delete(tabId);
  }
}
