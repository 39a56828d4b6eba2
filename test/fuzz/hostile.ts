/**
 * Hostile values, as fast-check arbitraries: what a network, a broken client or an attacker can
 * put into a HAR. Characters that break parsers or terminals, the syntax fragments of each
 * header AuthLens reads, huge and deeply nested values, prototype-pollution keys, malformed
 * JWTs. Shared by the property suite (test/unit/fuzz) and `npm run fuzz` (scripts/fuzz.ts).
 */
import fc from "fast-check";

const b64url = (text: string): string => Buffer.from(text, "utf8").toString("base64url");

/**
 * Characters that have broken something somewhere: controls (C0, DEL, C1: U+009B is an 8-bit CSI,
 * U+0085 a line break), bidi controls (CVE-2021-42574), invisible format characters, lone and
 * paired surrogates, the separators of every header grammar, and non-ASCII text.
 */
export const HOSTILE_CHARS: readonly string[] = [
  "\u0000", "\u0007", "\u0008", "\t", "\n", "\r", "\u000b", "\u001b", "\u007f",
  "\u0080", "\u0085", "\u009b", "\u009d", "\u009f",
  "\u061c", "\u200b", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029",
  "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
  "\ufeff", "\ufff9", "\ufffd", "\u{e0041}", "\u{e007f}",
  "\ud800", "\udbff", "\udc00", "\udfff", "😀", "é", "日", "\u0301",
  '"', "\\", ",", ";", "=", ":", "/", "?", "#", "%", "@", "[", "]", "{", "}", "<", ">", "'", "`", "*", "~", ".", " ",
];

/** Syntax fragments of the values AuthLens parses: auth schemes and parameters, cookies, CORS lists, URLs. */
export const FRAGMENTS: readonly string[] = [
  "Bearer ", "Basic ", "DPoP ", "Digest ", "Negotiate ", "NTLM ", "Token ", "JWT ", "Bearer Bearer ",
  "realm=", 'realm=""', 'error="invalid_token"', 'error="insufficient_scope"', 'error="use_dpop_nonce"',
  'error="insufficient_user_authentication"', "error_description=", 'scope="read write"', "acr_values=", "max_age=",
  "resource_metadata=", 'nonce="', "algs=", "charset=UTF-8", "qop=auth", "stale=true",
  "undefined", "null", "[object Object]", "NaN", "Infinity", "-Infinity", "1e999", "-0", "0x1F", "9007199254740993",
  "__proto__", "constructor", "prototype", "hasOwnProperty", "toString",
  "SameSite=None", "SameSite=Strict", "Secure", "HttpOnly", "Partitioned", "Domain=", "Path=/", "Max-Age=-1",
  "Expires=Thu, 01 Jan 1970 00:00:00 GMT", "__Host-", "__Secure-", "sid=", "session=",
  "*", "null", "https://app.example.com", "https://app.example.com/", "http://localhost:3000", "http://[::1]",
  "http://10.0.0.1", "file:///etc/passwd", "javascript:alert(1)", "data:,x", "https://user:pass@api.example.com",
  "GET", "POST", "PUT", "DELETE", "OPTIONS", "Authorization", "Content-Type", "X-Requested-With", "true", "false",
  "eyJ", "eyJhbGciOiJub25lIn0", ".", "..", "~", "%00", "%0d%0a", "%E2%80%AE", "&#x202e;", "<script>", "${", "{{",
  "access_token=", "id_token=", "code=", "state=", "client_secret=", "password=",
];

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));

/** Short text mixing printable ASCII, hostile characters and syntax fragments. */
export const hostileText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: printable },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_CHARS) },
      { weight: 2, arbitrary: fc.constantFrom(...FRAGMENTS) },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(""));

/** Units whose repetition stresses a parser: quoting, escaping, separators, whitespace runs, token prefixes. */
const REPEATED_UNITS = ["A", " ", "\t", '"', "\\", ",", ";", "=", "a=b;", "a,", ", ", "eyJ", ".", "%", "Bearer ", 'x="', "\u202e", "\u0000", "~"];

/** One unit repeated up to just over the limits core applies (64 KiB per header or part, 256 KiB per body). */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...REPEATED_UNITS), fc.constantFrom(1_000, 8_193, 16_385, 65_537, 70_000), fc.option(hostileText))
  .map(([unit, chars, tail]) => unit.repeat(Math.ceil(chars / unit.length)) + (tail ?? ""));

