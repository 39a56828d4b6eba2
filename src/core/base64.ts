/**
 * Base64 (RFC 4648 §4) and base64url (§5) to bytes, and bytes to text: the one decoder of core.
 * Core runs in Node and in the extension, so neither Buffer nor atob is assumed. Two readings:
 * `decodeBase64` is lenient (either alphabet, padded or not; undefined for anything else), for
 * challenge tokens; `base64UrlToBytes` and `base64ToBytes` are strict and say what is wrong, in
 * words a finding can quote, for JWT parts, SD-JWT disclosures and Basic credentials.
 */

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;
VALUES["+".charCodeAt(0)] = 62;
VALUES["-".charCodeAt(0)] = 62;
VALUES["/".charCodeAt(0)] = 63;
VALUES["_".charCodeAt(0)] = 63;

/** Longest challenge token decoded (64 KiB of base64 is 48 KiB of bytes). */
export const MAX_BASE64_CHARS = 65_536;

/** Either alphabet, padded or not; undefined for anything else or above `maxChars`. */
export function decodeBase64(text: string, maxChars = MAX_BASE64_CHARS): Uint8Array | undefined {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  if (text.length - end > 2 || end > maxChars || end % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? VALUES[code]! : -1;
    if (v < 0) return undefined;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * base64url without padding (RFC 7515 §2, RFC 4648 §5). Padding is tolerated, as jwt-decode and
 * many servers tolerate it, but reported by the caller where it matters.
 */
export function base64UrlToBytes(text: string): Decoded<Uint8Array> {
  const bare = text.replace(/=+$/, "");
  if (!BASE64URL.test(bare)) {
    const bad = /[^A-Za-z0-9_-]/.exec(bare);
    return { ok: false, reason: `character ${JSON.stringify(bad?.[0] ?? "?")} is not in the base64url alphabet (RFC 4648 §5)` };
  }
  if (bare.length % 4 === 1) return { ok: false, reason: `${bare.length} characters cannot be base64url (a length of 4n+1 never is)` };
  const value = decodeBase64(bare, Number.POSITIVE_INFINITY);
  return value ? { ok: true, value } : { ok: false, reason: "not base64url" };
}

/** Standard base64 with padding (RFC 4648 §4), as Basic credentials use (RFC 7617 §2). */
export function base64ToBytes(text: string): Decoded<Uint8Array> {
  if (!BASE64.test(text) || text.length % 4 === 1) {
    const bad = /[^A-Za-z0-9+/=]/.exec(text);
    return {
      ok: false,
      reason: bad ? `character ${JSON.stringify(bad[0])} is not in the base64 alphabet (RFC 4648 §4)` : "the padding or length is not valid base64",
    };
  }
  const value = decodeBase64(text, Number.POSITIVE_INFINITY);
  return value ? { ok: true, value } : { ok: false, reason: "the padding or length is not valid base64" };
}

export type Charset = "UTF-8" | "ISO-8859-1";

/** UTF-8 when the bytes are valid UTF-8, else ISO-8859-1 (each byte one character). */
export function textOf(bytes: Uint8Array): { readonly text: string; readonly charset: Charset } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), charset: "UTF-8" };
  } catch {
    let text = "";
    for (const b of bytes) text += String.fromCharCode(b);
    return { text, charset: "ISO-8859-1" };
  }
}

/** Bytes as lower-case hex, e.g. an NTLM server challenge. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}
