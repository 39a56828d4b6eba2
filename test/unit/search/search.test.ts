/**
 * The search box's query language (issue #6): AND of terms, negation, phrases, key filters,
 * free text; bounded, and never throwing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnosis } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { type Finding, finding } from "../../../src/core/findings.ts";
import { MAX_QUERY_CHARS, QUERY_HELP, describeQuery, globMatch, matches, parseQuery } from "../../../src/core/search/index.ts";
import { T0 } from "../helpers.ts";

function x(parts: {
  method?: string;
  url?: string;
  requestHeaders?: Record<string, string>;
  cookies?: { name: string; value: string }[];
  status?: number;
  responseHeaders?: Record<string, string>;
  resourceType?: string;
  initiatorType?: string;
}): Exchange {
  const status = parts.status ?? 200;
  return {
    id: "e1",
    observedAt: T0,
    request: {
      method: parts.method ?? "GET",
      url: parts.url ?? "https://api.example.com/v1/orders",
      headers: Object.entries(parts.requestHeaders ?? {}).map(([name, value]) => ({ name, value })),
      cookies: parts.cookies ?? [],
    },
    ...(status > 0
      ? { response: { status, statusText: "", headers: Object.entries(parts.responseHeaders ?? {}).map(([name, value]) => ({ name, value })) } }
      : {}),
    ...(parts.resourceType !== undefined ? { resourceType: parts.resourceType } : {}),
    ...(parts.initiatorType !== undefined ? { initiatorType: parts.initiatorType } : {}),
    sources: ["har-file"],
  };
}

const REJECTED = finding("auth.credentials-rejected", { detail: "GET /v1/orders sent a Bearer token and got 401.", evidence: [] });
const EXPIRED = finding("auth.token-expired", { detail: "The token expired 15 minutes before the request.", evidence: [] });
const MISSING_ACAO = finding("cors.missing-allow-origin", { detail: "No Access-Control-Allow-Origin on the answer.", evidence: [] });
const TRIGGER = finding("cors.preflight-trigger", { detail: "X-Lab-Client is not a CORS-safelisted header.", evidence: [] });
const VARY = finding("cors.vary-origin-missing", { detail: "ACAO echoes the origin without Vary.", evidence: [] });

function d(exchange: Exchange, findings: readonly Finding[] = []): Diagnosis {
  return { exchange, rootCause: null, findings };
}

const BEARER_401 = d(
  x({ status: 401, requestHeaders: { Authorization: "Bearer abc" }, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' }, resourceType: "fetch" }),
  [REJECTED, EXPIRED],
);
const CORS_BLOCKED = d(
  x({ method: "PUT", url: "https://other.example.org/upload", status: 0, requestHeaders: { Origin: "https://app.example.com" }, resourceType: "xhr" }),
  [MISSING_ACAO, TRIGGER],
);
const PREFLIGHT = d(x({ method: "OPTIONS", status: 204, requestHeaders: { "Access-Control-Request-Method": "PUT" }, resourceType: "preflight" }));
const PREFLIGHT_BY_INITIATOR = d(x({ method: "OPTIONS", status: 204, resourceType: "other", initiatorType: "preflight" }));
const COOKIE_POST = d(
  x({ method: "POST", url: "https://app.example.com/login", status: 200, requestHeaders: { Cookie: "sid=1" }, responseHeaders: { "Set-Cookie": "sid=2", "X-Request-Id": "r-77" }, resourceType: "document" }),
  [VARY],
);
const COOKIE_LIST_ONLY = d(x({ cookies: [{ name: "sid", value: "1" }] }));
/** A healthy request whose only CORS finding is the note on why a preflight was sent. */
const HEALTHY_PUT = d(x({ method: "PUT", url: "https://api.example.com/orders/7", status: 204, resourceType: "fetch" }), [TRIGGER]);
const ALL = [BEARER_401, CORS_BLOCKED, PREFLIGHT, PREFLIGHT_BY_INITIATOR, COOKIE_POST, COOKIE_LIST_ONLY];

/** Which of ALL the query keeps, by position. */
function kept(query: string): Diagnosis[] {
  const q = parseQuery(query);
  return ALL.filter((row) => matches(q, row));
}

