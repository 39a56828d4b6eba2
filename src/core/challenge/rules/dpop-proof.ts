/**
 * auth.dpop-proof-invalid: error="invalid_dpop_proof", in a DPoP challenge (RFC 9449 §7.1) or an
 * authorization server's 400 body (§5). The proof the request carried is read and held against
 * the checks of §4.3 that a capture can repeat; the signature and the key binding cannot be.
 */
import { type Exchange, statusOf } from "../../exchange.ts";
import { finding } from "../../findings.ts";
import { headerValues } from "../../headers.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import { duration, spaceList } from "../schemes/read.ts";
import { param } from "../schemes/types.ts";
import { type JsonObject, jwtPart, numberClaim, stringClaim } from "../../tokens/claim-values.ts";
import { challengesIn, jsonErrorBody, rawOf } from "./shared.ts";

const CODE = "invalid_dpop_proof";

interface Proof {
  readonly header: JsonObject;
  readonly claims: JsonObject;
}

interface ProofFacts {
  readonly x: Exchange;
  readonly ctx: RuleContext;
  readonly proof: Proof;
  /** The algs the challenge lists, if it does. */
  readonly algs: readonly string[];
}

/** `scheme://host/path` of a URL: what htu is compared on (RFC 9449 §4.3: no query, no fragment). */
function withoutQuery(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return undefined;
  }
}

/** RFC 9449 §4.2 and §4.3, each check naming what it found. */
const CHECKS: readonly ((f: ProofFacts) => string | undefined)[] = [
  ({ proof }) => {
    const typ = stringClaim(proof.header, "typ");
    return typ === "dpop+jwt" ? undefined : `its typ is ${typ === undefined ? "missing" : `"${typ}"`}, not "dpop+jwt"`;
  },
  ({ proof, algs }) => {
    const alg = stringClaim(proof.header, "alg");
    if (alg === undefined || alg === "none" || alg.startsWith("HS")) return `its alg is ${alg === undefined ? "missing" : `"${alg}"`}, not an asymmetric signature algorithm`;
    return algs.length > 0 && !algs.includes(alg) ? `its alg "${alg}" is not among the server's algs (${algs.join(" ")})` : undefined;
  },
  ({ proof }) => (proof.header.jwk === undefined ? "its header carries no jwk (the public key)" : undefined),
  ({ proof }) => (stringClaim(proof.claims, "jti") === undefined ? "it has no jti" : undefined),
  ({ proof, x }) => {
    const htm = stringClaim(proof.claims, "htm");
    return htm === x.request.method ? undefined : `its htm is ${htm === undefined ? "missing" : `"${htm}"`}, but the request is ${x.request.method}`;
  },
  ({ proof, x }) => {
    const htu = stringClaim(proof.claims, "htu");
    const expected = withoutQuery(x.request.url);
    if (htu === undefined) return "it has no htu";
    return withoutQuery(htu) === expected ? undefined : `its htu is "${htu}", but the request URL without query and fragment is "${expected ?? x.request.url}"`;
  },
  ({ proof, x, ctx }) => {
    const iat = numberClaim(proof.claims, "iat");
    if (iat === undefined) return "it has no iat";
    const skew = Math.round(iat - x.observedAt / 1000);
    if (Math.abs(skew) <= ctx.options.leewaySeconds) return undefined;
    return `its iat is ${duration(Math.abs(skew))} ${skew < 0 ? "before" : "after"} the request (servers accept only a short window)`;
  },
  ({ proof, x, ctx }) => {
    const auth = ctx.credentials(x).authorization;
    const bound = auth?.scheme.toLowerCase() === "dpop";
    return bound && stringClaim(proof.claims, "ath") === undefined ? "it has no ath (the access token's hash), required with a DPoP token" : undefined;
  },
];

function proofIssues(x: Exchange, ctx: RuleContext, algs: readonly string[]): string[] {
  const proofs = headerValues(x.request.headers, "dpop");
  if (proofs.length === 0) return ["the request carried no DPoP header at all"];
  if (proofs.length > 1) return [`the request carried ${proofs.length} DPoP headers; exactly one is allowed`];
  const header = jwtPart(proofs[0]!, 0);
  const claims = jwtPart(proofs[0]!, 1);
  if (!header || !claims) return ["its DPoP header is not a JWS (three base64url parts with JSON header and claims)"];
  const facts: ProofFacts = { x, ctx, proof: { header, claims }, algs };
  return CHECKS.map((check) => check(facts)).filter((s): s is string => s !== undefined);
}

export const dpopProofRule: Rule = {
  name: "dpop-proof-invalid",
  run(x, ctx) {
    if (!x.response) return [];
    const pc = challengesIn(ctx.view(x)).find((p) => param(p.challenge, "error") === CODE);
    const body = pc ? undefined : jsonErrorBody(x);
    if (!pc && body?.error !== CODE) return [];
    const description = pc ? param(pc.challenge, "error_description") : body?.description;
    const algs = spaceList((pc && param(pc.challenge, "algs")) ?? "");
    const issues = ctx.facts.credentialsStripped === undefined ? proofIssues(x, ctx, algs) : [];
    const proof = headerValues(x.request.headers, "dpop")[0];
    const claims = proof ? jwtPart(proof, 1) : undefined;

    return [
      finding("auth.dpop-proof-invalid", {
        detail:
          `${ctx.view(x).label} was refused with ${statusOf(x)}: the server rejected its DPoP proof (error="${CODE}"${description ? `, "${description}"` : ""}).` +
          (issues.length > 0
            ? ` In the proof AuthLens finds: ${issues.join("; ")} (RFC 9449 §4.2, §4.3).`
            : " Its typ, alg, jwk, jti, htm, htu, iat and ath look right to AuthLens, which leaves the signature, a key that does not match the token's binding (cnf.jkt), a reused jti, or a missing server nonce."),
        evidence: [
          ...(pc ? [{ label: "WWW-Authenticate", value: rawOf(ctx.view(x), pc) }] : [{ label: "Error body", value: `error="${CODE}"${description ? `, "${description}"` : ""}` }]),
          { label: "Request", value: `${x.request.method} ${x.request.url}` },
          { label: "DPoP proof claims", value: claims ? JSON.stringify(claims).slice(0, 1_000) : proof ? "(unreadable)" : "(no DPoP header)" },
        ],
        fix:
          `Send a fresh proof with every request: typ "dpop+jwt", an asymmetric alg${algs.length > 0 ? ` among ${algs.join(" ")}` : ""}, the public jwk, a new jti, the current iat, htm "${x.request.method}", htu "${withoutQuery(x.request.url) ?? ctx.view(x).path}"` +
          `${ctx.credentials(x).authorization?.scheme.toLowerCase() === "dpop" ? ", and ath = base64url(SHA-256(access token))" : ""}, signed with the key the token is bound to.`,
      }),
    ];
  },
};
