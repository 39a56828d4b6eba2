/**
 * A field read whole: one problem list (grammar and scheme problems alike) and a verdict and
 * headline that agree with it, for each combination a value can fall into.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROXY_CONTEXT } from "../../../src/core/challenge/context.ts";
import { MAX_EXPLAINED } from "../../../src/core/challenge/explain.ts";
import { readChallengeField } from "../../../src/core/challenge/field-reading.ts";

describe("readChallengeField: the verdict agrees with the problems", () => {
  it.each([
    // [label, field lines, verdict, headline]
    ["clean", ['Basic realm="x"'], "well-formed", 'WWW-Authenticate: 1 challenge, well-formed (RFC 9110 §11).'],
    [
      "notes only",
      ['Digest realm="x", nonce="n", qop="auth"'],
      "well-formed",
      "WWW-Authenticate: 1 challenge, well-formed (RFC 9110 §11), with 1 note.",
    ],
    [
      "warnings only",
      ["Basic realm=x"],
      "parses-with-warnings",
      "WWW-Authenticate: 1 challenge; parses under RFC 9110 §11, with 1 problem (1 warning).",
    ],
    [
      "a scheme error: Basic without realm",
      ["Basic"],
      "parses-with-errors",
      "WWW-Authenticate: 1 challenge; parses under RFC 9110 §11, with 1 problem (1 error).",
    ],
    [
      "scheme errors of several severities: Digest without nonce or qop",
      ['Digest realm="x"'],
      "parses-with-errors",
      "WWW-Authenticate: 1 challenge; parses under RFC 9110 §11, with 3 problems (1 error, 1 warning, 1 note).",
    ],
    [
      "a grammar error",
      ['Basic realm="a", realm="b"'],
      "does-not-parse",
      "WWW-Authenticate: does not parse under RFC 9110 §11, with 1 problem (1 error); shown as a client would most likely read it (1 challenge).",
    ],
    [
      "no readable challenge",
      ['"x"'],
      "does-not-parse",
      "WWW-Authenticate: does not parse under RFC 9110 §11, with 2 problems (2 errors); no challenge can be read from it.",
    ],
  ] as const)("%s", (_label, lines, verdict, headline) => {
    const r = readChallengeField(lines);
    expect(r.verdict).toBe(verdict);
    expect(r.headline).toBe(headline);
  });

  it("lists the scheme's problems beside the parser's, challenge by challenge", () => {
    const r = readChallengeField(['Basic realm=x, Digest realm="y", nonce="n"']);
    expect(r.problems.map((p) => [p.challenge, p.code, p.severity])).toEqual([
      [0, "unquoted-realm", "warning"],
      [1, "weak-algorithm", "info"],
      [1, "missing-parameter", "warning"],
    ]);
    // The same problems the explanations hold, in the same order.
    expect(r.problems.map(({ challenge: _, ...p }) => p)).toEqual(r.explained.flatMap((e) => e.problems));
  });

  it("puts the problems under no challenge when none can be read", () => {
    const r = readChallengeField([","]);
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems.every((p) => p.challenge === null)).toBe(true);
  });

  it("names the proxy's field for Proxy-Authenticate, and holds DPoP to its origin-only rule", () => {
    const r = readChallengeField(['DPoP algs="ES256"'], PROXY_CONTEXT);
    expect(r.headline).toMatch(/^Proxy-Authenticate: 1 challenge; parses under RFC 9110 §11, with 1 problem \(1 error\)\.$/);
    expect(r.problems).toEqual([expect.objectContaining({ code: "not-for-proxy", challenge: 0 })]);
  });

  it("keeps the parse problems of challenges past the explained ones", () => {
    const lines = [`${Array.from({ length: MAX_EXPLAINED + 1 }, () => 'Basic realm="x"').join(", ")}, realm=y`];
    const r = readChallengeField(lines);
    expect(r.explained).toHaveLength(MAX_EXPLAINED);
    expect(r.verdict).toBe("does-not-parse");
    expect(r.problems).toContainEqual(expect.objectContaining({ code: "duplicate-parameter", challenge: MAX_EXPLAINED }));
  });

  it("never throws, and verdict, headline and problems agree on any input", () => {
    const tricky = fc
      .array(fc.constantFrom(..."\"\\,= \t\r\n\u0000\u00e4", "realm", "nonce", "Basic ", "Digest ", "Bearer ", "Newauth ", "=="), { maxLength: 40 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 60 }), tricky), { maxLength: 3 }), (lines) => {
        const r = readChallengeField(lines);
        const has = (severity: string) => r.problems.some((p) => p.severity === severity);
        const capped = r.problems.some((p) => p.code === "too-many-problems");
        if (r.verdict === "does-not-parse") expect(has("error") || capped).toBe(true);
        if (r.verdict === "parses-with-errors") expect(has("error")).toBe(true);
        if (r.verdict === "parses-with-warnings") expect(has("warning") && !has("error")).toBe(true);
        if (r.verdict === "well-formed") expect(has("error") || has("warning")).toBe(false);
        expect(r.verdict === "does-not-parse").toBe(!r.parse.ok);
        expect(r.headline).toContain(r.verdict === "well-formed" ? "well-formed" : r.verdict === "does-not-parse" ? "does not parse" : "parses under");
        if (r.problems.length > 0 && r.verdict !== "well-formed") expect(r.headline).toContain(`${r.problems.length} problem`);
      }),
      { numRuns: 300 },
    );
  });
});
