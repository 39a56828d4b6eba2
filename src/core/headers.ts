/**
 * Header lists as HTTP has them: ordered, case-insensitive names, a name may repeat.
 * RFC 9110 §5.3: several field lines with one name combine, in order, into one
 * comma-separated value — except Set-Cookie (RFC 6265 §3), which never combines.
 */
export interface Header {
  readonly name: string;
  readonly value: string;
}

export type HeaderList = readonly Header[];

/**
 * Every value of `name`, in the order the field lines appeared. Names of another length are
 * skipped before any case folding: rules ask each message for several headers, and a busy
 * capture has tens of thousands of messages.
 */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  const out: string[] = [];
  for (const h of headers) {
    if (h.name.length === wanted.length && h.name.toLowerCase() === wanted) out.push(h.value);
  }
  return out;
}

/**
 * The combined field value (RFC 9110 §5.3), or undefined when the header is absent.
 * Not for Set-Cookie, whose lines never combine: use headerValues for it.
 */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  const values = headerValues(headers, name);
  return values.length === 0 ? undefined : values.join(", ");
}

export function hasHeader(headers: HeaderList, name: string): boolean {
  return headerValues(headers, name).length > 0;
}

/**
 * HTTP/2 and HTTP/3 captures carry pseudo-headers (`:authority`, `:path`) in the same list;
 * they are request metadata, not fields, and never count as "a header was sent".
 */
export function isPseudoHeader(h: Header): boolean {
  return h.name.startsWith(":");
}
