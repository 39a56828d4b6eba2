/**
 * Properties over generated input (fast-check): any text, and real challenges mutated at random,
 * parse without throwing and with consistent verdicts; serialising a reading and parsing it
 * again gives the same reading; well-formed challenges built from the grammar read back exactly.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainChallenges } from "../../../src/core/challenge/explain.ts";
import { parseChallenges } from "../../../src/core/challenge/parse.ts";
import { serializeChallenges } from "../../../src/core/challenge/serialize.ts";
import type { Challenge } from "../../../src/core/challenge/types.ts";
import { REAL_SERVERS } from "./fixtures.ts";

const RUNS = { numRuns: 400 };

/** Characters that matter to the grammar, plus obs-text, controls and a few letters. */
const TRICKY = [..."\"\\,= \t\r\n\u0000\u0001\u007f\u00e4\u00ff\u20ac'()/:;<>?@[]{}", ..."aBz09-._~+", "realm", "Basic ", "Bearer ", "=="];

const trickyString = fc.array(fc.constantFrom(...TRICKY), { maxLength: 60 }).map((parts) => parts.join(""));

/** A real challenge with characters inserted, deleted or replaced at random positions. */
const mutated = fc
  .tuple(
    fc.constantFrom(...REAL_SERVERS.flatMap((c) => c.fields)),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("insert", "delete", "replace"), fc.constantFrom(...TRICKY)), { maxLength: 8 }),
  )
  .map(([value, edits]) => {
    let s = value;
    for (const [at, op, text] of edits) {
      const i = s.length === 0 ? 0 : at % s.length;
      s = op === "insert" ? s.slice(0, i) + text + s.slice(i) : op === "delete" ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + text + s.slice(i + 1);
    }
    return s;
  });

const anyInput = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: "binary", maxLength: 80 }), trickyString, mutated);
const anyLines = fc.array(anyInput, { minLength: 0, maxLength: 3 });

describe("any input", () => {
  it("never throws, and the verdict matches the problems", () => {
    fc.assert(
      fc.property(anyLines, (lines) => {
        const r = parseChallenges(lines);
        const combined = lines.join(", ");
        expect(r.ok).toBe(!r.problems.some((p) => p.severity === "error"));
        expect(r.strict).toEqual(r.ok ? r.lenient : []);
        for (const p of r.problems) {
          expect(p.offset).toBeGreaterThanOrEqual(0);
          expect(p.offset).toBeLessThanOrEqual(combined.length);
          expect(p.message.length).toBeGreaterThan(0);
        }
        for (const c of r.lenient) {
          expect(c.scheme).toMatch(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/);
          for (const name of Object.keys(c.params)) expect(name).toBe(name.toLowerCase());
        }
      }),
      RUNS,
    );
  });

  it("is explained without throwing, one explanation per challenge read", () => {
    fc.assert(
      fc.property(anyLines, fc.constantFrom("WWW-Authenticate", "Proxy-Authenticate") as fc.Arbitrary<"WWW-Authenticate" | "Proxy-Authenticate">, (lines, header) => {
        const explained = explainChallenges(lines, { header });
        const r = parseChallenges(lines);
        expect(explained.length).toBe(Math.max(1, r.lenient.length));
        for (const e of explained) {
          expect(typeof e.summary).toBe("string");
          expect(e.problems.every((p) => p.offset >= 0 && p.offset <= e.raw.length)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("re-serialised and parsed again, gives the same reading", () => {
    fc.assert(
      fc.property(anyLines, (lines) => {
        const first = parseChallenges(lines);
        const again = parseChallenges([serializeChallenges(first.lenient)]);
        expect(again.lenient).toEqual(first.lenient);
        if (first.ok) {
          expect(again.ok).toBe(true);
          expect(again.strict).toEqual(first.strict);
        }
      }),
      RUNS,
    );
  });
});

describe("well-formed challenges built from the grammar", () => {
  const tchar = fc.constantFrom(..."!#$%&'*+-.^_`|~abcXYZ059");
  const token = fc.array(tchar, { minLength: 1, maxLength: 8 }).map((cs) => cs.join(""));
  const name = token.map((t) => t.toLowerCase());
  /** Anything a quoted-string can carry: HTAB, SP, VCHAR, obs-text, quotes and backslashes escaped. */
  const value = fc.array(fc.constantFrom(..."\t ab\"\\,;=()\u00e4\u00ff~"), { maxLength: 12 }).map((cs) => cs.join(""));
  const token68 = fc
    .tuple(fc.array(fc.constantFrom(..."Az09-._~+/"), { minLength: 1, maxLength: 16 }), fc.nat({ max: 2 }))
    .map(([cs, pad]) => cs.join("") + "=".repeat(pad));
  const challenge: fc.Arbitrary<Challenge> = fc.oneof(
    fc.record({ scheme: token, params: fc.dictionary(name, value, { maxKeys: 5 }) }),
    fc.record({ scheme: token, token68, params: fc.constant({}) }),
  );

  it("read back exactly, strictly, with no error", () => {
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 4 }), (challenges) => {
        const r = parseChallenges([serializeChallenges(challenges)]);
        expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
        expect(r.strict).toEqual(challenges);
      }),
      RUNS,
    );
  });
});
