/**
 * A browser context's traffic as a HAR 1.2 document, from Playwright's own events: each request
 * once it finished or failed, with every header the browser sent and received (`headersArray()`:
 * the wire's headers, cookies and repeated WWW-Authenticate fields included, which `headers()`
 * leaves out). What AuthLens reads of a HAR (core/har.ts) is filled in: Chromium's `_error` for a
 * request the browser failed (a CORS refusal is `net::ERR_FAILED`), `_resourceType`, the bodies
 * of error answers and token responses, where the reason is often written.
 */
import type { BrowserContext, Request } from "@playwright/test";
import { ChromiumNetwork, type CdpRequest } from "./chromium-network.ts";

/** Bodies AuthLens reads (error JSON, token responses, form posts), not images or scripts. */
const TEXT_BODY = /json|text\/|x-www-form-urlencoded|xml/i;
/** More of a body than this says nothing a diagnosis needs. */
const MAX_BODY_CHARS = 256 * 1024;

interface NameValue {
  name: string;
  value: string;
}

export interface RecordedEntry {
  startedDateTime: string;
  time: number;
  _resourceType: string;
  _initiator?: { type: string };
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: NameValue[];
    queryString: NameValue[];
    cookies: never[];
    postData?: { mimeType: string; text: string };
    headersSize: -1;
    bodySize: -1;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: NameValue[];
    cookies: never[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: -1;
    _error?: string;
  };
  timings: { send: 0; wait: number; receive: 0 };
}

function queryOf(url: string): NameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

async function safely<T>(read: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await read();
  } catch {
    // The page or context closed while the headers were read: keep what the event itself said.
    return fallback;
  }
}