/** Base64 of many random-looking bytes (a giant Basic credential, token or disclosure). */
export const giantBase64: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(3_000, 50_000, 66_000), fc.boolean())
  .map(([seed, bytes, url]) => {
    const buf = Buffer.alloc(bytes);
    let x = seed >>> 0 || 1;
    for (let i = 0; i < bytes; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      buf[i] = x & 0xff;
    }
    return buf.toString(url ? "base64url" : "base64");
  });

/** JSON nested `depth` levels deep, as text, around the bound core applies (64) and far past it. */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(8, 63, 64, 65, 200, 5_000, 20_000), fc.constantFrom("array", "object", "mixed"))
  .map(([depth, shape]) => {
    if (shape === "array") return `${"[".repeat(depth)}${"]".repeat(depth)}`;
    if (shape === "object") return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    return `${'{"a":['.repeat(depth)}0${"]}".repeat(depth)}`;
  });

/** JSON object texts that JSON.parse turns into own `__proto__`/`constructor` properties, duplicate names and odd numbers. */
const PROTO_JSON = [
  '{"__proto__":{"alg":"none","polluted":true},"alg":"HS256"}',
  '{"constructor":{"prototype":{"polluted":true}},"alg":"RS256","typ":"JWT"}',
  '{"alg":"RS256","alg":"none","exp":1,"exp":"1"}',
  '{"exp":1e309,"nbf":-1e309,"iat":-0,"aud":{"__proto__":[]},"scope":["a",{"b":1}],"scp":7}',
  '{"exp":"1700000000","iat":1700000000000,"nbf":"NaN","auth_time":"Infinity","iss":["x"],"sub":{}}',
  '{"hasOwnProperty":1,"toString":"x","valueOf":null,"crit":["__proto__"],"b64":false}',
];

/** A JSON text for a JOSE header or claims set: generated, prototype-polluting, deep, or not JSON at all. */
export const claimsText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 3, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom("alg", "typ", "kid", "cty", "enc", "crit", "b64", "iss", "sub", "aud", "exp", "nbf", "iat", "scope", "scp", "acr", "auth_time", "nonce", "cnf", "x5c", "jwk"), hostileText), fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileText)).map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_JSON) },
  { weight: 1, arbitrary: deepJsonText.map((d) => `{"alg":"HS256","x":${d}}`) },
  { weight: 1, arbitrary: deepJsonText },
  { weight: 1, arbitrary: hostileText },
);

/** Token-looking values: JWS, JWE, SD-JWT, nested and broken ones, around jwt-decode's edge cases. */
export const hostileJwt: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(claimsText, claimsText, fc.constantFrom("", "sig", "c2lnbmF0dXJl", "a+b/c=", "!!", "REDACTED")).map(([h, p, s]) => `${b64url(h)}.${b64url(p)}.${s}`),
  fc.tuple(claimsText, fc.array(fc.constantFrom("", "abc", "eyJ", "%%%", "a.b"), { minLength: 4, maxLength: 4 })).map(([h, rest]) => [b64url(h), ...rest].join(".")),
  fc.tuple(claimsText, claimsText, fc.array(claimsText, { maxLength: 4 }), fc.boolean()).map(
    ([h, p, ds, kb]) => `${b64url(h)}.${b64url(p)}.sig~${ds.map((d) => `${b64url(d)}~`).join("")}${kb ? `${b64url('{"alg":"ES256","typ":"kb+jwt"}')}.${b64url(p)}.x` : ""}`,
  ),
  // A nested JWT (cty: JWT) whose payload is itself a JWT, and again.
  fc.tuple(claimsText, claimsText).map(([h, p]) => {
    const inner = `${b64url(h)}.${b64url(p)}.x`;
    const middle = `${b64url('{"alg":"HS256","cty":"JWT"}')}.${b64url(inner)}.y`;
    return `${b64url('{"alg":"HS256","cty":"JWT"}')}.${b64url(middle)}.z`;
  }),
  fc.tuple(fc.constantFrom("eyJ", "eyJhbGciOi", "ewog", "eyAi"), hostileText, fc.integer({ min: 0, max: 6 })).map(([start, t, dots]) => `${start}${t}${".".repeat(dots)}`),
  giantBase64.map((g) => `eyJhbGciOiJIUzI1NiJ9.${g}.sig`),
);

