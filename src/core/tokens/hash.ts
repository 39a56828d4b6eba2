/**
 * FNV-1a, 64-bit (draft-eastlake-fnv §2): a fast, non-cryptographic hash that tells tokens
 * apart in a timeline without keeping the token. Not a secret-preserving digest: it is only ever
 * compared within one capture, next to a masked form that already shows 10 characters.
 *
 * 64-bit arithmetic is done on four 16-bit limbs so that it stays exact in doubles.
 */

// Offset basis 0xcbf29ce484222325 and prime 0x100000001b3, as 16-bit limbs, least significant first.
const OFFSET = [0x2325, 0x8422, 0x9ce4, 0xcbf2] as const;

function hex16(n: number): string {
  return n.toString(16).padStart(4, "0");
}

const encoder = new TextEncoder();

/** Any code unit beyond ASCII (surrogates included). */
const NON_ASCII = /[\u0080-\uffff]/;

/** FNV-1a 64 of the UTF-8 bytes of `text`, as 16 hex digits. */
export function fnv1a64(text: string): string {
  // Tokens are ASCII, whose UTF-8 bytes are their char codes: no encoding step needed.
  const bytes = NON_ASCII.test(text) ? encoder.encode(text) : undefined;
  const length = bytes ? bytes.length : text.length;
  let h0: number = OFFSET[0];
  let h1: number = OFFSET[1];
  let h2: number = OFFSET[2];
  let h3: number = OFFSET[3];
  for (let i = 0; i < length; i++) {
    h0 ^= bytes ? bytes[i]! : text.charCodeAt(i);
    // h * 0x100000001b3 = h * 0x1b3 + (h << 40); 40 bits = two limbs and 8 bits.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (t1 >>> 16) + (h0 << 8);
    const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h1 << 8);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return hex16(h3) + hex16(h2) + hex16(h1) + hex16(h0);
}
