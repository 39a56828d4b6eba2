/**
 * Exchanges → a HAR 1.2 document (http://www.softwareishard.com/blog/har-12-spec/) that
 * har.ts, Chrome's and Firefox's importers and HAR viewers read back. Redacted unless the user
 * asks for secrets: credentials go, JWTs keep header and claims, so the file still explains the
 * failure it is attached to. Chromium's own fields are kept where AuthLens reads them
 * (`_resourceType`, `_initiator.type`, `response._error`).
 */
import type { Exchange } from "../exchange.ts";
import { headerValue } from "../headers.ts";
import type { HeaderList } from "../headers.ts";
import { parseSetCookie } from "../credentials/set-cookie.ts";
import { shareable } from "./redact-exchange.ts";
import type { RedactionItem } from "./rules.ts";

export interface HarExportOptions {
  readonly includeSecrets: boolean;
  /** The exporting tool, e.g. { name: "AuthLens", version: "0.1.0" }. */
  readonly creator: { readonly name: string; readonly version: string };
}

export interface HarNameValue {
  readonly name: string;
  readonly value: string;
}

export interface HarCookie {
  readonly name: string;
  readonly value: string;
  readonly path?: string;
  readonly domain?: string;
  readonly httpOnly?: boolean;
  readonly secure?: boolean;
  readonly sameSite?: string;
}

export interface HarEntryOut {
  readonly pageref?: string;
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly httpVersion: string;
    readonly headers: readonly HarNameValue[];
    readonly queryString: readonly HarNameValue[];
    readonly cookies: readonly HarCookie[];
    readonly postData?: { readonly mimeType: string; readonly text: string };
    readonly headersSize: -1;
    readonly bodySize: -1;
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly httpVersion: string;
    readonly headers: readonly HarNameValue[];
    readonly cookies: readonly HarCookie[];
    readonly content: { readonly size: number; readonly mimeType: string; readonly text?: string };
    readonly redirectURL: string;
    readonly headersSize: -1;
    readonly bodySize: -1;
    readonly _error?: string;
  };
  readonly cache: Record<string, never>;
  readonly timings: { readonly send: 0; readonly wait: number; readonly receive: 0 };
  readonly _resourceType?: string;
  readonly _initiator?: { readonly type: string };
}

export interface HarPageOut {
  readonly startedDateTime: string;
  readonly id: string;
  readonly title: string;
  readonly pageTimings: Record<string, never>;
}

export interface HarDocument {
  readonly log: {
    readonly version: "1.2";
    readonly creator: { readonly name: string; readonly version: string };
    readonly pages?: readonly HarPageOut[];
    readonly entries: readonly HarEntryOut[];
  };
}

export interface HarExport {
  readonly har: HarDocument;
  /** What redaction removed, for the export preview; empty when secrets are included. */
  readonly removed: readonly RedactionItem[];
}

/** Dates JavaScript can represent (ECMA-262 §21.4.1.22); beyond them toISOString throws. */
const MAX_TIME = 8.64e15;

function isoOf(ms: number): string {
  return new Date(Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME ? ms : 0).toISOString();
}

function finiteOr(n: number | undefined, fallback: number): number {
  return typeof n === "number" && Number.isFinite(n) ? n : fallback;
}

function harHeaders(list: HeaderList): HarNameValue[] {
  return list.map((h) => ({ name: h.name, value: h.value }));
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** HAR `queryString`: the URL's query parameters, decoded, in order (of the already-redacted URL). */
function queryStringOf(url: string): HarNameValue[] {
  const hash = url.indexOf("#");
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const q = beforeHash.indexOf("?");
  if (q === -1 || q === beforeHash.length - 1) return [];
  return beforeHash
    .slice(q + 1)
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq === -1 ? { name: decode(pair), value: "" } : { name: decode(pair.slice(0, eq)), value: decode(pair.slice(eq + 1)) };
    });
}

