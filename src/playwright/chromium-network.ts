/**
 * What Playwright's request events leave out of a CORS failure, read from Chromium's DevTools
 * protocol (one CDPSession per page): the preflight, which Playwright never reports, and the
 * response the browser refused, which reaches Playwright only as `net::ERR_FAILED`. With them
 * the recorded HAR reads like the one DevTools exports (`_resourceType: "preflight"`, the
 * refused response's status and headers beside `_error`), and AuthLens names the failing CORS
 * check instead of a bare `cors.blocked`. Chromium only; other browsers keep the event view.
 *
 * CDP Network domain: requestWillBeSent (initiator.type "preflight" marks a preflight),
 * requestWillBeSentExtraInfo / responseReceivedExtraInfo (the headers on the wire, sent also for
 * a response that CORS then refuses), responseReceived, loadingFinished, loadingFailed
 * (corsErrorStatus).
 */
import type { BrowserContext, CDPSession, Page } from "@playwright/test";

interface NameValue {
  name: string;
  value: string;
}

/** One request as the protocol saw it. */
export interface CdpRequest {
  readonly id: string;
  method: string;
  url: string;
  /** Wall-clock start, in ms. */
  startedAt: number;
  preflight: boolean;
  requestHeaders: NameValue[];
  status?: number;
  statusText?: string;
  responseHeaders?: NameValue[];
  ended: boolean;
  errorText?: string;
  corsError?: string;
  /** Taken by the entry it completed (a refused response is matched to one failed request). */
  used: boolean;
}

function pairs(headers: unknown): NameValue[] {
  if (headers === null || typeof headers !== "object") return [];
  const out: NameValue[] = [];
  // CDP joins repeated fields with "\n" (Network.Headers): one field line each again.
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof value === "string") for (const line of value.split("\n")) out.push({ name, value: line });
  }
  return out;
}

type Params = Record<string, unknown> & { requestId?: string };

export class ChromiumNetwork {
  private readonly requests = new Map<string, CdpRequest>();
  /** ExtraInfo may come before requestWillBeSent: kept until its request is known. */
  private readonly early = new Map<string, { requestHeaders?: NameValue[]; status?: number; responseHeaders?: NameValue[] }>();
  private readonly sessions = new Set<CDPSession>();
  private readonly attaching = new Set<Promise<void>>();

  constructor(context: BrowserContext) {
    if (context.browser()?.browserType().name() !== "chromium") return;
    for (const page of context.pages()) this.attach(context, page);
    context.on("page", (page) => this.attach(context, page));
  }

  private attach(context: BrowserContext, page: Page): void {
    const attached = (async () => {
      try {
        const session = await context.newCDPSession(page);
        this.listen(session);
        await session.send("Network.enable");
        this.sessions.add(session);
      } catch {
        // The page closed first, or the protocol is not offered: the event view stands alone.
      }
    })();
    this.attaching.add(attached);
    void attached.finally(() => this.attaching.delete(attached));
  }

  private listen(session: CDPSession): void {
    const on = (event: string, handle: (p: Params) => void) => session.on(event as "Network.requestWillBeSent", handle as never);
    on("Network.requestWillBeSent", (p) => {
      const request = p.request as { method?: string; url?: string; headers?: unknown } | undefined;
      const id = p.requestId;
      if (!id || !request?.url) return;
      const early = this.early.get(id);
      this.early.delete(id);
      const initiator = p.initiator as { type?: string } | undefined;
      // A redirect reuses the id: the new hop is a new request, the old one ended.
      this.requests.set(id, {
        id,
        method: request.method ?? "GET",
        url: request.url,
        startedAt: typeof p.wallTime === "number" ? p.wallTime * 1000 : Date.now(),
        preflight: initiator?.type === "preflight",
        requestHeaders: early?.requestHeaders ?? pairs(request.headers),
        ...(early?.status !== undefined ? { status: early.status, responseHeaders: early.responseHeaders ?? [] } : {}),
        ended: false,
        used: false,
      });
    });
    on("Network.requestWillBeSentExtraInfo", (p) => {
      const known = p.requestId ? this.requests.get(p.requestId) : undefined;
      if (known) known.requestHeaders = pairs(p.headers);
      else if (p.requestId) this.early.set(p.requestId, { ...this.early.get(p.requestId), requestHeaders: pairs(p.headers) });
    });
    on("Network.responseReceivedExtraInfo", (p) => {
      const status = typeof p.statusCode === "number" ? p.statusCode : undefined;
      const known = p.requestId ? this.requests.get(p.requestId) : undefined;
      if (known) {
        if (status !== undefined) known.status = status;
        known.responseHeaders = pairs(p.headers);
      } else if (p.requestId) this.early.set(p.requestId, { ...this.early.get(p.requestId), ...(status !== undefined ? { status } : {}), responseHeaders: pairs(p.headers) });
    });
    on("Network.responseReceived", (p) => {
      const known = p.requestId ? this.requests.get(p.requestId) : undefined;
      const response = p.response as { status?: number; statusText?: string; headers?: unknown } | undefined;
      if (!known || !response) return;
      if (typeof response.status === "number") known.status = response.status;
      if (typeof response.statusText === "string") known.statusText = response.statusText;
      if (!known.responseHeaders || known.responseHeaders.length === 0) known.responseHeaders = pairs(response.headers);
    });
    on("Network.loadingFinished", (p) => {
      const known = p.requestId ? this.requests.get(p.requestId) : undefined;
      if (known) known.ended = true;
    });
    on("Network.loadingFailed", (p) => {
      const known = p.requestId ? this.requests.get(p.requestId) : undefined;
      if (!known) return;
      known.ended = true;
      if (typeof p.errorText === "string") known.errorText = p.errorText;
      const cors = p.corsErrorStatus as { corsError?: string } | undefined;
      if (typeof cors?.corsError === "string") known.corsError = cors.corsError;
    });
  }

  /** Once every page's session listens: a test's first request is not missed. */
  async ready(): Promise<void> {
    while (this.attaching.size > 0) await Promise.allSettled([...this.attaching]);
  }

  /**
   * Waits for each session to answer a command: the protocol delivers a session's events in
   * order, so what the pages did before this call has been heard.
   */
  async settle(): Promise<void> {
    await this.ready();
    await Promise.allSettled([...this.sessions].map((s) => s.send("Network.enable")));
  }

  /** The preflights that ended, in the order they started. */
  preflights(): CdpRequest[] {
    return [...this.requests.values()].filter((r) => r.preflight && r.ended).sort((a, b) => a.startedAt - b.startedAt);
  }

  /** The first unused record of a request that failed with this method and URL, taken. */
  takeFailed(method: string, url: string): CdpRequest | undefined {
    for (const r of this.requests.values()) {
      if (r.used || r.preflight || r.errorText === undefined || r.method !== method || r.url !== url) continue;
      r.used = true;
      return r;
    }
    return undefined;
  }
}
