/** A query in words, for the line under the search box: "status 401 and has Authorization". */
import type { Query, QueryTerm } from "./query.ts";

/** Header names as HTTP documents spell them: "authorization" → "Authorization", "x-api-key" → "X-Api-Key". */
function headerName(lower: string): string {
  return lower.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

function statusWords(t: Extract<QueryTerm, { key: "status" }>): string {
  if (t.min === 0 && t.max === 0) return "no response";
  if (t.min === t.max) return `status ${t.min}`;
  return `status ${Math.floor(t.min / 100)}xx`;
}

const AT_LEAST: Readonly<Record<string, string>> = {
  error: "an error",
  warning: "a warning or error",
  info: "any finding",
};

function quoted(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 59)}…` : text);
}

function termWords(t: QueryTerm): string {
  const not = t.negated;
  switch (t.key) {
    case "status":
      return not ? (t.min === 0 && t.max === 0 ? "a response" : `not ${statusWords(t)}`) : statusWords(t);
    case "method":
      return `${not ? "not " : ""}method ${t.method}`;
    case "code":
      return `${not ? "no" : "a"} finding ${/[*?]/.test(t.pattern) ? `matching ${t.pattern}` : t.pattern}`;
    case "severity":
      return `${not ? "not " : ""}${AT_LEAST[t.severity] ?? t.severity}`;
    case "has":
      return `${not ? "without" : "has"} ${headerName(t.header)}`;
    case "host":
      return `host ${not ? "not containing" : "containing"} ${quoted(t.host)}`;
    case "type":
      return t.type === "preflight" ? (not ? "not a preflight" : "preflights") : `${not ? "not " : ""}type ${t.type}`;
    case "text":
      return `${not ? "not mentioning" : "mentions"} ${quoted(t.text)}`;
  }
}

/** A short sentence for the UI; "all requests" for an empty query. */
export function describeQuery(q: Query): string {
  if (q.terms.length === 0) return "all requests";
  const words = q.terms.map(termWords).join(" and ");
  return q.truncated ? `${words} (query cut to its first 500 characters)` : words;
}
