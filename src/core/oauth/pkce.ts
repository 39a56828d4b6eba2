/**
 * PKCE (RFC 7636): whether the token request's code_verifier answers the authorization request's
 * code_challenge. S256 is computed here (sha256.ts), so the check needs nothing but the capture.
 */
import { sha256 } from "../crypto/sha256.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64url without padding (RFC 4648 §5, RFC 7636 Appendix A). */
export function base64UrlEncode(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

const encoder = new TextEncoder();

/** RFC 7636 §4.2: code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier))). */
export function s256Challenge(verifier: string): string {
  return base64UrlEncode(sha256(encoder.encode(verifier)));
}

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER_SHAPE = /^[A-Za-z0-9._~-]{43,128}$/;

export function wellFormedVerifier(verifier: string): boolean {
  return VERIFIER_SHAPE.test(verifier);
}

export type PkceMethod = "S256" | "plain";

/** What the pair (challenge and method sent, verifier sent) shows. */
export type PkceVerdict =
  /** Neither side used PKCE. */
  | { readonly kind: "unused" }
  | { readonly kind: "match"; readonly method: PkceMethod }
  /** The verifier transformed by the declared method is not the challenge. */
  | { readonly kind: "mismatch"; readonly method: PkceMethod; readonly computed: string }
  /** The challenge is the verifier under the other method: the client and its declaration disagree. */
  | { readonly kind: "method-disagrees"; readonly declared: PkceMethod; readonly used: PkceMethod }
  /** A challenge was sent, no verifier followed (RFC 7636 §4.5). */
  | { readonly kind: "verifier-missing"; readonly method: PkceMethod }
  /** A verifier was sent for a code whose authorization request had no challenge (RFC 9700 §2.1.1). */
  | { readonly kind: "challenge-missing" }
  /** A code_challenge_method RFC 7636 §4.3 does not define. */
  | { readonly kind: "unknown-method"; readonly method: string };

/** RFC 7636 §4.3: the method defaults to "plain" when absent. */
export function checkPkce(challenge: string | undefined, method: string | undefined, verifier: string | undefined): PkceVerdict {
  const hasChallenge = challenge !== undefined && challenge !== "";
  const hasVerifier = verifier !== undefined && verifier !== "";
  if (!hasChallenge) return hasVerifier ? { kind: "challenge-missing" } : { kind: "unused" };
  const declared = method === undefined || method === "" ? "plain" : method;
  if (declared !== "S256" && declared !== "plain") return { kind: "unknown-method", method: declared };
  if (!hasVerifier) return { kind: "verifier-missing", method: declared };
  const computed = s256Challenge(verifier);
  const under: Record<PkceMethod, string> = { S256: computed, plain: verifier };
  if (under[declared] === challenge) return { kind: "match", method: declared };
  const other: PkceMethod = declared === "S256" ? "plain" : "S256";
  if (under[other] === challenge) return { kind: "method-disagrees", declared, used: other };
  return { kind: "mismatch", method: declared, computed: under[declared] };
}
