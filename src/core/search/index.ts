/** Search over diagnosed rows: parse once per keystroke, match per row. */
export { describeQuery } from "./describe.ts";
export { QUERY_HELP, type QueryHelpEntry } from "./help.ts";
export { globMatch, matches } from "./match.ts";
export { MAX_QUERY_CHARS, type Query, type QueryKey, type QueryTerm, parseQuery } from "./query.ts";
