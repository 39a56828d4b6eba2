/**
 * token.invalid (RFC 7515, 7519, 8725): tokens that decode but that a conforming verifier must
 * reject, each reason named with its section; and the decoder's robustness (a token that fails
 * still shows the parts that decode, invalid UTF-8 is reported, a wrapped paste is unwrapped).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { duplicateMemberNames, invalidProblems } from "../../../src/core/tokens/invalid.ts";
import { decodeToken } from "../../../src/core/tokens/index.ts";
import { ES256_SIGNATURE, b64url, jws, validClaims } from "./make.ts";

const DIR = join(import.meta.dirname, "..", "..", "fixtures", "tokens");
const VECTORS: { id: string; token: string }[] = JSON.parse(readFileSync(join(DIR, "jwt-cases.json"), "utf8"));

const sig = (bytes: number) => b64url(Buffer.alloc(bytes, 9));
const HS256_SIG = sig(32);

function reasons(token: string): string[] {
  return decodeToken(token)
    .problems.filter((p) => p.code === "token.invalid")
    .map((p) => {
      expect(p.severity).toBe("warning");
      return p.message;
    });
}

/** A JWS from raw JSON texts (duplicates and odd bytes survive, which JSON.stringify would not give). */
const raw = (header: string | Buffer, payload: string | Buffer, signature = HS256_SIG) => `${b64url(header)}.${b64url(payload)}.${signature}`;

describe("token.invalid: nothing to say about the RFC vectors", () => {
  it.each(VECTORS.map((v) => [v.id, v.token] as const))("%s", (_id, token) => {
    expect(reasons(token)).toEqual([]);
  });

  it("nor about a well-formed JWT", () => {
    expect(reasons(jws(validClaims(), { alg: "HS256", typ: "JWT" }, HS256_SIG))).toEqual([]);
    expect(reasons(jws(validClaims({ aud: ["api", "billing"] }), { alg: "ES256", kid: "k1" }, ES256_SIGNATURE))).toEqual([]);
  });
});

describe("crit (RFC 7515 §4.1.11)", () => {
  const token = (header: Record<string, unknown>) => jws(validClaims(), { alg: "HS256", ...header }, HS256_SIG);

  it("naming a parameter absent from the header", () => {
    const [r] = reasons(token({ crit: ["exp"] }));
    expect(r).toMatch(/"crit" names "exp", absent from the header: RFC 7515 §4\.1\.11/);
  });

  it("naming an extension verifiers do not know", () => {
    const [r] = reasons(token({ crit: ["http://example.invalid/ext"], "http://example.invalid/ext": true }));
    expect(r).toContain('"crit" marks "http://example.invalid/ext" as critical');
    expect(r).toContain("must reject");
  });

  it("naming a parameter of the JOSE specifications themselves", () => {
    expect(reasons(token({ crit: ["alg"] }))[0]).toMatch(/"crit" lists "alg", defined by the JOSE specifications themselves/);
  });

  it("empty, or not a list of names", () => {
    expect(reasons(token({ crit: [] }))[0]).toMatch(/non-empty array/);
    expect(reasons(token({ crit: "b64" }))[0]).toMatch(/non-empty array/);
    expect(reasons(token({ crit: [1] }))[0]).toMatch(/non-empty array/);
  });

  it("b64 listed and present is understood (RFC 7797 §6)", () => {
    const rfc7797 = VECTORS.find((v) => v.id.includes("rfc7797"))!;
    expect(reasons(rfc7797.token)).toEqual([]);
  });
});

