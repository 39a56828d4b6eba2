/**
 * token.invalid: a JOSE object that decodes, yet one a conforming verifier must reject
 * (RFC 7515, RFC 7519, RFC 8725). Each check is a row of a table and names its section; the
 * problems are part of the token's reading, the same for every request that sends it. Work is
 * linear in the parts' lengths, which TOKEN_LIMITS.partChars already bounds.
 */
import { base64UrlToBytes } from "../base64.ts";
import type { TokenProblem } from "./types.ts";

type Json = Record<string, unknown>;

/** What the checks see: the raw parts, and each decoded JSON object with the text it was parsed from. */
export interface JoseParts {
  readonly parts: readonly string[];
  readonly header: Json;
  /** The header's JSON text, when known (it is unless the decoder's fallback read it). */
  readonly headerText?: string;
  readonly headerUtf8?: boolean;
  readonly payload?: Json;
  readonly payloadText?: string;
  readonly payloadUtf8?: boolean;
}

function invalid(message: string): TokenProblem {
  return { code: "token.invalid", severity: "warning", message };
}

/**
 * Header parameters RFC 7515 §4.1 and RFC 7518 define for JWS, and RFC 7516 §4.1 for JWE:
 * RFC 7515 §4.1.11 forbids listing them in `crit`.
 */
const REGISTERED_HEADER: ReadonlySet<string> = new Set([
  "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
  "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
]);

/** Extensions with a specification that defines them as critical; anything else is one most verifiers do not know. */
const KNOWN_CRITICAL: Readonly<Record<string, string>> = {
  b64: "RFC 7797 §6",
  ppt: "RFC 8225 §8.1",
};

/** RFC 7515 §4.1.11: `crit` lists extension parameters, present in the header, that the recipient must understand. */
function critProblems(header: Json): TokenProblem[] {
  const crit = header.crit;
  if (crit === undefined) return [];
  if (!Array.isArray(crit) || crit.length === 0 || crit.some((c) => typeof c !== "string")) {
    return [invalid(`"crit" is ${JSON.stringify(crit)?.slice(0, 60)}: RFC 7515 §4.1.11 requires a non-empty array of header parameter names, and verifiers reject anything else`)];
  }
  const names = crit as string[];
  const problems: TokenProblem[] = [];
  const registered = names.filter((n) => REGISTERED_HEADER.has(n));
  if (registered.length > 0) {
    problems.push(invalid(`"crit" lists ${quoted(registered)}, defined by the JOSE specifications themselves; RFC 7515 §4.1.11 forbids listing those, and verifiers may reject the token`));
  }
  const absent = names.filter((n) => !REGISTERED_HEADER.has(n) && !Object.hasOwn(header, n));
  if (absent.length > 0) {
    problems.push(invalid(`"crit" names ${quoted(absent)}, absent from the header: RFC 7515 §4.1.11 lists parameters that are present, and verifiers reject the token`));
  }
  const unknown = names.filter((n) => !REGISTERED_HEADER.has(n) && Object.hasOwn(header, n) && !Object.hasOwn(KNOWN_CRITICAL, n));
  if (unknown.length > 0) {
    problems.push(
      invalid(`"crit" marks ${quoted(unknown)} as critical: under RFC 7515 §4.1.11 a verifier that does not understand ${unknown.length === 1 ? "it" : "them"} must reject the token, and JWT libraries do unless told otherwise`),
    );
  }
  if (new Set(names).size !== names.length) problems.push(invalid(`"crit" lists a name twice: ${JSON.stringify(names).slice(0, 80)} (RFC 7515 §4.1.11)`));
  return problems;
}

function quoted(names: readonly string[]): string {
  return names.map((n) => JSON.stringify(n.slice(0, 40))).join(", ");
}

/** Registered claims whose type RFC 7519 §4.1 fixes; exp, nbf and iat are judged in time-claims.ts. */
const CLAIM_TYPES: readonly { readonly name: string; readonly ok: (v: unknown) => boolean; readonly want: string; readonly section: string }[] = [
  { name: "iss", ok: (v) => typeof v === "string", want: "a string (StringOrURI)", section: "RFC 7519 §4.1.1" },
  { name: "sub", ok: (v) => typeof v === "string", want: "a string (StringOrURI)", section: "RFC 7519 §4.1.2" },
  {
    name: "aud",
    ok: (v) => typeof v === "string" || (Array.isArray(v) && v.every((a) => typeof a === "string")),
    want: "a string or an array of strings",
    section: "RFC 7519 §4.1.3",
  },
  { name: "jti", ok: (v) => typeof v === "string", want: "a string", section: "RFC 7519 §4.1.7" },
];

