/**
 * A query against one diagnosis. Each term looks at each value of the row at most once, and
 * free text is folded to lower case once per row, so matching is linear in the row's data.
 */
import type { Diagnosis } from "../diagnose.ts";
import { type Exchange, statusOf } from "../exchange.ts";
import { isPreflight } from "../preflight.ts";
import { SEVERITY_RANK } from "../findings.ts";
import type { Query, QueryTerm } from "./query.ts";

/**
 * Glob with `*` (any run) and `?` (one character): the greedy two-pointer match that backtracks
 * only to the last `*`, so it never explodes on patterns like `*a*a*a*b`.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = t;
    } else if (star !== -1) {
      p = star + 1;
      resume++;
      t = resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

/** `host[:port]` of a URL, without user info; the whole text when it has no authority. */
function hostPart(url: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url);
  if (!m) return url;
  const authority = m[1]!;
  return authority.slice(authority.lastIndexOf("@") + 1);
}

function hasHeaderNamed(x: Exchange, lowerName: string): boolean {
  const named = (h: { readonly name: string }) => h.name.length === lowerName.length && h.name.toLowerCase() === lowerName;
  if (x.request.headers.some(named) || (x.response?.headers.some(named) ?? false)) return true;
  // The capture's cookie list stands for the Cookie header when the header itself was not recorded.
  return lowerName === "cookie" && x.request.cookies.length > 0;
}

/** Every text free text is matched against, in lower case. */
function haystackOf(d: Diagnosis): string[] {
  const x = d.exchange;
  const out = [x.request.url.toLowerCase()];
  for (const h of x.request.headers) out.push(h.name.toLowerCase(), h.value.toLowerCase());
  for (const h of x.response?.headers ?? []) out.push(h.name.toLowerCase(), h.value.toLowerCase());
  for (const f of d.findings) out.push(f.code.toLowerCase(), f.title.toLowerCase(), f.detail.toLowerCase());
  return out;
}

/**
 * Whether a code term looks at info notes: a wildcard (`code:cors.*`) asks for problems, and
 * matching every "why a preflight was sent" note would list healthy requests; an exact code, or
 * `severity:info` in the query, asks for the notes too.
 */
function codeTermSeesInfo(t: { readonly pattern: string }, q: Query): boolean {
  return !/[*?]/.test(t.pattern) || q.terms.some((u) => u.key === "severity" && u.severity === "info" && !u.negated);
}

function test(t: QueryTerm, d: Diagnosis, haystack: () => readonly string[], q: Query): boolean {
  const x = d.exchange;
  switch (t.key) {
    case "status": {
      const s = statusOf(x);
      return s >= t.min && s <= t.max;
    }
    case "method":
      return x.request.method.toUpperCase() === t.method;
    case "code": {
      const info = codeTermSeesInfo(t, q);
      return d.findings.some((f) => (info || f.severity !== "info") && globMatch(t.pattern, f.code.toLowerCase()));
    }
    case "severity":
      return d.findings.some((f) => (SEVERITY_RANK[f.severity] ?? 0) >= SEVERITY_RANK[t.severity]);
    case "has":
      return hasHeaderNamed(x, t.header);
    case "host":
      return hostPart(x.request.url).toLowerCase().includes(t.host);
    case "type":
      return t.type === "preflight" ? isPreflight(x) : (x.resourceType ?? "").toLowerCase() === t.type;
    case "text":
      return haystack().some((s) => s.includes(t.text));
  }
}

/** True when every term of the query holds for this diagnosis (a negated term must not hold). */
export function matches(q: Query, d: Diagnosis): boolean {
  let cached: string[] | undefined;
  const haystack = () => {
    cached ??= haystackOf(d);
    return cached;
  };
  for (const t of q.terms) {
    if (test(t, d, haystack, q) === t.negated) return false;
  }
  return true;
}
