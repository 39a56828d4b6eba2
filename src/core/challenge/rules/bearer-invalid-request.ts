/**
 * auth.bearer-invalid-request: error="invalid_request" (RFC 6750 §3.1): the request is
 * malformed, not (necessarily) the token. The usual cause the capture can show is the token
 * sent in more than one way, which §2 forbids.
 */
import { statusOf } from "../../exchange.ts";
import { finding } from "../../findings.ts";
import { headerValues } from "../../headers.ts";
import type { Rule } from "../../rule.ts";
import { param } from "../schemes/types.ts";
import { authorizationEvidence, oauthChallengeWithError, rawOf } from "./shared.ts";

/** RFC 6750 §2.3: the URI query parameter for an access token. */
function tokenInQuery(url: string): boolean {
  try {
    return new URL(url).searchParams.has("access_token");
  } catch {
    return false;
  }
}

export const bearerInvalidRequestRule: Rule = {
  name: "bearer-invalid-request",
  run(x, ctx) {
    const pc = oauthChallengeWithError(ctx.view(x), ["invalid_request"]);
    if (!pc) return [];
    const c = pc.challenge;
    const status = statusOf(x);
    const description = param(c, "error_description");
    const authorizations = headerValues(x.request.headers, "authorization").length;
    const ways = [
      ...(authorizations > 0 ? [authorizations > 1 ? `${authorizations} Authorization headers` : "the Authorization header"] : []),
      ...(tokenInQuery(x.request.url) ? ["access_token in the URL"] : []),
    ];
    const twice = ways.length > 1 || authorizations > 1 ? ` This request sends the token more than once (${ways.join(" and ")}), which RFC 6750 §2 forbids.` : "";
    return [
      finding("auth.bearer-invalid-request", {
        detail:
          `${ctx.view(x).label} was refused with ${status}: the ${c.scheme} challenge says error="invalid_request"` +
          (description ? `, "${description}"` : "") +
          `. The request itself is malformed: a missing, repeated or unsupported parameter, or the token sent in more than one way (RFC 6750 §3.1).${twice}` +
          (status !== 400 ? ` RFC 6750 §3.1 pairs this error with 400; the server answered ${status}.` : ""),
        evidence: [
          { label: "Status", value: String(status) },
          { label: "WWW-Authenticate", value: rawOf(ctx.view(x), pc) },
          ...(description ? [{ label: "error_description", value: description }] : []),
          authorizationEvidence(x, ctx),
        ],
        fix: `Send the token exactly once, as \`Authorization: ${c.scheme} <token>\` (not also in the URL or the body), and check the request's parameters${description ? ` against what the server says: "${description}"` : ""}.`,
      }),
    ];
  },
};
