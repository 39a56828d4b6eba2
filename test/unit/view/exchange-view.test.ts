/**
 * The exchange view (src/core/view): built once per exchange and analysis, each member read on
 * first use and then kept, and every member the same answer as the plain reader it stands for,
 * on real captures and on hostile header lists.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { challengeField } from "../../../src/core/challenge/exchange-challenges.ts";
import { attachedCredentials } from "../../../src/core/credentials/attached.ts";
import { findPlaceholder } from "../../../src/core/credentials/placeholder.ts";
import { setCookieLines } from "../../../src/core/credentials/set-cookie.ts";
import { analysisContext } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { importHar } from "../../../src/core/har.ts";
import { type Header, headerValue, headerValues } from "../../../src/core/headers.ts";
import { tokenRequestOf } from "../../../src/core/oauth/token-request.ts";
import { DEFAULT_OPTIONS } from "../../../src/core/rule.ts";
import { hostOf, pathOf, requestLabel } from "../../../src/core/text/describe.ts";
import { locatedTokensOf } from "../../../src/core/tokens/tokens-of.ts";
import { indexHeaders } from "../../../src/core/view/header-index.ts";
import { entry, exchangeOf, T0 } from "../helpers.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures");

function fixtureExchanges(path: string): Exchange[] {
  const imported = importHar(JSON.parse(readFileSync(join(FIXTURES, path), "utf8")));
  if (!imported.ok) throw new Error(imported.error);
  return imported.har.exchanges;
}

const CAPTURES = ["cli/chrome-auth.har", "lab/lab-chromium.har"];

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe("ctx.view", () => {
  const x = exchangeOf("e1", entry({ requestHeaders: { Authorization: "Bearer abc", Cookie: "a=1; b=2" }, status: 401 }));

  it("gives one view per exchange for the life of the context", () => {
    const { linked, ctx } = analysisContext([x]);
    const v = ctx.view(linked[0]!);
    expect(ctx.view(linked[0]!)).toBe(v);
    expect(v.exchange).toBe(linked[0]);
    // The credentials the rules have always read come from the view now.
    expect(ctx.credentials(linked[0]!)).toBe(v.credentials);
  });

  it("belongs to its context: another analysis builds its own", () => {
    const a = analysisContext([x]);
    const b = analysisContext([x]);
    expect(b.ctx.view(b.linked[0]!)).not.toBe(a.ctx.view(a.linked[0]!));
    expect(b.ctx.view(b.linked[0]!).credentials).toEqual(a.ctx.view(a.linked[0]!).credentials);
  });
});

describe("the view reads on first use, once", () => {
  /** A header list whose names count how often they are read. */
  function counted(list: readonly Header[]): { headers: Header[]; reads: () => number } {
    let reads = 0;
    const headers = list.map((h) => ({
      get name() {
        reads++;
        return h.name;
      },
      value: h.value,
    }));
    return { headers, reads: () => reads };
  }

  it("touches no header until a member is asked for, and reads each member once", () => {
    const request = counted([
      { name: "Authorization", value: "Bearer abc" },
      { name: "cookie", value: "sid=1" },
      { name: "accept", value: "*/*" },
    ]);
    const response = counted([{ name: "WWW-Authenticate", value: 'Bearer error="invalid_token"' }]);
    const x: Exchange = {
      id: "e1",
      observedAt: T0,
      request: { method: "GET", url: "https://api.example.com/v1/me", headers: request.headers, cookies: [] },
      response: { status: 401, statusText: "", headers: response.headers },
      sources: ["har-file"],
    };
    const { ctx } = analysisContext([x]);
    const v = ctx.view(x);
    expect(request.reads()).toBe(0);
    expect(response.reads()).toBe(0);

    const credentials = v.credentials;
    const afterCredentials = request.reads();
    expect(afterCredentials).toBeGreaterThan(0);
    expect(v.credentials).toBe(credentials);
    expect(request.reads()).toBe(afterCredentials);
    expect(response.reads()).toBe(0);

    const field = v.challenge("WWW-Authenticate");
    const afterChallenge = response.reads();
    expect(field?.parse.challenges[0]?.challenge.scheme).toBe("Bearer");
    expect(v.challenge("WWW-Authenticate")).toBe(field);
    expect(v.challenge("Proxy-Authenticate")).toBeUndefined();
    expect(response.reads()).toBe(afterChallenge);

    const lines = v.setCookieLines;
    expect(v.setCookieLines).toBe(lines);
    const tokens = v.tokens;
    expect(v.tokens).toBe(tokens);
    expect(v.label).toBe(v.label);
    expect(v.tokenRequest).toBe(v.tokenRequest);
  });

  it("decodes a token sent with many requests once per analysis, and judges its times per request", () => {
    const token = jwt({ iss: "https://id.example.com", sub: "u1", exp: T0 / 1000 + 60 });
    const xs = [0, 120_000].map((at, i) =>
      exchangeOf(`e${i + 1}`, entry({ at, requestHeaders: { Authorization: `Bearer ${token}` }, status: 200 })),
    );
    const { linked, ctx } = analysisContext(xs);
    const [a, b] = linked.map((x) => ctx.view(x).tokens[0]!.token);
    // One decoding shared (its claims list is the same object), two reference times.
    expect(a!.claims).toBe(b!.claims);
    expect(a!.times?.exp?.state).not.toBe(b!.times?.exp?.state);
  });
});

