/**
 * auth.bearer-insufficient-scope: error="insufficient_scope" (RFC 6750 §3.1): the token is
 * valid but does not grant enough. The scopes the challenge asks for are compared with the
 * token's own `scope` or `scp` claim when the token is a JWT.
 */
import { statusOf } from "../../exchange.ts";
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { spaceList } from "../schemes/read.ts";
import { param } from "../schemes/types.ts";
import { scopesOf } from "../../tokens/claim-values.ts";
import { authorizationEvidence, oauthChallengeWithError, rawOf, sentTokenClaims } from "./shared.ts";

export const bearerInsufficientScopeRule: Rule = {
  name: "bearer-insufficient-scope",
  run(x, ctx) {
    const pc = oauthChallengeWithError(ctx.view(x), ["insufficient_scope"]);
    if (!pc) return [];
    const c = pc.challenge;
    const status = statusOf(x);
    const scope = param(c, "scope");
    const description = param(c, "error_description");
    const asked = spaceList(scope ?? "");
    const have = scopesOf(sentTokenClaims(x, ctx));
    const missing = have ? asked.filter((s) => !have.includes(s)) : [];

    const comparison =
      asked.length === 0
        ? " The server did not say which scope is needed (no scope parameter)."
        : have === undefined
          ? ` It asks for scope "${scope}"; AuthLens cannot read the token's scopes (it is not a JWT with a scope or scp claim).`
          : missing.length > 0
            ? ` It asks for scope "${scope}"; the token carries "${have.join(" ")}", so it lacks ${missing.map((s) => `"${s}"`).join(", ")}.`
            : ` It asks for scope "${scope}", which the token's claims do list ("${have.join(" ")}"): the server may check a different claim or audience.`;

    return [
      finding("auth.bearer-insufficient-scope", {
        detail:
          `${ctx.view(x).label} was refused with ${status}: the token is valid but lacks the scope this request needs (error="insufficient_scope"${description ? `, "${description}"` : ""}).${comparison}` +
          (status !== 403 ? ` RFC 6750 §3.1 pairs this error with 403; the server answered ${status}.` : ""),
        evidence: [
          { label: "Status", value: String(status) },
          { label: "WWW-Authenticate", value: rawOf(ctx.view(x), pc) },
          { label: "Scope asked for", value: scope ?? "(not given)" },
          { label: "Token scopes", value: have ? have.join(" ") || "(none)" : "(unreadable)" },
          authorizationEvidence(x, ctx),
        ],
        fix:
          missing.length > 0
            ? `Request a token that includes ${missing.map((s) => `"${s}"`).join(", ")}: add ${missing.length === 1 ? "it" : "them"} to the scope parameter of the authorization request (the user may have to consent again), then retry.`
            : asked.length > 0
              ? `Request a token with scope "${scope}" from the authorization server (the user may have to consent again), then retry.`
              : "Find out which scope this endpoint needs (the API's documentation, or ask the server to send a scope parameter) and request a token with it.",
      }),
    ];
  },
};
