/**
 * auth.step-up-required: error="insufficient_user_authentication" (RFC 9470 §3): the token is
 * fine, the sign-in behind it is not — not strong enough (acr_values) or too old (max_age).
 * Compared with the token's acr and auth_time claims (RFC 9470 §6.1) when it is a JWT.
 */
import { statusOf } from "../../exchange.ts";
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { duration, secondsOf, spaceList } from "../schemes/read.ts";
import { param } from "../schemes/types.ts";
import { numberClaim, stringClaim } from "../../tokens/claim-values.ts";
import { authorizationEvidence, oauthChallengeWithError, rawOf, sentTokenClaims } from "./shared.ts";

export const stepUpRule: Rule = {
  name: "step-up-required",
  run(x, ctx) {
    const pc = oauthChallengeWithError(ctx.view(x), ["insufficient_user_authentication"]);
    if (!pc) return [];
    const c = pc.challenge;
    const acrValues = param(c, "acr_values");
    const maxAgeText = param(c, "max_age");
    const maxAge = maxAgeText === undefined ? undefined : secondsOf(maxAgeText);
    const description = param(c, "error_description");
    const claims = sentTokenClaims(x, ctx);
    const acr = stringClaim(claims, "acr");
    const authTime = numberClaim(claims, "auth_time");

    const wants: string[] = [];
    if (acrValues) wants.push(`an authentication of class ${spaceList(acrValues).map((v) => `"${v}"`).join(" or ")}`);
    if (maxAge !== undefined) wants.push(`a sign-in at most ${duration(maxAge)} old`);

    const token: string[] = [];
    if (acrValues && acr !== undefined) {
      token.push(spaceList(acrValues).includes(acr) ? `The token's acr is "${acr}", which is among them.` : `The token's acr is "${acr}", which is not among them.`);
    }
    if (maxAge !== undefined && authTime !== undefined) {
      const age = Math.round(x.observedAt / 1000 - authTime);
      token.push(
        `The token's auth_time (${new Date(authTime * 1000).toISOString()}) is ${duration(Math.max(0, age))} before the request${age > maxAge ? ", older than max_age" : ""}.`,
      );
    }
    if (claims === undefined && (acrValues || maxAge !== undefined)) token.push("AuthLens cannot read the token's acr and auth_time (it is not a JWT).");

    const ask = [acrValues ? `acr_values="${acrValues}"` : "", maxAgeText !== undefined ? `max_age=${maxAgeText}` : ""].filter((s) => s !== "");
    return [
      finding("auth.step-up-required", {
        detail:
          `${ctx.view(x).label} was refused with ${statusOf(x)}: the server wants the user to sign in again (step-up, RFC 9470, error="insufficient_user_authentication"${description ? `, "${description}"` : ""})` +
          (wants.length > 0 ? `, requiring ${wants.join(" and ")}.` : ", without saying how (no acr_values or max_age).") +
          (token.length > 0 ? ` ${token.join(" ")}` : ""),
        evidence: [
          { label: "WWW-Authenticate", value: rawOf(ctx.view(x), pc) },
          ...(acrValues ? [{ label: "acr_values", value: acrValues }] : []),
          ...(maxAgeText !== undefined ? [{ label: "max_age", value: maxAgeText }] : []),
          ...(acr !== undefined ? [{ label: "Token acr", value: acr }] : []),
          ...(authTime !== undefined ? [{ label: "Token auth_time", value: new Date(authTime * 1000).toISOString() }] : []),
          authorizationEvidence(x, ctx),
        ],
        fix:
          ask.length > 0
            ? `Send the user back to the authorization server with ${ask.join(" and ")} in the authorization request (RFC 9470 §4), then retry with the new access token.`
            : "Send the user back to the authorization server for a fresh sign-in (prompt=login), then retry with the new access token.",
      }),
    ];
  },
};
