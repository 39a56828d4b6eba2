/**
 * The Cookie request header (RFC 6265bis §5.8.1 / RFC 6265 §4.2.1): `name=value` pairs joined by
 * "; ". Values may be wrapped in double quotes (RFC 6265 §4.1.1 cookie-value), which are part of
 * the value on the wire; `unquoted` removes them for reading what is inside.
 */
import type { CookiePair } from "../exchange.ts";
import { headerValue } from "../headers.ts";
import type { Exchange } from "../exchange.ts";

export function parseCookieHeader(value: string): CookiePair[] {
  const pairs: CookiePair[] = [];
  for (const part of value.split(";")) {
    const eq = part.indexOf("=");
    const name = (eq === -1 ? "" : part.slice(0, eq)).trim();
    const v = (eq === -1 ? part : part.slice(eq + 1)).trim();
    if (name !== "" || v !== "") pairs.push({ name, value: v });
  }
  return pairs;
}

export function unquoted(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** The cookies a request carried: its Cookie header, or HAR `request.cookies` when the header is absent. */
export function requestCookies(x: Exchange): readonly CookiePair[] {
  const header = headerValue(x.request.headers, "cookie");
  return header !== undefined ? parseCookieHeader(header) : x.request.cookies;
}
