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

/** Entries of the log that existed before the panel opened, converted per task. */
const EXISTING_PER_TASK = 250;

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
  // Requests finish in bursts, and DevTools hands their entries over one event at a time: those
  // that arrive together are delivered together, in one message to the analysis, not one each.
  let batch: unknown[] = [];
  let flushing: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    flushing = undefined;
    const entries = batch;
    batch = [];
    deliver(entries);
  };
  const onFinished = (entry: unknown) => {
    void withBody(entry).then((e) => {
      if (!ready) early.push(e);
      else if (!seen.has(entryKey(e))) {
        batch.push(e);
        flushing ??= setTimeout(flush, 0);
      }
    });
  };
  const onNavigated = (url: string) => {
    // What finished before the navigation belongs to the page it left.
    if (flushing !== undefined) {
      clearTimeout(flushing);
      flush();
    }
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
  // A log of thousands is handed over a few hundred entries a task: the panel answers input
  // meanwhile, and the analysis starts on the first while the rest are converted.
  for (let i = 0; i < existing.length; i += EXISTING_PER_TASK) {
    deliver(existing.slice(i, i + EXISTING_PER_TASK));
    if (i + EXISTING_PER_TASK < existing.length) await new Promise((r) => setTimeout(r, 0));
  }
  ready = true;
  deliver(early.filter((e) => !seen.has(entryKey(e))));

  return {
    stop() {
      if (flushing !== undefined) clearTimeout(flushing);
      browser.devtools.network.onRequestFinished.removeListener(onFinished);
      browser.devtools.network.onNavigated.removeListener(onNavigated);
    },
  };
}
