/**
 * ECDSA on P-256 with SHA-256 (JWS ES256, RFC 7518 §3.4), verification only, synchronous, for
 * the analysis (see rsa-pkcs1.ts for why). The curve is NIST P-256 (FIPS 186-4 §D.1.2.3);
 * verification follows SEC 1 v2 §4.1.4, with points in Jacobian coordinates (a = −3).
 * Never throws; a key that is not a point of the curve cannot be used (undefined).
 */
import { mod, modInverse, toBigInt } from "./bigint.ts";
import { sha256 } from "./sha256.ts";

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const G: Affine = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};

interface Affine {
  readonly x: bigint;
  readonly y: bigint;
}

/** (X, Y, Z) stands for (X/Z², Y/Z³); Z = 0 is the point at infinity. */
interface Jacobian {
  readonly x: bigint;
  readonly y: bigint;
  readonly z: bigint;
}

const INFINITY: Jacobian = { x: 1n, y: 1n, z: 0n };

const f = (x: bigint): bigint => mod(x, P);

/** dbl-2001-b (a = −3). */
function double(p: Jacobian): Jacobian {
  if (p.z === 0n || p.y === 0n) return INFINITY;
  const delta = f(p.z * p.z);
  const gamma = f(p.y * p.y);
  const beta = f(p.x * gamma);
  const alpha = f(3n * (p.x - delta) * (p.x + delta));
  const x = f(alpha * alpha - 8n * beta);
  const z = f((p.y + p.z) ** 2n - gamma - delta);
  const y = f(alpha * (4n * beta - x) - 8n * gamma * gamma);
  return { x, y, z };
}

/** add-2007-bl, with the doubling and opposite-point cases. */
function add(p: Jacobian, q: Jacobian): Jacobian {
  if (p.z === 0n) return q;
  if (q.z === 0n) return p;
  const z1z1 = f(p.z * p.z);
  const z2z2 = f(q.z * q.z);
  const u1 = f(p.x * z2z2);
  const u2 = f(q.x * z1z1);
  const s1 = f(p.y * q.z * z2z2);
  const s2 = f(q.y * p.z * z1z1);
  const h = f(u2 - u1);
  const r = f(2n * (s2 - s1));
  if (h === 0n) return r === 0n ? double(p) : INFINITY;
  const i = f(4n * h * h);
  const j = f(h * i);
  const v = f(u1 * i);
  const x = f(r * r - j - 2n * v);
  const y = f(r * (v - x) - 2n * s1 * j);
  const z = f(((p.z + q.z) ** 2n - z1z1 - z2z2) * h);
  return { x, y, z };
}

const lift = (a: Affine): Jacobian => ({ x: a.x, y: a.y, z: 1n });

/** u1·G + u2·Q in one pass over the bits (Shamir's trick). */
function twoMultiples(u1: bigint, u2: bigint, q: Affine): Jacobian {
  const g = lift(G);
  const qj = lift(q);
  const both = add(g, qj);
  let acc = INFINITY;
  const bits = Math.max(u1.toString(2).length, u2.toString(2).length);
  for (let i = bits - 1; i >= 0; i--) {
    acc = double(acc);
    const a = (u1 >> BigInt(i)) & 1n;
    const b = (u2 >> BigInt(i)) & 1n;
    if (a && b) acc = add(acc, both);
    else if (a) acc = add(acc, g);
    else if (b) acc = add(acc, qj);
  }
  return acc;
}

/** y² = x³ − 3x + b over the field (SEC 1 §3.2.2.1 step 2). */
function onCurve(q: Affine): boolean {
  if (q.x <= 0n || q.x >= P || q.y <= 0n || q.y >= P) return false;
  return f(q.y * q.y) === f(q.x * q.x * q.x - 3n * q.x + B);
}

/**
 * Does `signature` (R ‖ S, 32 bytes each: RFC 7518 §3.4) sign `message` under the P-256 public
 * key (`x`, `y`: 32-byte big-endian coordinates, RFC 7518 §6.2.1)? Undefined when the key is not
 * a point of the curve.
 */
export function verifyEs256(message: Uint8Array, signature: Uint8Array, x: Uint8Array, y: Uint8Array): boolean | undefined {
  if (x.length !== 32 || y.length !== 32) return undefined;
  const q = { x: toBigInt(x), y: toBigInt(y) };
  if (!onCurve(q)) return undefined;
  if (signature.length !== 64) return false;
  const r = toBigInt(signature.subarray(0, 32));
  const s = toBigInt(signature.subarray(32));
  // SEC 1 §4.1.4 step 1: r and s in [1, n − 1].
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  // Steps 2–3: e, the hash as an integer (256 bits: no truncation for P-256).
  const e = toBigInt(sha256(message));
  // Steps 4–5: u1 = e·s⁻¹, u2 = r·s⁻¹ mod n; R = u1·G + u2·Q.
  const w = modInverse(s, N);
  const point = twoMultiples(mod(e * w, N), mod(r * w, N), q);
  if (point.z === 0n) return false;
  // Steps 6–8: v = x(R) mod n, compared with r.
  const zInv = modInverse(point.z, P);
  const xAffine = f(point.x * zInv * zInv);
  return mod(xAffine, N) === r;
}