/** Header values per field AuthLens reads, built from that field's own syntax. */
const syntax = (parts: fc.Arbitrary<string>, sep: fc.Arbitrary<string>) =>
  fc.tuple(fc.array(parts, { minLength: 1, maxLength: 8 }), sep).map(([p, s]) => p.join(s));

const piece = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 2, arbitrary: hostileText }, { weight: 1, arbitrary: hostileJwt });

export const HEADER_VALUES: Readonly<Record<string, fc.Arbitrary<string>>> = {
  "WWW-Authenticate": syntax(piece, fc.constantFrom(", ", " ", ",", "", ", Bearer ")),
  "Proxy-Authenticate": syntax(piece, fc.constantFrom(", ", " ")),
  Authorization: fc.oneof(
    fc.tuple(fc.constantFrom("Bearer ", "bearer ", "DPoP ", "Basic ", "Token ", "JWT ", "", "Bearer  ", "Bearer\t"), fc.oneof(hostileJwt, hostileText, giantBase64)).map(([s, t]) => s + t),
    hostileText,
  ),
  "Set-Cookie": syntax(piece, fc.constantFrom("; ", ";", "\n", ", ")),
  Cookie: syntax(fc.tuple(hostileText, fc.oneof(hostileText, hostileJwt)).map(([n, v]) => `${n}=${v}`), fc.constantFrom("; ", ";")),
  "Access-Control-Allow-Origin": syntax(piece, fc.constantFrom(", ", " ", "")),
  "Access-Control-Allow-Headers": syntax(piece, fc.constantFrom(", ", ",", " ")),
  "Access-Control-Allow-Methods": syntax(piece, fc.constantFrom(", ", ",")),
  "Access-Control-Allow-Credentials": fc.oneof(fc.constantFrom("true", "TRUE", "true ", "false", "1", ""), hostileText),
  "Access-Control-Expose-Headers": syntax(piece, fc.constantFrom(", ", ",")),
  "Access-Control-Request-Headers": syntax(piece, fc.constantFrom(", ", ",")),
  "Access-Control-Request-Method": fc.oneof(fc.constantFrom("GET", "PUT", "get", ""), hostileText),
  Origin: fc.oneof(fc.constantFrom("https://app.example.com", "null", "http://localhost:3000", "https://evil.example"), hostileText),
  Location: fc.oneof(fc.constantFrom("/login", "https://id.example.com/authorize?error=access_denied&state=x", "//evil.example"), hostileText),
  Date: fc.oneof(fc.constantFrom("Thu, 01 Jan 1970 00:00:00 GMT", "Mon, 31 Dec 9999 23:59:59 GMT", "yesterday", ""), hostileText),
  DPoP: hostileJwt,
  "DPoP-Nonce": hostileText,
  "Content-Type": fc.constantFrom("application/json", "text/html", "application/x-www-form-urlencoded", "application/problem+json", ""),
  Vary: syntax(piece, fc.constantFrom(", ")),
};

export const HEADER_NAMES = Object.keys(HEADER_VALUES);

/** A header value for a known field, or any hostile text, sometimes huge. */
export const headerValue: fc.Arbitrary<{ name: string; value: string }> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...HEADER_NAMES).chain((name) => HEADER_VALUES[name]!.map((value) => ({ name, value }))) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HEADER_NAMES), hugeText).map(([name, value]) => ({ name, value })) },
  { weight: 1, arbitrary: fc.tuple(hostileText, hostileText).map(([name, value]) => ({ name, value })) },
);

/**
 * A JSON text spliced into the HAR text as is: values nested thousands deep that JSON.parse
 * reads (iteratively) but JSON.stringify could not write (it recurses).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Values objects parsed from JSON can hold: own `__proto__` keys, deep nesting, huge strings, odd numbers. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, -0, 1e308, -1e308, 2 ** 53 + 2, 0.5, 4_294_967_296, "", "401", "NaN", "Infinity", "1e999", [], {}) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_JSON).map((t) => JSON.parse(t) as unknown) },
  { weight: 1, arbitrary: deepJsonText.map((t) => new RawJson(t)) },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: hostileJwt },
);