function claimTypeProblems(payload: Json): TokenProblem[] {
  return CLAIM_TYPES.flatMap(({ name, ok, want, section }) => {
    if (!Object.hasOwn(payload, name) || ok(payload[name])) return [];
    return [invalid(`${name} is ${JSON.stringify(payload[name])?.slice(0, 60)}, not ${want} (${section}): verifiers that check ${name} reject the token`)];
  });
}

/** Is the character at `at` preceded by an odd number of backslashes? */
function escaped(text: string, at: number): boolean {
  let n = 0;
  for (let j = at - 1; j >= 0 && text.charCodeAt(j) === 0x5c; j--) n++;
  return n % 2 === 1;
}

/** Duplicates reported per object; more are counted, not named. */
const DUPLICATES_NAMED = 5;

/**
 * The member names that appear more than once at the top level of a JSON object's text. The text
 * has already parsed as an object (JSON.parse keeps the last duplicate silently), so a scan of
 * strings and brackets is enough: a string at depth 1 after `{` or `,` is a member name.
 */
export function duplicateMemberNames(text: string): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  let depth = 0;
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // The string's closing quote: the next one not escaped by an odd run of backslashes.
      const start = i;
      for (i = text.indexOf('"', i + 1); i !== -1 && escaped(text, i); i = text.indexOf('"', i + 1));
      if (i === -1) return [];
      if (depth === 1 && expectName) {
        let name = text.slice(start + 1, i);
        // Only a name with an escape needs JSON's reading ("s\u0075b" is "sub").
        if (name.includes("\\")) {
          try {
            name = JSON.parse(text.slice(start, i + 1)) as string;
          } catch {
            return [];
          }
        }
        if (seen.has(name)) duplicates.add(name);
        else seen.add(name);
        expectName = false;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth === 1) expectName = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
    else if (c === 0x2c /* , */ && depth === 1) expectName = true;
  }
  return [...duplicates];
}

/** RFC 7515 §4 and RFC 7519 §4: names must be unique; parsers either reject or keep the last, so two verifiers may read different tokens. */
function duplicateProblem(text: string | undefined, what: "header" | "claims set"): TokenProblem[] {
  if (text === undefined) return [];
  const dups = duplicateMemberNames(text);
  if (dups.length === 0) return [];
  const named = quoted(dups.slice(0, DUPLICATES_NAMED)) + (dups.length > DUPLICATES_NAMED ? ` and ${dups.length - DUPLICATES_NAMED} more` : "");
  const section = what === "header" ? "RFC 7515 §4" : "RFC 7519 §4";
  return [
    invalid(
      `the ${what} names ${named} more than once: ${section} requires unique names, and parsers either reject the token or keep the last value, so two services can read it differently (AuthLens shows the last)`,
    ),
  ];
}

/** RFC 7519 §7.2 steps 4 and 10: both JSON objects must be UTF-8. */
function utf8Problems(p: JoseParts): TokenProblem[] {
  const out: TokenProblem[] = [];
  if (p.headerUtf8 === false) out.push(invalid("part #1 (the header) is not valid UTF-8 (RFC 7519 §7.2 step 4 requires UTF-8 JSON): verifiers reject it; AuthLens shows its bytes read as ISO-8859-1"));
  if (p.payloadUtf8 === false) out.push(invalid("part #2 (the payload) is not valid UTF-8 (RFC 7519 §7.2 step 10 requires UTF-8 JSON): verifiers reject it; AuthLens shows its bytes read as ISO-8859-1"));
  return out;
}

/**
 * Signature lengths fixed by the algorithm (RFC 7518 §3.2: the full HMAC; §3.4: R and S of the
 * curve's size; RFC 8037 §3.1 with RFC 8032 §5.1.6 and §5.2.6: Ed25519 64 bytes, Ed448 114). RSA signatures are as long as the
 * key's modulus, unknown here, so only an empty one is impossible.
 */
