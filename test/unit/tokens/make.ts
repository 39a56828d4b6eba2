/**
 * Builds test tokens with Node's own base64url (not AuthLens's), so that what a test expects
 * comes from the JSON it wrote, never from the decoder under test.
 */
import { T0 } from "../helpers.ts";

export const b64url = (text: string | Buffer): string => Buffer.from(text).toString("base64url");

/** A compact JWS with the given header and claims; the signature is a placeholder, never checked. */
export function jws(payload: Record<string, unknown> | string, header: Record<string, unknown> = { alg: "RS256", typ: "JWT" }, signature = "c2lnbmF0dXJl"): string {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  return `${b64url(JSON.stringify(header))}.${b64url(body)}.${signature}`;
}

/**
 * A placeholder ES256 signature of the length the algorithm always produces (64 bytes, RFC 7518
 * §3.4): a shorter one makes the token one every verifier rejects (token.invalid).
 */
export const ES256_SIGNATURE = b64url(Buffer.alloc(64, 0x2a));

/** The capture's clock in NumericDate seconds: every test exchange starts at T0 (helpers.ts). */
export const T0_SECONDS = T0 / 1000;

/** Claims of a token that is valid at T0 for an hour. */
export function validClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: "https://id.example.com", sub: "user-42", aud: "api", iat: T0_SECONDS - 60, exp: T0_SECONDS + 3600, ...extra };
}
