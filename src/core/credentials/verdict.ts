/**
 * The verdict on a 401 or 403: were credentials sent at all, and if so what the status means.
 * A 401 says "who are you?" (RFC 9110 §15.5.2), a 403 says "I know, and no" (§15.5.4); the
 * fixes differ completely, so the verdict names which one this is.
 */
import { hostOf, pathOf, quote, requestLabel } from "../describe.ts";
import { type Exchange, isPreflight, originOf, statusOf } from "../exchange.ts";
import { type Finding, finding } from "../findings.ts";
import { headerValue } from "../headers.ts";
import type { Rule, RuleContext } from "../rule.ts";
import { type AttachedCredentials, carriesCredentials, describeCredentials } from "./attached.ts";
import { maskSecret } from "./mask.ts";
import { findPlaceholder } from "./placeholder.ts";

function credentialEvidence(c: AttachedCredentials): { label: string; value: string }[] {
  return [
    {
      label: "Authorization",
      value: c.authorization
        ? `${c.authorization.scheme} ${maskSecret(c.authorization.credentials)}`.trim()
        : "(not sent)",
    },
    { label: "Cookies", value: c.cookieNames.length > 0 ? c.cookieNames.join(", ") : "(none sent)" },
  ];
}

function challengeOf(x: Exchange): string | undefined {
  const v = x.response ? headerValue(x.response.headers, "www-authenticate") : undefined;
  return v !== undefined && v.trim() !== "" ? v : undefined;
}

function isCrossOrigin(x: Exchange): boolean {
  const from = headerValue(x.request.headers, "origin") ?? (x.pageUrl ? originOf(x.pageUrl) : undefined);
  const to = originOf(x.request.url);
  return from !== undefined && to !== undefined && from !== to;
}

function noCredentials(x: Exchange): Finding {
  const challenge = challengeOf(x);
  const scheme = challenge?.trim().split(/[\s,]/)[0];
  const cross = isCrossOrigin(x);
  const fixParts = [
    scheme
      ? `The server asks for ${scheme} credentials: send \`Authorization: ${scheme} …\` with ${pathOf(x.request.url)}`
      : `Send the credentials this API expects with ${pathOf(x.request.url)} (an Authorization header or the session cookie)`,
    cross
      ? `for a cookie session across origins, call fetch with \`credentials: "include"\` (XHR: \`withCredentials = true\`) — the server must then answer with \`Access-Control-Allow-Credentials: true\` and its exact origin`
      : `if it relies on a session cookie, make sure the login that sets it ran first and that its Domain and Path cover ${hostOf(x.request.url)}${pathOf(x.request.url)}`,
  ];
  return finding("auth.no-credentials-sent", {
    detail:
      `${requestLabel(x)} went out with no Authorization header and no cookies, and the server answered 401.` +
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

function rejected(x: Exchange, c: AttachedCredentials): Finding {
  const challenge = challengeOf(x);
  const placeholder = c.authorization ? findPlaceholder(c.authorization) : undefined;
  const reason = placeholder
    ? ` The Authorization header holds ${placeholder.what}, not a token: that alone explains the 401.`
    : challenge
      ? ` Its challenge: ${quote(challenge)}.`
      : " The response has no challenge saying why.";
  const fix = placeholder
    ? "Fix the client code that builds the Authorization header (see the placeholder finding), then retry."
    : c.authorization
      ? `The server refused this ${c.authorization.scheme} credential: check that it is current (not expired or revoked) and issued for ${hostOf(x.request.url)} (issuer, audience, scope); refresh it or sign in again.`
      : `The server refused the session cookie${c.cookieNames.length === 1 ? "" : "s"} (${c.cookieNames.join(", ")}): the session may have expired or been issued for another host; sign in again and check the server's session store.`;
  return finding("auth.credentials-rejected", {
    detail: `${requestLabel(x)} carried ${describeCredentials(c)}, and the server still answered 401.${reason}`,
    evidence: [
      { label: "Status", value: "401" },
      ...credentialEvidence(c),
      ...(challenge ? [{ label: "WWW-Authenticate", value: challenge }] : []),
    ],
    fix,
  });
}

function forbidden(x: Exchange, c: AttachedCredentials): Finding {
  const challenge = challengeOf(x);
  return finding("auth.forbidden-not-unauthenticated", {
    detail:
      `${requestLabel(x)} carried ${describeCredentials(c)} and got 403: the server recognised the caller but ` +
      `does not allow this action. Signing in again will not help.` +
      (challenge ? ` Its challenge: ${quote(challenge)}.` : ""),
    evidence: [{ label: "Status", value: "403" }, ...credentialEvidence(c), ...(challenge ? [{ label: "WWW-Authenticate", value: challenge }] : [])],
    fix: `Grant this user or token the permission (role, scope or group) that ${x.request.method} ${pathOf(x.request.url)} requires, or call it as a user who has it.`,
  });
}

function sanitized(x: Exchange, reason: string): Finding {
  return finding("har.sanitized", {
    detail:
      `This capture was stripped of credentials (${reason}), so AuthLens cannot tell whether ${requestLabel(x)} ` +
      `carried an Authorization header or cookies, and claims neither.`,
    evidence: [
      { label: "Status", value: String(statusOf(x)) },
      { label: "Authorization / Cookie", value: "unknown (stripped from the capture)" },
    ],
    fix: 'In Chrome DevTools, enable Settings → Preferences → Network → "Allow to generate HAR with sensitive data" and use "Export HAR (with sensitive data)"; or use the AuthLens panel, whose live capture sees credentials (and redacts them on export).',
  });
}

/** Only 401 and 403 get a verdict; a preflight never carries credentials, so it gets none. */
function verdict(x: Exchange, ctx: RuleContext): Finding[] {
  const status = statusOf(x);
  if ((status !== 401 && status !== 403) || x.preflightFor !== undefined || isPreflight(x)) return [];
  if (ctx.facts.credentialsStripped !== undefined) return [sanitized(x, ctx.facts.credentialsStripped)];
  const c = ctx.credentials(x);
  const sent = carriesCredentials(c);
  if (status === 401) return [sent ? rejected(x, c) : noCredentials(x)];
  return sent ? [forbidden(x, c)] : [];
}

export const credentialVerdictRule: Rule = { name: "credential-verdict", run: verdict };
