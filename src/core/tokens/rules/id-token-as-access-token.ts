/**
 * auth.id-token-as-access-token: an OpenID Connect ID token sent as a Bearer access token and
 * refused (401/403). An ID token tells the client who signed in (OIDC Core §2): its audience is
 * the client itself, and an API is not meant to accept it (RFC 9068 §1 gives access tokens their
 * own profile: typ at+jwt, the API as aud, scope). The token is judged by what it holds:
 *
 * - marks only ID tokens carry: `nonce` (OIDC Core §2, echoed from the authorization request),
 *   `at_hash` / `c_hash` (§3.1.3.6, §3.3.2.11: hashes binding it to the access token and code
 *   it came with), Cognito's `token_use: "id"`, Keycloak's `typ: "ID"` claim; `auth_time` only
 *   when aud is the client that asked (aud = azp, §2), since access tokens carry it too;
 * - and nothing an access token has: no `scope` / `scp`, a header typ other than at+jwt
 *   (RFC 9068 §2.1), no `token_use: "access"`.
 *
 * Firebase's ID tokens are its APIs' credentials by design (securetoken.google.com), so they are
 * not judged here.
 */
import { isPreflight } from "../../preflight.ts";
import { type Exchange, statusOf } from "../../exchange.ts";
import { type Evidence, finding } from "../../findings.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import { quote } from "../../text/describe.ts";
import { type JsonObject, scopesOf, stringClaim } from "../claim-values.ts";
import { tokensIn } from "../in-context.ts";
import { tokenEvidence } from "../token-text.ts";
import type { FoundToken } from "../types.ts";

/** Issuers whose ID tokens are the API credential by design. */
const ID_TOKEN_APIS = /^https:\/\/securetoken\.google\.com\//;

/** The claims only an ID token carries, each with why it marks one. */
const ID_TOKEN_MARKS: readonly { readonly name: string; readonly holds: (p: JsonObject) => boolean; readonly why: string }[] = [
  { name: "nonce", holds: (p) => typeof p.nonce === "string", why: "the nonce the sign-in request sent, echoed back into the ID token (OIDC Core §3.1.2.1)" },
  { name: "at_hash", holds: (p) => typeof p.at_hash === "string", why: "the hash of the access token issued with it (OIDC Core §3.1.3.6)" },
  { name: "c_hash", holds: (p) => typeof p.c_hash === "string", why: "the hash of the authorization code issued with it (OIDC Core §3.3.2.11)" },
  { name: "token_use", holds: (p) => p.token_use === "id", why: "`token_use: id`, Amazon Cognito's mark of an ID token" },
  { name: "typ", holds: (p) => p.typ === "ID", why: "the `typ: ID` claim Keycloak puts in ID tokens" },
];

/** The token's single audience (an aud array of one counts), or undefined. */
function singleAudience(p: JsonObject): string | undefined {
  const aud = p.aud;
  if (typeof aud === "string") return aud;
  if (Array.isArray(aud) && aud.length === 1 && typeof aud[0] === "string") return aud[0];
  return undefined;
}

function audienceText(p: JsonObject): string | undefined {
  const aud = p.aud;
  if (typeof aud === "string") return aud;
  if (Array.isArray(aud) && aud.every((a) => typeof a === "string")) return aud.join(", ");
  return undefined;
}

interface Judgement {
  readonly marks: readonly string[];
  readonly whys: readonly string[];
  readonly aud?: string;
  readonly audIsClient: boolean;
  readonly typ?: string;
}

/** Why this JWT is an ID token, or undefined when it may be an access token. */
export function idTokenJudgement(t: FoundToken): Judgement | undefined {
  const p = t.payload;
  if (!p) return undefined;
  const typ = typeof t.header?.typ === "string" ? t.header.typ : undefined;
  if (typ !== undefined && /^(?:application\/)?at\+jwt$/i.test(typ)) return undefined;
  if (scopesOf(p) !== undefined || p.token_use === "access") return undefined;
  const iss = stringClaim(p, "iss");
  if (iss !== undefined && ID_TOKEN_APIS.test(iss)) return undefined;
  const single = singleAudience(p);
  const azp = stringClaim(p, "azp");
  const audIsClient = single !== undefined && azp !== undefined && single === azp;
  const found = ID_TOKEN_MARKS.filter((m) => m.holds(p));
  const marks = found.map((m) => m.name);
  const whys = found.map((m) => m.why);
  if (audIsClient && typeof p.auth_time === "number") {
    marks.push("auth_time");
    whys.push("the time the user signed in, in a token whose aud is the client that asked for it (azp)");
  }
  if (found.length === 0) return undefined;
  const aud = audienceText(p);
  return { marks, whys, audIsClient, ...(aud !== undefined ? { aud } : {}), ...(typ !== undefined ? { typ } : {}) };
}

/** The JWT the request sent as its Bearer (or DPoP) access token. */
function bearerJwt(x: Exchange, ctx: RuleContext): FoundToken | undefined {
  const auth = ctx.credentials(x).authorization;
  if (!auth || !/^(?:bearer|dpop)$/i.test(auth.scheme)) return undefined;
  return tokensIn(x, ctx).find((l) => l.source === "authorization" && l.token.payload !== undefined)?.token;
}

export const idTokenAsAccessTokenRule: Rule = {
  name: "id-token-as-access-token",
  run(x, ctx) {
    const status = statusOf(x);
    if ((status !== 401 && status !== 403) || isPreflight(x) || x.preflightFor !== undefined) return [];
    if (ctx.facts.credentialsStripped !== undefined) return [];
    const t = bearerJwt(x, ctx);
    const j = t ? idTokenJudgement(t) : undefined;
    if (!t || !j) return [];
    const audSide =
      j.aud === undefined
        ? "it names no audience"
        : j.audIsClient
          ? `its aud ${quote(j.aud)} is the client it was issued to (the same as azp), not this API`
          : `its aud ${quote(j.aud)} names the client that signed the user in, not this API`;
    const typSide = j.typ === undefined ? "its header has no typ" : `its header typ is ${quote(j.typ)}, not at+jwt`;
    const evidence: Evidence[] = [
      { label: "Status", value: String(status) },
      { label: "ID token marks", value: j.marks.join(", ") },
      ...(j.aud !== undefined ? [{ label: "aud (the token's)", value: j.aud }] : []),
      { label: "typ (header)", value: j.typ ?? "(none)" },
      { label: "scope / scp", value: "(none)" },
      ...tokenEvidence(t, ctx.view(x).tokenText),
    ];
    return [
      finding("auth.id-token-as-access-token", {
        detail:
          `${ctx.view(x).label} was refused with ${status}, and the Bearer token it sent is an OpenID Connect ID token, not an access token: ` +
          `it carries ${j.whys.join("; ")}; ${audSide}; it has no scope or scp; ${typSide}. ` +
          "An ID token tells the client who signed in; an API expects the access token issued for it.",
        evidence,
        fix:
          "Send the access_token of the token response (RFC 6749 §5.1), not its id_token: oidc-client-ts `user.access_token`, MSAL `result.accessToken` (acquireTokenSilent with this API's scopes), " +
          "Auth0 `getAccessTokenSilently()`, Amplify `session.tokens.accessToken`, Auth.js `account.access_token`. " +
          "If that access token is opaque or not for this API, request it for the API's audience (Auth0 `audience`, a scope of the API in Microsoft Entra ID or Okta, RFC 8707 `resource`).",
      }),
    ];
  },
};
