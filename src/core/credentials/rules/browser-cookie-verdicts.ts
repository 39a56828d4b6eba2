/**
 * cookie.blocked and cookie.set-cookie-rejected: what Chromium itself says about a request's
 * cookies, as precise mode records it (Exchange.browserVerdict, from CDP
 * `requestWillBeSentExtraInfo.associatedCookies[].blockedReasons` and
 * `responseReceivedExtraInfo.blockedCookies`). One finding per cookie, its reasons in plain words
 * (credentials/browser-cookie-reasons.ts). No other capture carries these verdicts (a HAR has no
 * field for them), and nothing is claimed without them.
 *
 * A withheld cookie is reported on a request that failed (an error status, or no response):
 * most requests go out without some cookie of the site by design (a Path elsewhere, another
 * host), and a request that succeeded did not need it. A refused Set-Cookie is reported on
 * every response: the server asked for a cookie the browser will never send back.
 */
import { hostOf, pathOf, requestLabel } from "../../text/describe.ts";
import { type CookieVerdict, type Exchange, statusOf } from "../../exchange.ts";
import { isPreflight } from "../../preflight.ts";
import { type Evidence, type Finding, finding } from "../../findings.ts";
import { headerValue } from "../../headers.ts";
import type { Rule } from "../../rule.ts";
import { type CookieReasonContext, cookieReason } from "../browser-cookie-reasons.ts";
import { siteOf } from "../site.ts";

/** The site the request was made from (Origin, page, Referer), as `scheme://domain`. */
function fromOf(x: Exchange): string | undefined {
  for (const url of [headerValue(x.request.headers, "origin"), x.pageUrl, headerValue(x.request.headers, "referer")]) {
    if (url === undefined || url === "null") continue;
    const site = siteOf(url);
    if (site) return `${site.scheme}://${site.domain}`;
  }
  return undefined;
}

function contextOf(x: Exchange, cookie: string): CookieReasonContext {
  const from = fromOf(x);
  return { cookie, host: hostOf(x.request.url), path: pathOf(x.request.url).split("?")[0]!, ...(from ? { from } : {}) };
}

/** The reasons in words, and the fix of the first reason that has one. */
function explained(v: CookieVerdict, side: "sent" | "set", c: CookieReasonContext): { why: string; fix?: string } {
  const parts: string[] = [];
  let fix: string | undefined;
  for (const reason of v.reasons) {
    const r = cookieReason(reason, side);
    parts.push(r ? r.why(c) : `Chromium gives the reason \`${reason}\``);
    fix ??= r?.fix(c);
  }
  return { why: parts.join("; and "), ...(fix !== undefined ? { fix } : {}) };
}

/** A request that failed: an error status, or no response at all. */
function failed(x: Exchange): boolean {
  const status = statusOf(x);
  return status === 0 || status >= 400 || x.error !== undefined;
}

function verdictEvidence(x: Exchange, v: CookieVerdict, c: CookieReasonContext): Evidence[] {
  return [
    { label: "Cookie", value: v.name },
    { label: "Chromium's reason", value: v.reasons.join(", ") },
    { label: "Request", value: `${x.request.method} ${c.host}${c.path}` },
    { label: "Status", value: x.response ? String(x.response.status) : `no response${x.error ? ` (${x.error})` : ""}` },
    ...(c.from !== undefined ? [{ label: "Page's site", value: c.from }] : []),
  ];
}

function blocked(x: Exchange, v: CookieVerdict): Finding {
  const c = contextOf(x, v.name);
  const e = explained(v, "sent", c);
  return finding("cookie.blocked", {
    detail: `Chromium did not send cookie \`${v.name}\` with ${requestLabel(x)}: ${e.why}.${x.response ? ` The server answered ${x.response.status}.` : ""}`,
    evidence: verdictEvidence(x, v, c),
    ...(e.fix !== undefined ? { fix: e.fix } : {}),
  });
}

function rejected(x: Exchange, v: CookieVerdict): Finding {
  const c = contextOf(x, v.name);
  const e = explained(v, "set", c);
  return finding("cookie.set-cookie-rejected", {
    detail: `Chromium refused to store cookie \`${v.name}\` from the response to ${requestLabel(x)}: ${e.why}. Every later request that needs \`${v.name}\` goes out without it.`,
    evidence: verdictEvidence(x, v, c),
    ...(e.fix !== undefined ? { fix: e.fix } : {}),
  });
}

export const browserCookieVerdictsRule: Rule = {
  name: "browser-cookie-verdicts",
  run(x) {
    const v = x.browserVerdict;
    if (v === undefined || isPreflight(x)) return [];
    const out: Finding[] = [];
    if (failed(x)) for (const b of v.blockedCookies ?? []) if (b.reasons.length > 0) out.push(blocked(x, b));
    for (const r of v.rejectedSetCookies ?? []) if (r.reasons.length > 0) out.push(rejected(x, r));
    return out;
  },
};