/** HAR `response.cookies`, read from the (already-redacted) Set-Cookie lines. */
function responseCookies(headers: HeaderList): HarCookie[] {
  const out: HarCookie[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== "set-cookie") continue;
    const c = parseSetCookie(h.value);
    out.push({
      name: c.name,
      value: c.value,
      ...(c.path !== undefined ? { path: c.path } : {}),
      ...(c.domain !== undefined ? { domain: c.domain } : {}),
      httpOnly: c.httpOnly,
      secure: c.secure,
      ...(c.sameSite !== undefined ? { sameSite: c.sameSite } : {}),
    });
  }
  return out;
}

/** UTF-8 byte length (HAR `content.size` counts bytes), without an encoder. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function entryOf(x: Exchange, pageref: string | undefined): HarEntryOut {
  const time = Math.max(0, finiteOr(x.durationMs, 0));
  const r = x.response;
  // A status is a three-digit integer (RFC 9110 §15); anything else is written as Chromium's "none", 0.
  const status = r && Number.isInteger(r.status) && r.status > 0 && r.status <= 999 ? r.status : 0;
  const mimeType = r?.body?.mimeType ?? (r ? headerValue(r.headers, "content-type") : undefined) ?? "x-unknown";
  return {
    ...(pageref !== undefined ? { pageref } : {}),
    startedDateTime: isoOf(x.observedAt),
    time,
    request: {
      method: x.request.method,
      url: x.request.url,
      httpVersion: x.request.httpVersion ?? "",
      headers: harHeaders(x.request.headers),
      queryString: queryStringOf(x.request.url),
      cookies: x.request.cookies.map((c) => ({ name: c.name, value: c.value })),
      // The request body goes out redacted like everything else (a token request's form keeps its grant_type, loses its secrets).
      ...(x.request.body ? { postData: { mimeType: x.request.body.mimeType, text: x.request.body.text } } : {}),
      headersSize: -1,
      bodySize: -1,
    },
    // Chromium writes a failed request as status 0 with empty fields; har.ts reads it back as "no response".
    response: {
      status,
      statusText: r?.statusText ?? "",
      httpVersion: r?.httpVersion ?? "",
      headers: r ? harHeaders(r.headers) : [],
      cookies: r ? responseCookies(r.headers) : [],
      content: r?.body ? { size: utf8Length(r.body.text), mimeType, text: r.body.text } : { size: 0, mimeType },
      redirectURL: r?.redirectURL ?? "",
      headersSize: -1,
      bodySize: -1,
      ...(x.error !== undefined ? { _error: x.error } : {}),
    },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    ...(x.resourceType !== undefined ? { _resourceType: x.resourceType } : {}),
    ...(x.initiatorType !== undefined ? { _initiator: { type: x.initiatorType } } : {}),
  };
}

/**
 * A HAR 1.2 document of these exchanges, in the order given (preflights included, as their own
 * entries). Never throws: an exchange that cannot be written is left out and said so in
 * `removed`, rather than risk writing it unredacted.
 */
export function exportHar(exchanges: readonly Exchange[], opts: HarExportOptions): HarExport {
  const removed: RedactionItem[] = [];
  const entries: HarEntryOut[] = [];
  // har.ts reads a page's URL from its title; one page per distinct page URL.
  const pages = new Map<string, HarPageOut>();
  exchanges.forEach((original, index) => {
    try {
      const { exchange: x, removed: items } = shareable(original, opts.includeSecrets);
      let pageref: string | undefined;
      if (x.pageUrl !== undefined) {
        let page = pages.get(x.pageUrl);
        if (!page) {
          page = { startedDateTime: isoOf(x.observedAt), id: `page_${pages.size + 1}`, title: x.pageUrl, pageTimings: {} };
          pages.set(x.pageUrl, page);
        }
        pageref = page.id;
      }
      const entry = entryOf(x, pageref);
      entries.push(entry);
      for (const item of items) removed.push(item);
    } catch {
      removed.push({ where: `entry ${index + 1}`, what: "the whole request: it could not be written safely" });
    }
  });
  const name = typeof opts.creator?.name === "string" ? opts.creator.name : "AuthLens";
  const version = typeof opts.creator?.version === "string" ? opts.creator.version : "";
  return {
    har: {
      log: {
        version: "1.2",
        creator: { name, version },
        ...(pages.size > 0 ? { pages: [...pages.values()] } : {}),
        entries,
      },
    },
    removed,
  };
}
