/**
 * A comma missing between challenges (RFC 9110 §11.6.1: challenges are comma-separated). The
 * strict reading fails, and the lenient one starts a new challenge where a registered scheme
 * name follows: only there, never at an unknown word or a token68, and never inside a
 * quoted-string.
 */
import { describe, expect, it } from "vitest";
import { explainChallenges } from "../../../src/core/challenge/explain.ts";
import { parseChallenges } from "../../../src/core/challenge/parse.ts";
import { SCHEMES } from "../../../src/core/challenge/schemes/registry.ts";

const parse = (...lines: string[]) => parseChallenges(lines);
const errors = (value: string) => parse(value).problems.filter((p) => p.severity === "error");

describe("a missing comma before a registered scheme starts a new challenge", () => {
  it("`Basic realm=foo Digest realm=bar` reads as two challenges, the missing comma kept as the error", () => {
    const r = parse("Basic realm=foo Digest realm=bar");
    expect(r.ok).toBe(false);
    expect(r.strict).toEqual([]);
    expect(r.lenient).toEqual([
      { scheme: "Basic", params: { realm: "foo" } },
      { scheme: "Digest", params: { realm: "bar" } },
    ]);
    expect(errors("Basic realm=foo Digest realm=bar")).toEqual([
      expect.objectContaining({ code: "missing-comma", offset: 16, message: expect.stringContaining("before the Digest challenge") }),
    ]);
    // Each challenge is explained on its own: Digest's own requirements are Digest's, not Basic's.
    const [basic, digest] = explainChallenges(["Basic realm=foo Digest realm=bar"]);
    expect(basic!.raw).toBe("Basic realm=foo");
    expect(digest!.raw).toBe("Digest realm=bar");
    expect(digest!.problems.map((p) => p.code)).toContain("missing-parameter");
  });

  it.each(Object.keys(SCHEMES))("splits before %s, in any case", (key) => {
    const scheme = key.toUpperCase();
    expect(parse(`Basic realm=foo ${scheme} a=b`).lenient).toEqual([
      { scheme: "Basic", params: { realm: "foo" } },
      { scheme, params: { a: "b" } },
    ]);
  });

  it("`Basic realm=\"x\" Bearer`: a scheme with no parameters at the end is a challenge of its own", () => {
    const r = parse('Basic realm="x" Bearer');
    expect(r.lenient).toEqual([
      { scheme: "Basic", params: { realm: "x" } },
      { scheme: "Bearer", params: {} },
    ]);
    expect(r.problems).toEqual([expect.objectContaining({ code: "missing-comma", severity: "error", offset: 16 })]);
  });

  it("splits after a quoted value whatever the scheme carries: parameters, a token68 or another challenge", () => {
    expect(parse('Basic realm="x" Negotiate YIIBhg==, Bearer realm="y" Digest realm="z", nonce="n"').lenient).toEqual([
      { scheme: "Basic", params: { realm: "x" } },
      { scheme: "Negotiate", token68: "YIIBhg==", params: {} },
      { scheme: "Bearer", params: { realm: "y" } },
      { scheme: "Digest", params: { realm: "z", nonce: "n" } },
    ]);
  });

  it("splits after an unquoted value before a scheme that ends the field or its element", () => {
    expect(parse("Basic realm=Corp NTLM, Bearer").lenient).toEqual([
      { scheme: "Basic", params: { realm: "Corp" } },
      { scheme: "NTLM", params: {} },
      { scheme: "Bearer", params: {} },
    ]);
  });

  it("ends an unquoted value that ran on past a space at the scheme that follows it", () => {
    const r = parse("Basic realm=My Realm Digest realm=bar");
    expect(r.lenient).toEqual([
      { scheme: "Basic", params: { realm: "My Realm" } },
      { scheme: "Digest", params: { realm: "bar" } },
    ]);
    expect(r.problems.filter((p) => p.severity === "error").map((p) => p.code)).toEqual(["unquoted-space", "missing-comma"]);
  });

  it("a serialised lenient reading parses strictly to the same challenges", () => {
    const r = parse("Basic realm=foo Digest realm=bar");
    const again = parse('Basic realm="foo", Digest realm="bar"');
    expect(again.ok).toBe(true);
    expect(again.strict).toEqual(r.lenient);
  });
});

