/**
 * RSASSA-PKCS1-v1_5 signature verification with SHA-256 (RFC 8017 §8.2.2; JWS RS256, RFC 7518
 * §3.3), synchronous, for the analysis: a refused token whose signing key the page fetched is
 * checked while the capture is judged, without WebCrypto's promises. Public keys only; bounded
 * (RSA_MAX_BITS); never throws. The Token section and the CLI verify every algorithm with
 * WebCrypto (tokens/verify/); this covers the algorithm almost every issuer signs with.
 */
import { sha256 } from "./sha256.ts";

/** Moduli above this are not checked (real keys are 2048–4096 bits). */
const RSA_MAX_BITS = 8192;

/** DigestInfo for SHA-256 (RFC 8017 §9.2, note 1), before the 32-byte hash. */
const SHA256_DIGEST_INFO = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

function toBigInt(bytes: Uint8Array): bigint {
  let hex = "0x0";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return BigInt(hex);
}

/** base^exp mod m, square-and-multiply (exp is the public exponent: a few bits set). */
function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = base % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** I2OSP (RFC 8017 §4.1): `x` as exactly `length` big-endian bytes, or undefined if it does not fit. */
function toBytes(x: bigint, length: number): Uint8Array | undefined {
  const hex = x.toString(16);
  if (hex.length > length * 2) return undefined;
  const padded = hex.padStart(length * 2, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(padded.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Does `signature` sign `message` under the RSA public key (modulus `n`, exponent `e`, both as
 * big-endian bytes) with RS256? Undefined when the key cannot be used (too large, exponent
 * even or 1, modulus under 512 bits).
 */
export function verifyRs256(message: Uint8Array, signature: Uint8Array, n: Uint8Array, e: Uint8Array): boolean | undefined {
  let start = 0;
  while (start < n.length && n[start] === 0) start++;
  const modulus = n.subarray(start);
  const k = modulus.length;
  if (k * 8 > RSA_MAX_BITS || k < 64 || e.length === 0 || e.length > 8) return undefined;
  const nInt = toBigInt(modulus);
  const eInt = toBigInt(e);
  if (eInt < 3n || eInt % 2n === 0n) return undefined;
  // §8.2.2 step 1: the signature is as long as the modulus.
  if (signature.length !== k) return false;
  const s = toBigInt(signature);
  if (s >= nInt) return false;
  // Steps 2.a–2.c: m = s^e mod n, as k bytes.
  const em = toBytes(modPow(s, eInt, nInt), k);
  if (!em) return false;
  // Step 3 (EMSA-PKCS1-v1_5, §9.2): 0x00 0x01 FF…FF 0x00 DigestInfo H, compared whole.
  const hash = sha256(message);
  const tLen = SHA256_DIGEST_INFO.length + hash.length;
  if (k < tLen + 11) return false;
  const expected = new Uint8Array(k);
  expected[1] = 0x01;
  expected.fill(0xff, 2, k - tLen - 1);
  expected.set(SHA256_DIGEST_INFO, k - tLen);
  expected.set(hash, k - hash.length);
  let diff = 0;
  for (let i = 0; i < k; i++) diff |= (em[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}
