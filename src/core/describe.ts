/** Short, plain renderings of exchange values for finding texts. Never include secrets here. */
import type { Exchange } from "./exchange.ts";

export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

export function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + (u.search.length > 60 ? `${u.search.slice(0, 57)}…` : u.search);
  } catch {
    return url;
  }
}

/** "GET /api/orders on api.example.com" */
export function requestLabel(x: Exchange): string {
  return `${x.request.method} ${pathOf(x.request.url)} on ${hostOf(x.request.url)}`;
}

/**
 * A header value inside a sentence, as inline code (`…`), cut to a readable length. Backticks
 * mark code for every view: the panel renders them as <code>, text output keeps them.
 */
export function quote(value: string, max = 160): string {
  const v = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return `\`${v.replaceAll("`", "'")}\``;
}
