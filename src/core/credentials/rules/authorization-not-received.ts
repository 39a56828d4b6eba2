/**
 * auth.authorization-not-received: the request carried `Authorization`, yet the server answered
 * as if none had arrived (not-received.ts says how that is read). The usual cause is a hop in
 * between that drops the header; the fix names the common ones. auth.credentials-rejected still
 * stands beside it: the server did refuse the request.
 */
import { quote, } from "../../text/describe.ts";
import { statusOf } from "../../exchange.ts";
import { isPreflight } from "../../preflight.ts";
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { clipped } from "../../challenge/rules/shared.ts";
import { maskAuthorization } from "../../text/mask.ts";
import { authorizationNotReceived } from "../not-received.ts";

const FIX =
  "Make every hop between the browser and the application forward the Authorization header: " +
  'in nginx, remove `proxy_set_header Authorization ""` (or an `Authorization` cleared in the location that proxies to the API); ' +
  "in Apache with PHP-FPM or CGI, add `CGIPassAuth On` (Apache 2.4.13+; before that, `SetEnvIf Authorization \"(.*)\" HTTP_AUTHORIZATION=$1`); " +
  "on a load balancer, CDN or API gateway, look for a rule that strips the header or does not forward it (CloudFront forwards Authorization only when the origin request policy includes it). " +
  "Logging the headers the application receives confirms which hop drops it.";

export const authorizationNotReceivedRule: Rule = {
  name: "authorization-not-received",
  run(x, ctx) {
    if (ctx.facts.credentialsStripped !== undefined || isPreflight(x) || x.preflightFor !== undefined) return [];
    const c = ctx.credentials(x);
    const sign = authorizationNotReceived(x, c, ctx.view(x));
    if (!sign || !c.authorization) return [];
    const status = statusOf(x);
    const scheme = c.authorization.scheme;
    const reason =
      sign.kind === "challenge"
        ? `its challenge ${quote(sign.raw)} carries no error code, which RFC 6750 §3.1 reserves for a request without any authentication (a token that arrived and failed gets error="invalid_token")`
        : `its ${sign.match.where} says ${quote(sign.match.text)}, what ${sign.match.message.source} answers when a request has no token`;
    const challenge = ctx.view(x).challenge("WWW-Authenticate")?.value;
    return [
      finding("auth.authorization-not-received", {
        detail:
          `${ctx.view(x).label} carried \`Authorization: ${scheme} …\`, yet ${ctx.view(x).host} answered ${status} as if no credentials had arrived: ${reason}. ` +
          "Something between the browser and the application (a reverse proxy, gateway, load balancer or CDN, or the web server's own setting) most likely removed the header before the application read it.",
        evidence: [
          { label: "Status", value: String(status) },
          { label: "Authorization (sent)", value: maskAuthorization(c.authorization) },
          ...(challenge !== undefined ? [{ label: "WWW-Authenticate", value: clipped(challenge) }] : []),
          ...(sign.kind === "message"
            ? [
                { label: "Server message", value: sign.match.text },
                { label: "Message source", value: sign.match.message.source },
              ]
            : []),
        ],
        fix: FIX,
      }),
    ];
  },
};
