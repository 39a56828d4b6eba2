/**
 * auth.scheme-mismatch: the request's Authorization scheme is not one the server takes.
 *
 * - With a challenge (a 401, or a 400 as express-oauth2-jwt-bearer sends for a header it cannot
 *   read): RFC 9110 §11.6.2, the client answers with a scheme the server challenged; a scheme
 *   none of the challenges names cannot be accepted whatever it holds.
 * - Without one: a JWT sent under another scheme than Bearer (`Token eyJ…`, `JWT eyJ…`), refused,
 *   where the server's own message asks for Bearer or finds no token, or the capture shows the
 *   same origin accepting Bearer (RFC 6750 §2.1 names the scheme `Bearer`).
 *
 * The 401 and 403 verdicts (verdict.ts) give this finding as their one verdict; the rule below
 * gives it for a 400, which has no verdict.
 */
import { jwtPart } from "../tokens/claim-values.ts";
import { hostOf, pathOf, quote, requestLabel } from "../text/describe.ts";
import { type Exchange, originOf, statusOf } from "../exchange.ts";
import { isPreflight } from "../preflight.ts";
import { type Finding, finding } from "../findings.ts";
import { headerValue } from "../headers.ts";
import type { Rule, RuleContext } from "../rule.ts";
import type { CaptureIndex } from "../analysis/capture-index.ts";
import type { ExchangeView } from "../view/exchange-view.ts";
import type { AttachedCredentials } from "./attached.ts";
import type { AuthorizationValue } from "./authorization.ts";
import { challengeOf, credentialEvidence } from "./evidence.ts";
import { BEARER_FORMAT_MESSAGES, type MessageMatch, findServerMessage } from "./server-messages.ts";
import { NO_TOKEN_MESSAGES } from "../vendors/index.ts";

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
  // Kong's key-auth plugin challenges with `Key realm="kong"` and reads its key from a header or
  // query parameter of its own, not from Authorization.
  "bearer>key":
    "A `Key` challenge is an API-key gateway's (Kong's key-auth plugin sends it): send the API key where the gateway reads it (Kong: the `apikey` header or query parameter, or the names its key_names setting lists), not as an Authorization scheme; if this API should take OAuth tokens, the gateway route needs a JWT or OpenID Connect plugin instead.",
};

/** The schemes the response's WWW-Authenticate offers, as sent, each once. */
function challengedSchemes(view: ExchangeView): string[] {
  const byName = new Map<string, string>();
  for (const pc of view.challenge("WWW-Authenticate")?.parse.challenges ?? []) {
    const key = pc.challenge.scheme.toLowerCase();
    if (!byName.has(key)) byName.set(key, pc.challenge.scheme);
  }
  return [...byName.values()];
}

function challenged(x: Exchange, c: AttachedCredentials, auth: AuthorizationValue, schemes: readonly string[]): Finding {
  const sent = auth.scheme.toLowerCase();
  const challenge = challengeOf(x) ?? "";
  const hint = schemes.map((s) => MISMATCH_HINTS[`${sent}>${s.toLowerCase()}`]).find((h) => h !== undefined);
  const accepted = schemes.length === 1 ? schemes[0]! : `${schemes.slice(0, -1).join(", ")} or ${schemes.at(-1)}`;
  return finding("auth.scheme-mismatch", {
    detail:
      `${requestLabel(x)} sent \`Authorization: ${auth.scheme} …\`, but the server only accepts ${accepted} here (its ${statusOf(x)} challenge: ${quote(challenge)}), ` +
      `so it cannot accept this credential whatever it holds (RFC 9110 §11.6.2: the client answers with a scheme the server challenged).`,
    evidence: [
      { label: "Status", value: String(statusOf(x)) },
      ...credentialEvidence(c),
      { label: "WWW-Authenticate", value: challenge },
      { label: "Challenged schemes", value: schemes.join(", ") },
    ],
    fix:
      hint ??
      `Send the credential with a scheme the server challenges, e.g. \`Authorization: ${schemes[0]} …\`; if ${auth.scheme} is right for this API, something in front of it (a gateway, proxy or web server) is answering with its own challenge.`,
  });
}

/** What shows that the API takes Bearer, when no challenge says it. */
type BearerSign =
  | { readonly kind: "format"; readonly match: MessageMatch }
  | { readonly kind: "no-token"; readonly match: MessageMatch }
  | { readonly kind: "accepted"; readonly exchange: Exchange };

