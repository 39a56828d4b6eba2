/**
 * verifyJws: one compact JWS (RFC 7515 §7.1) checked against a set of keys, with WebCrypto only
 * (globalThis.crypto.subtle: Node 20, Chrome, Firefox). The steps are RFC 7515 §5.2's: read the
 * header, refuse what a verifier must refuse before any key is used (alg none, unknown critical
 * parameters: RFC 8725 §3.1, RFC 7515 §4.1.11), select the keys (select.ts), verify. Async, pure
 * (nothing fetched, nothing stored, no clock), bounded, and it never throws: every outcome is a
 * VerifyResult.
 */
import { base64UrlToBytes } from "../../base64.ts";
import { decodeHeaderPart } from "../jwt-part.ts";
import { jwsAlgorithm } from "./algorithms.ts";
import { selectKeys } from "./select.ts";
import type { KeySet, KeyUsed, Verdict, VerificationKey, VerifyResult } from "./types.ts";
import { VERIFY_LIMITS } from "./types.ts";
import { checkSignature } from "./webcrypto.ts";

/** Critical header parameters this verifier understands (RFC 7515 §4.1.11). */
const UNDERSTOOD_CRIT: ReadonlySet<string> = new Set(["b64"]);

/** Schemes a pasted token may start with (RFC 6750 §2.1, RFC 9449 §7.1). */
const SCHEME = /^(?:bearer|dpop|jwt|token)[ \t]+/i;

/** RFC 7518 §3.2: an HMAC key at least as long as the hash. */
const HMAC_MIN_BYTES: Readonly<Record<string, number>> = { HS256: 32, HS384: 48, HS512: 64 };

function used(k: VerificationKey): KeyUsed {
  return {
    label: k.label,
    kty: k.kty,
    origin: k.origin,
    ...(k.kid !== undefined ? { kid: k.kid } : {}),
    ...(k.alg !== undefined ? { alg: k.alg } : {}),
    ...(k.crv !== undefined ? { crv: k.crv } : {}),
  };
}

interface Outcome {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly key?: VerificationKey;
  readonly tried?: number;
  readonly notes?: readonly string[];
}

/** Advice about the key that verified (or failed): sizes RFC 7518 requires. */
function keyNotes(k: VerificationKey | undefined, alg: string): string[] {
  if (!k) return [];
  if (k.kty === "RSA" && k.modulusBits !== undefined && k.modulusBits < 2048) {
    return [`${k.label} is a ${k.modulusBits}-bit RSA key: RFC 7518 §3.3 requires 2048 bits or more, and strict libraries (jose) refuse it`];
  }
  const min = HMAC_MIN_BYTES[alg];
  if (k.secret && min !== undefined && k.secret.length < min) {
    return [`${k.label} is ${k.secret.length} bytes: RFC 7518 §3.2 requires at least ${min} for ${alg} (a short secret can be guessed offline from any token)`];
  }
  return [];
}

interface Parsed {
  readonly parts: readonly [string, string, string];
  readonly header: Record<string, unknown>;
}

/** The three parts and the header, or the verdict on a token that cannot be verified at all. */
function parse(token: string): Parsed | Outcome {
  const text = token.trim().replace(SCHEME, "");
  const parts = text.split(".", 6);
  if (parts.length === 5) return { verdict: "unsupported", reason: "a JWE (RFC 7516): encrypted, not signed; only the recipient's private key opens it, and it has no signature to verify" };
  if (parts.length !== 3) return { verdict: "error", reason: `a JWS has 3 parts separated by "." (RFC 7515 §7.1); this has ${parts.length > 5 ? "more than 5" : parts.length}` };
  if (parts.some((p) => p.length > VERIFY_LIMITS.partChars)) return { verdict: "error", reason: `a part is over ${VERIFY_LIMITS.partChars} characters; AuthLens reads no more` };
  // Whitespace from a log or a terminal's wrapping is not part of the token (RFC 7519 §7.2 step 9).
  const head = parts[0]!.replace(/\s+/g, "");
  let header: unknown;
  try {
    header = decodeHeaderPart(head);
  } catch (error) {
    return { verdict: "error", reason: `the header does not decode: ${error instanceof Error ? error.message.slice(0, 160) : "not base64url JSON"}` };
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) return { verdict: "error", reason: "the header is not a JSON object (RFC 7515 §4)" };
  const h = header as Record<string, unknown>;
  // With b64 false (RFC 7797 §3) the payload is the content itself, spaces included.
  const payload = h.b64 === false ? parts[1]! : parts[1]!.replace(/\s+/g, "");
  return { parts: [head, payload, parts[2]!.replace(/\s+/g, "")], header: h };
}

