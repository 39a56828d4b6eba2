/**
 * Capture from the DevTools network log (chrome.devtools.network / browser.devtools.network):
 * getHAR() for what finished before the panel opened, onRequestFinished for the rest. Entries
 * arrive as each request finishes, so out of order; ids follow arrival.
 *
 * The listener is registered before getHAR() is asked, and entries seen by both are dropped
 * once, so nothing that finishes in between is lost or doubled.
 */
import browser from "webextension-polyfill";
import type { Exchange } from "../core/exchange.ts";
import { exchangeFromHarEntry, harPageUrls } from "../core/har.ts";
import { entryKey, withBody } from "./devtools-log-entry.ts";

export interface NetworkCaptureEvents {
  onExchanges(exchanges: Exchange[]): void;
  /** Entries the core could not read; counted so the panel can say so. */
  onSkipped(count: number): void;
  onNavigated(url: string): void;
}

export interface NetworkCapture {
  stop(): void;
}

export async function startDevtoolsNetworkCapture(events: NetworkCaptureEvents): Promise<NetworkCapture> {
  let next = 1;
  let pageUrl: string | undefined;
  let pages = new Map<string, string>();
  let ready = false;
  const early: unknown[] = [];

  const deliver = (raws: readonly unknown[]) => {
    const out: Exchange[] = [];
    let skipped = 0;
    for (const raw of raws) {
      // The page an entry belongs to: its HAR page when getHAR() named it, else the last navigation.
      const ref = (raw as { pageref?: unknown }).pageref;
      const url = (typeof ref === "string" ? pages.get(ref) : undefined) ?? pageUrl;
      const r = exchangeFromHarEntry(raw, {
        id: `e${next}`,
        source: "devtools-network",
        ...(url !== undefined ? { pageUrl: url } : {}),
      });
      if (r.ok) {
        next++;
        out.push(r.exchange);
      } else skipped++;
    }
    if (out.length > 0) events.onExchanges(out);
    if (skipped > 0) events.onSkipped(skipped);
  };

  // Keys of the entries getHAR() returned: a live entry that finished meanwhile is not repeated.
  let seen = new Set<string>();
  const onFinished = (entry: unknown) => {
    void withBody(entry).then((e) => {
      if (!ready) early.push(e);
      else if (!seen.has(entryKey(e))) deliver([e]);
    });
  };
  const onNavigated = (url: string) => {
    pageUrl = url;
    events.onNavigated(url);
  };
  browser.devtools.network.onRequestFinished.addListener(onFinished);
  browser.devtools.network.onNavigated.addListener(onNavigated);

  let existing: unknown[] = [];
  try {
    const log = (await browser.devtools.network.getHAR()) as { entries?: unknown[]; pages?: unknown };
    existing = Array.isArray(log?.entries) ? log.entries : [];
    pages = harPageUrls(log?.pages);
  } catch {
    existing = []; // DevTools may refuse while a page is loading; live entries still arrive.
  }
  seen = new Set(existing.map(entryKey));
  deliver(existing);
  ready = true;
  deliver(early.filter((e) => !seen.has(entryKey(e))));

  return {
    stop() {
      browser.devtools.network.onRequestFinished.removeListener(onFinished);
      browser.devtools.network.onNavigated.removeListener(onNavigated);
    },
  };
}
