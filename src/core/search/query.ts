/**
 * The panel's search box as a small query language. Terms are separated by spaces and all must
 * match; `-term` negates; "quoted phrases" keep their spaces; `key:value` filters on one field.
 * A query is plain data (no RegExp, no functions), so it can cross to the worker or be stored.
 */
import type { Severity } from "../findings.ts";

/** Queries longer than this are cut: a search box is not a place for a document. */
export const MAX_QUERY_CHARS = 500;

export type QueryTerm =
  /** Response status in [min, max]; 0 is "no response". */
  | { readonly key: "status"; readonly negated: boolean; readonly raw: string; readonly min: number; readonly max: number }
  | { readonly key: "method"; readonly negated: boolean; readonly raw: string; readonly method: string }
  /** Glob over finding codes: `*` any run of characters, `?` one character. */
  | { readonly key: "code"; readonly negated: boolean; readonly raw: string; readonly pattern: string }
  /** Has a finding of at least this severity. */
  | { readonly key: "severity"; readonly negated: boolean; readonly raw: string; readonly severity: Severity }
  /** A request or response header by name (lower case); `cookie` also counts the capture's cookie list. */
  | { readonly key: "has"; readonly negated: boolean; readonly raw: string; readonly header: string }
  /** Substring of the URL's host (lower case). */
  | { readonly key: "host"; readonly negated: boolean; readonly raw: string; readonly host: string }
  /** The resource type (lower case); `preflight` also matches preflights by their initiator. */
  | { readonly key: "type"; readonly negated: boolean; readonly raw: string; readonly type: string }
  /** Case-insensitive substring over URL, headers, finding codes, titles and details (lower case). */
  | { readonly key: "text"; readonly negated: boolean; readonly raw: string; readonly text: string };

export type QueryKey = QueryTerm["key"];

export interface Query {
  /** The text the query was read from, after the length bound. */
  readonly source: string;
  /** True when the input was longer than MAX_QUERY_CHARS and cut. */
  readonly truncated: boolean;
  readonly terms: readonly QueryTerm[];
  /** Terms that looked like filters but could not be read, and were searched as text instead. */
  readonly notes: readonly string[];
}

const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

interface Token {
  readonly negated: boolean;
  /** The key, when the token is `key:value` (lower case). */
  readonly key?: string;
  readonly value: string;
  /** The token as typed (for notes and descriptions). */
  readonly raw: string;
}

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v" || c === "\u00a0";
}

/** A quoted run starting at `i` (on the opening quote): its text and the index after it. A missing closing quote ends at the end. */
function readQuoted(text: string, i: number): { value: string; end: number } {
  let value = "";
  let j = i + 1;
  while (j < text.length && text[j] !== '"') {
    // \" and \\ inside quotes, so a phrase can hold a quote.
    if (text[j] === "\\" && (text[j + 1] === '"' || text[j + 1] === "\\")) j++;
    value += text[j];
    j++;
  }
  return { value, end: Math.min(j + 1, text.length) };
}

const KEY = /^([A-Za-z]+):/;

