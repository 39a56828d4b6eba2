/**
 * Signature verification as data: the keys a user or a capture supplies, and the verdict on one
 * token. Plain, serialisable values (the panel's worker posts them); keys hold public material
 * only, except an HMAC secret the user gave for this one check.
 */

/** JWK key types (RFC 7518 §6.1, RFC 8037 §2) that sign JWS. */
export type KeyType = "RSA" | "EC" | "OKP" | "oct";

/** Where a key came from: a JWK (alone or in a JWKS), a PEM block of one of three kinds, or a secret. */
export type KeyOrigin = "jwk" | "spki" | "certificate" | "pkcs1" | "secret";

/** One key that can verify, with what RFC 7517 §4 says it may be used for. */
export interface VerificationKey {
  readonly kty: KeyType;
  /** "P-256", "P-384", "P-521", "Ed25519", "Ed448": for EC and OKP keys. */
  readonly crv?: string;
  readonly kid?: string;
  /** The one algorithm the key is for (RFC 7517 §4.4), when it says. */
  readonly alg?: string;
  /** "sig" or "enc" (RFC 7517 §4.2). */
  readonly use?: string;
  /** RFC 7517 §4.3. */
  readonly keyOps?: readonly string[];
  readonly origin: KeyOrigin;
  /** "key #2 of the JWKS (kid k-2026)", "the PEM public key", "the secret": how results name it. */
  readonly label: string;
  /** The public members of a JWK (private ones are never kept), or an oct JWK's `k`. */
  readonly jwk?: JsonWebKey;
  /** DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), for keys from PEM. */
  readonly spki?: Uint8Array;
  /** The bytes of an HMAC secret. */
  readonly secret?: Uint8Array;
  /** RSA modulus length in bits, when known: RFC 7518 §3.3 requires 2048 or more. */
  readonly modulusBits?: number;
}

/** Keys read from one source, with what was skipped or refused, in words. */
export interface KeySet {
  readonly keys: readonly VerificationKey[];
  /** Why a key or a block was skipped ("key #3: kty \"RSA\" without \"n\""), or why nothing was read. */
  readonly problems: readonly string[];
}

/**
 * valid: the signature verifies with `key`. invalid: it does not, with any key that fits, or a
 * verifier must refuse the token before checking (alg none, a key of the wrong type: RFC 8725
 * §3.1). key-unknown: no key of the set fits the token's kid, alg and type. unsupported: an
 * algorithm or a key WebCrypto here cannot use. error: the token or the keys cannot be read.
 */
export type Verdict = "valid" | "invalid" | "key-unknown" | "unsupported" | "error";

/** The key a verdict is about, without its material. */
export interface KeyUsed {
  readonly label: string;
  readonly kty: KeyType;
  readonly origin: KeyOrigin;
  readonly kid?: string;
  readonly alg?: string;
  readonly crv?: string;
}

export interface VerifyResult {
  readonly verdict: Verdict;
  /** The token's alg and kid, as its header gives them. */
  readonly alg?: string;
  readonly kid?: string;
  /** The key that verified (valid), or the one that fits but did not (invalid with one candidate). */
  readonly key?: KeyUsed;
  /** One sentence, citing the section it rests on. */
  readonly reason: string;
  /** Advice beside the verdict: a short RSA key, private material in a JWKS, skipped keys. */
  readonly notes: readonly string[];
  /** How many keys were tried. */
  readonly tried: number;
}

/** Bounds on what the engine reads (ARCHITECTURE.md, "Untrusted input"). */
export const VERIFY_LIMITS = {
  /** Characters of a JWKS or PEM text; real JWKS are a few KB (Google's, Microsoft's: under 10). */
  keyTextChars: 256 * 1024,
  /** Keys read from one JWKS or PEM text. */
  keys: 100,
  /** Characters of one token part: as TOKEN_LIMITS.partChars. */
  partChars: 65_536,
  /** Bytes of an HMAC secret. */
  secretBytes: 64 * 1024,
  /** RSA moduli above this many bits are refused (16384 is already far beyond real keys). */
  rsaBits: 16_384,
} as const;
