/**
 * The verdict on a 401 or 403: were credentials sent at all, and if so what the status means.
 * A 401 says "who are you?" (RFC 9110 §15.5.2), a 403 says "I know, and no" (§15.5.4); the
 * fixes differ completely, so the verdict names which one this is.
 */
import { challengeField } from "../challenge/exchange-challenges.ts";
import { hostOf, pathOf, quote, requestLabel } from "../describe.ts";
import { type Exchange, isPreflight, originOf, statusOf } from "../exchange.ts";
import { type Finding, finding } from "../findings.ts";
import { headerValue } from "../headers.ts";
import type { Rule, RuleContext } from "../rule.ts";
import { type AttachedCredentials, carriesCredentials, describeCredentials } from "./attached.ts";
import { maskSecret } from "./mask.ts";
import { requestHeadersMissed } from "./headers-missed.ts";
import { findPlaceholder } from "./placeholder.ts";
import { authorizationStripped } from "./rules/stripped-on-redirect.ts";

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

/**
 * What a sent/challenged scheme pair usually means, keyed "sent>challenged" in lower case:
 * the common ways a request ends up speaking a scheme the server does not.
 */
const MISMATCH_HINTS: Readonly<Record<string, string>> = {
  "bearer>dpop":
    "The token is DPoP-bound here: send it as `Authorization: DPoP <token>` with a `DPoP` proof header (RFC 9449 §7.1).",
  "dpop>bearer":
    "This resource does not take DPoP: send `Authorization: Bearer <token>` with a token that is not DPoP-bound (a bound one must be refused as a bearer token, RFC 9449 §7.2).",
  "token>bearer": "Send the token as `Authorization: Bearer <token>`: `Token` is another scheme.",
  "jwt>bearer": "Send the token as `Authorization: Bearer <token>`: `JWT` is not a scheme the server knows.",
  "bearer>basic":
    "The server asks for a user name and password, not a token: often a web server or gateway in front of the API (nginx auth_basic, Apache AuthType Basic) answers before the API sees the token.",
  "bearer>negotiate":
    "Windows integrated authentication (IIS) answers on this path before the application sees the token: enable anonymous authentication for the API path and let the application check the token.",
  "bearer>ntlm":
    "Windows integrated authentication (IIS) answers on this path before the application sees the token: enable anonymous authentication for the API path and let the application check the token.",
  "basic>bearer": "The server wants an OAuth access token, not a user name and password: get a token and send `Authorization: Bearer <token>`.",
};

/** The schemes the 401's WWW-Authenticate offers, as sent, each once. */
function challengedSchemes(x: Exchange): string[] {
  const byName = new Map<string, string>();
  for (const pc of challengeField(x, "WWW-Authenticate")?.parse.challenges ?? []) {
    const key = pc.challenge.scheme.toLowerCase();
    if (!byName.has(key)) byName.set(key, pc.challenge.scheme);
  }
  return [...byName.values()];
}

/**
 * RFC 9110 §11.6.2: the client answers a challenge with credentials of a scheme the server
 * offered. When the Authorization scheme is none of the challenged ones, the server cannot
 * accept it whatever it holds. Undefined when that cannot be judged.
 */
function schemeMismatch(x: Exchange, c: AttachedCredentials): Finding | undefined {
  const auth = c.authorization;
  if (!auth || auth.scheme === "" || findPlaceholder(auth)) return undefined;
  const schemes = challengedSchemes(x);
  const sent = auth.scheme.toLowerCase();
  if (schemes.length === 0 || schemes.some((s) => s.toLowerCase() === sent)) return undefined;
  const challenge = challengeOf(x) ?? "";
  const hint = schemes.map((s) => MISMATCH_HINTS[`${sent}>${s.toLowerCase()}`]).find((h) => h !== undefined);
  const accepted = schemes.length === 1 ? schemes[0]! : `${schemes.slice(0, -1).join(", ")} or ${schemes.at(-1)}`;
  return finding("auth.scheme-mismatch", {
    detail:
      `${requestLabel(x)} sent \`Authorization: ${auth.scheme} …\`, but the server only accepts ${accepted} here (its challenge: ${quote(challenge)}), ` +
      `so it cannot accept this credential whatever it holds (RFC 9110 §11.6.2: the client answers with a scheme the server challenged).`,
    evidence: [
      { label: "Status", value: "401" },
      ...credentialEvidence(c),
      { label: "WWW-Authenticate", value: challenge },
      { label: "Challenged schemes", value: schemes.join(", ") },
    ],
    fix:
      hint ??
      `Send the credential with a scheme the server challenges, e.g. \`Authorization: ${schemes[0]} …\`; if ${auth.scheme} is right for this API, something in front of it (a gateway, proxy or web server) is answering with its own challenge.`,
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

function headersUnseen(x: Exchange): Finding {
  return finding("capture.partial", {
    detail: `The capture did not record the request headers of ${requestLabel(x)} (the browser reported them before the capture could keep them), so AuthLens cannot tell whether it carried an Authorization header or cookies, and claims neither.`,
    evidence: [
      { label: "Status", value: String(statusOf(x)) },
      { label: "Request headers", value: "not recorded" },
    ],
  });
}

/**
 * Only 401 and 403 get a verdict; a preflight never carries credentials, so it gets none. A 401
 * gets exactly one, the most specific that holds: the wrong scheme, credentials rejected, or
 * none sent — unless a cross-origin redirect removed the Authorization the client sent.
 */
function verdict(x: Exchange, ctx: RuleContext): Finding[] {
  const status = statusOf(x);
  if ((status !== 401 && status !== 403) || x.preflightFor !== undefined || isPreflight(x)) return [];
  if (ctx.facts.credentialsStripped !== undefined) return [sanitized(x, ctx.facts.credentialsStripped)];
  if (requestHeadersMissed(x)) return [headersUnseen(x)];
  const c = ctx.credentials(x);
  const sent = carriesCredentials(c);
  if (status === 401) {
    if (sent) return [schemeMismatch(x, c) ?? rejected(x, c)];
    // The client sent Authorization and a cross-origin redirect removed it: that finding
    // (auth.authorization-stripped-on-redirect) tells the story, "none sent" would mislead.
    return authorizationStripped(x, ctx) ? [] : [noCredentials(x)];
  }
  return sent ? [forbidden(x, c)] : [];
}

export const credentialVerdictRule: Rule = { name: "credential-verdict", run: verdict };
