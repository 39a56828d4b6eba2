/**
 * Signature verification for the panel, the CLI and the rules: keys from a JWKS (captured or
 * pasted), a PEM text or a secret, and the verdict on one token. Nothing is fetched or stored.
 */
export type { KeyOrigin, KeySet, KeyType, KeyUsed, Verdict, VerificationKey, VerifyResult } from "./types.ts";
export { VERIFY_LIMITS } from "./types.ts";
export { parseJwks, secretKey } from "./jwks.ts";
export { parsePem } from "./pem.ts";
export { verifyJws } from "./verify.ts";
export { JWS_ALGORITHMS } from "./algorithms.ts";

import type { FindingCode } from "../../findings.ts";
import type { KeySet, Verdict } from "./types.ts";

/**
 * The finding a verdict supports (FINDINGS.md): a signature that does not verify, or a kid the
 * keys do not hold. The other verdicts say nothing about the token's issuer.
 */
export const VERDICT_FINDING: Readonly<Partial<Record<Verdict, FindingCode>>> = {
  invalid: "auth.token-signature-invalid",
  "key-unknown": "auth.token-key-unknown",
};

/** Several key sets as one (a captured JWKS and a pasted PEM, say). */
export function mergeKeySets(...sets: readonly KeySet[]): KeySet {
  return { keys: sets.flatMap((s) => s.keys), problems: sets.flatMap((s) => s.problems) };
}
