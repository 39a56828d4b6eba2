/**
 * The values a fix asks the server for, for this request: the methods and headers it must allow
 * (what the server already allows is kept, the missing ones added), never `*` — a wildcard is
 * ignored with credentials and never covers Authorization (Fetch §3.2.3).
 */
import type { HeaderList } from "../headers.ts";
import { displayHeaderName, extractTokenList, isSafelistedMethod, normalizeMethod } from "./grammar.ts";
import type { CorsSubject } from "./subject.ts";

/**
 * Names that go into a fix, and so into config snippets: letters, digits, `-`, `_`, `.` only —
 * header names and methods come from the capture, and a token may hold `$` or quotes.
 */
const PLAIN_NAME = /^[A-Za-z0-9_.-]+$/;

export function isPlainName(value: string): boolean {
  return PLAIN_NAME.test(value);
}

/** Values the server already sends in a `#token` header, without `*`. */
function kept(headers: HeaderList | undefined, name: string): string[] {
  const list = headers ? extractTokenList(headers, name) : undefined;
  return list?.ok ? list.values.filter(isPlainName) : [];
}

/** Access-Control-Allow-Methods for this request; empty when a safelisted method needs none. */
export function fixMethods(s: CorsSubject): string[] {
  // `put` in the list never matches: the browser always sends the six normalized methods upper-cased.
  const out = [...new Set(kept(s.preflight?.response?.headers, "access-control-allow-methods").map(normalizeMethod))];
  if (!isSafelistedMethod(s.method) && isPlainName(s.method) && !out.includes(s.method)) out.push(s.method);
  return out;
}

/** Access-Control-Allow-Headers for this request, names spelled out (Authorization first when sent). */
export function fixHeaders(s: CorsSubject): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (name: string) => {
    const lower = name.toLowerCase();
    // Names come from the capture: only header-name tokens go into a fix.
    if (seen.has(lower) || !isPlainName(name)) return;
    seen.add(lower);
    names.push(displayHeaderName(name));
  };
  if (s.requestedHeaders.some((h) => h.name === "authorization")) add("authorization");
  for (const name of kept(s.preflight?.response?.headers, "access-control-allow-headers")) add(name);
  for (const h of s.requestedHeaders) add(h.name);
  return names;
}