describe("registered claims of the wrong type (RFC 7519 §4.1)", () => {
  it.each([
    ["aud", 42, /aud is 42, not a string or an array of strings \(RFC 7519 §4\.1\.3\)/],
    ["aud", ["api", 7], /aud is \["api",7\], not a string or an array of strings/],
    ["iss", { url: "https://id.example.com" }, /iss is \{"url":"https:\/\/id\.example\.com"\}, not a string \(StringOrURI\) \(RFC 7519 §4\.1\.1\)/],
    ["sub", 42, /sub is 42, not a string \(StringOrURI\) \(RFC 7519 §4\.1\.2\)/],
    ["jti", 1234, /jti is 1234, not a string \(RFC 7519 §4\.1\.7\)/],
    ["iss", null, /iss is null/],
  ])("%s: %j", (name, value, message) => {
    const found = reasons(jws(validClaims({ [name]: value }), { alg: "HS256" }, HS256_SIG));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it("leaves exp, nbf and iat to the time checks (token.jwt)", () => {
    const t = decodeToken(jws(validClaims({ exp: "tomorrow" }), { alg: "HS256" }, HS256_SIG));
    expect(t.problems.filter((p) => p.code === "token.invalid")).toEqual([]);
    expect(t.problems.some((p) => p.code === "token.jwt" && p.message.startsWith("exp is"))).toBe(true);
  });
});

describe("duplicate names (RFC 7515 §4, RFC 7519 §4)", () => {
  it("in the header: the last one wins, and says which", () => {
    const t = decodeToken(raw('{"alg":"HS256","typ":"JWT","alg":"none"}', '{"sub":"a"}'));
    expect(t.header).toEqual({ alg: "none", typ: "JWT" });
    const r = t.problems.find((p) => p.code === "token.invalid")!;
    expect(r.message).toMatch(/^the header names "alg" more than once: RFC 7515 §4 requires unique names/);
  });

  it("in the claims set, written with an escape", () => {
    const [r] = reasons(raw('{"alg":"HS256"}', '{"sub":"alice","aud":"api","s\\u0075b":"admin"}'));
    expect(r).toMatch(/^the claims set names "sub" more than once: RFC 7519 §4/);
  });

  it("nested objects are not the claims set's names", () => {
    expect(reasons(raw('{"alg":"HS256"}', '{"cnf":{"x":1,"x":2},"a":[{"b":1},{"b":2}],"c":"{\\"c\\":1}"}'))).toEqual([]);
  });

  it("duplicateMemberNames reads names only at the top level, strings with escapes included", () => {
    expect(duplicateMemberNames('{"a":1,"b":{"a":2},"a":3,"c":"\\",\\"b\\":","b":[1,{"b":2}]}')).toEqual(["a", "b"]);
    expect(duplicateMemberNames(" { } ")).toEqual([]);
  });
});

describe("a signature no key can verify (RFC 7518 §3, RFC 8037)", () => {
  it.each([
    ["ES256", 32, /the signature is 32 bytes, but ES256 signatures are always 64 bytes \(RFC 7518 §3\.4\)/],
    ["ES256", 72, /72 bytes, but ES256 signatures are always 64 bytes/],
    ["ES384", 64, /ES384 signatures are always 96 bytes/],
    ["ES512", 128, /ES512 signatures are always 132 bytes/],
    ["HS256", 20, /HS256 signatures are always 32 bytes \(RFC 7518 §3\.2\)/],
    ["HS512", 32, /HS512 signatures are always 64 bytes/],
    ["EdDSA", 65, /EdDSA signatures are always 64 or 114 bytes \(RFC 8037 §3\.1\)/],
  ])("%s with %i bytes", (alg, bytes, message) => {
    const found = reasons(jws(validClaims(), { alg }, sig(bytes)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it("an empty signature for a signed alg", () => {
    expect(reasons(jws(validClaims(), { alg: "RS256" }, ""))[0]).toMatch(/the signature part is empty although alg is "RS256"/);
  });

  it("a signature that is not base64url", () => {
    expect(reasons(jws(validClaims(), { alg: "RS256" }, "abcde"))[0]).toMatch(/the signature part does not decode: 5 characters cannot be base64url/);
  });

  it("a signature with base64 padding", () => {
    expect(reasons(jws(validClaims(), { alg: "RS256" }, "c2lnbmF0dXJl3Q=="))[0]).toMatch(/^the signature part ends in "=" padding, .*\(RFC 7515 §2\)/);
  });

  it("RSA lengths depend on the key: any non-empty one is possible", () => {
    expect(reasons(jws(validClaims(), { alg: "RS256" }, sig(9)))).toEqual([]);
    expect(reasons(jws(validClaims(), { alg: "PS512" }, sig(512)))).toEqual([]);
  });

  it("EdDSA with Ed448's 114 bytes, and alg none, are fine here", () => {
    expect(reasons(jws(validClaims(), { alg: "EdDSA" }, sig(114)))).toEqual([]);
    expect(reasons(jws(validClaims(), { alg: "none" }, ""))).toEqual([]);
  });
});

describe("b64: false in a JWT (RFC 7797 §7)", () => {
  it("typ JWT", () => {
    const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT", b64: false, crit: ["b64"] }));
    const [r] = reasons(`${header}.{"sub":"alice"}.${HS256_SIG}`);
    expect(r).toMatch(/^b64 is false \(RFC 7797\) in a JWT \(typ JWT\): JWTs always base64url-encode their claims \(RFC 7519 §7\.1\) and RFC 7797 §7/);
  });

  it("a claims set as the unencoded payload", () => {
    const header = b64url(JSON.stringify({ alg: "HS256", b64: false, crit: ["b64"] }));
    expect(reasons(`${header}.{"sub":"alice"}.${HS256_SIG}`)[0]).toContain("its payload is a JSON claims set");
  });
});

describe("invalid UTF-8 is a problem, not silently replaced (RFC 7519 §7.2)", () => {
  it("in the header: decoded as ISO-8859-1 for reading, and reported", () => {
    const header = Buffer.concat([Buffer.from('{"alg":"HS256","kid":"k'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const t = decodeToken(raw(header, '{"sub":"a"}'));
    expect(t.kind).toBe("jws");
    expect(t.header?.kid).toBe("kÿþ");
    expect(JSON.stringify(t)).not.toContain("\\ufffd");
    expect(t.problems.find((p) => p.code === "token.invalid")?.message).toMatch(/^part #1 \(the header\) is not valid UTF-8 \(RFC 7519 §7\.2 step 4/);
  });

  it("in the claims set", () => {
    const payload = Buffer.concat([Buffer.from('{"sub":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    expect(reasons(raw('{"alg":"HS256"}', payload))[0]).toMatch(/^part #2 \(the payload\) is not valid UTF-8 \(RFC 7519 §7\.2 step 10/);
  });
});

describe("a token that fails to decode still shows the parts that do", () => {
  it("five parts without enc: the header", () => {
    const t = decodeToken(`${b64url('{"alg":"RSA-OAEP","kid":"k1"}')}.a.b.c.d`);
    expect(t.kind).toBe("malformed");
    expect(t.header).toEqual({ alg: "RSA-OAEP", kid: "k1" });
    expect(t.problems[0]!.message).toContain('no "enc"');
  });

  it("a JWS whose payload is cut short: the header", () => {
    const t = decodeToken(`${b64url('{"alg":"RS256","kid":"k1"}')}.${b64url('{"sub":"alice","exp":17').slice(0, -1)}.c2ln`);
    expect(t.kind).toBe("malformed");
    expect(t.header).toEqual({ alg: "RS256", kid: "k1" });
  });

  it("a JWS whose header is broken: the claims, not judged", () => {
    const t = decodeToken(`${b64url('{"alg":"RS256"')}.${b64url(JSON.stringify(validClaims({ exp: 1 })))}.c2ln`, Date.UTC(2026, 10, 24));
    expect(t.kind).toBe("malformed");
    expect(t.payload).toMatchObject({ sub: "user-42" });
    expect(t.claims.some((c) => c.name === "sub")).toBe(true);
    expect(t.problems.map((p) => p.code)).toEqual(["token.malformed"]);
  });
});

describe("a token pasted with line breaks or spaces is unwrapped, with a note", () => {
  const token = jws(validClaims(), { alg: "HS256", typ: "JWT" }, HS256_SIG);
  const wrapped = token.match(/.{1,40}/g)!.join("\n  ");

  it("bare", () => {
    const t = decodeToken(wrapped);
    expect(t.kind).toBe("jws");
    expect(t.payload).toMatchObject({ sub: "user-42" });
    expect(t.length).toBe(token.length);
    expect(t.problems[0]).toMatchObject({ code: "token.jwt", severity: "info" });
    expect(t.problems[0]!.message).toMatch(/^the pasted token held \d+ whitespace characters .* \(RFC 7519 §7\.2 step 9\)$/);
  });

  it("after its scheme, and with spaces inside its first part", () => {
    const t = decodeToken(`Bearer ${token.slice(0, 10)} ${token.slice(10, 50)}\r\n${token.slice(50)}`);
    expect(t.kind).toBe("jws");
    expect(t.problems[0]!.message).toContain("held 3 whitespace characters");
  });

  it("a value read as sent is not", () => {
    const t = decodeToken(wrapped, undefined, { unwrap: false });
    expect(t.length).toBe(wrapped.length);
    expect(t.problems.some((p) => p.message.includes("whitespace"))).toBe(false);
  });

  it("opaque text with spaces is left alone", () => {
    const t = decodeToken("Bearer abc def");
    expect(t.problems.some((p) => p.message.includes("whitespace"))).toBe(false);
  });
});

describe("never throws", () => {
  const json = fc.dictionary(fc.constantFrom("alg", "crit", "aud", "iss", "sub", "jti", "b64", "typ", "exp", "x"), fc.jsonValue(), { maxKeys: 8 });

  it("on random headers, claims and parts", () => {
    fc.assert(
      fc.property(json, json, fc.array(fc.string({ maxLength: 60 }), { minLength: 1, maxLength: 5 }), fc.string({ maxLength: 80 }), (header, payload, parts, text) => {
        expect(Array.isArray(invalidProblems({ parts, header, payload, headerText: text, payloadText: JSON.stringify(payload) }))).toBe(true);
        const t = decodeToken(raw(JSON.stringify(header), JSON.stringify(payload), parts[0]!.replace(/[^A-Za-z0-9_-]/g, "")));
        expect(() => JSON.stringify(t)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });

  it("on random text and whitespace around real tokens", () => {
    const token = jws(validClaims());
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: "binary" }), fc.array(fc.nat({ max: token.length }), { maxLength: 6 }), (s, cuts) => {
        duplicateMemberNames(s);
        decodeToken(s);
        let t = token;
        for (const c of [...cuts].sort((a, b) => b - a)) t = `${t.slice(0, c)}\n ${t.slice(c)}`;
        expect(decodeToken(t).kind).toBe("jws");
      }),
      { numRuns: 300 },
    );
  });
});