/** Per origin: the first request that sent a Bearer token and succeeded. */
const BEARER_ACCEPTED: CaptureIndex<Exchange | undefined> = {
  name: "bearer-accepted",
  keysOf(other) {
    const status = statusOf(other);
    if (status < 200 || status > 299) return undefined;
    if (!/^\s*bearer\s+\S/i.test(headerValue(other.request.headers, "authorization") ?? "")) return undefined;
    return originOf(other.request.url);
  },
  derive: (filed) => filed[0],
};

function bearerSign(x: Exchange, ctx: RuleContext): BearerSign | undefined {
  const view = ctx.view(x);
  const format = findServerMessage(x, BEARER_FORMAT_MESSAGES, view);
  if (format) return { kind: "format", match: format };
  const noToken = findServerMessage(x, NO_TOKEN_MESSAGES, view);
  if (noToken) return { kind: "no-token", match: noToken };
  const origin = originOf(x.request.url);
  const other = origin !== undefined ? ctx.lookup(BEARER_ACCEPTED, origin) : undefined;
  return other !== undefined && other.id !== x.id ? { kind: "accepted", exchange: other } : undefined;
}

function unchallenged(x: Exchange, c: AttachedCredentials, auth: AuthorizationValue, sign: BearerSign): Finding {
  const status = statusOf(x);
  const because =
    sign.kind === "accepted"
      ? `the capture shows ${originOf(x.request.url)} accepting \`Authorization: Bearer …\` (${sign.exchange.request.method} ${pathOf(sign.exchange.request.url)}, answered ${statusOf(sign.exchange)})`
      : sign.kind === "format"
        ? `its ${sign.match.where} says ${quote(sign.match.text)} (${sign.match.message.source})`
        : `its ${sign.match.where} says ${quote(sign.match.text)} (${sign.match.message.source}): it found no token it could read, although one was sent under \`${auth.scheme}\``;
  return finding("auth.scheme-mismatch", {
    detail:
      `${requestLabel(x)} sent a JWT as \`Authorization: ${auth.scheme} …\`, and ${hostOf(x.request.url)} refused it with ${status} without a challenge; ${because}. ` +
      "The API reads tokens under the Bearer scheme (RFC 6750 §2.1), so it never looked at this one.",
    evidence: [
      { label: "Status", value: String(status) },
      ...credentialEvidence(c),
      { label: "Sent scheme", value: auth.scheme },
      ...(sign.kind === "accepted"
        ? [{ label: "Bearer accepted by", value: `${sign.exchange.request.method} ${sign.exchange.request.url} → ${statusOf(sign.exchange)}` }]
        : [
            { label: "Server message", value: sign.match.text },
            { label: "Message source", value: sign.match.message.source },
          ]),
    ],
    fix: MISMATCH_HINTS[`${auth.scheme.toLowerCase()}>bearer`] ?? `Send the token as \`Authorization: Bearer <token>\`: \`${auth.scheme}\` is not the scheme this API reads.`,
  });
}

/** The schemes that carry a JWT legitimately: a JWT under them is no mismatch by itself. */
const TOKEN_SCHEMES: ReadonlySet<string> = new Set(["bearer", "dpop"]);

/** auth.scheme-mismatch for this exchange, or undefined when it does not hold or cannot be judged. */
export function schemeMismatch(x: Exchange, c: AttachedCredentials, ctx: RuleContext): Finding | undefined {
  const auth = c.authorization;
  const view = ctx.view(x);
  if (!auth || auth.scheme === "" || c.visibility === "stripped" || view.placeholder) return undefined;
  const status = statusOf(x);
  const sent = auth.scheme.toLowerCase();
  const schemes = challengedSchemes(view);
  if (schemes.length > 0) {
    if (status !== 401 && status !== 400) return undefined;
    return schemes.some((s) => s.toLowerCase() === sent) ? undefined : challenged(x, c, auth, schemes);
  }
  if ((status !== 400 && status !== 401 && status !== 403) || TOKEN_SCHEMES.has(sent)) return undefined;
  if (jwtPart(auth.credentials, 0)?.alg === undefined) return undefined;
  const sign = bearerSign(x, ctx);
  return sign ? unchallenged(x, c, auth, sign) : undefined;
}

/** A 400 has no verdict (verdict.ts judges 401 and 403): this rule gives its scheme mismatch. */
export const schemeMismatchRule: Rule = {
  name: "scheme-mismatch",
  run(x, ctx) {
    if (statusOf(x) !== 400 || ctx.facts.credentialsStripped !== undefined || isPreflight(x)) return [];
    const f = schemeMismatch(x, ctx.credentials(x), ctx);
    return f ? [f] : [];
  },
};
