/**
 * auth.bearer-invalid-token: a Bearer or DPoP challenge with error="invalid_token" (RFC 6750
 * §3.1): the token is expired, revoked, malformed or invalid for another reason. Where the
 * token is a JWT, its exp, aud and iss are named, since they are the usual suspects.
 */
import { statusOf } from "../../exchange.ts";
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { param } from "../schemes/types.ts";
import { duration } from "../schemes/read.ts";
import { numberClaim, stringClaim } from "../../tokens/claim-values.ts";
import { authorizationEvidence, oauthChallengeWithError, rawOf, sentTokenClaims } from "./shared.ts";

export const bearerInvalidTokenRule: Rule = {
  name: "bearer-invalid-token",
  run(x, ctx) {
    const pc = oauthChallengeWithError(ctx.view(x), ["invalid_token"]);
    if (!pc) return [];
    const c = pc.challenge;
    const status = statusOf(x);
    const description = param(c, "error_description");
    const realm = param(c, "realm");
    const auth = ctx.facts.credentialsStripped === undefined ? ctx.credentials(x).authorization : undefined;
    const claims = sentTokenClaims(x, ctx);
    const exp = numberClaim(claims, "exp");
    const atSeconds = x.observedAt / 1000;

    const facts: string[] = [];
    if (ctx.facts.credentialsStripped === undefined && !auth) facts.push("The request carried no Authorization header at all.");
    if (exp !== undefined) {
      const when = new Date(exp * 1000).toISOString();
      facts.push(
        exp < atSeconds
          ? `The token's exp (${when}) had passed ${duration(Math.round(atSeconds - exp))} before the request: it expired.`
          : `By its exp (${when}) the token had not expired, so look at its audience (aud=${JSON.stringify(claims?.aud ?? null)}) and issuer (iss=${JSON.stringify(stringClaim(claims, "iss") ?? null)}), its signing key, or whether it was revoked.`,
      );
    }
    const wrongStatus = status !== 401 ? ` RFC 6750 §3.1 pairs this error with 401; the server answered ${status}.` : "";

    return [
      finding("auth.bearer-invalid-token", {
        detail:
          `${ctx.view(x).label} was refused with ${status}: the ${c.scheme} challenge says error="invalid_token"` +
          (description ? `, "${description}"` : "") +
          `${realm ? ` (realm "${realm}")` : ""}. The access token is expired, revoked, malformed or otherwise invalid (RFC 6750 §3.1).` +
          (facts.length > 0 ? ` ${facts.join(" ")}` : "") +
          wrongStatus,
        evidence: [
          { label: "Status", value: String(status) },
          { label: "WWW-Authenticate", value: rawOf(ctx.view(x), pc) },
          ...(description ? [{ label: "error_description", value: description }] : []),
          authorizationEvidence(x, ctx),
          ...(exp !== undefined ? [{ label: "Token exp", value: new Date(exp * 1000).toISOString() }] : []),
        ],
        fix:
          auth === undefined && ctx.facts.credentialsStripped === undefined
            ? `Send the access token with the request: \`Authorization: ${c.scheme} <token>\`.`
            : `Get a new access token (use the refresh token, or sign in again) and retry ${x.request.method} ${ctx.view(x).path} once; if a fresh token is refused too, check that its aud and iss match what this API expects.`,
      }),
    ];
  },
};
