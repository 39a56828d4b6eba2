/**
 * RFC 9110 §15.5.2: a 401 response MUST send WWW-Authenticate with at least one challenge;
 * §15.5.8: a 407 MUST send Proxy-Authenticate. Without it the client cannot know which scheme
 * or realm to use, and generic HTTP clients will not retry with credentials.
 */
import { statusOf } from "../exchange.ts";
import { finding } from "../findings.ts";
import { headerValue } from "../headers.ts";
import type { Rule } from "../rule.ts";

const CHALLENGE_HEADER: Record<number, string> = { 401: "WWW-Authenticate", 407: "Proxy-Authenticate" };

export const challengeMissingRule: Rule = {
  name: "challenge-missing",
  run(x, ctx) {
    const status = statusOf(x);
    const header = CHALLENGE_HEADER[status];
    if (!header || !x.response) return [];
    const value = headerValue(x.response.headers, header);
    if (value !== undefined && value.trim() !== "") return [];

    // A 407 is about Proxy-Authorization, a 401 about Authorization (RFC 9110 §11.6.2, §11.7.2).
    const sent = ctx.credentials(x);
    const sentScheme = (status === 407 ? sent.proxyAuthorization : sent.authorization)?.scheme || undefined;
    const example = sentScheme
      ? `${header}: ${sentScheme} realm="${ctx.view(x).host}"`
      : `${header}: Bearer realm="${ctx.view(x).host}"`;
    return [
      finding("auth.challenge-missing", {
        detail:
          `The server answered ${status} to ${ctx.view(x).label} without a ${header} header. ` +
          `HTTP requires one: it is how the server says which scheme and realm it wants, so neither the client ` +
          `nor AuthLens can tell what credentials would be accepted.`,
        evidence: [
          { label: "Status", value: `${status} ${x.response.statusText}`.trim() },
          { label: header, value: value === undefined ? "(absent)" : "(empty)" },
        ],
        fix:
          `Make the server send a challenge with every ${status}, e.g. \`${example}\`` +
          (sentScheme ? "" : " (or the scheme your API really uses)") +
          `. If the API authenticates with a session cookie only, answer 401 with a challenge naming your own scheme, or 403 when the session is valid but lacks permission.`,
      }),
    ];
  },
};
