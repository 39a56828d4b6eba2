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

export interface NetworkCaptureEvents {
  onExchanges(exchanges: Exchange[]): void;
  /** Entries the core could not read; counted so the panel can say so. */
  onSkipped(count: number): void;
  onNavigated(url: string): void;
}

export interface NetworkCapture {
  stop(): void;
}

/**
 * Token endpoints answer with the token in a JSON body, which the log gives only on request
 * (getContent). Ask for it for small JSON answers of token-like URLs only: busy pages make
 * thousands of JSON calls, and AuthLens needs these few.
 */
const TOKEN_LIKE_URL = /token|oauth|openid|authorize|login|session|auth\b/i;
const MAX_BODY_BYTES = 65_536;

interface FinishedEntry {
  request?: { url?: string };
  response?: { content?: { mimeType?: string; size?: number; text?: string } };
  getContent?: (cb: (content: string, encoding: string) => void) => void;
}

function wantsBody(e: FinishedEntry): boolean {
  const content = e.response?.content;
  return (
    typeof e.getContent === "function" &&
    content !== undefined &&
    content.text === undefined &&
    /json/i.test(content.mimeType ?? "") &&
    (content.size ?? 0) <= MAX_BODY_BYTES &&
    TOKEN_LIKE_URL.test(e.request?.url ?? "")
  );
}

/** The entry with its JSON body filled in, when it is worth asking for (see above). */
function withBody(raw: unknown): Promise<unknown> {
  const e = raw as FinishedEntry;
  if (!wantsBody(e)) return Promise.resolve(raw);
  return new Promise((resolve) => {
    try {
      e.getContent!((text, encoding) => {
        if (typeof text !== "string" || encoding === "base64") return resolve(raw);
        const response = { ...e.response, content: { ...e.response!.content, text } };
        resolve({ ...(raw as object), response });
      });
    } catch {
      resolve(raw);
    }
  });
}

function entryKey(raw: unknown): string {
  const e = raw as { startedDateTime?: unknown; request?: { url?: unknown; method?: unknown } };
  return `${String(e.startedDateTime)} ${String(e.request?.method)} ${String(e.request?.url)}`;
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
