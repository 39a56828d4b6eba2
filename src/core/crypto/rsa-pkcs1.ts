/**
 * RSA signature verification with SHA-256, synchronous, for the analysis: a refused token whose
 * signing key the page fetched is checked while the capture is judged, without WebCrypto's
 * promises. Public keys only; bounded (RSA_MAX_BITS); never throws. The Token section and the
 * CLI verify every algorithm with WebCrypto (tokens/verify/).
 * - RS256: RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.2; RFC 7518 §3.3);
 * - PS256: RSASSA-PSS with MGF1-SHA-256 and a 32-byte salt (RFC 8017 §8.1.2, §9.1.2; RFC 7518 §3.5).
 */
import { modPow, sameBytes, toBigInt, toBytes } from "./bigint.ts";
import { sha256 } from "./sha256.ts";

/** Moduli above this are not checked (real keys are 2048–4096 bits). */
const RSA_MAX_BITS = 8192;

/** DigestInfo for SHA-256 (RFC 8017 §9.2, note 1), before the 32-byte hash. */
const SHA256_DIGEST_INFO = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

const H_LEN = 32;

interface PublicKey {
  readonly n: bigint;
  readonly e: bigint;
  /** Length of the modulus in bytes (k) and bits. */
  readonly k: number;
  readonly bits: number;
}

/** The key, or undefined when it cannot be used (too large, exponent even or 1, modulus under 512 bits). */
function publicKey(n: Uint8Array, e: Uint8Array): PublicKey | undefined {
  let start = 0;
  while (start < n.length && n[start] === 0) start++;
  const modulus = n.subarray(start);
  const k = modulus.length;
  if (k * 8 > RSA_MAX_BITS || k < 64 || e.length === 0 || e.length > 8) return undefined;
  const nInt = toBigInt(modulus);
  const eInt = toBigInt(e);
  if (eInt < 3n || eInt % 2n === 0n) return undefined;
  return { n: nInt, e: eInt, k, bits: nInt.toString(2).length };
}

/** RSAVP1 (RFC 8017 §5.2.2): s^e mod n, or undefined when s is out of range. */
function opened(key: PublicKey, signature: Uint8Array): bigint | undefined {
  // §8.1.2 / §8.2.2 step 1: the signature is as long as the modulus.
  if (signature.length !== key.k) return undefined;
  const s = toBigInt(signature);
  return s < key.n ? modPow(s, key.e, key.n) : undefined;
}

/**
 * Does `signature` sign `message` under the RSA public key (modulus `n`, exponent `e`, both as
 * big-endian bytes) with RS256? Undefined when the key cannot be used.
 */
export function verifyRs256(message: Uint8Array, signature: Uint8Array, n: Uint8Array, e: Uint8Array): boolean | undefined {
  const key = publicKey(n, e);
  if (!key) return undefined;
  const m = opened(key, signature);
  const em = m === undefined ? undefined : toBytes(m, key.k);
  if (!em) return false;
  // Step 3 (EMSA-PKCS1-v1_5, §9.2): 0x00 0x01 FF…FF 0x00 DigestInfo H, compared whole.
  const hash = sha256(message);
  const tLen = SHA256_DIGEST_INFO.length + hash.length;
  if (key.k < tLen + 11) return false;
  const expected = new Uint8Array(key.k);
  expected[1] = 0x01;
  expected.fill(0xff, 2, key.k - tLen - 1);
  expected.set(SHA256_DIGEST_INFO, key.k - tLen);
  expected.set(hash, key.k - hash.length);
  return sameBytes(em, expected);
}

/** MGF1 with SHA-256 (RFC 8017 §B.2.1): `length` bytes from the seed. */
function mgf1(seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const block = new Uint8Array(seed.length + 4);
  block.set(seed);
  for (let counter = 0, at = 0; at < length; counter++, at += H_LEN) {
    block[seed.length] = (counter >>> 24) & 0xff;
    block[seed.length + 1] = (counter >>> 16) & 0xff;
    block[seed.length + 2] = (counter >>> 8) & 0xff;
    block[seed.length + 3] = counter & 0xff;
    out.set(sha256(block).subarray(0, Math.min(H_LEN, length - at)), at);
  }
  return out;
}

/**
 * Does `signature` sign `message` under the RSA public key with PS256 (RFC 7518 §3.5: SHA-256,
 * MGF1-SHA-256, salt as long as the hash)? Undefined when the key cannot be used.
 */
export function verifyPs256(message: Uint8Array, signature: Uint8Array, n: Uint8Array, e: Uint8Array): boolean | undefined {
  const key = publicKey(n, e);
  if (!key) return undefined;
  const m = opened(key, signature);
  // §8.1.2 step 2.c: EM is emLen = ⌈(modBits − 1)/8⌉ bytes long.
  const emBits = key.bits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = m === undefined ? undefined : toBytes(m, emLen);
  if (!em) return false;
  // EMSA-PSS-VERIFY (§9.1.2), steps 3–14, with sLen = hLen.
  const sLen = H_LEN;
  if (emLen < H_LEN + sLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - H_LEN - 1);
  const h = em.subarray(emLen - H_LEN - 1, emLen - 1);
  const unusedBits = 8 * emLen - emBits;
  const topMask = 0xff >>> unusedBits;
  if (((maskedDb[0] ?? 0) & ~topMask & 0xff) !== 0) return false;
  const db = mgf1(h, maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i] = (db[i] ?? 0) ^ (maskedDb[i] ?? 0);
  db[0] = (db[0] ?? 0) & topMask;
  const psLen = emLen - H_LEN - sLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - sLen);
  const mPrime = new Uint8Array(8 + H_LEN + sLen);
  mPrime.set(sha256(message), 8);
  mPrime.set(salt, 8 + H_LEN);
  return sameBytes(sha256(mPrime), h);
}
