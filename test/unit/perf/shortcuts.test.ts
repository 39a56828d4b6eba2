/**
 * The shortcuts the analysis takes for speed give the answers of the plain code they replace:
 * one pass for several header names, Set-Cookie lines read once, HAR pairs kept rather than
 * copied, stripped credentials judged during the import.
 */
import { describe, expect, it } from "vitest";
import { setCookieLines } from "../../../src/core/credentials/set-cookie.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { importHar } from "../../../src/core/har.ts";
import { type Header, fieldNames, headerValueLists, headerValues } from "../../../src/core/headers.ts";
import { LIMITS, TRUNCATION_MARK } from "../../../src/core/limits.ts";
import { credentialMarkReader, strippedCredentialsReason } from "../../../src/core/sanitized.ts";

const HEADERS: Header[] = [
  { name: ":authority", value: "api.example.com" },
  { name: "Authorization", value: "Bearer a" },
  { name: "cookie", value: "a=1" },
  { name: "AUTHORIZATION", value: "Bearer b" },
  { name: "X-\u212Aey", value: "kelvin" }, // KELVIN SIGN lower-cases to an ASCII "k"
  { name: "Cookie", value: "b=2" },
];

describe("headerValueLists", () => {
  it("gives headerValues for each name, in one pass", () => {
    const names = ["authorization", "cookie", "proxy-authorization", "x-key", "X-\u212AEY"];
    const lists = headerValueLists(HEADERS, fieldNames(names));
    names.forEach((name, i) => {
      const values = headerValues(HEADERS, name);
      expect(lists[i]).toEqual(values.length > 0 ? values : undefined);
    });
  });

  it("shares one answer (and allocates none) when no name is present", () => {
    const names = fieldNames(["www-authenticate", "proxy-authenticate"]);
    const a = headerValueLists(HEADERS, names);
    expect(a).toEqual([undefined, undefined]);
    expect(headerValueLists([], names)).toBe(a);
  });
});

function exchangeWith(headers: Header[], id = "e1"): Exchange {
  return {
    id,
    observedAt: 1,
    request: { method: "GET", url: "https://example.com/", headers: [], cookies: [] },
    response: { status: 200, statusText: "", headers },
    sources: ["har-file"],
  };
}

describe("setCookieLines", () => {
  it("gives the lines of each response, asked in turn or again", () => {
    const a = exchangeWith([{ name: "Set-Cookie", value: "a=1" }, { name: "set-cookie", value: "b=2" }], "e1");
    const b = exchangeWith([{ name: "content-type", value: "text/plain" }], "e2");
    expect(setCookieLines(a)).toEqual(["a=1", "b=2"]);
    expect(setCookieLines(a)).toEqual(["a=1", "b=2"]);
    expect(setCookieLines(b)).toEqual([]);
    expect(setCookieLines(a)).toEqual(["a=1", "b=2"]);
    expect(setCookieLines({ ...a, response: undefined })).toEqual([]);
  });
});

function harWith(headers: unknown[], cookies: unknown[] = []): unknown {
  return {
    log: {
      entries: [
        {
          startedDateTime: "2025-11-20T08:00:00.000Z",
          request: { method: "GET", url: "https://example.com/", headers, cookies },
          response: { status: 200, statusText: "", headers: [] },
        },
      ],
    },
  };
}

function requestOf(doc: unknown) {
  const r = importHar(doc);
  if (!r.ok) throw new Error(r.error);
  return r.har.exchanges[0]!.request;
}

describe("HAR header and cookie pairs", () => {
  it("keeps a pair that is exactly { name, value }", () => {
    const pair = { name: "accept", value: "*/*" };
    const cookie = { name: "sid", value: "1" };
    const request = requestOf(harWith([pair], [cookie]));
    expect(request.headers[0]).toBe(pair);
    expect(request.cookies[0]).toBe(cookie);
  });

  it("copies anything else, so an exchange holds name and value only", () => {
    const long = "x".repeat(LIMITS.headerValueChars + 1);
    const request = requestOf(
      harWith(
        [
          { name: "a", value: "1", comment: "extra" },
          { value: "2", name: "b" },
          { name: "c", value: 3 },
          { name: "d", value: long },
        ],
        [{ name: "sid", value: "1", httpOnly: true }, { name: "n" }],
      ),
    );
    expect(request.headers.map((h) => JSON.stringify(h))).toEqual([
      '{"name":"a","value":"1"}',
      '{"name":"b","value":"2"}',
      '{"name":"c","value":"3"}',
      JSON.stringify({ name: "d", value: long.slice(0, LIMITS.headerValueChars) + TRUNCATION_MARK }),
    ]);
    expect(request.cookies.map((c) => JSON.stringify(c))).toEqual(['{"name":"sid","value":"1"}', '{"name":"n","value":""}']);
  });

  it("keeps a list of such pairs as the list itself, and copies one with anything else or too long", () => {
    const headers = [
      { name: "accept", value: "*/*" },
      { name: "Cookie", value: "sid=1" },
    ];
    const cookies = [{ name: "sid", value: "1" }];
    const request = requestOf(harWith(headers, cookies));
    expect(request.headers).toBe(headers);
    expect(request.cookies).toBe(cookies);

    const mixed = [...headers, { name: "", value: "nameless" }];
    const copied = requestOf(harWith(mixed, [...cookies, { name: "n" }]));
    expect(copied.headers).not.toBe(mixed);
    expect(copied.headers).toEqual(headers);
    expect(copied.cookies).toEqual([...cookies, { name: "n", value: "" }]);

    const many = Array.from({ length: LIMITS.headersPerMessage + 1 }, (_, i) => ({ name: `x-${i}`, value: "v" }));
    expect(requestOf(harWith(many, [])).headers).toHaveLength(LIMITS.headersPerMessage);
  });
});

describe("credentialMarkReader", () => {
  const marked = exchangeWith([]);
  const withAuth = (value: string, id: string): Exchange => ({
    ...marked,
    id,
    request: { ...marked.request, headers: [{ name: "Authorization", value }] },
  });
  const cases: [string, Exchange[], string | undefined][] = [
    ["redacted", [withAuth("Bearer abc", "e1"), withAuth("Bearer [REDACTED]", "e2")], "Firefox"],
    ["nothing sent, Chromium", [marked], "WebInspector"],
    ["nothing sent, other tool", [marked], "Firefox"],
    ["AuthLens export", [withAuth("Bearer [REDACTED]", "e1")], "AuthLens"],
    ["visible", [withAuth("Bearer abc", "e1")], "WebInspector"],
    ["no exchanges", [], "WebInspector"],
  ];
  it.each(cases)("judges as strippedCredentialsReason: %s", (_name, exchanges, creator) => {
    const reader = credentialMarkReader();
    for (const x of exchanges) reader.see(x);
    expect(reader.reason(creator)).toBe(strippedCredentialsReason(exchanges, creator));
  });

  it("sees each imported exchange once, in the import's order", () => {
    const seen: string[] = [];
    const doc = {
      log: {
        entries: [
          { startedDateTime: "2025-11-20T08:00:02.000Z", request: { method: "GET", url: "https://example.com/b" } },
          { startedDateTime: "2025-11-20T08:00:01.000Z", request: { method: "GET", url: "https://example.com/a" } },
          { request: {} },
        ],
      },
    };
    const r = importHar(doc, "har-file", (x) => seen.push(`${x.id} ${x.request.url}`));
    expect(r.ok && r.har.exchanges.map((x) => `${x.id} ${x.request.url}`)).toEqual(seen);
    expect(seen).toEqual(["e1 https://example.com/a", "e2 https://example.com/b"]);
  });
});