/** Strings made of the query language's own pieces, so the parser's branches are all reached. */
const QUERYISH = fc
  .array(
    fc.oneof(
      fc.constantFrom("status:", "method:", "code:", "severity:", "has:", "host:", "type:", "foo:", "-", '"', "\\", " ", "*", "?", "4xx", "0", "error"),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(""));

describe("parseQuery", () => {
  it("reads key:value terms, negations and phrases", () => {
    const q = parseQuery('status:401 -method:post "invalid token" has:Authorization');
    expect(q.terms).toEqual([
      { key: "status", negated: false, raw: "status:401", min: 401, max: 401 },
      { key: "method", negated: true, raw: "-method:post", method: "POST" },
      { key: "text", negated: false, raw: '"invalid token"', text: "invalid token" },
      { key: "has", negated: false, raw: "has:Authorization", header: "authorization" },
    ]);
    expect(q.notes).toEqual([]);
    expect(q.truncated).toBe(false);
  });

  it("reads status classes and 0", () => {
    expect(parseQuery("status:4xx").terms[0]).toMatchObject({ key: "status", min: 400, max: 499 });
    expect(parseQuery("status:5XX").terms[0]).toMatchObject({ key: "status", min: 500, max: 599 });
    expect(parseQuery("status:0").terms[0]).toMatchObject({ key: "status", min: 0, max: 0 });
  });

  it("accepts keys in any case and quoted values", () => {
    expect(parseQuery('HOST:"api.example.com"').terms).toEqual([{ key: "host", negated: false, raw: 'HOST:"api.example.com"', host: "api.example.com" }]);
  });

  it("treats unknown keys as free text", () => {
    expect(parseQuery("foo:bar").terms).toEqual([{ key: "text", negated: false, raw: "foo:bar", text: "foo:bar" }]);
    expect(parseQuery("https://api.example.com").terms).toEqual([{ key: "text", negated: false, raw: "https://api.example.com", text: "https://api.example.com" }]);
  });

  it("searches unreadable filter values as text, and says so", () => {
    const q = parseQuery("status:abc severity:fatal");
    expect(q.terms.map((t) => t.key)).toEqual(["text", "text"]);
    expect(q.notes).toHaveLength(2);
    expect(q.notes[0]).toContain("status:abc");
  });

  it("cuts queries over 500 characters", () => {
    const q = parseQuery(`status:401 ${"x".repeat(1_000)}`);
    expect(MAX_QUERY_CHARS).toBe(500);
    expect(q.truncated).toBe(true);
    expect(q.source).toHaveLength(500);
    expect(q.terms[1]).toMatchObject({ key: "text", text: "x".repeat(489) });
  });

  it("reads a lone dash as text and an unclosed quote up to the end", () => {
    expect(parseQuery("-").terms).toEqual([{ key: "text", negated: false, raw: "-", text: "-" }]);
    expect(parseQuery('"invalid tok').terms).toEqual([{ key: "text", negated: false, raw: '"invalid tok', text: "invalid tok" }]);
  });

  it("gives no terms for an empty or blank query", () => {
    expect(parseQuery("").terms).toEqual([]);
    expect(parseQuery("   \t ").terms).toEqual([]);
  });

  it("never throws, and its result is plain data (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 700 }), QUERYISH), (text) => {
        const q = parseQuery(text);
        expect(JSON.parse(JSON.stringify(q))).toEqual(q);
        expect(q.source.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
        expect(typeof describeQuery(q)).toBe("string");
        for (const row of ALL) expect(typeof matches(q, row)).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });
});

describe("matches", () => {
  it("status: exact, class, and 0 for no response", () => {
    expect(kept("status:401")).toEqual([BEARER_401]);
    expect(kept("status:4xx")).toEqual([BEARER_401]);
    expect(kept("status:2xx")).toEqual([PREFLIGHT, PREFLIGHT_BY_INITIATOR, COOKIE_POST, COOKIE_LIST_ONLY]);
    expect(kept("status:0")).toEqual([CORS_BLOCKED]);
    expect(kept("status:500")).toEqual([]);
  });

  it("method: any case", () => {
    expect(kept("method:post")).toEqual([COOKIE_POST]);
    expect(kept("method:PUT")).toEqual([CORS_BLOCKED]);
  });

  it("code: globs and exact codes", () => {
    expect(kept("code:cors.*")).toEqual([CORS_BLOCKED, COOKIE_POST]);
    expect(kept("code:auth.token-expired")).toEqual([BEARER_401]);
    expect(kept("code:*missing*")).toEqual([CORS_BLOCKED, COOKIE_POST]);
    expect(kept("code:auth.token-?xpired")).toEqual([BEARER_401]);
    expect(kept("code:auth.token")).toEqual([]);
    expect(kept("code:cors")).toEqual([CORS_BLOCKED, COOKIE_POST]);
  });

  it("code: a wildcard leaves out info notes unless severity:info asks for them; an exact code finds them", () => {
    const finds = (query: string) => matches(parseQuery(query), HEALTHY_PUT);
    expect(finds("code:cors.*")).toBe(false);
    expect(finds("code:cors")).toBe(false);
    expect(finds("code:cors.* severity:info")).toBe(true);
    expect(finds("code:cors.preflight-trigger")).toBe(true);
    // A request with a CORS problem is still found by the wildcard.
    expect(matches(parseQuery("code:cors.*"), CORS_BLOCKED)).toBe(true);
  });

  it("severity: a finding at least that severe", () => {
    expect(kept("severity:error")).toEqual([BEARER_401, CORS_BLOCKED]);
    expect(kept("severity:warning")).toEqual([BEARER_401, CORS_BLOCKED, COOKIE_POST]);
    expect(kept("severity:info")).toEqual([BEARER_401, CORS_BLOCKED, COOKIE_POST]);
  });

  it("has: request or response headers, and the cookie list for has:cookie", () => {
    expect(kept("has:authorization")).toEqual([BEARER_401]);
    expect(kept("has:cookie")).toEqual([COOKIE_POST, COOKIE_LIST_ONLY]);
    expect(kept("has:x-request-id")).toEqual([COOKIE_POST]);
    expect(kept("has:www-authenticate")).toEqual([BEARER_401]);
    expect(kept("has:set-cookie")).toEqual([COOKIE_POST]);
  });

  it("host: a substring of the host, not of the path", () => {
    expect(kept("host:other.example")).toEqual([CORS_BLOCKED]);
    expect(kept("host:app.example.com")).toEqual([COOKIE_POST]);
    expect(kept("host:upload")).toEqual([]);
  });

  it("type: preflights (by type or initiator), fetch, xhr, document", () => {
    expect(kept("type:preflight")).toEqual([PREFLIGHT, PREFLIGHT_BY_INITIATOR]);
    expect(kept("type:fetch")).toEqual([BEARER_401]);
    expect(kept("type:xhr")).toEqual([CORS_BLOCKED]);
    expect(kept("type:document")).toEqual([COOKIE_POST]);
  });

  it("free text: URL, header names and values, codes, titles and details, in any case", () => {
    expect(kept("UPLOAD")).toEqual([CORS_BLOCKED]);
    expect(kept("www-authenticate")).toEqual([BEARER_401]);
    expect(kept("invalid_token")).toEqual([BEARER_401]);
    expect(kept("token-expired")).toEqual([BEARER_401]);
    expect(kept("rejected")).toEqual([BEARER_401]);
    expect(kept('"15 minutes before"')).toEqual([BEARER_401]);
    expect(kept("r-77")).toEqual([COOKIE_POST]);
    expect(kept("nothing-like-this")).toEqual([]);
  });

  it("ANDs terms and negates with -", () => {
    expect(kept("status:401 has:authorization")).toEqual([BEARER_401]);
    expect(kept("status:401 has:cookie")).toEqual([]);
    expect(kept("-status:0 code:cors.*")).toEqual([COOKIE_POST]);
    expect(kept("-type:preflight -has:cookie")).toEqual([BEARER_401, CORS_BLOCKED]);
    expect(kept('-"api.example.com"')).toEqual([CORS_BLOCKED, COOKIE_POST]);
  });

  it("matches everything with an empty query", () => {
    expect(kept("")).toEqual(ALL);
  });

  // Its time is measured in bench/hostile.bench.ts (tests assert no wall-clock time).
  it("answers on 1 MB values", () => {
    const big = d(x({ requestHeaders: { "X-Big": "a".repeat(1 << 20) } }), [REJECTED]);
    const q = parseQuery(`${"a".repeat(200)}b code:${"*a".repeat(100)}b -has:x`);
    expect(matches(q, big)).toBe(false);
  });
});

describe("globMatch", () => {
  it("handles * and ? and anchors both ends", () => {
    expect(globMatch("cors.*", "cors.missing-allow-origin")).toBe(true);
    expect(globMatch("cors.*", "auth.cors.x")).toBe(false);
    expect(globMatch("*", "")).toBe(true);
    expect(globMatch("a?c", "abc")).toBe(true);
    expect(globMatch("a?c", "ac")).toBe(false);
    expect(globMatch("*a*a*a*b", "a".repeat(5_000))).toBe(false);
  });
});

describe("describeQuery", () => {
  it("says the issue's example in words", () => {
    expect(describeQuery(parseQuery("status:401 has:authorization"))).toBe("status 401 and has Authorization");
  });

  it("describes each kind of term", () => {
    expect(describeQuery(parseQuery(""))).toBe("all requests");
    expect(describeQuery(parseQuery("status:4xx"))).toBe("status 4xx");
    expect(describeQuery(parseQuery("status:0"))).toBe("no response");
    expect(describeQuery(parseQuery("-has:cookie"))).toBe("without Cookie");
    expect(describeQuery(parseQuery("has:x-api-key"))).toBe("has X-Api-Key");
    expect(describeQuery(parseQuery("method:post"))).toBe("method POST");
    expect(describeQuery(parseQuery("type:preflight"))).toBe("preflights");
    expect(describeQuery(parseQuery("code:cors.*"))).toBe("a finding matching cors.*");
    expect(describeQuery(parseQuery("severity:warning"))).toBe("a warning or error");
    expect(describeQuery(parseQuery("host:api"))).toBe('host containing "api"');
    expect(describeQuery(parseQuery('"bad token"'))).toBe('mentions "bad token"');
  });
});

describe("QUERY_HELP", () => {
  it("documents every key with an example that parses as that key", () => {
    for (const key of ["status", "method", "code", "severity", "has", "host", "type"]) {
      const entry = QUERY_HELP.find((h) => h.key === `${key}:`);
      expect(entry, key).toBeDefined();
      expect(parseQuery(entry!.example).terms[0]?.key).toBe(key);
      expect(entry!.meaning.length).toBeGreaterThan(0);
    }
    expect(QUERY_HELP.some((h) => h.example.startsWith("-"))).toBe(true);
    expect(QUERY_HELP.some((h) => h.example.startsWith('"'))).toBe(true);
  });
});
