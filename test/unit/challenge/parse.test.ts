/**
 * The RFC 9110 §11 grammar, piece by piece: list and parameter commas, token68, quoted-string,
 * BWS, line breaks, and the problems (code, severity, offset) each violation gets.
 */
import { describe, expect, it } from "vitest";
import { MAX_CHALLENGES, MAX_PARAMS, MAX_PROBLEMS, parseChallenges } from "../../../src/core/challenge/parse.ts";

const parse = (...lines: string[]) => parseChallenges(lines);
const codes = (...lines: string[]) => parse(...lines).problems.map((p) => p.code);

describe("challenges and parameters (RFC 9110 §11.3, §11.2)", () => {
  it("lower-cases parameter names and keeps the scheme as sent", () => {
    expect(parse('NeWaUtH ReAlM="x", Title=y').strict).toEqual([{ scheme: "NeWaUtH", params: { realm: "x", title: "y" } }]);
  });

  it("allows spaces and tabs around = (BWS)", () => {
    expect(parse('Basic realm \t=\t "x"').strict).toEqual([{ scheme: "Basic", params: { realm: "x" } }]);
  });

  it("reads a token68 after the scheme, with its = padding", () => {
    expect(parse("Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag==").strict).toEqual([
      { scheme: "Negotiate", token68: "YIIGhgYGKwYBBQUCoIIGejCCBnag==", params: {} },
    ]);
  });

  it("reads `abc=` alone as a token68 (a value may not be empty), `a=b` as a parameter", () => {
    expect(parse("Scheme abc=").strict).toEqual([{ scheme: "Scheme", token68: "abc=", params: {} }]);
    expect(parse("Scheme a=b").strict).toEqual([{ scheme: "Scheme", params: { a: "b" } }]);
  });

  it("reads `realm=` right after the scheme as a token68, as the grammar says", () => {
    const r = parse("Basic realm=, charset=UTF-8");
    expect(r.lenient).toEqual([{ scheme: "Basic", token68: "realm=", params: { charset: "UTF-8" } }]);
    expect(r.problems).toEqual([expect.objectContaining({ code: "param-after-token68", offset: 14 })]);
  });

  it("notes a trailing comma as an empty list element", () => {
    const r = parse('Basic realm="x",');
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([expect.objectContaining({ code: "empty-list-element", offset: 15, severity: "info" })]);
  });

  it("reads a token68 followed by another challenge", () => {
    expect(parse("Negotiate abc/+_.~-==, Basic realm=\"x\"").strict).toEqual([
      { scheme: "Negotiate", token68: "abc/+_.~-==", params: {} },
      { scheme: "Basic", params: { realm: "x" } },
    ]);
  });

  it("combines field lines in order with a comma (RFC 9110 §5.3) and reports offsets into the combination", () => {
    const r = parse('Basic realm="a"', 'Digest realm="b", nonce="n", realm="c"');
    expect(r.lenient.map((c) => c.scheme)).toEqual(["Basic", "Digest"]);
    // 'Basic realm="a", ' is 17 characters; the repeated realm starts 29 characters into line 2.
    expect(r.problems).toEqual([expect.objectContaining({ code: "duplicate-parameter", offset: 17 + 29 })]);
  });

  it("counts repetitions per challenge: the same name in two challenges is fine", () => {
    expect(parse('A realm="x", B realm="y"').ok).toBe(true);
  });

  it("keeps a parameter named __proto__ as data", () => {
    const [c] = parse('X __proto__="p", constructor="c"').strict;
    expect(Object.hasOwn(c!.params, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(c!.params, "__proto__")?.value).toBe("p");
    expect(Object.getPrototypeOf(c!.params)).toBe(Object.prototype);
  });
});

describe("quoted-string (RFC 9110 §5.6.4)", () => {
  it("unescapes quoted-pairs", () => {
    expect(parse('X a="\\"q\\" \\\\ \\z"').strict[0]!.params.a).toBe('"q" \\ z');
  });

  it("keeps commas, equals signs and semicolons inside quotes", () => {
    expect(parse('X a="1,2=3;4", b=c').strict[0]!.params).toEqual({ a: "1,2=3;4", b: "c" });
  });

  it("accepts obs-text (bytes 0x80–0xFF)", () => {
    expect(parse('X a="caf\u00e9 \u00ff"').ok).toBe(true);
  });

  it("flags a control character inside quotes, keeping it in the lenient reading", () => {
    const r = parse('X a="b\u0001c"');
    expect(r.problems).toEqual([expect.objectContaining({ code: "invalid-quoted-character", offset: 6, severity: "error" })]);
    expect(r.lenient[0]!.params.a).toBe("b\u0001c");
  });

  it("drops a lone backslash at the very end of an unterminated value", () => {
    const r = parse('X a="b\\');
    expect(r.lenient[0]!.params.a).toBe("b");
    expect(r.problems.map((p) => p.code)).toEqual(["unterminated-quoted-string"]);
  });
});

describe("line breaks (RFC 9112 §5.2, RFC 9110 §5.5)", () => {
  it("reads obs-fold (CRLF or LF, then a space or tab) as spaces, keeping offsets", () => {
    const r = parse('Basic\r\n\trealm="x",\n Newauth');
    expect(r.strict).toEqual([{ scheme: "Basic", params: { realm: "x" } }, { scheme: "Newauth", params: {} }]);
    expect(r.problems.map((p) => [p.code, p.offset])).toEqual([
      ["obs-fold", 5],
      ["obs-fold", 18],
    ]);
  });

  it.each([
    ["a bare LF", "Basic\nrealm=x", "a line feed (LF)"],
    ["a bare CR", "Basic\rrealm=x", "a carriage return (CR)"],
    ["a NUL", 'Basic realm="a\u0000b"', "a NUL byte"],
  ])("rejects %s (RFC 9110 §5.5) and reads it as a space", (_label, value, named) => {
    const r = parse(value);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ code: "control-character", severity: "error" });
    expect(r.problems[0]!.message).toContain(named);
  });
});

