/**
 * Does a token's signature verify with its issuer's key as the page fetched it (RFC 7515 §5.2)?
 * Checked synchronously while the capture is judged, for the algorithms issuers sign access
 * tokens with; a table of algorithm → key type and check. Other algorithms, and keys a check
 * cannot use, give undefined: not a verdict. The Token section verifies every algorithm with
 * WebCrypto (tokens/verify/).
 */
import { base64UrlToBytes } from "../../base64.ts";
import { verifyEs256 } from "../../crypto/p256.ts";
import { verifyPs256, verifyRs256 } from "../../crypto/rsa-pkcs1.ts";
import type { PublicJwk } from "./metadata.ts";

type Check = (message: Uint8Array, signature: Uint8Array, key: PublicJwk) => boolean | undefined;

/** Decoded base64url members of a key, or undefined when one is missing or not base64url. */
function members(key: PublicJwk, names: readonly ("n" | "e" | "x" | "y")[]): Uint8Array[] | undefined {
  const out: Uint8Array[] = [];
  for (const name of names) {
    const text = key[name];
    const bytes = text === undefined ? undefined : base64UrlToBytes(text);
    if (!bytes?.ok) return undefined;
    out.push(bytes.value);
  }
  return out;
}

const rsa =
  (verify: typeof verifyRs256): Check =>
  (message, signature, key) => {
    const [n, e] = members(key, ["n", "e"]) ?? [];
    return key.kty === "RSA" && n && e ? verify(message, signature, n, e) : undefined;
  };

/** RFC 7518 §3.1: the JWS algorithms checked here, each with the key it needs. */
const CHECKS: Readonly<Record<string, Check>> = {
  RS256: rsa(verifyRs256),
  PS256: rsa(verifyPs256),
  ES256: (message, signature, key) => {
    const [x, y] = members(key, ["x", "y"]) ?? [];
    return key.kty === "EC" && key.crv === "P-256" && x && y ? verifyEs256(message, signature, x, y) : undefined;
  },
};

/** The algorithms a captured key set can settle. */
export const CHECKED_ALGORITHMS: readonly string[] = Object.keys(CHECKS);

/** Signing inputs already checked: a refused token is often sent again and again (retries). */
const checked = new Map<string, boolean | undefined>();
const REMEMBERED = 64;

const ASCII = new TextEncoder();

/**
 * true when the compact JWS `raw` verifies with `key` under `alg`, false when it does not,
 * undefined when this algorithm or key cannot be checked here. A key whose own `alg` names
 * another algorithm cannot verify the token (RFC 7517 §4.4).
 */
export function signatureVerifies(raw: string, alg: string, key: PublicJwk): boolean | undefined {
  const check = Object.hasOwn(CHECKS, alg) ? CHECKS[alg] : undefined;
  const parts = raw.split(".");
  if (!check || parts.length !== 3) return undefined;
  if (key.alg !== undefined && key.alg !== alg) return undefined;
  const memo = [alg, key.kty, key.crv, key.n, key.e, key.x, key.y, raw].join(" ");
  if (checked.has(memo)) return checked.get(memo);
  const signature = base64UrlToBytes(parts[2]!);
  const verdict = signature.ok ? check(ASCII.encode(`${parts[0]}.${parts[1]}`), signature.value, key) : false;
  if (checked.size >= REMEMBERED) checked.delete(checked.keys().next().value!);
  checked.set(memo, verdict);
  return verdict;
}

/**
 * The verdict of a kid's keys on a token: true when one of them verifies it, false when every
 * key that can be checked refuses it, undefined when none can be checked.
 */
export function keysVerify(raw: string, alg: string, keys: readonly PublicJwk[]): boolean | undefined {
  let verdict: boolean | undefined;
  for (const key of keys) {
    const one = signatureVerifies(raw, alg, key);
    if (one === true) return true;
    if (one === false) verdict = false;
  }
  return verdict;
}
