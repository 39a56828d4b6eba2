/**
 * summarizeAttached: what a request carried, in one line and as data, for the panel's detail
 * view: "Bearer JWT · 3 cookies (sid, csrf, _ga)". Values are masked; cookies are named, never
 * shown; "unknown" says why the capture could not tell.
 */
import type { Exchange } from "../exchange.ts";
import type { RuleContext } from "../rule.ts";
import { decodeToken } from "../tokens/decode.ts";
import type { TokenKind } from "../tokens/types.ts";
import { cookieVisibility, type CookieVisibility } from "./cookie-visibility.ts";
import { maskSecret } from "../text/mask.ts";
import { apiKeyPlace } from "./api-keys.ts";
import { credentialProofIn } from "./proven-sent.ts";
import { isPlaceholderValue } from "./placeholder.ts";

export interface AttachedSummary {
  /** e.g. "Bearer JWT · 3 cookies (sid, csrf, _ga)". */
  readonly line: string;
  readonly authorization?: { readonly scheme: string; readonly masked: string; readonly length: number; readonly kind: TokenKind };
  readonly cookies: { readonly names: readonly string[]; readonly visibility: CookieVisibility; readonly why?: string };
  /**
   * Set when the capture was stripped of credentials: "unknown", or "sent" with the proof the
   * exchange itself gives (proven-sent.ts). Absent when the capture shows Authorization as it was.
   */
  readonly authorizationStripped?: { readonly sent: "unknown" } | { readonly sent: "yes"; readonly proof: string };
}

const KIND_LABEL: Record<TokenKind, string> = {
  jws: "JWT",
  jwe: "encrypted JWT",
  unsecured: "unsigned JWT (alg none)",
  basic: "credentials",
  opaque: "opaque token",
  malformed: "token that does not decode",
};

/** Names shown in the line before "+N more". */
const NAMES_SHOWN = 5;

function cookiePart(names: readonly string[], visibility: CookieVisibility): string {
  if (visibility === "stripped") return "cookies unknown (stripped from this capture)";
  if (visibility === "unknown") return names.length === 0 ? "cookies unknown" : `${names.length}+ cookies`;
  if (names.length === 0) return "no cookies";
  const shown = names.slice(0, NAMES_SHOWN).join(", ");
  const more = names.length > NAMES_SHOWN ? `, +${names.length - NAMES_SHOWN} more` : "";
  return `${names.length} cookie${names.length === 1 ? "" : "s"} (${shown}${more})`;
}

export function summarizeAttached(x: Exchange, ctx: RuleContext): AttachedSummary {
  const c = ctx.credentials(x);
  const seen = cookieVisibility(x, ctx);
  const cookies = { names: c.cookieNames, visibility: seen.visibility, ...(seen.why !== undefined ? { why: seen.why } : {}) };
  const stripped = seen.visibility === "stripped";
  const auth = c.authorization && !stripped ? c.authorization : undefined;
  let authorization: AttachedSummary["authorization"];
  const proof = stripped ? credentialProofIn(x, ctx) : undefined;
  let authPart = stripped ? (proof !== undefined ? "Authorization sent (value stripped from this capture)" : "Authorization unknown") : "no Authorization";
  if (auth) {
    const scheme = auth.scheme || "(no scheme)";
    // Read as sent: a captured header is never unwrapped (a pasted token is, decode.ts).
    const decoded = decodeToken(auth.scheme ? `${auth.scheme} ${auth.credentials}` : auth.credentials, undefined, { unwrap: false });
    const basic = auth.scheme.toLowerCase() === "basic";
    authorization = {
      scheme,
      // Basic: the user and the password's length (tokens/basic.ts), nothing of the password.
      masked: basic ? decoded.masked : maskSecret(auth.credentials),
      length: auth.credentials.length,
      kind: decoded.kind,
    };
    authPart = isPlaceholderValue(auth.credentials)
      ? `${scheme} placeholder (${JSON.stringify(auth.credentials.trim().slice(0, 20))})`
      : basic && decoded.user !== undefined
        ? `Basic (user ${decoded.user})`
        : `${scheme} ${KIND_LABEL[decoded.kind]}`;
  }
  // An API key is named by where it went, never shown (api-keys.ts).
  const keyParts = stripped ? [] : c.apiKeys.map((k) => `API key (${apiKeyPlace(k)})`);
  return {
    line: [authPart, ...keyParts, cookiePart(c.cookieNames, seen.visibility)].join(" · "),
    ...(authorization ? { authorization } : {}),
    cookies,
    ...(stripped ? { authorizationStripped: proof !== undefined ? { sent: "yes" as const, proof } : { sent: "unknown" as const } } : {}),
  };
}
