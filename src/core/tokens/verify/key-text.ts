/**
 * Keys a person pastes to check a signature ("Verify signature…" in the panel): a JWK Set or a
 * single JWK (RFC 7517 §5, §4), PEM blocks (a public key, a certificate), or else the text is
 * the HMAC secret itself (RFC 7518 §3.2). Read as given, never stored.
 */
import { parseJwks, secretKey } from "./jwks.ts";
import { parsePem } from "./pem.ts";
import type { KeySet } from "./types.ts";

export type PastedKind = "jwks" | "pem" | "secret";

/** What the text looks like; a secret is whatever is neither JSON nor PEM. */
export function pastedKind(text: string): PastedKind {
  const t = text.trim();
  if (t.startsWith("-----BEGIN")) return "pem";
  if (t.startsWith("{") || t.startsWith("[")) return "jwks";
  return "secret";
}

/** The keys in a pasted text; a secret is taken exactly as pasted (no trimming: spaces may be part of it). */
export function keysFromText(text: string): { readonly kind: PastedKind; readonly keys: KeySet } {
  const kind = pastedKind(text);
  if (kind === "pem") return { kind, keys: parsePem(text) };
  if (kind === "jwks") {
    // A JWK Set or one JWK (parseJwks takes both); a bare list of JWKs as the set it lists.
    const t = text.trim();
    return { kind, keys: parseJwks(t.startsWith("[") ? `{"keys":${t}}` : t) };
  }
  return { kind, keys: secretKey(text) };
}
