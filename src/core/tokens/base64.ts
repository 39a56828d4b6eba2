/**
 * Base64 and base64url to bytes, and bytes to text, for the parts jwt-decode does not cover:
 * SD-JWT disclosures, non-JSON JWS payloads and Basic credentials. Never throws: a result says
 * what went wrong, in words a finding can quote.
 */

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function bytesOf(binary: string): Uint8Array {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

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
  try {
    return { ok: true, value: bytesOf(atob(bare.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (bare.length % 4)) % 4))) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : "not base64url" };
  }
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
  try {
    return { ok: true, value: bytesOf(atob(text.padEnd(Math.ceil(text.length / 4) * 4, "="))) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : "not base64" };
  }
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
