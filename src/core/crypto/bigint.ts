/**
 * Big-endian bytes and integers for the synchronous signature checks (RFC 8017 §4: OS2IP and
 * I2OSP), and the modular arithmetic they share. BigInt only: no platform crypto.
 */

/** OS2IP (RFC 8017 §4.2): big-endian bytes as a non-negative integer. */
export function toBigInt(bytes: Uint8Array): bigint {
  let hex = "0x0";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return BigInt(hex);
}

/** I2OSP (RFC 8017 §4.1): `x` as exactly `length` big-endian bytes, or undefined if it does not fit. */
export function toBytes(x: bigint, length: number): Uint8Array | undefined {
  if (x < 0n) return undefined;
  const hex = x.toString(16);
  if (hex.length > length * 2) return undefined;
  const padded = hex.padStart(length * 2, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(padded.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** `x mod m`, in [0, m). */
export function mod(x: bigint, m: bigint): bigint {
  const r = x % m;
  return r < 0n ? r + m : r;
}

/** base^exp mod m, square-and-multiply. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** The inverse of `x` modulo the prime `m` (extended Euclid), or 0 when there is none. */
export function modInverse(x: bigint, m: bigint): bigint {
  let [a, b] = [mod(x, m), m];
  let [u, v] = [1n, 0n];
  while (b !== 0n) {
    const q = a / b;
    [a, b] = [b, a - q * b];
    [u, v] = [v, u - q * v];
  }
  return a === 1n ? mod(u, m) : 0n;
}

/** Byte arrays equal in length and content, compared whole. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
