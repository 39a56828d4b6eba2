/**
 * The greenbytes HTTP authentication cases (test/fixtures/challenge/www-authenticate-cases.json):
 * every `expect_rfc9110` reading, and what the notes and observed client behaviour say the
 * problems and the lenient reading must be.
 */
import { describe, expect, it } from "vitest";
import { explainChallenges } from "../../../src/core/challenge/explain.ts";
import { parseChallenges } from "../../../src/core/challenge/parse.ts";
import type { Challenge } from "../../../src/core/challenge/types.ts";
import { GREENBYTES, type GreenbytesCase } from "./fixtures.ts";

/**
 * The field lines a case describes: `fields` when it has them, else `header` without its note
 * about the wire bytes. The JSON holds each wire byte as one character (isomorphic decoding),
 * which is how field values reach AuthLens.
 */
function fieldLines(c: GreenbytesCase): readonly string[] {
  return c.fields ?? [c.header.replace(/ {2}\(wire bytes? [^)]*\)$/, "")];
}

/** "foo-Ã¤ (Latin-1 view) / foo-ä (UTF-8 guess)": the Latin-1 view is the value read. */
const TWO_VIEWS = /^(.*) \(Latin-1 view\) \/ (.*) \(UTF-8 guess\)$/;

function expected(c: GreenbytesCase): Challenge[] {
  if (typeof c.expect_rfc9110 === "string") throw new Error(`${c.id} has no strict reading`);
  return c.expect_rfc9110.map((e) => ({
    scheme: e.scheme,
    params: Object.fromEntries(Object.entries(e.params ?? {}).map(([k, v]) => [k, TWO_VIEWS.exec(v)?.[1] ?? v])),
  }));
}

const readable = GREENBYTES.filter((c) => typeof c.expect_rfc9110 !== "string");
const failing = GREENBYTES.filter((c) => typeof c.expect_rfc9110 === "string");

