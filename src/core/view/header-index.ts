/**
 * A message's header list indexed by lower-cased field name: built in one pass over the list
 * the first time a reader asks for a field, then every field is one map lookup. Names compare
 * as headers.ts compares them (ASCII case folded, other characters by toLowerCase), values keep
 * the order of their field lines, and values of one name combine as RFC 9110 §5.3 says.
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

class IndexedHeaders implements HeaderIndex {
  private readonly byName = new Map<string, string[]>();

  constructor(headers: HeaderList) {
    const byName = this.byName;
    for (let i = 0; i < headers.length; i++) {
      const h = headers[i]!;
      const key = lowerCased(h.name);
      // A name that changes length when lower-cased ("İ") never equals a lower-cased name of
      // its own length, as headers.ts compares them: it is left out, as it is never found there.
      if (key.length !== h.name.length) continue;
      const list = byName.get(key);
      if (list) list.push(h.value);
      else byName.set(key, [h.value]);
    }
  }

  values(name: string): readonly string[] {
    return this.byName.get(lowerCased(name)) ?? NONE;
  }

  value(name: string): string | undefined {
    const list = this.byName.get(lowerCased(name));
    if (list === undefined) return undefined;
    return list.length === 1 ? list[0] : list.join(", ");
  }

  has(name: string): boolean {
    return this.byName.has(lowerCased(name));
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
