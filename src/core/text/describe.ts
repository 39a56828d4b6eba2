/** Short, plain renderings of exchange values for finding texts. Never include secrets here: URLs are redacted (share/rules.ts). */
import type { Exchange } from "../exchange.ts";
import { TEXT_MASK } from "../share/rules.ts";
import { redactUrl } from "../share/values.ts";
import { clockOf } from "./time.ts";

const ignore = (): void => {};

function parsed(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Finding texts name their request in the detail and again in the fix; a URL may be 64 KiB
 * (LIMITS.urlChars), which repeated made one finding hundreds of KB (found by `npm run fuzz`).
 * A host name is at most 253 characters (RFC 1035 §2.3.4); paths are cut where no reader
 * follows them anyway. The evidence keeps the whole URL.
 */
const MAX_HOST_CHARS = 253;
const MAX_PATH_CHARS = 200;
const MAX_METHOD_CHARS = 32;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function hostIn(u: URL | undefined, url: string): string {
  return cut(u?.host || url, MAX_HOST_CHARS);
}

/**
 * The path and query with their secrets already replaced (share/rules.ts, the one redaction
 * policy): the text is then cut, and a cut secret could not be recognised any more by whoever
 * shows the text.
 */
function pathIn(u: URL | undefined, url: string): string {
  if (!u) return cut(redactUrl(url, ignore, TEXT_MASK), MAX_PATH_CHARS);
  const path = redactUrl(u.pathname + u.search, ignore, TEXT_MASK);
  const q = path.indexOf("?");
  const search = q === -1 ? "" : path.slice(q);
  return cut(q === -1 ? path : path.slice(0, q), MAX_PATH_CHARS) + (search.length > 60 ? `${search.slice(0, 57)}…` : search);
}

/** A URL as finding texts name it: its host and its redacted, cut path. */
export interface UrlNames {
  readonly host: string;
  readonly path: string;
}

/**
 * The URL parsed once for both names. Finding texts name their request several times (label,
 * host, path) and rule after rule: rules read their exchange's names from its view
 * (ctx.view(x).label, .host, .path), which reads its URL once per analysis.
 */
export function urlNames(url: string): UrlNames {
  const u = parsed(url);
  return { host: hostIn(u, url), path: pathIn(u, url) };
}


/** The URL with its secrets replaced by [REDACTED], as every share format writes it (share/rules.ts). */
export function maskUrl(url: string): string {
  return redactUrl(url, ignore, TEXT_MASK);
}

export function hostOf(url: string): string {
  return hostIn(parsed(url), url);
}

export function pathOf(url: string): string {
  return pathIn(parsed(url), url);
}

/** "GET /api/orders on api.example.com" (every finding text names its request). */
export function requestLabel(x: Exchange): string {
  return labelOf(x.request.method, urlNames(x.request.url));
}

/**
 * Another request named for a person, never by its internal id ("e51" means nothing outside
 * AuthLens): "GET /api/orders at 23:55:33.120 UTC", what the list shows and sorts by.
 */
export function requestRef(x: Exchange): string {
  return `${cut(x.request.method, MAX_METHOD_CHARS)} ${pathOf(x.request.url)} at ${clockOf(x.observedAt)}`;
}

/** requestLabel from names already read. */
export function labelOf(method: string, names: UrlNames): string {
  return `${cut(method, MAX_METHOD_CHARS)} ${names.path} on ${names.host}`;
}

/**
 * A header value inside a sentence, as inline code (`…`), cut to a readable length. Backticks
 * mark code for every view: the panel renders them as <code>, text output keeps them.
 */
export function quote(value: string, max = 160): string {
  const v = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return `\`${v.replaceAll("`", "'")}\``;
}
