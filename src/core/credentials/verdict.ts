/**
 * The verdict on a 401 or 403: were credentials sent at all, and if so what the status means.
 * A 401 says "who are you?" (RFC 9110 §15.5.2), a 403 says "I know, and no" (§15.5.4); the
 * fixes differ completely, so the verdict names which one this is.
 */
import { quote } from "../text/describe.ts";
import { type Exchange, originOf, statusOf } from "../exchange.ts";
import { isPreflight } from "../preflight.ts";
import { type Finding, finding } from "../findings.ts";
import { headerValue } from "../headers.ts";
import type { Rule, RuleContext } from "../rule.ts";
import { type AttachedCredentials, carriesCredentials, describeCredentials } from "./attached.ts";
import { refusedTokenRequest } from "../oauth/token-request.ts";
import { challengeOf, credentialEvidence } from "./evidence.ts";
import { requestHeadersMissed } from "./headers-missed.ts";
import { authorizationNotReceived } from "./not-received.ts";
import { credentialProofIn } from "./proven-sent.ts";
import { authorizationStripped } from "./rules/stripped-on-redirect.ts";
import { schemeMismatch } from "./scheme-mismatch.ts";
import type { ExchangeView } from "../view/exchange-view.ts";

function isCrossOrigin(x: Exchange): boolean {
  const from = headerValue(x.request.headers, "origin") ?? (x.pageUrl ? originOf(x.pageUrl) : undefined);
  const to = originOf(x.request.url);
  return from !== undefined && to !== undefined && from !== to;
}

function noCredentials(x: Exchange, v: ExchangeView): Finding {
  const challenge = challengeOf(x);
  const scheme = challenge?.trim().split(/[\s,]/)[0];
  const cross = isCrossOrigin(x);
  const fixParts = [
    scheme
      ? `The server asks for ${scheme} credentials: send \`Authorization: ${scheme} …\` with ${v.path}`
      : `Send the credentials this API expects with ${v.path} (an Authorization header or the session cookie)`,
    cross
      ? `for a cookie session across origins, call fetch with \`credentials: "include"\` (XHR: \`withCredentials = true\`) — the server must then answer with \`Access-Control-Allow-Credentials: true\` and its exact origin`
      : `if it relies on a session cookie, make sure the login that sets it ran first and that its Domain and Path cover ${v.host}${v.path}`,
  ];
  return finding("auth.no-credentials-sent", {
    detail:
      `${v.label} went out with no Authorization header and no cookies, and the server answered 401.` +
      (challenge ? ` Its challenge: ${quote(challenge)}.` : ""),
    evidence: [
      { label: "Status", value: "401" },
      { label: "Authorization", value: "(not sent)" },
      { label: "Cookies", value: "(none sent)" },
      ...(challenge ? [{ label: "WWW-Authenticate", value: challenge }] : []),
      ...(cross ? [{ label: "Cross-origin", value: "yes: cookies are only sent with credentials: \"include\"" }] : []),
    ],
    fix: `${fixParts.join("; ")}.`,
  });
}

function rejected(x: Exchange, c: AttachedCredentials, v: ExchangeView): Finding {
  const challenge = challengeOf(x);
  const placeholder = v.placeholder;
  const reason = placeholder
    ? ` The Authorization header holds ${placeholder.what}, not a token: that alone explains the 401.`
    : challenge
      ? ` Its challenge: ${quote(challenge)}.`
      : " The response has no challenge saying why.";
  const fix = placeholder
    ? "Fix the client code that builds the Authorization header (see the placeholder finding), then retry."
    : c.authorization
      ? `The server refused this ${c.authorization.scheme} credential: check that it is current (not expired or revoked) and issued for ${v.host} (issuer, audience, scope); refresh it or sign in again.`
      : `The server refused the session cookie${c.cookieNames.length === 1 ? "" : "s"} (${c.cookieNames.join(", ")}): the session may have expired or been issued for another host; sign in again and check the server's session store.`;
  return finding("auth.credentials-rejected", {
    detail: `${v.label} carried ${describeCredentials(c)}, and the server still answered 401.${reason}`,
    evidence: [
      { label: "Status", value: "401" },
      ...credentialEvidence(c),
      ...(challenge ? [{ label: "WWW-Authenticate", value: challenge }] : []),
    ],
    fix,
  });
}

