/**
 * JOSE compact serialization: a JWS has 3 parts (RFC 7515 §7.1), a JWE 5 (RFC 7516 §7.1).
 * Header and payload are decoded as jwt-decode decodes them (jwt-part.ts); when jwt-decode refuses
 * a part, its own reason (which part, base64 or JSON) is what token.malformed reports. Each part is decoded only up to
 * TOKEN_LIMITS.partChars, so a huge token costs bounded work.
 */
import { InvalidTokenError } from "jwt-decode";
import { base64UrlToBytes, textOf } from "../base64.ts";
import { algorithmName, claimLines, headerLines } from "./claims.ts";
import { guessJwtIssuer } from "./issuers.ts";
import { TOKEN_LIMITS } from "./limits.ts";
import { type ReadingContext, type TokenReading, malformed } from "./reading.ts";
import { invalidProblems, type JoseParts, unencodedJwtProblems } from "./invalid.ts";
import { readHeaderPart, readPayloadPart, JsonTooDeepError } from "./jwt-part.ts";
import { timeClaimShapeProblems } from "./time-claims.ts";
import type { ClaimLine, TokenProblem } from "./types.ts";
import { profileProblems } from "./typ-profiles.ts";

const PART_NAMES = ["the header", "the payload", "the signature"] as const;
const JWE_PART_NAMES = ["the header", "the encrypted key", "the initialization vector", "the ciphertext", "the authentication tag"] as const;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `{"`, `{ "` and `{\r\n` in base64url: how every JOSE header starts. */
const JSON_OBJECT_START = /^(eyJ|eyAi|eyAg|ew0K|ewog|ewoJ)/;

/** Does this string look like a JOSE compact serialization (3 or 5 parts, a JSON header)? */
export function looksLikeJose(token: string): boolean {
  if (JSON_OBJECT_START.test(token)) return true;
  const first = token.indexOf(".");
  if (first <= 0 || first > TOKEN_LIMITS.partChars) return false;
  const dots = countDots(token, 5);
  if (dots !== 2 && dots !== 4) return false;
  const head = base64UrlToBytes(token.slice(0, first));
  return head.ok && textOf(head.value).text.trimStart().startsWith("{");
}

/** Dots in `s`, counting no further than `max` + 1 (enough to tell 3 and 5 parts from the rest). */
function countDots(s: string, max: number): number {
  let n = 0;
  for (let i = s.indexOf("."); i !== -1 && n <= max; i = s.indexOf(".", i + 1)) n++;
  return n;
}

function reason(error: unknown): string {
  const message = error instanceof InvalidTokenError || error instanceof Error ? error.message : String(error);
  return message.replace(/^Invalid token specified: /, "");
}

/** Standard-base64 characters or padding in a part: tolerated by jwt-decode, refused by strict libraries. */
function alphabetNote(parts: readonly string[], names: readonly string[]): TokenProblem | undefined {
  const index = parts.findIndex((p, i) => i < 2 && /[+/=]/.test(p));
  if (index === -1) return undefined;
  return {
    code: "token.jwt",
    severity: "info",
    message: `part #${index + 1} (${names[index]}) uses "+", "/" or "=" padding, which base64url as JOSE uses it excludes (RFC 7515 §2); lenient decoders accept it, strict ones reject the token`,
  };
}

/** The decoded header, with its JSON text and charset when known (invalid.ts checks both). */
interface DecodedHeader {
  readonly header: Json;
  readonly headerText?: string;
  readonly headerUtf8?: boolean;
}

function decodeHeader(part: string): DecodedHeader | { error: string } {
  try {
    const read = readHeaderPart(part);
    const header = read.value;
    if (!isObject(header)) return { error: "part #1 (the header) is JSON but not an object (RFC 7515 §4)" };
    return "text" in read ? { header, headerText: read.text, headerUtf8: read.utf8 } : { header };
  } catch (error) {
    if (error instanceof JsonTooDeepError) return { error: `part #1 (the header): ${error.message}` };
    return { error: `${reason(error)}, in ${PART_NAMES[0]}` };
  }
}

function tooLong(parts: readonly string[], upTo: number, names: readonly string[]): string | undefined {
  for (let i = 0; i < Math.min(upTo, parts.length); i++) {
    const n = parts[i]!.length;
    if (n > TOKEN_LIMITS.partChars) {
      return `part #${i + 1} (${names[i]}) is ${n.toLocaleString("en-US")} characters; AuthLens decodes at most ${TOKEN_LIMITS.partChars.toLocaleString("en-US")} per part, and no real header or claims set is that large`;
    }
  }
  return undefined;
}

/**
 * A token that does not decode as a whole still shows the parts that do: the header of a
 * five-part token without "enc", the header of a JWS whose payload is broken.
 */