describe("the view answers as the plain readers do", () => {
  for (const capture of CAPTURES) {
    it(`on ${capture}`, () => {
      const exchanges = fixtureExchanges(capture);
      const { linked, ctx } = analysisContext(exchanges);
      expect(linked.length).toBeGreaterThan(5);
      for (const x of linked) {
        const v = ctx.view(x);
        expect(v.credentials).toEqual(attachedCredentials(x, false));
        expect(v.placeholder).toEqual(v.credentials.authorization ? findPlaceholder(v.credentials.authorization) : undefined);
        expect(v.setCookieLines).toEqual(setCookieLines(x));
        for (const h of ["WWW-Authenticate", "Proxy-Authenticate"] as const) expect(v.challenge(h)).toEqual(challengeField(x, h));
        expect(v.tokens).toEqual(locatedTokensOf(x, DEFAULT_OPTIONS));
        expect(v.tokenRequest).toEqual(tokenRequestOf(x));
        expect(v.label).toBe(requestLabel(x));
        expect(v.host).toBe(hostOf(x.request.url));
        expect(v.path).toBe(pathOf(x.request.url));
        for (const h of x.request.headers) {
          for (const name of [h.name, h.name.toUpperCase(), h.name.toLowerCase()]) {
            expect(v.request.value(name)).toBe(headerValue(x.request.headers, name));
            expect(v.request.values(name)).toEqual(headerValues(x.request.headers, name));
          }
        }
        for (const h of x.response?.headers ?? []) expect(v.response.values(h.name)).toEqual(headerValues(x.response!.headers, h.name));
      }
    });
  }

  it("leaves out the stripping tool's marks on a capture stripped of credentials", () => {
    const x = exchangeOf("e1", entry({ requestHeaders: { Authorization: `Bearer ${jwt({ sub: "u" })}` }, status: 401 }));
    const { linked, ctx } = analysisContext([x], { credentialsStripped: "a sanitizing tool" });
    expect(ctx.view(linked[0]!).tokens).toEqual([]);
    expect(ctx.view(linked[0]!).credentials.visibility).toBe("stripped");
  });
});

describe("the header index on hostile header lists", () => {
  const NAMES = ["authorization", "cookie", "set-cookie", "www-authenticate", "x-key", "x-\u212Aey", "i\u0307", "\u0130", "", "x"];

  function expectSameAsHeaders(list: Header[]): void {
    const index = indexHeaders(list);
    for (const name of [...NAMES, ...list.map((h) => h.name)]) {
      for (const asked of [name, name.toUpperCase(), name.toLowerCase()]) {
        expect(index.values(asked)).toEqual(headerValues(list, asked));
        expect(index.value(asked)).toBe(headerValue(list, asked));
        expect(index.has(asked)).toBe(headerValue(list, asked) !== undefined);
      }
    }
  }

  it("folds case as headers.ts does, non-ASCII names included (KELVIN SIGN, dotted I)", () => {
    expectSameAsHeaders([
      { name: "AUTHORIZATION", value: "Bearer a" },
      { name: "Authorization", value: "Bearer b" },
      { name: "X-\u212Aey", value: "kelvin" },
      { name: "x-KEY", value: "ascii" },
      { name: "\u0130", value: "dotted capital I" },
      { name: "i\u0307", value: "i and a combining dot" },
      { name: "Set-Cookie", value: "a=1" },
      { name: "set-cookie", value: "b=2" },
    ]);
  });

  it("keeps every duplicate in order and combines them (RFC 9110 §5.3)", () => {
    const list = Array.from({ length: 500 }, (_, i) => ({ name: i % 2 === 0 ? "X-Dup" : "x-dup", value: `v${i}` }));
    expectSameAsHeaders(list);
    expect(indexHeaders(list).values("x-dup")).toHaveLength(500);
  });

  it("never throws on huge values, empty values and odd names", () => {
    const list: Header[] = [
      { name: "x", value: "a".repeat(1_000_000) },
      { name: "X", value: "" },
      { name: ":authority", value: "api.example.com" },
      { name: "Weird Name\u0000", value: "\r\n\t" },
      { name: "\u{1F600}", value: "emoji" },
    ];
    expectSameAsHeaders(list);
    const x: Exchange = {
      id: "e1",
      observedAt: 0,
      request: { method: "GET", url: "not a url", headers: list, cookies: [] },
      response: { status: 401, statusText: "", headers: [...list, { name: "WWW-Authenticate", value: `Bearer ${"x=".repeat(50_000)}` }] },
      sources: ["har-file"],
    };
    const { linked, ctx } = analysisContext([x]);
    const v = ctx.view(linked[0]!);
    expect(() => [v.credentials, v.placeholder, v.setCookieLines, v.challenge("WWW-Authenticate"), v.tokens, v.tokenRequest, v.label, v.cors("all"), v.corsRuleEvaluation]).not.toThrow();
    expect(v.label).toBe(requestLabel(x));
  });
});