function headerOf(headers: readonly NameValue[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}

/** One request as a HAR entry: after `requestfinished` (a response came) or `requestfailed`. */
async function entryOf(request: Request, started: number, failed: boolean): Promise<RecordedEntry> {
  const requestHeaders = await safely(() => request.headersArray(), []);
  const response = await safely(() => request.response(), null);
  const responseHeaders = response ? await safely(() => response.headersArray(), []) : [];
  const mimeType = headerOf(responseHeaders, "content-type") ?? "";
  let text: string | undefined;
  if (response && !failed && TEXT_BODY.test(mimeType)) {
    const body = await safely(() => response.text(), undefined);
    if (body !== undefined) text = body.length > MAX_BODY_CHARS ? body.slice(0, MAX_BODY_CHARS) : body;
  }
  const postData = request.postData();
  const timing = request.timing();
  const error = failed ? (request.failure()?.errorText ?? "failed") : undefined;
  return {
    startedDateTime: new Date(started).toISOString(),
    time: Math.max(0, timing.responseEnd),
    _resourceType: request.resourceType(),
    request: {
      method: request.method(),
      url: request.url(),
      httpVersion: "HTTP/1.1",
      headers: requestHeaders,
      queryString: queryOf(request.url()),
      cookies: [],
      ...(postData !== null ? { postData: { mimeType: headerOf(requestHeaders, "content-type") ?? "", text: postData } } : {}),
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: response?.status() ?? 0,
      statusText: response?.statusText() ?? "",
      httpVersion: "HTTP/1.1",
      headers: responseHeaders,
      cookies: [],
      content: { size: text?.length ?? 0, mimeType, ...(text !== undefined ? { text } : {}) },
      redirectURL: headerOf(responseHeaders, "location") ?? "",
      headersSize: -1,
      bodySize: -1,
      ...(error !== undefined ? { _error: error } : {}),
    },
    timings: { send: 0, wait: Math.max(0, timing.responseStart), receive: 0 },
  };
}

/** A preflight Chromium sent, as DevTools exports it (a request of its own, labelled "preflight"). */
function preflightEntry(r: CdpRequest): RecordedEntry {
  const mimeType = headerOf(r.responseHeaders ?? [], "content-type") ?? "";
  return {
    startedDateTime: new Date(r.startedAt).toISOString(),
    time: 0,
    _resourceType: "preflight",
    _initiator: { type: "preflight" },
    request: { method: r.method, url: r.url, httpVersion: "HTTP/1.1", headers: r.requestHeaders, queryString: queryOf(r.url), cookies: [], headersSize: -1, bodySize: -1 },
    response: {
      status: r.status ?? 0,
      statusText: r.statusText ?? "",
      httpVersion: "HTTP/1.1",
      headers: r.responseHeaders ?? [],
      cookies: [],
      content: { size: 0, mimeType },
      redirectURL: headerOf(r.responseHeaders ?? [], "location") ?? "",
      headersSize: -1,
      bodySize: -1,
      ...(r.errorText !== undefined ? { _error: r.errorText } : {}),
    },
    timings: { send: 0, wait: 0, receive: 0 },
  };
}

/**
 * A request Playwright saw fail without a response, completed from the protocol: the response
 * the browser refused (status and headers, as DevTools' HAR keeps them beside `_error`).
 */
function completeFailed(entry: RecordedEntry, network: ChromiumNetwork): void {
  const seen = network.takeFailed(entry.request.method, entry.request.url);
  if (!seen) return;
  if (seen.status !== undefined && entry.response.status === 0) {
    entry.response.status = seen.status;
    entry.response.statusText = seen.statusText ?? "";
    entry.response.headers = seen.responseHeaders ?? [];
    entry.response.content.mimeType = headerOf(entry.response.headers, "content-type") ?? "";
  }
  if (entry.request.headers.length === 0) entry.request.headers = seen.requestHeaders;
  // net::ERR_FAILED is how CORS refusals look in a HAR, and how a request ends that a test's
  // route.abort() or the network failed. Chromium gives a CORS refusal a corsErrorStatus; without
  // one the failure is said to be something else, so that it is not read as CORS.
  if (seen.corsError === undefined && entry.response._error !== undefined) {
    entry.response._error = `${entry.response._error} (not a CORS error: Chromium gave none)`;
  }
}

/** The requests of one browser context, in the order they started. */
export class TrafficRecorder {
  private readonly started = new Map<Request, { order: number; at: number }>();
  private readonly done: { order: number; at: number; entry: RecordedEntry; failed: boolean; completed: boolean }[] = [];
  private readonly network: ChromiumNetwork;
  private readonly reading = new Set<Promise<void>>();
  private next = 0;
  private readonly detach: () => void;

  constructor(context: BrowserContext) {
    this.network = new ChromiumNetwork(context);
    const onRequest = (request: Request) => {
      this.started.set(request, { order: this.next++, at: Date.now() });
    };
    const onEnd = (failed: boolean) => (request: Request) => {
      const start = this.started.get(request) ?? { order: this.next++, at: Date.now() };
      this.started.delete(request);
      const read = entryOf(request, start.at, failed).then((entry) => {
        this.done.push({ order: start.order, at: start.at, entry, failed, completed: false });
      });
      this.reading.add(read);
      void read.finally(() => this.reading.delete(read));
    };
    const onFinished = onEnd(false);
    const onFailed = onEnd(true);
    context.on("request", onRequest);
    context.on("requestfinished", onFinished);
    context.on("requestfailed", onFailed);
    this.detach = () => {
      context.off("request", onRequest);
      context.off("requestfinished", onFinished);
      context.off("requestfailed", onFailed);
    };
  }

  /**
   * The requests that ended so far, as a HAR document, once their headers and bodies are read.
   * A request still in flight has no answer to judge and is left out.
   */
  async har(creator: { name: string; version: string }): Promise<{ log: { version: "1.2"; creator: typeof creator; entries: RecordedEntry[] } }> {
    while (this.reading.size > 0) await Promise.allSettled([...this.reading]);
    await this.network.settle();
    const ordered = [...this.done].sort((a, b) => a.order - b.order);
    for (const d of ordered) {
      if (d.failed && !d.completed) {
        completeFailed(d.entry, this.network);
        d.completed = true;
      }
    }
    // Preflights by their start time among the requests (core pairs each with its request by URL and time).
    const timed = [
      ...ordered.map((d, i) => ({ at: d.at, rank: i, entry: d.entry })),
      ...this.network.preflights().map((r) => ({ at: r.startedAt, rank: -1, entry: preflightEntry(r) })),
    ].sort((a, b) => a.at - b.at || a.rank - b.rank);
    return { log: { version: "1.2", creator, entries: timed.map((t) => t.entry) } };
  }

  /** Resolves once the recorder listens to every page of the context (Chromium's protocol sessions included). */
  ready(): Promise<void> {
    return this.network.ready();
  }

  /** Forgets what was recorded so far: the next check judges only what comes after. */
  clear(): void {
    this.done.length = 0;
  }

  stop(): void {
    this.detach();
  }
}