function forbidden(x: Exchange, c: AttachedCredentials, v: ExchangeView): Finding {
  const challenge = challengeOf(x);
  return finding("auth.forbidden-not-unauthenticated", {
    detail:
      `${v.label} carried ${describeCredentials(c)} and got 403: the server recognised the caller but ` +
      `does not allow this action. Signing in again will not help.` +
      (challenge ? ` Its challenge: ${quote(challenge)}.` : ""),
    evidence: [{ label: "Status", value: "403" }, ...credentialEvidence(c), ...(challenge ? [{ label: "WWW-Authenticate", value: challenge }] : [])],
    fix: `Grant this user or token the permission (role, scope or group) that ${x.request.method} ${v.path} requires, or call it as a user who has it.`,
  });
}

function sanitized(x: Exchange, reason: string, ctx: RuleContext): Finding {
  const proof = credentialProofIn(x, ctx);
  const v = ctx.view(x);
  return finding("har.sanitized", {
    detail:
      proof !== undefined
        ? `This capture was stripped of credentials (${reason}), but ${v.label} did carry one: ${proof}. Its value is not in the capture.`
        : `This capture was stripped of credentials (${reason}), so AuthLens cannot tell whether ${v.label} ` +
          `carried an Authorization header or cookies, and claims neither.`,
    evidence: [
      { label: "Status", value: String(statusOf(x)) },
      { label: "Authorization / Cookie", value: proof !== undefined ? "sent (value stripped from the capture)" : "unknown (stripped from the capture)" },
    ],
    fix: 'In Chrome DevTools, enable Settings → Preferences → Network → "Allow to generate HAR with sensitive data" and use "Export HAR (with sensitive data)"; or use the AuthLens panel, whose live capture sees credentials (and redacts them on export).',
  });
}

function headersUnseen(x: Exchange, v: ExchangeView): Finding {
  return finding("capture.partial", {
    detail: `The capture did not record the request headers of ${v.label} (the browser reported them before the capture could keep them), so AuthLens cannot tell whether it carried an Authorization header or cookies, and claims neither.`,
    evidence: [
      { label: "Status", value: String(statusOf(x)) },
      { label: "Request headers", value: "not recorded" },
    ],
  });
}

/**
 * Only 401 and 403 get a verdict; a preflight never carries credentials, so it gets none. A 401
 * gets exactly one, the most specific that holds: the wrong scheme, credentials rejected, or
 * none sent (except on a refused token request, which the oauth.* findings explain, or when a
 * cross-origin redirect removed the Authorization the client sent).
 */
function verdict(x: Exchange, ctx: RuleContext): Finding[] {
  const status = statusOf(x);
  if ((status !== 401 && status !== 403) || x.preflightFor !== undefined || isPreflight(x)) return [];
  const v = ctx.view(x);
  if (ctx.facts.credentialsStripped !== undefined) return [sanitized(x, ctx.facts.credentialsStripped, ctx)];
  if (requestHeadersMissed(x)) return [headersUnseen(x, v)];
  const c = v.credentials;
  const sent = carriesCredentials(c);
  if (status === 401) {
    if (sent) return [schemeMismatch(x, c, ctx) ?? rejected(x, c, v)];
    // A token request authenticates its client in the body (client_id, client_secret) or not at
    // all (a public client): "no credentials were sent" is not true of it, and the oauth.*
    // finding says why it was refused (RFC 6749 §2.3, §5.2). When a cross-origin redirect
    // removed the Authorization the client sent, auth.authorization-stripped-on-redirect tells
    // the story: "none sent" would mislead.
    return refusedTokenRequest(x, ctx.view(x)) || authorizationStripped(x, ctx) ? [] : [noCredentials(x, v)];
  }
  if (!sent) return [];
  // "Signed in, but not allowed" is not true when the server says no credentials reached it or
  // it did not read their scheme: those findings say so instead.
  const mismatch = schemeMismatch(x, c, ctx);
  if (mismatch) return [mismatch];
  return authorizationNotReceived(x, c, v) ? [] : [forbidden(x, c, v)];
}

export const credentialVerdictRule: Rule = { name: "credential-verdict", run: verdict };
