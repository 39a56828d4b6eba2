/**
 * Which keys of a set may verify a token (RFC 7515 §4.1.4, RFC 7517 §4, RFC 8725 §3.1): the key
 * type and curve the token's alg needs, the kid it names, and what each key says it is for (use,
 * key_ops, alg). A key of another type is never tried: using an RSA public key as an HMAC secret
 * is the classic algorithm-confusion forgery. Returns the candidates, or the verdict when none fits.
 */
import { type JwsAlgorithm, KEY_TYPE_WORDS } from "./algorithms.ts";
import type { KeySet, Verdict, VerificationKey } from "./types.ts";

export type Selection =
  | { readonly candidates: readonly VerificationKey[] }
  | { readonly verdict: Extract<Verdict, "invalid" | "key-unknown">; readonly reason: string; readonly key?: VerificationKey };

/** Kids shown when the token's is missing from the set. */
const KIDS_SHOWN = 8;

function fitsType(k: VerificationKey, a: JwsAlgorithm): boolean {
  return k.kty === a.kty && (a.curves === undefined || (k.crv !== undefined && a.curves.includes(k.crv)));
}

/** Why a key of the right type may still not verify this token (RFC 7517 §4.2–4.4), or undefined. */
function refusal(k: VerificationKey, alg: string): string | undefined {
  if (k.use !== undefined && k.use !== "sig") return `${k.label} is for use "${k.use}", not "sig" (RFC 7517 §4.2)`;
  if (k.keyOps !== undefined && !k.keyOps.includes("verify")) return `${k.label} allows key_ops ${JSON.stringify(k.keyOps).slice(0, 60)}, not "verify" (RFC 7517 §4.3)`;
  if (k.alg !== undefined && k.alg !== alg) return `${k.label} is for alg ${k.alg}, not ${alg} (RFC 7517 §4.4; RFC 8725 §3.1)`;
  return undefined;
}

function kidList(keys: readonly VerificationKey[]): string {
  const kids = keys.flatMap((k) => (k.kid !== undefined ? [JSON.stringify(k.kid.slice(0, 60))] : []));
  if (kids.length === 0) return "its keys have no kid";
  return `its kids are ${kids.slice(0, KIDS_SHOWN).join(", ")}${kids.length > KIDS_SHOWN ? ` and ${kids.length - KIDS_SHOWN} more` : ""}`;
}

export function selectKeys(set: KeySet, alg: string, a: JwsAlgorithm, kid: string | undefined): Selection {
  // A key without a kid (a PEM key, a secret, a JWK that names none) is one the user chose for this token.
  const named = kid === undefined ? set.keys : set.keys.filter((k) => k.kid === undefined || k.kid === kid);
  if (named.length === 0) {
    return { verdict: "key-unknown", reason: `no key has the token's kid ${JSON.stringify(kid!.slice(0, 80))} (RFC 7515 §4.1.4): ${kidList(set.keys)}; a rotated key or a token from another environment` };
  }
  const typed = named.filter((k) => fitsType(k, a));
  if (typed.length === 0) {
    const other = named.find((k) => k.kty !== a.kty) ?? named[0]!;
    const confusion = a.kty === "oct" ? other.kty !== "oct" : other.kty === "oct";
    const need = `${alg} needs ${KEY_TYPE_WORDS[a.kty]}${a.curves ? ` on ${a.curves.join(" or ")}` : ""}`;
    if (confusion || (kid !== undefined && other.kid === kid)) {
      return {
        verdict: "invalid",
        key: other,
        reason: `${need}, but ${other.label} is ${KEY_TYPE_WORDS[other.kty]}${other.crv ? ` (${other.crv})` : ""}: a verifier must not use a key of another type or curve than the token's alg names (RFC 8725 §3.1)${a.kty === "oct" ? ", which is how tokens are forged with a public key as the HMAC secret" : ""}`,
      };
    }
    return { verdict: "key-unknown", reason: `${need}, and ${named.length === 1 ? "the key given is not one" : `none of the ${named.length} keys given is one`}` };
  }
  const usable = typed.filter((k) => refusal(k, alg) === undefined);
  if (usable.length === 0) return { verdict: "invalid", key: typed[0]!, reason: `${refusal(typed[0]!, alg)!}: a verifier must not use it for this token` };
  return { candidates: usable };
}