describe("what does not split", () => {
  it("`Bearer realm=\"a\" error=\"invalid_token\"`: a comma missing between parameters keeps one challenge", () => {
    const r = parse('Bearer realm="a" error="invalid_token"');
    expect(r.lenient).toEqual([{ scheme: "Bearer", params: { realm: "a", error: "invalid_token" } }]);
    expect(r.problems).toEqual([expect.objectContaining({ code: "missing-comma", severity: "error", offset: 17 })]);
    expect(r.problems[0]!.message).toContain("before error");
  });

  it("a parameter named like a scheme is a parameter", () => {
    expect(parse('Newauth realm="a" basic=1').lenient).toEqual([{ scheme: "Newauth", params: { realm: "a", basic: "1" } }]);
  });

  it.each([
    ['Basic realm="Digest realm=x"', { realm: "Digest realm=x" }],
    ['Basic realm="x, Bearer realm=y"', { realm: "x, Bearer realm=y" }],
    ['Basic realm="a \\" Digest realm=b"', { realm: 'a " Digest realm=b' }],
  ])("a scheme name inside a quoted-string: %s", (value, params) => {
    const r = parse(value);
    expect(r.ok).toBe(true);
    expect(r.strict).toEqual([{ scheme: "Basic", params }]);
  });

  it("an unregistered word: not read as a challenge, skipped up to the next comma", () => {
    const r = parse('Basic realm="x" Newauth realm="y", Bearer');
    expect(r.lenient).toEqual([
      { scheme: "Basic", params: { realm: "x" } },
      { scheme: "Bearer", params: {} },
    ]);
    expect(errors('Basic realm="x" Newauth realm="y", Bearer')).toEqual([
      expect.objectContaining({ code: "unexpected-after-value", offset: 16, message: expect.stringContaining('"Newauth" follows the value of realm') }),
    ]);
  });

  it("an unregistered word after an unquoted value: the value needed quotes", () => {
    expect(parse("Basic realm=foo Newauth realm=bar").lenient).toEqual([{ scheme: "Basic", params: { realm: "foo Newauth realm=bar" } }]);
  });

  it.each([
    ['Basic realm="x" YWJjZA', { realm: "x" }],
    ["Basic realm=x YWJjZA", { realm: "x YWJjZA" }],
  ])("a token68 after a value: %s", (value, params) => {
    const r = parse(value);
    expect(r.ok).toBe(false);
    expect(r.lenient).toEqual([{ scheme: "Basic", params }]);
  });

  it.each([
    ["My Basic Realm", "a scheme name followed by another word"],
    ["Intranet Negotiate YIIB", "a scheme name followed by what could be its token68"],
    ["x Digest/2", "a scheme name that is only the start of a word"],
  ])("inside an unquoted value that runs on: realm=%s (%s)", (realm) => {
    expect(parse(`Basic realm=${realm}`).lenient).toEqual([{ scheme: "Basic", params: { realm } }]);
  });

  it("a registered name where a token68 belongs is a token68: `Negotiate NTLM` is one challenge (RFC 9110 §11.3)", () => {
    expect(parse("Negotiate NTLM").strict).toEqual([{ scheme: "Negotiate", token68: "NTLM", params: {} }]);
  });
});

describe("hostile input around missing commas stays linear and never throws", () => {
  it.each([
    ["a long run of scheme names", `Basic realm=x ${"Basic ".repeat(50_000)}`],
    ["a long run of quoted values and schemes", `Basic realm="x" ${'Bearer realm="y" '.repeat(20_000)}`],
    ["one long unquoted run", `Basic realm=x ${"a ".repeat(100_000)}Digest realm=y`],
  ])("%s", (_label, value) => {
    const r = parse(value);
    expect(r.ok).toBe(false);
    expect(r.lenient.length).toBeGreaterThan(0);
  });
});
