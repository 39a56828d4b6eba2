/**
 * The two WebCrypto calls verification makes (W3C Web Cryptography API §14.3.9, §14.3.4):
 * importKey for the token's alg, then verify. WebCrypto rejects its promises on bad keys or an
 * algorithm it lacks; here each outcome is a value.
 */
import { type JwsAlgorithm, verifyParamsFor } from "./algorithms.ts";
import type { VerificationKey } from "./types.ts";

export type Checked = { readonly ok: boolean } | { readonly failed: "unsupported" | "error"; readonly why: string };

/** WebCrypto's failures by name: NotSupportedError when this browser or Node lacks the algorithm. */
function failure(error: unknown): { readonly failed: "unsupported" | "error"; readonly why: string } {
  const name = error instanceof Error || (typeof error === "object" && error !== null && "name" in error) ? String((error as { name: unknown }).name) : "";
  const message = error instanceof Error ? error.message : String(error);
  return { failed: name === "NotSupportedError" ? "unsupported" : "error", why: `${name || "error"}: ${message}`.slice(0, 200) };
}

function importKey(subtle: SubtleCrypto, k: VerificationKey, a: JwsAlgorithm): Promise<CryptoKey> {
  const params = a.importParams(k.crv);
  if (k.secret) return subtle.importKey("raw", k.secret as BufferSource, params, false, ["verify"]);
  if (k.spki) return subtle.importKey("spki", k.spki as BufferSource, params, false, ["verify"]);
  if (k.jwk) return subtle.importKey("jwk", k.jwk, params, false, ["verify"]);
  return Promise.reject(new Error("the key holds no material"));
}

export async function checkSignature(subtle: SubtleCrypto, k: VerificationKey, a: JwsAlgorithm, signature: Uint8Array, input: Uint8Array): Promise<Checked> {
  let key: CryptoKey;
  try {
    key = await importKey(subtle, k, a);
  } catch (error) {
    return failure(error);
  }
  try {
    return { ok: await subtle.verify(verifyParamsFor(a, k.crv), key, signature as BufferSource, input as BufferSource) };
  } catch {
    // A signature of the wrong length for the key: some engines reject instead of answering false.
    return { ok: false };
  }
}