describe("violations and their lenient readings", () => {
  it.each([
    ["HTAB after the scheme", 'Basic\trealm="x"', "htab-after-scheme", 5, [{ scheme: "Basic", params: { realm: "x" } }]],
    ["a bare `Basic,` followed by a parameter", 'Basic, realm="x"', "param-after-bare-scheme", 7, [{ scheme: "Basic", params: {} }]],
    ["a parameter before any scheme", 'realm="x", Basic', "param-without-challenge", 0, [{ scheme: "Basic", params: {} }]],
    ["token68 followed by a parameter", "Negotiate abc=, realm=x", "param-after-token68", 16, [{ scheme: "Negotiate", token68: "abc=", params: { realm: "x" } }]],
    ["a missing value", 'Basic charset="UTF-8", realm=, x=y', "missing-value", 29, [{ scheme: "Basic", params: { charset: "UTF-8", realm: "", x: "y" } }]],
    ["an unquoted value with spaces", "Basic realm=My Realm", "unquoted-space", 15, [{ scheme: "Basic", params: { realm: "My Realm" } }]],
    ["junk after a quoted value", 'Basic realm="x"junk, charset="UTF-8"', "unexpected-after-value", 15, [{ scheme: "Basic", params: { realm: "x", charset: "UTF-8" } }]],
    ["a missing comma between parameters", 'Bearer a="1" b="2"', "missing-comma", 13, [{ scheme: "Bearer", params: { a: "1", b: "2" } }]],
    ["a missing comma between challenges", 'Basic realm="x" Bearer', "missing-comma", 16, [{ scheme: "Basic", params: { realm: "x" } }, { scheme: "Bearer", params: {} }]],
    ["an unregistered word after a quoted value", 'Basic realm="x" Newauth, Bearer', "unexpected-after-value", 16, [{ scheme: "Basic", params: { realm: "x" } }, { scheme: "Bearer", params: {} }]],
    ["neither token68 nor parameter after the scheme", 'Basic "x", Newauth', "expected-param", 6, [{ scheme: "Basic", params: {} }, { scheme: "Newauth", params: {} }]],
    ["junk directly after the scheme", 'Basic"x", Newauth', "invalid-after-scheme", 5, [{ scheme: "Basic", params: {} }, { scheme: "Newauth", params: {} }]],
    ["a challenge that starts with a quote", '"Basic", Newauth', "invalid-scheme", 0, [{ scheme: "Newauth", params: {} }]],
  ] as const)("%s", (_label, value, code, offset, lenient) => {
    const r = parse(value);
    expect(r.ok).toBe(false);
    expect(r.strict).toEqual([]);
    expect(r.lenient).toEqual(lenient);
    expect(r.problems).toContainEqual(expect.objectContaining({ code, offset, severity: "error" }));
  });

  it("names the real values in messages", () => {
    const [p] = parse('Basic realm="a", realm="b"').problems;
    expect(p!.message).toContain("realm");
    expect(p!.message).toContain("Basic");
    expect(p!.message).toContain("RFC 9110 §11.2");
  });

  it("reports an empty field and a field of commas as holding no challenge", () => {
    expect(parse("").problems.map((p) => p.code)).toEqual(["empty-field"]);
    expect(codes(" , ,")).toEqual(["empty-field", "empty-list-element", "empty-list-element"]);
    expect(parse(",,").ok).toBe(false);
  });

  it("lists problems in reading order", () => {
    const offsets = parse('Basic realm=\\x, realm="y"').problems.map((p) => p.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });
});

describe("bounds", () => {
  it(`lists at most ${MAX_PROBLEMS} problems and then says so`, () => {
    const r = parse(",".repeat(1_000));
    expect(r.problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(r.problems.at(-1)).toMatchObject({ code: "too-many-problems", severity: "info" });
    expect(r.ok).toBe(false);
  });

  it("still fails the strict reading when the only error comes after the problem cap", () => {
    const r = parse(`${",".repeat(200)}Basic realm="x", realm="y"`);
    expect(r.problems.map((p) => p.code)).not.toContain("duplicate-parameter");
    expect(r.ok).toBe(false);
  });

  it(`keeps ${MAX_CHALLENGES} challenges of a huge field and says the rest were not kept`, () => {
    const r = parse(Array.from({ length: MAX_CHALLENGES + 50 }, () => "A").join(", "));
    expect(r.lenient).toHaveLength(MAX_CHALLENGES);
    expect(r.problems).toEqual([expect.objectContaining({ code: "too-many-challenges", severity: "warning" })]);
  });

  it(`keeps ${MAX_PARAMS} parameters of one challenge`, () => {
    const r = parse(`X ${Array.from({ length: MAX_PARAMS + 10 }, (_, i) => `p${i}=v`).join(", ")}`);
    expect(Object.keys(r.lenient[0]!.params)).toHaveLength(MAX_PARAMS);
    expect(r.problems.map((p) => p.code)).toEqual(["too-many-parameters"]);
  });

  it("reads a megabyte of adversarial input without throwing", () => {
    for (const value of ["a=".repeat(500_000), `Basic realm="${"\\".repeat(1_000_000)}`, '\\"'.repeat(500_000)]) {
      const r = parse(value);
      expect(r.ok).toBe(false);
      expect(r.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
    }
  });
});
