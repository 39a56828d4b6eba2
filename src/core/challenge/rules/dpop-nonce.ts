/**
 * auth.dpop-nonce-required: the server asks for a nonce in the DPoP proof, from a resource
 * server as a `DPoP error="use_dpop_nonce"` challenge on a 401 (RFC 9449 §9), from an
 * authorization server as a 400 with a JSON error body (§8), the nonce in `DPoP-Nonce`. A normal
 * first round (info); a warning when the client does not retry with it.
 */
import { requestRef } from "../../text/describe.ts";
import { statusOf } from "../../exchange.ts";
import { finding } from "../../findings.ts";
import { headerValue, headerValues } from "../../headers.ts";
import type { Rule } from "../../rule.ts";
import { param } from "../schemes/types.ts";
import { findDpopRetry, RETRY_WINDOW_MS } from "./dpop-retry.ts";
import { jwtPart, stringClaim } from "../../tokens/claim-values.ts";
import { challengesIn, exposedToScript, isCrossOrigin, jsonErrorBody, rawOf } from "./shared.ts";

const CODE = "use_dpop_nonce";

export const dpopNonceRule: Rule = {
  name: "dpop-nonce-required",
  run(x, ctx) {
    if (!x.response) return [];
    const pc = challengesIn(ctx.view(x)).find((p) => param(p.challenge, "error") === CODE);
    const body = pc ? undefined : jsonErrorBody(x);
    if (!pc && body?.error !== CODE) return [];

    const where = pc ? "resource server" : "authorization server";
    const section = pc ? "RFC 9449 §9" : "RFC 9449 §8";
    const nonce = headerValue(x.response.headers, "dpop-nonce");
    const retry = findDpopRetry(x, ctx);
    const retryNonce = retry ? stringClaim(jwtPart(headerValues(retry.request.headers, "dpop")[0] ?? "", 1), "nonce") : undefined;
    const retriedRight = retry !== undefined && nonce !== undefined && retryNonce === nonce;
    const credentialed = ctx.credentials(x).cookieNames.length > 0;
    const hidden = nonce !== undefined && isCrossOrigin(x) && !exposedToScript(x, "dpop-nonce", credentialed);

    let outcome: string;
    if (!retry) outcome = ` No retry of ${x.request.method} ${ctx.view(x).path} with a DPoP proof followed within ${RETRY_WINDOW_MS / 1000} seconds in this capture.`;
    else if (retriedRight) outcome = ` The client retried (${requestRef(retry)}, ${retry.observedAt - x.observedAt} ms later) with that nonce in its proof.`;
    else if (retryNonce === undefined) outcome = ` The client retried (${requestRef(retry)}), but its proof carries no nonce claim.`;
    else outcome = ` The client retried (${requestRef(retry)}), but its proof's nonce is "${retryNonce}", not the one supplied.`;

    return [
      finding("auth.dpop-nonce-required", {
        severity: retriedRight ? "info" : "warning",
        detail:
          `The ${where} answered ${ctx.view(x).label} with ${statusOf(x)} and error="use_dpop_nonce": it wants a server-supplied nonce in the DPoP proof` +
          (nonce !== undefined ? ` and supplies it in DPoP-Nonce: "${nonce}".` : ", but the response carries no DPoP-Nonce header.") +
          ` This is a normal first round (${section}): the client retries once with the nonce.${outcome}` +
          (hidden ? " The page's script cannot even read DPoP-Nonce here: it is a cross-origin response that does not list it in Access-Control-Expose-Headers." : ""),
        evidence: [
          ...(pc ? [{ label: "WWW-Authenticate", value: rawOf(ctx.view(x), pc) }] : [{ label: "Error body", value: `error="${CODE}"${body?.description ? `, "${body.description}"` : ""}` }]),
          { label: "DPoP-Nonce", value: nonce ?? "(absent)" },
          { label: "Retry", value: retry ? `${requestRef(retry)} (proof nonce ${retryNonce === undefined ? "absent" : `"${retryNonce}"`})` : "(none within 10 s)" },
        ],
        ...(retry ? { related: [retry.id] } : {}),
        fix: retriedRight
          ? "Nothing is broken. To skip this round trip, keep the latest DPoP-Nonce (servers may send a new one on any response, RFC 9449 §8.2) and put it in every proof."
          : [
              nonce === undefined ? "Make the server send the nonce in a DPoP-Nonce response header" : "",
              hidden ? "Have the server add `Access-Control-Expose-Headers: DPoP-Nonce` so that page script can read it" : "",
              `Make the client, on error="use_dpop_nonce", retry once with a new DPoP proof whose nonce claim is the DPoP-Nonce value${nonce !== undefined ? ` ("${nonce}")` : ""}`,
            ]
              .filter((s) => s !== "")
              .join("; ")
              .concat("."),
      }),
    ];
  },
};