describe("greenbytes cases: the strict RFC 9110 reading", () => {
  it("covers the whole file", () => {
    expect(readable.length + failing.length).toBe(GREENBYTES.length);
    expect(GREENBYTES.length).toBeGreaterThanOrEqual(33);
  });

  it.each(readable.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const r = parseChallenges(fieldLines(c));
    expect(r.ok).toBe(true);
    expect(r.strict).toEqual(expected(c));
    expect(r.lenient).toEqual(r.strict);
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it.each(failing.map((c) => [c.id, c] as const))("%s has no strict reading", (_id, c) => {
    expect(c.expect_rfc9110).toMatch(/error/);
    const r = parseChallenges(fieldLines(c));
    expect(r.ok).toBe(false);
    expect(r.strict).toEqual([]);
    expect(r.problems.some((p) => p.severity === "error")).toBe(true);
  });
});

describe("greenbytes cases: what the notes ask for", () => {
  const byId = (id: string) => {
    const c = GREENBYTES.find((g) => g.id === id);
    if (!c) throw new Error(id);
    return parseChallenges(fieldLines(c));
  };
  const codes = (id: string) => byId(id).problems.map((p) => p.code);

  it("simplebasiclf: obs-fold is read as a space and flagged as deprecated (RFC 9112 §5.2)", () => {
    expect(codes("simplebasiclf")).toEqual(["obs-fold"]);
    expect(byId("simplebasiclf").problems[0]).toMatchObject({ severity: "warning", offset: 5 });
  });

  it.each(["simplebasictok", "simplebasicsq"])("%s: an unquoted realm is flagged as a lint, not an error (RFC 9110 §11.5)", (id) => {
    expect(byId(id).problems).toEqual([expect.objectContaining({ code: "unquoted-realm", severity: "warning", offset: 6 })]);
  });

  it("simplebasictokbs: a backslash is not tchar; the lenient reading keeps the value as sent", () => {
    const r = byId("simplebasictokbs");
    expect(r.problems).toContainEqual(expect.objectContaining({ code: "invalid-token-value", severity: "error", offset: 12 }));
    expect(r.lenient).toEqual([{ scheme: "Basic", params: { realm: "\\f\\o\\o" } }]);
  });

  it("simplebasiccomma2: `Basic,` ends the challenge, so realm belongs to none and MUST NOT become Basic's", () => {
    const r = byId("simplebasiccomma2");
    expect(r.lenient).toEqual([{ scheme: "Basic", params: {} }]);
    expect(r.problems).toEqual([expect.objectContaining({ code: "param-after-bare-scheme", severity: "error", offset: 7 })]);
  });

  it("simplebasic2realms: a repeated parameter is an error; the lenient reading keeps the first, as Firefox does", () => {
    const r = byId("simplebasic2realms");
    expect(r.lenient).toEqual([{ scheme: "Basic", params: { realm: "foo" } }]);
    expect(r.problems).toEqual([expect.objectContaining({ code: "duplicate-parameter", severity: "error", offset: 19 })]);
    expect(r.problems[0]!.message).toContain('"foo"');
  });

  it("missingquote: an unterminated quoted-string is read to the end, as Firefox does", () => {
    const r = byId("missingquote");
    expect(r.lenient).toEqual([{ scheme: "Basic", params: { realm: "basic" } }]);
    expect(r.problems).toEqual([expect.objectContaining({ code: "unterminated-quoted-string", offset: 12 })]);
  });

  it.each(["simplebasicnewparam1", "multibasicempty"])("%s: empty list elements are skipped and noted", (id) => {
    expect(codes(id).length).toBeGreaterThan(0);
    expect(codes(id).every((code) => code === "empty-list-element")).toBe(true);
  });

  it("simplebasicnorealm: well-formed, but RFC 7617 requires realm: a scheme-level error", () => {
    const [e] = explainChallenges(["Basic"]);
    expect(e!.problems).toContainEqual(expect.objectContaining({ code: "missing-parameter", severity: "error" }));
    expect(e!.problems.find((p) => p.code === "missing-parameter")!.message).toContain("realm");
  });

  it("simplebasicrealmutf8: both readings are shown, the byte-for-byte one and the UTF-8 guess", () => {
    const c = GREENBYTES.find((g) => g.id === "simplebasicrealmutf8")!;
    const [reading] = c.expect_rfc9110 as readonly { params?: Record<string, string> }[];
    const views = TWO_VIEWS.exec(reading!.params!.realm!)!;
    const [e] = explainChallenges(fieldLines(c));
    const realm = e!.params.find((p) => p.name === "realm")!;
    expect(realm.value).toBe(views[1]);
    expect(realm.meaning).toContain(views[2]);
    expect(e!.problems).toContainEqual(expect.objectContaining({ code: "ambiguous-encoding", severity: "info" }));
  });

  it("simplebasicrealmiso88591: an ISO-8859-1 byte is read as its character and not re-read as UTF-8", () => {
    const c = GREENBYTES.find((g) => g.id === "simplebasicrealmiso88591")!;
    const [e] = explainChallenges(fieldLines(c));
    expect(e!.params[0]!.value).toBe("foo-ä");
    expect(e!.problems.map((p) => p.code)).not.toContain("ambiguous-encoding");
  });

  it("simplebasicrealmrfc2047: encoded-words are not decoded inside a quoted-string", () => {
    expect(byId("simplebasicrealmrfc2047").strict[0]!.params.realm).toBe("=?ISO-8859-1?Q?foo-=E4?=");
  });

  it("unknown: a Newauth-only challenge is kept and explained generically, with no Basic in it", () => {
    const [e] = explainChallenges(fieldLines(GREENBYTES.find((g) => g.id === "unknown")!));
    expect(e!.family).toBe("Unknown");
    expect(e!.scheme).toBe("Newauth");
    expect(e!.params).toEqual([expect.objectContaining({ name: "param", value: "value" })]);
  });
});
