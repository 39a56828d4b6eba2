/**
 * HAR 1.2 → Exchange, for entries from chrome.devtools.network, Firefox's devtools.network and
 * HAR files exported by Chrome, Firefox and sanitizing tools.
 * http://www.softwareishard.com/blog/har-12-spec/ ; Chromium adds `_resourceType`, `_initiator`
 * and `response._error` (devtools-frontend front_end/models/har/Log.ts).
 *
 * Everything here is untrusted: fields are read defensively and nothing throws.
 */
import type { CaptureSource, CookiePair, Exchange, ExchangeRequest, ExchangeResponse } from "./exchange.ts";
import type { Header } from "./headers.ts";
import { announcesPreflight } from "./preflight.ts";
import { LIMITS, clip } from "./limits.ts";

/** The parts of a HAR entry AuthLens reads. Every field may be missing or of the wrong type. */
export interface HarEntry {
  startedDateTime?: unknown;
  time?: unknown;
  pageref?: unknown;
  request?: unknown;
  response?: unknown;
  _resourceType?: unknown;
  _initiator?: unknown;
  _error?: unknown;
}

export interface HarPage {
  id?: unknown;
  title?: unknown;
}

export interface HarLog {
  creator?: { name?: unknown; version?: unknown };
  pages?: unknown;
  entries: unknown[];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** A header value as text. Only primitives are converted: String() on an object can run its code or throw. */
function text(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return "";
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * Is this entry object already the `{ name, value }` pair AuthLens would build from it: exactly
 * those two members, in that order, the value a string within LIMITS.headerValueChars (the
 * caller checks the name)? Then it is kept as it is. A capture holds hundreds of thousands of
 * header lines, and copies of them all were most of what an import allocated (and the garbage
 * collector then moved); an object with anything else is copied, so an Exchange never holds more.
 */
function isNameValuePair(o: Json): boolean {
  if (typeof o.value !== "string" || o.value.length > LIMITS.headerValueChars) return false;
  let members = 0;
  for (const key in o) {
    if (key !== (members === 0 ? "name" : members === 1 ? "value" : undefined)) return false;
    members++;
  }
  return members === 2;
}

/**
 * Is every member of the list a header line kept as it is (isNameValuePair, a non-empty name),
 * and the list within LIMITS.headersPerMessage? Then the list itself is the header list: a
 * capture's messages hold hundreds of thousands of lines, and a copy of each list was as much
 * garbage as the lines' own copies were (see isNameValuePair).
 */
function isHeaderList(v: readonly unknown[]): v is Header[] {
  if (v.length > LIMITS.headersPerMessage) return false;
  for (let i = 0; i < v.length; i++) {
    const h = v[i];
    if (!isObject(h) || typeof h.name !== "string" || h.name === "" || !isNameValuePair(h)) return false;
  }
  return true;
}

function readHeaders(v: unknown): Header[] {
  if (!Array.isArray(v)) return [];
  if (isHeaderList(v)) return v;
  const out: Header[] = [];
  for (const h of v) {
    if (out.length >= LIMITS.headersPerMessage) break;
    if (!isObject(h)) continue;
    const name = str(h.name);
    if (name === undefined || name === "") continue;
    out.push(isNameValuePair(h) ? (h as unknown as Header) : { name, value: clip(text(h.value), LIMITS.headerValueChars) });
  }
  return out;
}

/** Is every member a cookie pair kept as it is (isNameValuePair), within LIMITS.cookiesPerRequest? Then the list is kept too. */
function isCookieList(v: readonly unknown[]): v is CookiePair[] {
  if (v.length > LIMITS.cookiesPerRequest) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (!isObject(c) || typeof c.name !== "string" || !isNameValuePair(c)) return false;
  }
  return true;
}

function readCookies(v: unknown): CookiePair[] {
  if (!Array.isArray(v)) return [];
  if (isCookieList(v)) return v;
  const out: CookiePair[] = [];
  for (const c of v) {
    if (out.length >= LIMITS.cookiesPerRequest) break;
    if (!isObject(c)) continue;
    const name = str(c.name);
    if (name === undefined) continue;
    out.push(isNameValuePair(c) ? (c as unknown as CookiePair) : { name, value: clip(str(c.value) ?? "", LIMITS.headerValueChars) });
  }
  return out;
}

/**
 * HAR `response.content`: keep small JSON or text bodies (token endpoints answer with JSON);
 * base64-encoded or binary content is not kept.
 */
function readBody(content: unknown): { text: string; mimeType: string } | undefined {
  if (!isObject(content)) return undefined;
  const text = str(content.text);
  const mimeType = (str(content.mimeType) ?? "").toLowerCase();
  if (text === undefined || text === "" || content.encoding === "base64") return undefined;
  if (!/json|^text\//.test(mimeType)) return undefined;
  return { text: clip(text, LIMITS.bodyChars), mimeType };
}

/** HAR `request.postData`: small JSON, form or text bodies (a token request); multipart and `params`-only data are not kept. */
function readPostData(postData: unknown): { text: string; mimeType: string } | undefined {
  if (!isObject(postData)) return undefined;
  const text = str(postData.text);
  const mimeType = (str(postData.mimeType) ?? "").toLowerCase();
  if (text === undefined || text === "") return undefined;
  if (!/json|x-www-form-urlencoded|^text\//.test(mimeType)) return undefined;
  return { text: clip(text, LIMITS.bodyChars), mimeType };
}

/**
 * Errors browsers record on a failed entry: Chromium `response._error`, some tools `entry._error`,
 * Playwright's recorded HAR `response._failureText`.
 */
function readError(entry: HarEntry, response: Json | undefined): string | undefined {
  const e = str(response?._error) ?? str(entry._error) ?? str(response?._failureText);
  return e === undefined || e === "" ? undefined : e;
}

/**
 * Fetch §2.2.1 "normalize a method": only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased;
 * any other method (`patch`) keeps its case, and CORS compares it case-sensitively.
 */
const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

export interface EntryContext {
  readonly id: string;
  readonly source: CaptureSource;
  /** The page URL for this entry when the capture knows it (HAR page title, inspected window). */
  readonly pageUrl?: string;
  /** `startedDateTime` as Date.parse read it (NaN when it does not parse), when the caller already did. */
  readonly startedAt?: number;
}

export type EntryResult = { ok: true; exchange: Exchange } | { ok: false; reason: string };

/** One HAR entry → one Exchange, or the reason it cannot be read. Never throws. */
export function exchangeFromHarEntry(raw: unknown, ctx: EntryContext): EntryResult {
  if (!isObject(raw)) return { ok: false, reason: "the entry is not an object" };
  const entry = raw as HarEntry;
  const request = isObject(entry.request) ? entry.request : undefined;
  if (!request) return { ok: false, reason: "the entry has no request" };
  const url = str(request.url);
  if (url === undefined || url === "") return { ok: false, reason: "the request has no URL" };
  const method = normalizeMethod(str(request.method) ?? "GET");
  const requestHeaders = readHeaders(request.headers);

  const response = isObject(entry.response) ? entry.response : undefined;
  // Some tools write the status as a string ("401"); read it as the number it names.
  const rawStatus = response?.status;
  const status = num(rawStatus) ?? (typeof rawStatus === "string" && /^\d{3}$/.test(rawStatus.trim()) ? Number(rawStatus) : 0);
  // Status 0 means no status line arrived (a blocked or failed request); Chromium still lists
  // provisional headers, but there is no response to reason about.
  const exchangeResponse = response && status > 0 ? readResponse(response, status) : undefined;

  const observedAt = ctx.startedAt ?? startedAt(entry);
  const initiator = isObject(entry._initiator) ? entry._initiator : undefined;
  const initiatorType = str(initiator?.type);
  // Access-Control-Request-Method is a forbidden header (Fetch §2.2.2): only the browser's own
  // preflight carries it, whatever type a source files it under (webRequest says "other").
  const resourceType = announcesPreflight(method, requestHeaders) ? "preflight" : str(entry._resourceType)?.toLowerCase();
  const error = readError(entry, response);
  const duration = num(entry.time);

  const exchangeRequest: Writable<ExchangeRequest> = {
    method,
    url: clip(url, LIMITS.urlChars),
    headers: requestHeaders,
    cookies: readCookies(request.cookies),
  };
  const httpVersion = str(request.httpVersion);
  if (httpVersion) exchangeRequest.httpVersion = httpVersion;
  const requestBody = readPostData(request.postData);
  if (requestBody) exchangeRequest.body = requestBody;
  // Optional members are set one by one, in this order, and only when present (never as
  // `undefined`): this runs for every entry of a capture, and literals of conditional spreads
  // cost V8 a slow path each.
  const exchange: Partial<Writable<Exchange>> = { id: ctx.id, observedAt: Number.isFinite(observedAt) ? observedAt : 0, request: exchangeRequest };
  if (exchangeResponse) exchange.response = exchangeResponse;
  if (error !== undefined) exchange.error = error;
  if (resourceType !== undefined) exchange.resourceType = resourceType;
  if (initiatorType !== undefined) exchange.initiatorType = initiatorType;
  if (ctx.pageUrl !== undefined) exchange.pageUrl = ctx.pageUrl;
  if (duration !== undefined && duration >= 0) exchange.durationMs = duration;
  exchange.sources = SOURCE_LISTS[ctx.source];
  return { ok: true, exchange: exchange as Exchange };
}

/**
 * `sources` of an exchange read from one source: one frozen list per source, shared by every
 * exchange of a capture (a list per exchange was 10,000 small arrays for a 10,000-entry HAR).
 */
const SOURCE_LISTS: Readonly<Record<CaptureSource, readonly CaptureSource[]>> = {
  "devtools-network": Object.freeze(["devtools-network"]),
  "har-file": Object.freeze(["har-file"]),
  "web-request": Object.freeze(["web-request"]),
  debugger: Object.freeze(["debugger"]),
};

/** T with writable members, for an object filled member by member (see exchangeFromHarEntry). */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

function readResponse(response: Json, status: number): ExchangeResponse {
  const out: Writable<ExchangeResponse> = { status, statusText: str(response.statusText) ?? "", headers: readHeaders(response.headers) };
  const httpVersion = str(response.httpVersion);
  if (httpVersion) out.httpVersion = httpVersion;
  const redirectURL = str(response.redirectURL);
  if (redirectURL) out.redirectURL = redirectURL;
  const body = readBody(response.content);
  if (body) out.body = body;
  return out;
}

/** A HAR entry the import could not read: where it is in `log.entries`, why, and what it names. */
export interface SkippedEntry {
  /** Its index in `log.entries` (from 0, in file order). */
  readonly index: number;
  /** Why, as a lower-case clause ("the request has no URL"). */
  readonly reason: string;
  /** `request.method` and `request.url`, when the entry holds them as text (clipped as an exchange's are). */
  readonly method?: string;
  readonly url?: string;
}

/** Longer methods are no method: a HAR tool writes a token (RFC 9110 §9.1), not a paragraph. */
const MAX_SKIPPED_METHOD_CHARS = 64;

/** The skipped entry as a reader can find it in the file again: its index, and its request line when it has one. */
function skippedEntry(raw: unknown, index: number, reason: string): SkippedEntry {
  const request = isObject(raw) && isObject(raw.request) ? raw.request : undefined;
  const method = str(request?.method);
  const url = str(request?.url);
  const out: Writable<SkippedEntry> = { index, reason };
  if (method) out.method = clip(method, MAX_SKIPPED_METHOD_CHARS);
  if (url) out.url = clip(url, LIMITS.urlChars);
  return out;
}

export interface HarImport {
  readonly exchanges: Exchange[];
  /** `log.creator.name`: "WebInspector" for Chromium's DevTools, "Firefox" for Firefox. */
  readonly creator?: string;
  /** Entries that could not be read, with why (the rest is still analysed). */
  readonly skipped: readonly SkippedEntry[];
}

export type HarImportResult = { ok: true; har: HarImport } | { ok: false; error: string };

/** Page id → page URL, where the page title is a URL (Chromium titles pages with their URL). */
export function harPageUrls(pages: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(pages)) return out;
  for (const p of pages) {
    if (!isObject(p)) continue;
    const id = str(p.id);
    const title = str(p.title);
    if (id === undefined || title === undefined) continue;
    if (/^https?:\/\//i.test(title)) out.set(id, title);
  }
  return out;
}

/**
 * A parsed HAR document (`{ log: { entries } }`) → Exchanges, in start-time order. `onExchange`
 * sees each exchange as soon as it is built, in that order: a reader that needs every exchange
 * once (analyze-har's check for stripped credentials) reads it while it is still in the CPU's
 * caches, rather than in a second pass over a capture of tens of megabytes.
 */
export function importHar(doc: unknown, source: CaptureSource = "har-file", onExchange?: (x: Exchange) => void): HarImportResult {
  if (!isObject(doc)) return { ok: false, error: "not a HAR file: the top level is not a JSON object" };
  const log = doc.log;
  if (!isObject(log)) return { ok: false, error: 'not a HAR file: there is no "log" object' };
  const entries = log.entries;
  if (!Array.isArray(entries)) return { ok: false, error: 'not a HAR file: "log.entries" is missing or not a list' };

  const pages = harPageUrls(log.pages);
  // HAR entries are sorted by start time in exports, but live captures deliver them as requests
  // finish; sort (stably) so that ids follow the order requests were made.
  // Entries whose time does not parse go last. Each time is parsed once, here.
  const order = entries.map((e, index) => {
    const at = isObject(e) ? startedAt(e) : Number.NaN;
    return { e, index, at, t: Number.isFinite(at) ? at : Number.MAX_SAFE_INTEGER };
  });
  order.sort((a, b) => a.t - b.t || a.index - b.index);

  const exchanges: Exchange[] = [];
  const skipped: SkippedEntry[] = [];
  // Indexed: this loop runs once per import, mostly before V8 optimises it (for…of would allocate per entry).
  for (let i = 0; i < order.length; i++) {
    const { e, index, at } = order[i]!;
    const pageref = isObject(e) ? str(e.pageref) : undefined;
    const pageUrl = pageref !== undefined ? pages.get(pageref) : undefined;
    const id = `e${exchanges.length + 1}`;
    // Two literals rather than a conditional spread, which V8 builds on a slow path (once per entry).
    const r = exchangeFromHarEntry(e, pageUrl !== undefined ? { id, source, startedAt: at, pageUrl } : { id, source, startedAt: at });
    if (r.ok) {
      exchanges.push(r.exchange);
      onExchange?.(r.exchange);
    } else skipped.push(skippedEntry(e, index, r.reason));
  }
  const creator = isObject(log.creator) ? str(log.creator.name) : undefined;
  return { ok: true, har: { exchanges, skipped, ...(creator !== undefined ? { creator } : {}) } };
}

/** `startedDateTime` in ms since the epoch, NaN when it is missing or does not parse. */
function startedAt(entry: HarEntry): number {
  const started = str(entry.startedDateTime);
  return started !== undefined ? Date.parse(started) : Number.NaN;
}

/** One entry as the streaming importer keeps it until the order is known. */
interface Pending {
  readonly index: number;
  /** Start time, MAX_SAFE_INTEGER when it does not parse (those go last, as in importHar). */
  readonly t: number;
  readonly exchange?: Writable<Exchange>;
  readonly skipped?: SkippedEntry;
  /** The entry's pageref, kept only while `log.pages` has not been read yet. */
  readonly pageref?: string;
}

/** An entry the importer read, and where finish() will place it. */
export interface ReadEntry {
  /** The exchange as finish() will return it, its id not yet given. */
  readonly exchange: Exchange;
  /** Its start time as finish() orders by (unknown times last). */
  readonly t: number;
  /** Its page is named in a `log.pages` not read yet: finish() sets its pageUrl. */
  readonly pageLate: boolean;
}

export interface HarImporter {
  /** `log.entries[index]`, in file order: the exchange read, or undefined for an entry skipped. */
  entry(raw: unknown, index: number): ReadEntry | undefined;
  /** `log.pages`, whenever the file holds it (before the entries in every browser's export). */
  pages(raw: unknown): void;
  creator(raw: unknown): void;
  /** Entries read so far. */
  readonly count: number;
  /** `log.creator.name`, once read. */
  readonly creatorName: string | undefined;
  /** The same HarImport importHar gives for the same document: start-time order, ids e1…, the skipped. */
  finish(): HarImport;
}

/**
 * importHar, an entry at a time: for a reader that never holds the whole document (the CLI
 * streams HAR files). Each entry becomes its Exchange at once, so the parsed entry is garbage
 * right away; ids are given once every start time is known.
 */
export function harImporter(source: CaptureSource = "har-file"): HarImporter {
  let pageUrls: Map<string, string> | undefined;
  let creator: string | undefined;
  const pending: Pending[] = [];
  return {
    entry(raw, index) {
      const at = isObject(raw) ? startedAt(raw) : Number.NaN;
      const t = Number.isFinite(at) ? at : Number.MAX_SAFE_INTEGER;
      const pageref = isObject(raw) ? str(raw.pageref) : undefined;
      const pageUrl = pageref !== undefined ? pageUrls?.get(pageref) : undefined;
      const r = exchangeFromHarEntry(raw, pageUrl !== undefined ? { id: "", source, startedAt: at, pageUrl } : { id: "", source, startedAt: at });
      if (!r.ok) {
        pending.push({ index, t, skipped: skippedEntry(raw, index, r.reason) });
        return undefined;
      }
      const pageLate = pageUrls === undefined && pageref !== undefined;
      pending.push(pageLate ? { index, t, exchange: r.exchange, pageref } : { index, t, exchange: r.exchange });
      return { exchange: r.exchange, t, pageLate };
    },
    pages(raw) {
      pageUrls = harPageUrls(raw);
    },
    creator(raw) {
      creator = isObject(raw) ? str(raw.name) : undefined;
    },
    get count() {
      return pending.length;
    },
    get creatorName() {
      return creator;
    },
    finish() {
      pending.sort((a, b) => a.t - b.t || a.index - b.index);
      const exchanges: Exchange[] = [];
      const skipped: SkippedEntry[] = [];
      for (let i = 0; i < pending.length; i++) {
        const p = pending[i]!;
        if (p.exchange === undefined) {
          skipped.push(p.skipped ?? { index: p.index, reason: "" });
          continue;
        }
        p.exchange.id = `e${exchanges.length + 1}`;
        // log.pages came after this entry: its page is known only now.
        const late = p.pageref !== undefined ? pageUrls?.get(p.pageref) : undefined;
        if (late !== undefined) p.exchange.pageUrl = late;
        exchanges.push(p.exchange);
      }
      pending.length = 0;
      return { exchanges, skipped, ...(creator !== undefined ? { creator } : {}) };
    },
  };
}