function partlyMalformed(message: string, header: Json | undefined, payload?: Json): TokenReading {
  return { ...malformed(message), ...(header ? { header } : {}), ...(payload ? { payload, claims: claimLines(payload) } : {}) };
}

function readJwe(parts: readonly string[], decoded: DecodedHeader): TokenReading {
  const { header } = decoded;
  if (typeof header.enc !== "string") {
    return partlyMalformed("it has 5 parts like a JWE (RFC 7516 §7.1), but its header has no \"enc\" (RFC 7516 §4.1.2 requires it)", header);
  }
  const enc = `${header.enc}${algorithmName(header.enc) ? ` (${algorithmName(header.enc)})` : ""}`;
  const alg = `${String(header.alg)}${algorithmName(header.alg) ? ` (${algorithmName(header.alg)})` : ""}`;
  const notes = [
    `encrypted: the claims are encrypted with ${enc}, under a content key protected by ${alg}; only the header can be read without the recipient's private key`,
    ...(header.cty === "JWT" ? ["the encrypted content is itself a JWT (cty: JWT, a nested JWT, RFC 7519 §5.2)"] : []),
    ...(header.zip === "DEF" ? ["the content was DEFLATE-compressed before encryption (zip: DEF)"] : []),
    ...(parts[1] === "" ? ["the encrypted key is empty: direct encryption or key agreement (alg dir or ECDH-ES)"] : []),
  ];
  return {
    kind: "jwe",
    header,
    claims: headerLines(header),
    problems: [{ code: "token.jwe", severity: "info", message: `${notes.join("; ")}.` }, ...invalidProblems({ parts, ...decoded })],
    ...(guessJwtIssuer(header.iss) ? { issuerGuess: guessJwtIssuer(header.iss)! } : {}),
  };
}

