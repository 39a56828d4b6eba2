/**
 * Copy as fetch: a JavaScript `fetch()` call that repeats the request from a page's console.
 * Every string is written with JSON.stringify, which yields a valid JS string literal for any
 * text (ES2019 made JSON a subset of JS), so no value can end the literal early.
 */
import type { Exchange } from "../exchange.ts";
import { isPseudoHeader } from "../headers.ts";
import { shareable } from "./redact-exchange.ts";
import type { ShareOptions } from "./rules.ts";

/**
 * Forbidden request-header names (Fetch §2.2.2): fetch() silently drops them, so copying them
 * would only suggest that they are sent. Cookies go out through `credentials` instead.
 */
const FORBIDDEN: ReadonlySet<string> = new Set([
  "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
  "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive",
  "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via",
]);

function isForbidden(lowerName: string): boolean {
  return FORBIDDEN.has(lowerName) || lowerName.startsWith("proxy-") || lowerName.startsWith("sec-");
}

/** A `fetch(url, { method, headers, credentials })` snippet (redacted unless `includeSecrets`). */
export function toFetch(x: Exchange, opts: ShareOptions): string {
  const { exchange } = shareable(x, opts.includeSecrets);
  const { url, method, headers, cookies } = exchange.request;
  // Field lines with one name combine into one value (RFC 9110 §5.3); the first spelling of the name is kept.
  const combined = new Map<string, { name: string; values: string[] }>();
  let cookieSent = cookies.length > 0;
  for (const h of headers) {
    if (isPseudoHeader(h)) continue;
    const lower = h.name.toLowerCase();
    if (lower === "cookie") cookieSent = true;
    if (isForbidden(lower)) continue;
    const seen = combined.get(lower);
    if (seen) seen.values.push(h.value);
    else combined.set(lower, { name: h.name, values: [h.value] });
  }
  const lines = [...combined.values()].map((h) => `    ${JSON.stringify(h.name)}: ${JSON.stringify(h.values.join(", "))}`);
  const headerBlock = lines.length === 0 ? "{}" : `{\n${lines.join(",\n")}\n  }`;
  return [
    `fetch(${JSON.stringify(url)}, {`,
    `  method: ${JSON.stringify(method)},`,
    `  headers: ${headerBlock},`,
    // The captured request carried cookies only if the page asked for them; "omit" repeats a cookieless one.
    `  credentials: ${JSON.stringify(cookieSent ? "include" : "omit")},`,
    "});",
  ].join("\n");
}
