/**
 * A JWK Set (RFC 7517 §5), or one JWK (§4), → the keys that can verify a JWS. Each key is checked
 * for the members its type requires (RFC 7518 §6); only public members are kept, and a key that
 * cannot be used is skipped with the reason. Bounded by VERIFY_LIMITS; never throws.
 */
import { base64UrlToBytes } from "../../base64.ts";
import { jsonDepth, MAX_JSON_DEPTH } from "../../bounded-json.ts";
import { type KeySet, type KeyType, VERIFY_LIMITS, type VerificationKey } from "./types.ts";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Private members (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2): never needed to verify, never kept. */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth"] as const;

const EC_CURVES: ReadonlySet<string> = new Set(["P-256", "P-384", "P-521"]);
const OKP_SIGNING_CURVES: ReadonlySet<string> = new Set(["Ed25519", "Ed448"]);

const str = (v: unknown): v is string => typeof v === "string" && v !== "";

/** Bits of a big-endian unsigned integer (the RSA modulus `n`, RFC 7518 §6.3.1.1). */
function bitsOf(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return i === bytes.length ? 0 : (bytes.length - i) * 8 - Math.clz32(bytes[i]!) + 24;
}

type Read = { readonly key: Omit<VerificationKey, "label" | "origin"> } | { readonly skip: string };

/** Each key type's required members (RFC 7518 §6.2.1, §6.3.1, §6.4; RFC 8037 §2) → the public key. */
const READERS: Readonly<Record<KeyType, (jwk: Json) => Read>> = {
  RSA(jwk) {
    if (!str(jwk.n) || !str(jwk.e)) return { skip: 'an RSA key needs "n" and "e" (RFC 7518 §6.3.1)' };
    const n = base64UrlToBytes(jwk.n);
    if (!n.ok) return { skip: `its "n" is not base64url: ${n.reason}` };
    const bits = bitsOf(n.value);
    if (bits > VERIFY_LIMITS.rsaBits) return { skip: `an RSA key of ${bits} bits, beyond the ${VERIFY_LIMITS.rsaBits} AuthLens reads` };
    return { key: { kty: "RSA", modulusBits: bits, jwk: { kty: "RSA", n: jwk.n, e: jwk.e } } };
  },
  EC(jwk) {
    if (!str(jwk.crv) || !EC_CURVES.has(jwk.crv)) return { skip: `crv ${JSON.stringify(jwk.crv)?.slice(0, 30)} is not a curve JWS signs with (P-256, P-384, P-521; RFC 7518 §6.2.1.1)` };
    if (!str(jwk.x) || !str(jwk.y)) return { skip: 'an EC key needs "x" and "y" (RFC 7518 §6.2.1)' };
    return { key: { kty: "EC", crv: jwk.crv, jwk: { kty: "EC", crv: jwk.crv, x: jwk.x, y: jwk.y } } };
  },
  OKP(jwk) {
    if (!str(jwk.crv) || !OKP_SIGNING_CURVES.has(jwk.crv)) return { skip: `crv ${JSON.stringify(jwk.crv)?.slice(0, 30)} is not a signing curve (Ed25519, Ed448; RFC 8037 §2)` };
    if (!str(jwk.x)) return { skip: 'an OKP key needs "x" (RFC 8037 §2)' };
    return { key: { kty: "OKP", crv: jwk.crv, jwk: { kty: "OKP", crv: jwk.crv, x: jwk.x } } };
  },
  oct(jwk) {
    if (!str(jwk.k)) return { skip: 'a symmetric key needs "k" (RFC 7518 §6.4.1)' };
    const k = base64UrlToBytes(jwk.k);
    if (!k.ok) return { skip: `its "k" is not base64url: ${k.reason}` };
    if (k.value.length > VERIFY_LIMITS.secretBytes) return { skip: `a symmetric key of ${k.value.length} bytes, beyond the ${VERIFY_LIMITS.secretBytes} AuthLens reads` };
    return { key: { kty: "oct", secret: k.value } };
  },
};

function isKeyType(v: unknown): v is KeyType {
  return typeof v === "string" && Object.hasOwn(READERS, v);
}

