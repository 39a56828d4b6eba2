/**
 * A message's header list indexed by lower-cased field name. Names compare as headers.ts
 * compares them (ASCII case folded, other characters by toLowerCase), values keep the order of
 * their field lines, and values of one name combine as RFC 9110 §5.3 says.
 *
 * The index is the list of lower-cased names, aligned with the field lines, made on the first
 * lookup: a lookup is a scan comparing whole strings, about as fast as a map's for the twenty
 * fields of a message, and it costs no memory for HTTP/2 and HTTP/3 messages (whose names are
 * always lower case: the list is then the header list itself). An analysis keeps the index of
 * every message it read, and a map per message (twice the memory of the message itself) made
 * the garbage collector the largest cost of analysing a capture.
 */
import { type HeaderList, lowerCased } from "../headers.ts";

export interface HeaderIndex {
  /** Every value of the field, in the order its lines appeared; [] when absent. */
  values(name: string): readonly string[];
  /** The combined field value (RFC 9110 §5.3), undefined when absent. Not for Set-Cookie. */
  value(name: string): string | undefined;
  has(name: string): boolean;
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The lower-cased names of a list, or undefined when every name already is lower case (then the
 * names are the index). A name that changes length when lower-cased ("İ") never equals a
 * lower-cased name of its own length, as headers.ts compares them: it gets a name no lookup asks for.
 */
function lowerNames(headers: HeaderList): readonly string[] | undefined {
  let out: string[] | undefined;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i]!.name;
    const lower = lowerCased(name);
    if (lower === name && out === undefined) continue;
    out ??= headers.slice(0, i).map((h) => h.name);
    out.push(lower.length === name.length ? lower : "");
  }
  return out;
}

class IndexedHeaders implements HeaderIndex {
  /** null until the first lookup; undefined when the names of the lines are the index. */
  private names: readonly string[] | undefined | null = null;

  constructor(private readonly headers: HeaderList) {}

  /** The name of each line as lookups compare it. */
  private index(): readonly string[] | undefined {
    if (this.names === null) this.names = lowerNames(this.headers);
    return this.names;
  }

  /** The position of the first line named `key` (lower case) from `from`, or -1. */
  private next(key: string, names: readonly string[] | undefined, from: number): number {
    const headers = this.headers;
    for (let i = from; i < headers.length; i++) {
      if ((names === undefined ? headers[i]!.name : names[i]) === key) return i;
    }
    return -1;
  }

  values(name: string): readonly string[] {
    const key = lowerCased(name);
    const names = this.index();
    let i = key === "" ? -1 : this.next(key, names, 0);
    if (i === -1) return NONE;
    const out: string[] = [];
    for (; i !== -1; i = this.next(key, names, i + 1)) out.push(this.headers[i]!.value);
    return out;
  }

  value(name: string): string | undefined {
    const key = lowerCased(name);
    const names = this.index();
    let i = key === "" ? -1 : this.next(key, names, 0);
    if (i === -1) return undefined;
    let combined = this.headers[i]!.value;
    // Most fields appear once: combined without building a list (RFC 9110 §5.3 otherwise).
    for (i = this.next(key, names, i + 1); i !== -1; i = this.next(key, names, i + 1)) combined = `${combined}, ${this.headers[i]!.value}`;
    return combined;
  }

  has(name: string): boolean {
    const key = lowerCased(name);
    return key !== "" && this.next(key, this.index(), 0) !== -1;
  }
}

/** A message without headers (no response): every field is absent. */
export const NO_HEADERS: HeaderIndex = {
  values: () => NONE,
  value: () => undefined,
  has: () => false,
};

export function indexHeaders(headers: HeaderList): HeaderIndex {
  return headers.length === 0 ? NO_HEADERS : new IndexedHeaders(headers);
}
