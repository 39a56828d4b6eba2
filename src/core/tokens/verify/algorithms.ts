/**
 * The JWS algorithms AuthLens verifies (RFC 7518 §3, RFC 8037 §3.1), as WebCrypto parameters: a
 * table, one row per `alg`. Each row names the key type it needs, which is how a key of the wrong
 * type is refused before it is used (RFC 8725 §3.1).
 */
import type { KeyType } from "./types.ts";

export interface JwsAlgorithm {
  readonly kty: KeyType;
  /** For EC: the curve the algorithm fixes (RFC 7518 §3.4). For EdDSA: the curves it allows. */
  readonly curves?: readonly string[];
  /** WebCrypto's importKey algorithm, for a key of curve `crv` when that matters. */
  readonly importParams: (crv?: string) => RsaHashedImportParams | EcKeyImportParams | HmacImportParams | Algorithm;
  readonly verifyParams: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
  readonly section: string;
}

const rsa = (hash: string): JwsAlgorithm => ({
  kty: "RSA",
  importParams: () => ({ name: "RSASSA-PKCS1-v1_5", hash }),
  verifyParams: { name: "RSASSA-PKCS1-v1_5" },
  section: "RFC 7518 §3.3",
});

/** RFC 7518 §3.5: the salt is as long as the hash. */
const pss = (hash: string, saltLength: number): JwsAlgorithm => ({
  kty: "RSA",
  importParams: () => ({ name: "RSA-PSS", hash }),
  verifyParams: { name: "RSA-PSS", saltLength },
  section: "RFC 7518 §3.5",
});

/** RFC 7518 §3.4: the JWS signature is R || S, exactly what WebCrypto's ECDSA takes. */
const ecdsa = (hash: string, curve: string): JwsAlgorithm => ({
  kty: "EC",
  curves: [curve],
  importParams: () => ({ name: "ECDSA", namedCurve: curve }),
  verifyParams: { name: "ECDSA", hash },
  section: "RFC 7518 §3.4",
});

const hmac = (hash: string): JwsAlgorithm => ({
  kty: "oct",
  importParams: () => ({ name: "HMAC", hash }),
  verifyParams: { name: "HMAC" },
  section: "RFC 7518 §3.2",
});

/** RFC 8037 §3.1: EdDSA with an OKP key; WebCrypto names the algorithm after the curve. */
const eddsa = (curves: readonly string[]): JwsAlgorithm => ({
  kty: "OKP",
  curves,
  importParams: (crv) => ({ name: crv ?? curves[0]! }),
  verifyParams: { name: curves[0]! },
  section: "RFC 8037 §3.1",
});

export const JWS_ALGORITHMS: Readonly<Record<string, JwsAlgorithm>> = {
  RS256: rsa("SHA-256"),
  RS384: rsa("SHA-384"),
  RS512: rsa("SHA-512"),
  PS256: pss("SHA-256", 32),
  PS384: pss("SHA-384", 48),
  PS512: pss("SHA-512", 64),
  ES256: ecdsa("SHA-256", "P-256"),
  ES384: ecdsa("SHA-384", "P-384"),
  ES512: ecdsa("SHA-512", "P-521"),
  HS256: hmac("SHA-256"),
  HS384: hmac("SHA-384"),
  HS512: hmac("SHA-512"),
  EdDSA: eddsa(["Ed25519", "Ed448"]),
  Ed25519: eddsa(["Ed25519"]),
};

export function jwsAlgorithm(alg: string): JwsAlgorithm | undefined {
  return Object.hasOwn(JWS_ALGORITHMS, alg) ? JWS_ALGORITHMS[alg] : undefined;
}

/** The verify parameters for a key: EdDSA is named after the key's own curve. */
export function verifyParamsFor(a: JwsAlgorithm, crv?: string): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  return a.kty === "OKP" && crv ? { name: crv } : a.verifyParams;
}

/** The key type an algorithm name implies, for words about a confusion ("HS256 needs a shared secret"). */
export const KEY_TYPE_WORDS: Readonly<Record<KeyType, string>> = {
  RSA: "an RSA public key",
  EC: "an elliptic-curve (EC) public key",
  OKP: "an Ed25519 or Ed448 (OKP) public key",
  oct: "a shared secret (HMAC)",
};
