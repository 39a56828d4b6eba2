/**
 * DPoP (RFC 9449 §7.1): an access token bound to a key the client holds, presented as
 * `Authorization: DPoP <token>` with a `DPoP` proof header signed by that key, and server
 * nonces supplied in the `DPoP-Nonce` response header (§8, §9).
 */
import type { ChallengeProblem } from "../types.ts";
import { oauthChecks, oauthNext, oauthVerdict } from "./oauth-checks.ts";
import { OAUTH_PARAMS } from "./oauth-params.ts";
import { listReading, orList, spaceList } from "./read.ts";
import { type SchemeExplainer, type SchemeInput, param, schemeProblem, sentScheme } from "./types.ts";

function sentDpop(input: SchemeInput): boolean | undefined {
  if (sentScheme(input, "dpop")) return true;
  return input.ctx.sentScheme === undefined && input.ctx.sentCredentials === undefined ? undefined : false;
}

export const dpop: SchemeExplainer = {
  family: "DPoP",
  spec: "RFC 9449",
  params: {
    ...OAUTH_PARAMS,
    algs: {
      meaning: "The JWS algorithms the server accepts for DPoP proofs, separated by spaces (RFC 9449 §7.1).",
      read: (v) => listReading(v, "algorithm"),
    },
  },
  token68: "unexpected",
  originOnly: true,
  summary(input) {
    const algs = spaceList(param(input.challenge, "algs") ?? "");
    const signed = algs.length > 0 ? ` signed with ${orList(algs.slice(0, 6))}` : "";
    return `The server wants a DPoP-bound access token (RFC 9449): \`Authorization: DPoP <token>\` plus a \`DPoP\` proof header${signed}${oauthVerdict(input, sentDpop(input))}.`;
  },
  next(input) {
    const steps = oauthNext(input, "DPoP", sentDpop(input));
    if (sentScheme(input, "bearer") && param(input.challenge, "error") === undefined) {
      steps.unshift(
        "A DPoP-bound token must be sent as `Authorization: DPoP <token>` with a `DPoP` proof, not as Bearer (RFC 9449 §7.1, §7.2).",
      );
    }
    return steps;
  },
  check(input) {
    const problems: ChallengeProblem[] = oauthChecks(input);
    if (param(input.challenge, "error") === "use_dpop_nonce" && input.ctx.dpopNonce === undefined && input.ctx.status !== undefined) {
      problems.push(
        schemeProblem(
          "nonce-missing",
          "warning",
          "error=use_dpop_nonce without a DPoP-Nonce response header: the client cannot know which nonce to use (RFC 9449 §9).",
        ),
      );
    }
    // The first challenge is where the algorithms matter; an error response may omit them (RFC 9449 §9).
    if (param(input.challenge, "algs") === undefined && param(input.challenge, "error") === undefined) {
      problems.push(
        schemeProblem("algs-missing", "info", "No algs parameter: RFC 9449 §7.1 says the server should list the proof algorithms it accepts, e.g. algs=\"ES256\"."),
      );
    }
    return problems;
  },
};