const SIGNATURE_BYTES: Readonly<Record<string, { readonly bytes: readonly number[]; readonly section: string }>> = {
  HS256: { bytes: [32], section: "RFC 7518 §3.2" },
  HS384: { bytes: [48], section: "RFC 7518 §3.2" },
  HS512: { bytes: [64], section: "RFC 7518 §3.2" },
  ES256: { bytes: [64], section: "RFC 7518 §3.4" },
  ES256K: { bytes: [64], section: "RFC 8812 §3.2" },
  ES384: { bytes: [96], section: "RFC 7518 §3.4" },
  ES512: { bytes: [132], section: "RFC 7518 §3.4" },
  EdDSA: { bytes: [64, 114], section: "RFC 8037 §3.1" },
  Ed25519: { bytes: [64], section: "RFC 8032 §5.1.6" },
  Ed448: { bytes: [114], section: "RFC 8032 §5.2.6" },
};

/** Unpadded base64url, as JWS parts are (RFC 7515 §2). */
const BASE64URL_PART = /^[A-Za-z0-9_-]*$/;

function signatureProblems(p: JoseParts): TokenProblem[] {
  const alg = p.header.alg;
  if (typeof alg !== "string" || alg.toLowerCase() === "none" || p.parts.length !== 3) return [];
  const signature = p.parts[2]!;
  if (signature === "") return [invalid(`the signature part is empty although alg is ${JSON.stringify(alg)}: there is nothing to verify, and verifiers reject the token (RFC 7515 §5.2)`)];
  // Its length in bytes follows from its length in characters: no need to decode it (RFC 4648 §5).
  if (!BASE64URL_PART.test(signature) || signature.length % 4 === 1) {
    const bytes = base64UrlToBytes(signature);
    return [
      invalid(
        bytes.ok
          ? 'the signature part ends in "=" padding, which base64url in JOSE leaves out (RFC 7515 §2): strict verifiers reject it'
          : `the signature part does not decode: ${bytes.reason} (RFC 7515 §5.2)`,
      ),
    ];
  }
  const length = Math.floor((signature.length * 3) / 4);
  const expected = Object.hasOwn(SIGNATURE_BYTES, alg) ? SIGNATURE_BYTES[alg] : undefined;
  if (!expected || expected.bytes.includes(length)) return [];
  const want = expected.bytes.join(" or ");
  return [invalid(`the signature is ${length} bytes, but ${alg} signatures are always ${want} bytes (${expected.section}): it cannot verify, with any key`)];
}

/** `typ` values that declare a JWT (RFC 7519 §5.1, and the profiles' "+jwt" media types). */
function declaresJwt(header: Json): boolean {
  return typeof header.typ === "string" && /(^|\+|\/)jwt$/i.test(header.typ);
}

/**
 * RFC 7797 §7: the unencoded payload option is not for JWTs, whose claims are always base64url
 * encoded (RFC 7519 §7.1): a JWT library reads the middle part as base64url and rejects it.
 * A JWS of plain content with b64 false is legitimate and stays a note in token.jwt.
 */
export function unencodedJwtProblems(header: Json, middle: string): TokenProblem[] {
  if (header.b64 !== false) return [];
  if (!declaresJwt(header) && !middle.trimStart().startsWith("{")) return [];
  return [
    invalid(
      `b64 is false (RFC 7797) in a JWT${declaresJwt(header) ? ` (typ ${String(header.typ)})` : " (its payload is a JSON claims set)"}: JWTs always base64url-encode their claims (RFC 7519 §7.1) and RFC 7797 §7 keeps the option out of them, so JWT libraries reject the token`,
    ),
  ];
}

/** Every reason a verifier must reject this decoded JWS or JWE; [] for none. */
export function invalidProblems(p: JoseParts): TokenProblem[] {
  const problems = [...utf8Problems(p), ...critProblems(p.header), ...duplicateProblem(p.headerText, "header"), ...signatureProblems(p)];
  if (p.payload) problems.push(...claimTypeProblems(p.payload), ...duplicateProblem(p.payloadText, "claims set"));
  return problems;
}
