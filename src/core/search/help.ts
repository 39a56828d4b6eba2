/** The search syntax as data, for the panel's help tooltip (views render it, never restate it). */

export interface QueryHelpEntry {
  /** The key as typed, or a description of the form ("-term", "\"phrase\""). */
  readonly key: string;
  readonly example: string;
  readonly meaning: string;
}

export const QUERY_HELP: readonly QueryHelpEntry[] = [
  { key: "text", example: "orders", meaning: "URL, header names and values, finding codes, titles and details contain it (any case)" },
  { key: '"phrase"', example: '"invalid token"', meaning: "the words in quotes, spaces included" },
  { key: "-term", example: "-status:200", meaning: "the opposite of term" },
  { key: "status:", example: "status:401", meaning: "response status; status:4xx for a class, status:0 for no response" },
  { key: "method:", example: "method:post", meaning: "request method" },
  { key: "code:", example: "code:cors.*", meaning: "a finding code; * and ? are wildcards, code:cors means every cors.* code; wildcards skip info notes unless severity:info is asked" },
  { key: "severity:", example: "severity:warning", meaning: "a finding at least this severe (error, warning, info)" },
  { key: "has:", example: "has:authorization", meaning: "the request or response carries this header (has:cookie, has:set-cookie…)" },
  { key: "host:", example: "host:api.example.com", meaning: "the request's host contains this" },
  { key: "type:", example: "type:preflight", meaning: "resource type: preflight, fetch, xhr, document…" },
];