function cutText(text: string): string {
  const max = TOKEN_LIMITS.payloadTextChars;
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: binary payloads are told apart by their control bytes.
const BINARY = /[\u0000-\u0008\u000e-\u001f]/;

/** The payload is not a JSON object. Either broken JSON (malformed) or a JWS over other content. */
function nonJsonPayload(part: string, error: string, header: Json, ctx: ReadingContext): { text: string; notes: TokenProblem[]; nested?: TokenReading } | { malformed: string } {
  const bytes = base64UrlToBytes(part);
  if (!bytes.ok) return { malformed: `${error}, in ${PART_NAMES[1]}` };
  const { text } = textOf(bytes.value);
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return { malformed: `${error}, in ${PART_NAMES[1]} (it starts like JSON but does not parse: cut short, or not JSON)` };
  if ((header.cty === "JWT" || looksLikeJose(trimmed)) && ctx.depth < TOKEN_LIMITS.nestingDepth) {
    const nested = readCompact(trimmed, { ...ctx, depth: ctx.depth + 1 });
    return {
      text: "(a nested JWT, decoded below)",
      nested,
      notes: [{ code: "token.jwt", severity: "info", message: `the payload is itself a JWT (cty: JWT, a nested JWT, RFC 7519 §5.2): ${nested.kind}` }],
    };
  }
  if (BINARY.test(text)) {
    return {
      text: `(${bytes.value.length} bytes of binary data)`,
      notes: [{ code: "token.jwt", severity: "info", message: `the payload is ${bytes.value.length} bytes of binary data, not a JSON claims set: a JWS, but not a JWT (RFC 7519 §7.2 step 10)` }],
    };
  }
  return {
    text: cutText(text),
    notes: [{ code: "token.jwt", severity: "info", message: "the payload is plain text, not a JSON claims set: a JWS, but not a JWT (RFC 7519 §7.2 step 10)" }],
  };
}

function readJws(parts: readonly string[], decoded: DecodedHeader, ctx: ReadingContext): TokenReading {
  const { header } = decoded;
  const base: JoseParts = { parts, ...decoded };
  const problems: TokenProblem[] = [];
  const alg = header.alg;
  const unsecured = typeof alg === "string" && alg.toLowerCase() === "none";
  if (typeof alg !== "string") {
    problems.push({ code: "token.jwt", severity: "warning", message: "the header has no \"alg\" (RFC 7515 §4.1.1 requires it): no library accepts this token" });
  } else if (unsecured) {
    problems.push({
      code: "token.alg-none",
      severity: "warning",
      message:
        `alg is ${JSON.stringify(alg)}: an unsecured JWT (RFC 7519 §6) that anyone can forge; servers must reject it unless they explicitly accept unsecured tokens` +
        (alg !== "none" ? ` (and "${alg}" is not even the registered spelling "none", a classic way to slip past a case-sensitive check)` : "") +
        (parts[2] !== "" ? "; its signature part should be empty (RFC 7519 §6.1) but is not" : ""),
    });
  }

  const note = alphabetNote(parts, PART_NAMES);
  if (note) problems.push(note);
  // Every reading below starts with `header, problems` written out: V8 builds a literal that
  // starts by spreading a fresh object on a slow path.
  const kind = unsecured ? "unsecured" : "jws";

  // RFC 7797: with b64 false the payload is sent as is, and must be declared critical.
  if (header.b64 === false) {
    const crit = Array.isArray(header.crit) && header.crit.includes("b64");
    problems.push({
      code: "token.jwt",
      severity: crit ? "info" : "warning",
      message: `unencoded payload (b64: false, RFC 7797): the middle part is the payload itself, not base64url${crit ? "" : "; \"b64\" must also be listed in \"crit\" (RFC 7797 §6), and recipients that do not know the extension will misread it"}`,
    });
    problems.push(...unencodedJwtProblems(header, parts[1]!), ...invalidProblems(base));
    return { header, problems, kind, payloadText: cutText(parts[1]!), claims: headerLines(header) };
  }
  if (parts[1] === "") {
    problems.push({ code: "token.jwt", severity: "info", message: "detached content (RFC 7515 Appendix F): the payload is sent separately, only header and signature are here" });
    problems.push(...invalidProblems(base));
    return { header, problems, kind, claims: headerLines(header) };
  }

  let read: ReturnType<typeof readPayloadPart>;
  try {
    read = readPayloadPart(parts[1]!);
  } catch (error) {
    if (error instanceof JsonTooDeepError) return partlyMalformed(`part #2 (the payload): ${error.message}`, header);
    const message = reason(error);
    if (/invalid base64/.test(message)) return partlyMalformed(`${message}, in ${PART_NAMES[1]}`, header);
    const other = nonJsonPayload(parts[1]!, message, header, ctx);
    if ("malformed" in other) return partlyMalformed(other.malformed, header);
    problems.push(...other.notes, ...invalidProblems(base));
    if (other.nested) {
      const inner = other.nested;
      problems.push(...inner.problems.map((p) => ({ ...p, message: `inner JWT: ${p.message}` })));
      return {
        header,
        problems,
        kind,
        payloadText: other.text,
        ...(inner.payload ? { payload: inner.payload } : {}),
        claims: inner.claims.map((c) => ({ ...c, name: `inner ${c.name}` })),
        ...(inner.issuerGuess ? { issuerGuess: inner.issuerGuess } : {}),
      };
    }
    return { header, problems, kind, payloadText: other.text, claims: headerLines(header) };
  }
  const payload = read.value;
  if (!isObject(payload)) {
    problems.push({ code: "token.jwt", severity: "info", message: "the payload is JSON but not an object, so not a JWT claims set (RFC 7519 §7.2 step 10)" });
    problems.push(...invalidProblems(base));
    return { header, problems, kind, payloadText: cutText(JSON.stringify(payload) ?? ""), claims: headerLines(header) };
  }

  // Times are judged against a reference later (decode.ts): this reading is the same for every request.
  const payloadRead = "text" in read ? { payloadText: read.text, payloadUtf8: read.utf8 } : {};
  problems.push(...invalidProblems({ ...base, payload, ...payloadRead }), ...timeClaimShapeProblems(payload, ctx), ...profileProblems(header, payload));
  const issuer = guessJwtIssuer(payload.iss);
  const claims: ClaimLine[] = claimLines(payload);
  return {
    header,
    problems,
    kind,
    payload,
    claims,
    ...(issuer ? { issuerGuess: issuer } : {}),
  };
}

/** A compact JWS or JWE (no SD-JWT disclosures). */
export function readCompact(token: string, ctx: ReadingContext): TokenReading {
  const dots = countDots(token, 5);
  if (dots !== 2 && dots !== 4) {
    return malformed(
      `it has ${dots > 5 ? "more than 6" : dots + 1} part${dots === 0 ? "" : "s"} separated by "."; a signed JWT (JWS) has 3 (RFC 7515 §7.1) and an encrypted one (JWE) 5 (RFC 7516 §7.1)` +
        (dots === 1 ? ": the signature part is missing, or the token was cut short" : ""),
    );
  }
  const parts = token.split(".", 5);
  const names = dots === 4 ? JWE_PART_NAMES : PART_NAMES;
  // A JWE's other parts are binary and never decoded; a JWS's signature is not decoded either.
  const long = tooLong(parts, dots === 4 ? 1 : 2, names);
  if (long) return malformed(long);
  const decoded = decodeHeader(parts[0]!);
  if ("error" in decoded) return dots === 2 ? partlyMalformed(decoded.error, undefined, payloadAlone(parts[1]!)) : malformed(decoded.error);
  return dots === 4 ? readJwe(parts, decoded) : readJws(parts, decoded, ctx);
}

/** The claims set of a JWS whose header does not decode, shown when it decodes on its own. */
function payloadAlone(part: string): Json | undefined {
  try {
    const value = readPayloadPart(part).value;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
