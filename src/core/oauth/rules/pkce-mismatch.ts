/**
 * oauth.pkce-mismatch: the token request's code_verifier cannot answer the authorization
 * request's code_challenge (RFC 7636 §4.6), computed here (S256 with core's SHA-256) from the
 * two requests the capture links (sign-in-flow.ts); or the methods disagree; or a verifier is
 * missing on one side. Without the authorization request in the capture, the token endpoint's
 * own invalid_grant description naming PKCE is the evidence.
 */
import { type Exchange, statusOf } from "../../exchange.ts";
import { type Evidence, type Finding, finding } from "../../findings.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import { maskSecret } from "../../text/mask.ts";
import { quote } from "../../text/describe.ts";
import { checkPkce, type PkceVerdict, s256Challenge } from "../pkce.ts";
import { type FlowAuthorize, tokenInAttempt } from "../sign-in-flow.ts";
import { GRANT } from "../token-errors.ts";
import { refusedTokenRequest, type TokenRequest } from "../token-request.ts";
import { authorizeEvidence, shown } from "./flow-text.ts";

/** How token endpoints word a failed PKCE check in an invalid_grant's error_description. */
const PKCE_WORDS = /pkce|code[ _-]?verifier|code[ _-]?challenge/i;

function failed(x: Exchange): boolean {
  const status = statusOf(x);
  return status === 0 || status >= 400;
}

/** The verdict in a sentence, or undefined when it is no mismatch. Only masked secrets and public challenges appear. */
function verdictText(v: PkceVerdict, challenge: string, verifier: string | undefined, x: Exchange): string | undefined {
  const sentChallenge = `code_challenge ${quote(shown(challenge, 130))}`;
  switch (v.kind) {
    case "mismatch":
      return v.method === "S256"
        ? `The token request's code_verifier (${maskSecret(verifier ?? "")}) hashes (S256, computed locally: BASE64URL(SHA-256(verifier)), RFC 7636 §4.2) to ${quote(v.computed)}, not to the ${sentChallenge} of the authorization request.`
        : `With code_challenge_method plain, the code_verifier (${maskSecret(verifier ?? "")}) must equal the ${sentChallenge}, and it does not; its S256 would be ${quote(s256Challenge(verifier ?? ""))}.`;
    case "method-disagrees":
      return v.declared === "plain"
        ? `The ${sentChallenge} is the S256 hash of the code_verifier, but the authorization request declared code_challenge_method plain (sending none means plain, RFC 7636 §4.3): the server compares the verifier itself with the challenge, and they differ. Send code_challenge_method=S256.`
        : "The code_challenge equals the code_verifier itself (plain), but the authorization request declared code_challenge_method S256: the server hashes the verifier and compares the hash with the challenge, and they differ.";
    case "verifier-missing":
      return failed(x)
        ? `The authorization request sent a ${sentChallenge} (method ${v.method}) but the token request sent no code_verifier: the server must refuse it (RFC 7636 §4.6).`
        : undefined;
    case "challenge-missing":
      return failed(x)
        ? "The token request sent a code_verifier, but its authorization request sent no code_challenge: servers refuse this to stop PKCE downgrade attacks (RFC 9700 §2.1.1)."
        : undefined;
    case "unknown-method":
      return failed(x) ? `The authorization request declared code_challenge_method ${quote(shown(v.method, 40))}, which RFC 7636 §4.3 does not define (S256 or plain).` : undefined;
    default:
      return undefined;
  }
}

/** The mismatch the two linked requests show. */
function fromFlow(x: Exchange, req: TokenRequest, authorize: FlowAuthorize, ctx: RuleContext): Finding[] {
  const a = authorize.request;
  const verifier = req.params.get("code_verifier");
  const verdict = checkPkce(a.codeChallenge, a.codeChallengeMethod, verifier);
  const text = verdictText(verdict, a.codeChallenge ?? "", verifier, x);
  if (text === undefined) return [];
  const status = statusOf(x);
  const outcome = failed(x)
    ? `The token endpoint answered ${status === 0 ? "nothing" : status}.`
    : `The token endpoint still answered ${status}: it does not check PKCE for this client, which RFC 9700 §2.1.1 requires of it.`;
  const evidence: Evidence[] = [
    { label: "code_challenge", value: a.codeChallenge !== undefined ? shown(a.codeChallenge, 200) : "(none sent)" },
    { label: "code_challenge_method", value: a.codeChallengeMethod ?? "(none: plain)" },
    { label: "code_verifier", value: verifier !== undefined ? maskSecret(verifier) : "(none sent)" },
    ...(verifier !== undefined ? [{ label: "S256 of the code_verifier", value: s256Challenge(verifier) }] : []),
    ...authorizeEvidence(authorize),
  ];
  return [
    finding("oauth.pkce-mismatch", {
      detail:
        `${ctx.view(x).label} exchanged the code of the authorization request ${ctx.view(authorize.exchange).label} (${new Date(authorize.exchange.observedAt).toISOString()}). ${text} ${outcome}` +
        " A verifier from another sign-in attempt (another tab, a reload, a verifier stored under a key the callback does not read) is the usual cause.",
      evidence,
      fix: "Keep the code_verifier of each authorization request with its state (sessionStorage keyed by state), send exactly that verifier with the code it returned, and declare code_challenge_method=S256 with the S256 challenge.",
    }),
  ];
}

/** The token endpoint's own words, when the capture lacks the authorization request. */
function fromServer(x: Exchange, ctx: RuleContext): Finding[] {
  const refusal = refusedTokenRequest(x, ctx.view(x));
  if (refusal?.answer.kind !== "error" || refusal.answer.error !== "invalid_grant") return [];
  const description = refusal.answer.description;
  if (description === undefined || !PKCE_WORDS.test(description)) return [];
  const verifier = refusal.request.params.get("code_verifier");
  return [
    finding("oauth.pkce-mismatch", {
      detail:
        `${ctx.view(x).label} was refused with ${statusOf(x)} error="invalid_grant": ${quote(shown(description, 300), 300)}. The token endpoint says the PKCE check failed (RFC 7636 §4.6): ` +
        (verifier !== undefined ? `the code_verifier sent (${maskSecret(verifier)}) does not hash to the code_challenge of the authorization request that issued this code. ` : "the request sent no code_verifier. ") +
        "The capture does not hold that authorization request, so the two cannot be compared here; capture the whole sign-in to see both.",
      evidence: [
        { label: "error", value: "invalid_grant" },
        { label: "error_description", value: shown(description, 2_000) },
        { label: "code_verifier", value: verifier !== undefined ? maskSecret(verifier) : "(none sent)" },
      ],
      fix: "Send the code_verifier stored with the very authorization request that returned this code (keyed by its state), and the S256 challenge of it in that request.",
    }),
  ];
}

function run(x: Exchange, ctx: RuleContext): Finding[] {
  if (x.request.method !== "POST" || !x.request.body) return [];
  const req = ctx.view(x).tokenRequest;
  if (req.grantType !== GRANT.code) return [];
  const found = tokenInAttempt(x, req, ctx);
  // Only the first exchange of a code is judged by its PKCE: a second one is a reused code (oauth.invalid-grant says so).
  if (found?.authorize && found.first) {
    const flow = fromFlow(x, req, found.authorize, ctx);
    if (flow.length > 0) return flow;
  }
  return fromServer(x, ctx);
}

export const pkceMismatchRule: Rule = { name: "oauth-pkce-mismatch", run };
