/** Short, plain renderings of exchange values for finding texts. Never include secrets here. */
import type { Exchange } from "./exchange.ts";

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

function pathIn(u: URL | undefined, url: string): string {
  return u ? u.pathname + (u.search.length > 60 ? `${u.search.slice(0, 57)}…` : u.search) : url;
}

export function hostOf(url: string): string {
  return hostIn(parsed(url), url);
}

export function pathOf(url: string): string {
  return pathIn(parsed(url), url);
}

/** "GET /api/orders on api.example.com" (the URL parsed once: every finding text names its request). */
export function requestLabel(x: Exchange): string {
  const u = parsed(x.request.url);
  return `${x.request.method} ${pathIn(u, x.request.url)} on ${hostIn(u, x.request.url)}`;
}

/**
 * A header value inside a sentence, as inline code (`…`), cut to a readable length. Backticks
 * mark code for every view: the panel renders them as <code>, text output keeps them.
 */
export function quote(value: string, max = 160): string {
  const v = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return `\`${v.replaceAll("`", "'")}\``;
}
