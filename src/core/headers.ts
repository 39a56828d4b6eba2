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
 * `name` ready for isNamed: rules ask each message for several headers and a busy capture has
 * tens of thousands of messages, so ASCII names (all real ones) are kept as they are and compared
 * in place; only a non-ASCII name is lower-cased up front.
 */
function comparable(name: string): string {
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) > 0x7f) return name.toLowerCase();
  }
  return name;
}

/**
 * Does a field name equal `key` (from comparable) case-insensitively, as `name.toLowerCase()`
 * compares? Other lengths are skipped, ASCII letters folded in place without building a lower-cased
 * copy, and only a non-ASCII character goes through toLowerCase (Unicode folding, U+212A → "k").
 */
function isNamed(fieldName: string, key: string): boolean {
  if (fieldName.length !== key.length) return false;
  if (fieldName === key) return true;
  for (let i = 0; i < key.length; i++) {
    const c = fieldName.charCodeAt(i);
    const w = key.charCodeAt(i);
    if (c === w) continue;
    const folded = w | 0x20;
    if (folded >= 0x61 && folded <= 0x7a && (c | 0x20) === folded) continue;
    return c > 0x7f && fieldName.toLowerCase() === key.toLowerCase();
  }
  return true;
}

/** Every value of `name`, in the order the field lines appeared. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const key = comparable(name);
  const out: string[] = [];
  for (const h of headers) {
    if (isNamed(h.name, key)) out.push(h.value);
  }
  return out;
}

/** Names prepared once (at module load) for headerValueLists. */
export interface FieldNames {
  readonly keys: readonly string[];
  /** The answer when no name is present, shared: most messages carry none of a rule's fields. */
  readonly none: readonly undefined[];
}

export function fieldNames(names: readonly string[]): FieldNames {
  return { keys: names.map(comparable), none: Object.freeze(names.map(() => undefined)) };
}

/**
 * headerValues of several names, read in one pass over the list (undefined where a name is
 * absent): code that needs a few fields of every message of a capture visits each line once.
 */
export function headerValueLists(headers: HeaderList, names: FieldNames): readonly (string[] | undefined)[] {
  const keys = names.keys;
  let out: (string[] | undefined)[] | undefined;
  for (const h of headers) {
    for (let j = 0; j < keys.length; j++) {
      if (!isNamed(h.name, keys[j]!)) continue;
      out ??= names.none.slice();
      const list = out[j];
      if (list) list.push(h.value);
      else out[j] = [h.value];
    }
  }
  return out ?? names.none;
}

/**
 * The combined field value (RFC 9110 §5.3), or undefined when the header is absent.
 * Not for Set-Cookie, whose lines never combine: use headerValues for it.
 */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  // Most headers appear once: combine without building a list (this runs for every rule and message).
  const key = comparable(name);
  let combined: string | undefined;
  for (const h of headers) {
    if (!isNamed(h.name, key)) continue;
    combined = combined === undefined ? h.value : `${combined}, ${h.value}`;
  }
  return combined;
}

export function hasHeader(headers: HeaderList, name: string): boolean {
  return headerValue(headers, name) !== undefined;
}

/**
 * `value.toLowerCase()`, but the same string rather than a copy when it already is lower case,
 * as field names of HTTP/2 and HTTP/3 always are: rules fold every name of every message.
 */
export function lowerCased(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c > 0x7f) return value.toLowerCase();
  }
  return value;
}

/**
 * HTTP/2 and HTTP/3 captures carry pseudo-headers (`:authority`, `:path`) in the same list;
 * they are request metadata, not fields, and never count as "a header was sent".
 */
export function isPseudoHeader(h: Header): boolean {
  return h.name.startsWith(":");
}
