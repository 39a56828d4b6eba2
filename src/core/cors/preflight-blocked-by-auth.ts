/**
 * `cors.preflight-blocked-by-auth`: the preflight was answered 401/403/407, or redirected to a
 * sign-in page. A CORS preflight never carries credentials (Fetch §4.8 CORS-preflight fetch,
 * step 1: its credentials mode is "omit"), so an authentication layer that runs before the CORS
 * handler refuses every preflight, whatever the page sends. Adding Access-Control-Allow-Origin
 * to that answer does not help: a preflight must also be answered with an ok status (2xx,
 * step 7). The fix is the order of the server's middleware: answer OPTIONS before auth.
 */
import { quote } from "../text/describe.ts";
import type { Exchange } from "../exchange.ts";
import { type Finding, finding } from "../findings.ts";
import { headerValue } from "../headers.ts";
import type { Rule } from "../rule.ts";
import { redirectLocation } from "./request-kind.ts";
import { requestName, statusLine } from "./words.ts";

const AUTH_STATUSES: ReadonlySet<number> = new Set([401, 403, 407]);

/** Path words of a sign-in page a preflight may be redirected to (Spring's /login, Entra's /oauth2/authorize, …). */
const SIGN_IN_PATH = /(^|[/_.-])(log-?in|sign-?in|auth|authorize|sso|saml|oauth2?|openid-connect|cas|account)([/_.?-]|$)/i;

/** How the popular stacks let OPTIONS through before authentication, as data: one line each. */
const FIX_BY_STACK: readonly (readonly [stack: string, fix: string])[] = [
  ["Express", "`app.use(cors(options))` before the auth middleware (express-jwt, passport, express-basic-auth), or skip `OPTIONS` in it"],
  ["nginx", "answer `OPTIONS` before `auth_basic`/`auth_request`: `if ($request_method = OPTIONS) { add_header … always; return 204; }`"],
  ["Spring Security", "`http.cors(withDefaults())` so the CORS filter runs before authentication (or permit `HttpMethod.OPTIONS`)"],
  ["ASP.NET Core", "`app.UseCors()` before `app.UseAuthentication()` and `app.UseAuthorization()`"],
];

function signInRedirect(preflight: Exchange): string | undefined {
  const location = redirectLocation(preflight);
  if (location === undefined) return undefined;
  let path = location;
  try {
    path = new URL(location, preflight.request.url).pathname;
  } catch {
    // An unparsable Location is matched as written.
  }
  return SIGN_IN_PATH.test(path) ? location : undefined;
}

export const corsPreflightBlockedByAuthRule: Rule = {
  name: "cors-preflight-blocked-by-auth",
  run(x, ctx) {
    // Only the page's request (or a preflight whose request was not captured) is diagnosed.
    if (x.preflightFor !== undefined) return [];
    const s = ctx.view(x).corsRuleEvaluation?.subject;
    const preflight = s?.preflight;
    const r = preflight?.response;
    if (!s || !preflight || !r) return [];
    const byStatus = AUTH_STATUSES.has(r.status);
    const loginPage = byStatus ? undefined : signInRedirect(preflight);
    if (!byStatus && loginPage === undefined) return [];
    const challenge = headerValue(r.headers, r.status === 407 ? "proxy-authenticate" : "www-authenticate");
    const answered = loginPage !== undefined ? `was redirected (${statusLine(r)}) to the sign-in page ${quote(loginPage)}` : `was answered ${statusLine(r)}`;
    const out: Finding = finding("cors.preflight-blocked-by-auth", {
      phase: "preflight",
      detail:
        `The preflight (OPTIONS) for ${requestName(s)} ${answered}: an authentication layer answered it before the CORS handler could. ` +
        "A preflight never carries the Authorization header or cookies, so it is refused whatever the page sends, and adding " +
        "Access-Control-Allow-Origin to that answer is not enough: a preflight must be answered with a 2xx status." +
        (challenge !== undefined ? ` Its challenge: ${quote(challenge)}.` : ""),
      evidence: [
        { label: "Preflight status", value: statusLine(r) },
        ...(loginPage !== undefined ? [{ label: "Location", value: loginPage }] : []),
        ...(challenge !== undefined ? [{ label: r.status === 407 ? "Proxy-Authenticate" : "WWW-Authenticate", value: challenge }] : []),
      ],
      fix: `Let OPTIONS requests through before authentication and answer them with the CORS headers and 204: ${FIX_BY_STACK.map(([stack, fix]) => `${stack}: ${fix}`).join("; ")}.`,
      related: s.actual ? [preflight.id] : [],
    });
    return [out];
  },
};