/** Splits the query into tokens: words, "phrases", `key:value` and `key:"a phrase"`, each maybe negated. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let negated = false;
    // A lone "-" is text; "-x" negates x.
    if (text[i] === "-" && i + 1 < text.length && !isSpace(text[i + 1]!)) {
      negated = true;
      i++;
    }
    if (text[i] === '"') {
      const q = readQuoted(text, i);
      tokens.push({ negated, value: q.value, raw: text.slice(start, q.end) });
      i = q.end;
      continue;
    }
    let j = i;
    while (j < text.length && !isSpace(text[j]!) && text[j] !== '"') j++;
    const word = text.slice(i, j);
    const key = KEY.exec(word);
    if (key && j < text.length && text[j] === '"' && word.length === key[0].length) {
      const q = readQuoted(text, j);
      tokens.push({ negated, key: key[1]!.toLowerCase(), value: q.value, raw: text.slice(start, q.end) });
      i = q.end;
      continue;
    }
    tokens.push({
      negated,
      ...(key ? { key: key[1]!.toLowerCase() } : {}),
      value: key ? word.slice(key[0].length) : word,
      raw: text.slice(start, j),
    });
    i = j;
  }
  return tokens;
}

/** `401`, `4xx`, `0`: the status range, or undefined when the value is none of these. */
function statusRange(value: string): { min: number; max: number } | undefined {
  const v = value.trim().toLowerCase();
  if (/^\d{1,3}$/.test(v)) {
    const n = Number(v);
    return { min: n, max: n };
  }
  const cls = /^([1-5])xx$/.exec(v);
  if (cls) {
    const base = Number(cls[1]) * 100;
    return { min: base, max: base + 99 };
  }
  return undefined;
}

type Filter = (value: string, negated: boolean, raw: string) => QueryTerm | string;

/** Each key's reader: a term, or why the value cannot be read (then it is searched as text). */
const FILTERS: Readonly<Record<string, Filter>> = {
  status(value, negated, raw) {
    const r = statusRange(value);
    return r ? { key: "status", negated, raw, ...r } : `"${raw}" is not a status (try status:401, status:4xx or status:0)`;
  },
  method(value, negated, raw) {
    return /^[A-Za-z-]+$/.test(value) ? { key: "method", negated, raw, method: value.toUpperCase() } : `"${raw}" is not a method (try method:post)`;
  },
  code(value, negated, raw) {
    const v = value.trim().toLowerCase();
    if (v === "") return `"${raw}" names no code (try code:cors.* or code:auth.token-expired)`;
    // A bare family ("cors") means all of its codes.
    const pattern = /[*?.]/.test(v) ? v : `${v}.*`;
    return { key: "code", negated, raw, pattern };
  },
  severity(value, negated, raw) {
    const v = value.trim().toLowerCase();
    const severity = SEVERITIES.find((s) => s === v || (v === "warn" && s === "warning"));
    return severity ? { key: "severity", negated, raw, severity } : `"${raw}" is not a severity (error, warning or info)`;
  },
  has(value, negated, raw) {
    const v = value.trim().toLowerCase();
    return v !== "" ? { key: "has", negated, raw, header: v } : `"${raw}" names no header (try has:authorization)`;
  },
  host(value, negated, raw) {
    const v = value.trim().toLowerCase();
    return v !== "" ? { key: "host", negated, raw, host: v } : `"${raw}" names no host (try host:api.example.com)`;
  },
  type(value, negated, raw) {
    const v = value.trim().toLowerCase();
    return v !== "" ? { key: "type", negated, raw, type: v } : `"${raw}" names no type (try type:preflight)`;
  },
};

/** Reads a query. Never throws; anything it does not understand is searched as text. */
export function parseQuery(input: string): Query {
  const full = typeof input === "string" ? input : "";
  const truncated = full.length > MAX_QUERY_CHARS;
  const source = truncated ? full.slice(0, MAX_QUERY_CHARS) : full;
  const terms: QueryTerm[] = [];
  const notes: string[] = [];
  for (const t of tokenize(source)) {
    const filter = t.key !== undefined && Object.hasOwn(FILTERS, t.key) ? FILTERS[t.key] : undefined;
    if (filter) {
      const term = filter(t.value, t.negated, t.raw);
      if (typeof term !== "string") {
        terms.push(term);
        continue;
      }
      notes.push(`${term}; searched as text`);
    }
    // Unknown keys and unreadable values: the whole token is text ("foo:bar" may be in a URL).
    const needle = (t.key !== undefined ? `${t.key}:${t.value}` : t.value).toLowerCase();
    if (needle === "") continue;
    terms.push({ key: "text", negated: t.negated, raw: t.raw, text: needle });
  }
  return { source, truncated, terms, notes };
}
