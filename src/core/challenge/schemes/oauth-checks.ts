/** Checks that apply to both OAuth token schemes (RFC 6750 §3.1, RFC 9449 §7.1, RFC 9470 §3). */
import type { ChallengeProblem } from "../types.ts";
import { oauthError } from "./oauth-errors.ts";
import { secondsOf, short } from "./read.ts";
import { type SchemeInput, param, schemeProblem } from "./types.ts";

export function oauthChecks(input: SchemeInput): ChallengeProblem[] {
  const c = input.challenge;
  const problems: ChallengeProblem[] = [];
  const error = param(c, "error");
  const known = oauthError(error);
  if (error !== undefined && !known) {
    problems.push(
      schemeProblem("unknown-error-code", "info", `error="${short(error, 60)}" is not an error code of RFC 6750, RFC 9449 or RFC 9470; read error_description.`),
    );
  }
  const status = input.ctx.status;
  if (known && status !== undefined && status !== known.status) {
    problems.push(
      schemeProblem(
        "status-mismatch",
        "info",
        `error="${error}" belongs with status ${known.status} (${known.spec}); this response is ${status}.`,
      ),
    );
  }
  if (error !== undefined && input.ctx.sentCredentials === false) {
    problems.push(
      schemeProblem(
        "error-without-credentials",
        "info",
        `The request carried no credentials, yet the challenge names error="${short(error, 60)}"; RFC 6750 §3.1 says a server should then send no error code.`,
      ),
    );
  }
  const maxAge = param(c, "max_age");
  if (maxAge !== undefined && secondsOf(maxAge) === undefined) {
    problems.push(schemeProblem("invalid-parameter-value", "warning", `max_age="${short(maxAge, 40)}" is not a number of seconds (RFC 9470 §3).`));
  }
  return problems;
}

/** The verdict clause of an OAuth summary: the error's, or what no error means. */
export function oauthVerdict(input: SchemeInput, sent: boolean | undefined): string {
  const error = oauthError(param(input.challenge, "error"));
  if (error) return `; ${error.verdict(sent)}`;
  if (param(input.challenge, "error") !== undefined) return `; it reports error="${short(param(input.challenge, "error") ?? "", 60)}"`;
  if (sent) return "; the one you sent was not accepted, and the server gave no reason (no error parameter)";
  if (sent === false && input.ctx.sentCredentials === false) return "; none was sent";
  return "";
}

/** Next steps every OAuth challenge shares: the error's own, then discovery hints. */
export function oauthNext(input: SchemeInput, scheme: string, sent: boolean | undefined): string[] {
  const c = input.challenge;
  const steps: string[] = [];
  const realm = param(c, "realm");
  const service = param(c, "service");
  if (realm && /^https?:\/\//i.test(realm) && service !== undefined) {
    const scope = param(c, "scope");
    steps.push(
      `Get a token from ${short(realm)}?service=${short(service)}${scope ? `&scope=${short(scope)}` : ""} (with Basic credentials for a private repository), then retry with \`Authorization: Bearer <token>\` (Docker Registry token authentication).`,
    );
  }
  const error = oauthError(param(c, "error"));
  if (error) steps.push(error.next(input));
  else if (sent)
    steps.push(
      "The server gave no reason: check the token's expiry (exp), audience (aud) and issuer (iss) against what this API expects, or get a new one.",
    );
  else if (steps.length === 0) {
    const from = param(c, "authorization_uri") ?? param(c, "resource_metadata");
    steps.push(
      `Get an access token${from ? ` (see ${short(from)})` : " from the authorization server"} and send it as \`Authorization: ${scheme} <token>\`.`,
    );
  }
  const metadata = param(c, "resource_metadata");
  if (metadata) steps.push(`Fetch ${short(metadata)} to learn which authorization server issues tokens for this resource (RFC 9728 §5.1).`);
  return steps;
}
