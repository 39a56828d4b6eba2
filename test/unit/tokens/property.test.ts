/**
 * Tokens are untrusted input: decoding never throws, whatever the string, and its work is
 * bounded. Random strings, mutated JWTs and JWEs, and megabyte-sized inputs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeToken, tokensOf } from "../../../src/core/tokens/index.ts";
import { tokenTimeline } from "../../../src/core/tokens/index.ts";
import { chromeEntry, exchangeOf } from "../helpers.ts";
import { T0_SECONDS, jws, validClaims } from "./make.ts";

const KINDS = ["jws", "jwe", "basic", "opaque", "unsecured", "malformed"];
const RUNS = { numRuns: 300 };
const AT = Date.UTC(2026, 10, 24, 10);

const SEED_JWT = jws(validClaims({ nbf: T0_SECONDS - 5 }));
const SEED_JWE = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..refa467QzzKx6QAB.JW_i_f52hww_ELQPGaYyeAB6HYGcR559l9TYnSovc23XJoBcW29rHP8yZOZG7YhLpT1bjFuvZPjQS.vbb32Xvllea2OtmHAdccRQ";

function expectShape(raw: string): void {
  const t = decodeToken(raw, AT);
  expect(KINDS).toContain(t.kind);
  expect(typeof t.hash).toBe("string");
  expect(Array.isArray(t.problems)).toBe(true);
  // Serialisable: what the panel and the CLI receive survives JSON.
  expect(() => JSON.stringify(t)).not.toThrow();
}

/** A string edit: replace, insert or delete one character (from the base64url alphabet or not). */
const mutation = fc.tuple(fc.nat(), fc.constantFrom("replace", "insert", "delete"), fc.string({ minLength: 1, maxLength: 3, unit: "binary" }));

function mutate(s: string, [pos, op, text]: [number, string, string]): string {
  const i = pos % (s.length + 1);
  if (op === "insert") return s.slice(0, i) + text + s.slice(i);
  if (op === "delete") return s.slice(0, i) + s.slice(i + 1);
  return s.slice(0, i) + text + s.slice(i + text.length);
}

describe("decodeToken never throws", () => {
  it("on random strings, including binary and lone surrogates", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300, unit: "binary" }), (s) => expectShape(s)), RUNS);
  });

  it("on random strings shaped like tokens (scheme, dots, tildes, base64url)", () => {
    const part = fc.string({ maxLength: 40, unit: fc.constantFrom(..."eyJABCabc012-_=+/.~ :\"{}".split("")) });
    fc.assert(fc.property(fc.constantFrom("", "Bearer ", "Basic ", "DPoP ", "eyJ"), fc.array(part, { maxLength: 6 }), (prefix, parts) => expectShape(prefix + parts.join("."))), RUNS);
  });

  it("on mutated JWTs and JWEs", () => {
    fc.assert(
      fc.property(fc.constantFrom(SEED_JWT, SEED_JWE, `Basic ${btoa("user:pass")}`), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, edits) => {
        expectShape(edits.reduce(mutate, seed));
      }),
      RUNS,
    );
  });

  it("on JWTs with random JSON header and claims", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (header, payload) => {
        const h = Buffer.from(JSON.stringify(header) ?? "null").toString("base64url");
        const p = Buffer.from(JSON.stringify(payload) ?? "null").toString("base64url");
        expectShape(`eyJ${h}.${p}.c2ln`);
        expectShape(`${h}.${p}.c2ln`);
      }),
      RUNS,
    );
  });
});

describe("bounded work", () => {
  // Their times are measured in bench/hostile.bench.ts (tests assert no wall-clock time).
  it.each([
    ["1 MB of one character", "A".repeat(1 << 20)],
    ["1 MB that looks like a JWT", `eyJ${"A".repeat(1 << 20)}.e30.c2ln`],
    ["a 1 MB payload", `eyJhbGciOiJIUzI1NiJ9.${"e".repeat(1 << 20)}.c2ln`],
    ["a million dots", ".".repeat(1 << 20)],
    ["a million tildes after a JWT", `${SEED_JWT}${"~".repeat(1 << 20)}`],
    ["1 MB of Basic", `Basic ${"QUFB".repeat(1 << 18)}`],
  ])("%s decodes to a clear result", (_label, raw) => {
    const t = decodeToken(raw, AT);
    expect(KINDS).toContain(t.kind);
    if (t.kind === "malformed") expect(t.problems[0]!.message.length).toBeGreaterThan(10);
  });
});

describe("scanning exchanges never throws", () => {
  it("on random header values and URLs", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), fc.string({ maxLength: 100 }), (auth, cookie, query) => {
        const x = exchangeOf(
          "e1",
          chromeEntry({
            url: `https://api.example.com/x?access_token=${encodeURIComponent(query)}&q=${encodeURIComponent(query)}`,
            status: 401,
            requestHeaders: { Authorization: auth, Cookie: cookie, "X-Auth-Token": query, DPoP: auth },
            responseHeaders: { "Set-Cookie": cookie },
          }),
        );
        expect(Array.isArray(tokensOf(x))).toBe(true);
        expect(Array.isArray(tokenTimeline([x, x]))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