function readKey(jwk: unknown, position: string, notes: string[]): VerificationKey | undefined {
  const kid = isObject(jwk) && typeof jwk.kid === "string" ? jwk.kid : undefined;
  const label = kid !== undefined ? `${position} (kid ${JSON.stringify(kid.slice(0, 80))})` : position;
  if (!isObject(jwk)) {
    notes.push(`${label} is not a JSON object`);
    return undefined;
  }
  if (!isKeyType(jwk.kty)) {
    notes.push(`${label}: kty ${JSON.stringify(jwk.kty)?.slice(0, 30)} is not a key type JWS signs with (RSA, EC, OKP, oct; RFC 7518 §6.1)`);
    return undefined;
  }
  const read = READERS[jwk.kty](jwk);
  if ("skip" in read) {
    notes.push(`${label}: ${read.skip}`);
    return undefined;
  }
  const secretMembers = PRIVATE_MEMBERS.filter((m) => Object.hasOwn(jwk, m));
  if (secretMembers.length > 0) {
    notes.push(`${label} holds private key members (${secretMembers.join(", ")}): AuthLens ignores them, but a JWKS given to verifiers must hold public keys only`);
  }
  return {
    ...read.key,
    ...(kid !== undefined ? { kid } : {}),
    ...(typeof jwk.alg === "string" ? { alg: jwk.alg } : {}),
    ...(typeof jwk.use === "string" ? { use: jwk.use } : {}),
    ...(Array.isArray(jwk.key_ops) ? { keyOps: jwk.key_ops.filter((o): o is string => typeof o === "string") } : {}),
    origin: "jwk",
    label,
  };
}

/** Reads a JWKS or a single JWK, as JSON text or an already parsed value (a captured jwks_uri response). */
export function parseJwks(input: unknown): KeySet {
  let value = input;
  if (typeof input === "string") {
    if (input.length > VERIFY_LIMITS.keyTextChars) return { keys: [], problems: [`the JWKS is over ${VERIFY_LIMITS.keyTextChars / 1024} KB; real ones are a few KB`] };
    if (jsonDepth(input) > MAX_JSON_DEPTH) return { keys: [], problems: [`the JWKS nests deeper than ${MAX_JSON_DEPTH} levels`] };
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { keys: [], problems: [`the JWKS is not JSON: ${error instanceof Error ? error.message.slice(0, 120) : "parse error"}`] };
    }
  }
  if (!isObject(value)) return { keys: [], problems: ['the JWKS is not a JSON object: expected {"keys": [...]} (RFC 7517 §5) or one JWK'] };
  const problems: string[] = [];
  if (!Object.hasOwn(value, "keys")) {
    if (!Object.hasOwn(value, "kty")) return { keys: [], problems: ['neither a JWK Set ({"keys": [...]}, RFC 7517 §5) nor a JWK (no "kty", RFC 7517 §4.1)'] };
    const key = readKey(value, "the JWK", problems);
    return { keys: key ? [key] : [], problems };
  }
  if (!Array.isArray(value.keys)) return { keys: [], problems: ['"keys" is not an array (RFC 7517 §5.1)'] };
  const keys: VerificationKey[] = [];
  value.keys.slice(0, VERIFY_LIMITS.keys).forEach((jwk, i) => {
    const key = readKey(jwk, `key #${i + 1} of the JWKS`, problems);
    if (key) keys.push(key);
  });
  if (value.keys.length > VERIFY_LIMITS.keys) problems.push(`${value.keys.length - VERIFY_LIMITS.keys} more keys were not read (AuthLens reads ${VERIFY_LIMITS.keys})`);
  if (value.keys.length === 0) problems.push("the JWKS has no keys");
  return { keys, problems };
}

/** An HMAC secret the user supplied, as text (its UTF-8 bytes, as jsonwebtoken and jose take a string) or bytes. */
export function secretKey(secret: string | Uint8Array): KeySet {
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  if (bytes.length === 0) return { keys: [], problems: ["the secret is empty"] };
  if (bytes.length > VERIFY_LIMITS.secretBytes) return { keys: [], problems: [`the secret is over ${VERIFY_LIMITS.secretBytes / 1024} KB`] };
  return { keys: [{ kty: "oct", origin: "secret", label: "the secret", secret: bytes }], problems: [] };
}
