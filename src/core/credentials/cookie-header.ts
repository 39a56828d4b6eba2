/**
 * The Cookie request header (RFC 6265bis §5.8.1 / RFC 6265 §4.2.1): `name=value` pairs joined by
 * "; ". Values may be wrapped in double quotes (RFC 6265 §4.1.1 cookie-value), which are part of
 * the value on the wire; `unquoted` removes them for reading what is inside.
 */

/**
 * Calls `each` with every `name=value` pair of a Cookie header, in order, without building a
 * list: the token scanner reads the cookies of every request of a capture and keeps almost none.
 */
export function forEachCookiePair(value: string, each: (name: string, value: string) => void): void {
  for (let start = 0; start <= value.length; ) {
    const semicolon = value.indexOf(";", start);
    const end = semicolon === -1 ? value.length : semicolon;
    const part = value.slice(start, end);
    const eq = part.indexOf("=");
    const name = (eq === -1 ? "" : part.slice(0, eq)).trim();
    const v = (eq === -1 ? part : part.slice(eq + 1)).trim();
    if (name !== "" || v !== "") each(name, v);
    start = end + 1;
  }
}

export function unquoted(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
