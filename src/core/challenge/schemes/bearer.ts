/** Bearer: OAuth 2.0 access tokens (RFC 6750 §3), with step-up (RFC 9470) and RFC 9728 metadata. */
import type { ChallengeProblem } from "../types.ts";
import { oauthChecks, oauthNext, oauthVerdict } from "./oauth-checks.ts";
import { OAUTH_PARAMS } from "./oauth-params.ts";
import { short } from "./read.ts";
import { type SchemeExplainer, type SchemeInput, param, schemeProblem, sentScheme } from "./types.ts";

/** Whether a bearer token was sent; undefined when nothing is known about the request. */
function sentBearer(input: SchemeInput): boolean | undefined {
  if (sentScheme(input, "bearer")) return true;
  return input.ctx.sentScheme === undefined && input.ctx.sentCredentials === undefined ? undefined : false;
}

export const bearer: SchemeExplainer = {
  family: "Bearer",
  spec: "RFC 6750",
  params: OAUTH_PARAMS,
  token68: "unexpected",
  summary(input) {
    const realm = param(input.challenge, "realm");
    return `The server wants an OAuth 2.0 bearer token${realm ? ` for realm "${short(realm, 80)}"` : ""}${oauthVerdict(input, sentBearer(input))}.`;
  },
  next: (input) => oauthNext(input, "Bearer", sentBearer(input)),
  check(input) {
    const problems: ChallengeProblem[] = oauthChecks(input);
    if (Object.keys(input.challenge.params).length === 0 && input.challenge.token68 === undefined) {
      problems.push(
        schemeProblem(
          "no-parameters",
          "info",
          "A bare Bearer challenge: RFC 6750 §3 asks for at least one parameter (realm or scope), though clients accept it.",
        ),
      );
    }
    return problems;
  },
};
