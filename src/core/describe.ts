/** Short, plain renderings of exchange values for finding texts. Never include secrets here: URLs are redacted (share/rules.ts). */
import type { Exchange } from "./exchange.ts";
import { TEXT_MASK } from "./share/rules.ts";
import { redactUrl } from "./share/values.ts";

const ignore = (): void => {};

function parsed(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function hostIn(u: URL | undefined, url: string): string {
  return u?.host || url;
}

/**
 * The path and query with their secrets already replaced (share/rules.ts, the one redaction
 * policy): the text is then cut, and a cut secret could not be recognised any more by whoever
 * shows the text.
 */
function pathIn(u: URL | undefined, url: string): string {
  if (!u) return redactUrl(url, ignore, TEXT_MASK);
  const path = redactUrl(u.pathname + u.search, ignore, TEXT_MASK);
  const q = path.indexOf("?");
  const search = q === -1 ? "" : path.slice(q);
  return (q === -1 ? path : path.slice(0, q)) + (search.length > 60 ? `${search.slice(0, 57)}…` : search);
}

/**
 * The URL read last, as host and path. Finding texts name their request several times (label,
 * host, path) and rule after rule on the same exchange: its URL is parsed once, not per mention.
 */
let lastRead: { readonly url: string; readonly host: string; readonly path: string } | undefined;

function read(url: string): { readonly host: string; readonly path: string } {
  if (lastRead?.url === url) return lastRead;
  const u = parsed(url);
  lastRead = { url, host: hostIn(u, url), path: pathIn(u, url) };
  return lastRead;
}

export function hostOf(url: string): string {
  return read(url).host;
}

export function pathOf(url: string): string {
  return read(url).path;
}

/** "GET /api/orders on api.example.com" (every finding text names its request). */
export function requestLabel(x: Exchange): string {
  const { host, path } = read(x.request.url);
  return `${x.request.method} ${path} on ${host}`;
}

/**
 * A header value inside a sentence, as inline code (`…`), cut to a readable length. Backticks
 * mark code for every view: the panel renders them as <code>, text output keeps them.
 */
export function quote(value: string, max = 160): string {
  const v = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return `\`${v.replaceAll("`", "'")}\``;
}
