/**
 * A browser context's traffic as a HAR 1.2 document, from Playwright's own events: each request
 * once it finished or failed, with every header the browser sent and received (`headersArray()`:
 * the wire's headers, cookies and repeated WWW-Authenticate fields included, which `headers()`
 * leaves out). What AuthLens reads of a HAR (core/har.ts) is filled in: Chromium's `_error` for a
 * request the browser failed (a CORS refusal is `net::ERR_FAILED`), `_resourceType`, the bodies
 * of error answers and token responses, where the reason is often written.
 */
import type { BrowserContext, Request } from "@playwright/test";

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

/** The requests of one browser context, in the order they started. */
export class TrafficRecorder {
  private readonly started = new Map<Request, { order: number; at: number }>();
  private readonly done: { order: number; entry: RecordedEntry }[] = [];
  private readonly reading = new Set<Promise<void>>();
  private next = 0;
  private readonly detach: () => void;

  constructor(context: BrowserContext) {
    const onRequest = (request: Request) => {
      this.started.set(request, { order: this.next++, at: Date.now() });
    };
    const onEnd = (failed: boolean) => (request: Request) => {
      const start = this.started.get(request) ?? { order: this.next++, at: Date.now() };
      this.started.delete(request);
      const read = entryOf(request, start.at, failed).then((entry) => {
        this.done.push({ order: start.order, entry });
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
    const entries = [...this.done].sort((a, b) => a.order - b.order).map((d) => d.entry);
    return { log: { version: "1.2", creator, entries } };
  }

  /** Forgets what was recorded so far: the next check judges only what comes after. */
  clear(): void {
    this.done.length = 0;
  }

  stop(): void {
    this.detach();
  }
}