/** What a verifier must refuse from the header alone, before any key is touched. */
function refuseHeader(header: Record<string, unknown>, alg: string): Outcome | undefined {
  if (alg.toLowerCase() === "none") {
    return { verdict: "invalid", reason: `alg is ${JSON.stringify(alg)}: an unsecured token has no signature, and a verifier must never accept it as verified (RFC 8725 §3.1, RFC 7519 §6)` };
  }
  if (header.crit !== undefined) {
    const crit = Array.isArray(header.crit) ? header.crit : [header.crit];
    const unknown = crit.filter((c) => typeof c !== "string" || !UNDERSTOOD_CRIT.has(c) || !Object.hasOwn(header, c));
    if (unknown.length > 0 || crit.length === 0) {
      return { verdict: "invalid", reason: `"crit" names ${JSON.stringify(unknown).slice(0, 80) || "nothing"}, which this verifier does not understand or the header lacks: RFC 7515 §4.1.11 requires rejecting the token` };
    }
  }
  if (header.b64 === false && !(Array.isArray(header.crit) && header.crit.includes("b64"))) {
    return { verdict: "invalid", reason: 'b64 is false but not listed in "crit": RFC 7797 §6 requires it there, and verifiers reject the token' };
  }
  if (header.b64 !== undefined && typeof header.b64 !== "boolean") return { verdict: "invalid", reason: "b64 is not a boolean (RFC 7797 §3)" };
  return undefined;
}

async function run(token: string, keys: KeySet, subtle: SubtleCrypto | undefined): Promise<VerifyResult> {
  const parsed = parse(typeof token === "string" ? token : "");
  const skipped = keys.problems.map((p) => `not used: ${p}`);
  if (!("parts" in parsed)) return { ...parsed, notes: [], tried: 0 };
  const { parts, header } = parsed;
  const alg = typeof header.alg === "string" ? header.alg : undefined;
  const kid = typeof header.kid === "string" ? header.kid : undefined;
  const ids = { ...(alg !== undefined ? { alg } : {}), ...(kid !== undefined ? { kid } : {}) };
  const result = (o: Outcome): VerifyResult => ({
    verdict: o.verdict,
    ...ids,
    ...(o.key ? { key: used(o.key) } : {}),
    reason: o.reason,
    notes: [...(o.notes ?? []), ...(alg !== undefined ? keyNotes(o.key, alg) : []), ...skipped],
    tried: o.tried ?? 0,
  });

  if (alg === undefined) return result({ verdict: "error", reason: 'the header has no "alg" (RFC 7515 §4.1.1 requires it)' });
  const refused = refuseHeader(header, alg);
  if (refused) return result(refused);
  const a = jwsAlgorithm(alg);
  if (!a) return result({ verdict: "unsupported", reason: `alg ${JSON.stringify(alg.slice(0, 40))} is not one AuthLens verifies (RS, PS, ES 256/384/512, EdDSA, HS 256/384/512)` });
  if (!subtle) return result({ verdict: "unsupported", reason: "WebCrypto (crypto.subtle) is not available here" });

  const signature = base64UrlToBytes(parts[2]);
  if (parts[2] === "" || !signature.ok) {
    return result({ verdict: "invalid", reason: parts[2] === "" ? `the signature part is empty, for alg ${alg} (RFC 7515 §5.2)` : `the signature is not base64url: ${signature.ok ? "" : signature.reason}` });
  }
  if (header.b64 !== false && !/^[A-Za-z0-9_-]*$/.test(parts[1])) return result({ verdict: "error", reason: "the payload part is not base64url (RFC 7515 §7.1)" });

  if (keys.keys.length === 0) return result({ verdict: "error", reason: keys.problems.length > 0 ? `no usable key: ${keys.problems[0]}` : "no key was given" });
  const selection = selectKeys(keys, alg, a, kid);
  if ("verdict" in selection) return result(selection);

  // RFC 7515 §5.2 step 8: the JWS Signing Input is ASCII(header "." payload); with b64 false the payload is its own UTF-8 (RFC 7797 §3).
  const input = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  const failures: string[] = [];
  let unsupported = 0;
  let tried = 0;
  for (const k of selection.candidates) {
    const checked = await checkSignature(subtle, k, a, signature.value, input);
    if ("ok" in checked) {
      tried++;
      if (checked.ok) return result({ verdict: "valid", key: k, tried, reason: `the ${alg} signature verifies with ${k.label} (${a.section})` });
    } else {
      if (checked.failed === "unsupported") unsupported++;
      failures.push(`${k.label}: ${checked.why}`);
    }
  }
  if (tried === 0) {
    return result({
      verdict: unsupported > 0 ? "unsupported" : "error",
      reason: unsupported > 0 ? `WebCrypto here cannot use ${alg} keys (${failures[0]})` : `the key${selection.candidates.length === 1 ? "" : "s"} could not be imported: ${failures[0]}`,
      notes: failures.slice(1),
    });
  }
  const only = selection.candidates.length === 1 ? selection.candidates[0] : undefined;
  return result({
    verdict: "invalid",
    ...(only ? { key: only } : {}),
    tried,
    reason: `the ${alg} signature does not verify with ${only ? only.label : `any of the ${tried} keys that fit`}: the token was changed after signing, or signed with another key (${a.section})`,
    notes: failures,
  });
}

/**
 * Verifies a compact JWS (bare or after "Bearer ") against `keys` (parseJwks, parsePem, secretKey).
 * `subtle` defaults to globalThis.crypto.subtle; a test may pass another.
 */
export async function verifyJws(token: string, keys: KeySet, subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle): Promise<VerifyResult> {
  try {
    return await run(token, keys, subtle);
  } catch (error) {
    // Nothing above throws by design; this keeps the promise of never rejecting if something does.
    return { verdict: "error", reason: `verification failed unexpectedly: ${error instanceof Error ? error.message.slice(0, 160) : String(error)}`, notes: [], tried: 0 };
  }
}
