/** What several challenge rules ask of an exchange: its challenges, the token it sent, its origin. */

import { parseBoundedJson } from "../../bounded-json.ts";
import { credentialProofIn } from "../../credentials/proven-sent.ts";
import { type Exchange, originOf } from "../../exchange.ts";
import type { Evidence } from "../../findings.ts";
import { headerValue } from "../../headers.ts";
import type { RuleContext } from "../../rule.ts";
import { maskSecret } from "../../text/mask.ts";
import { type JsonObject, jwtPart } from "../../tokens/claim-values.ts";
import type { ParsedChallenge } from "../parse.ts";
import { param } from "../schemes/types.ts";
import type { ChallengeHeader } from "../types.ts";
import type { ExchangeView } from "../../view/exchange-view.ts";

/** Most responses carry no challenge: they all share this empty list. */
const NO_CHALLENGES: readonly ParsedChallenge[] = [];

/** The lenient reading of a challenge field: what a client most likely acts on. */
export function challengesIn(v: ExchangeView, header: ChallengeHeader = "WWW-Authenticate"): readonly ParsedChallenge[] {
  return v.challenge(header)?.parse.challenges ?? NO_CHALLENGES;
}

/** The challenge text as it appeared, for evidence. */
export function rawOf(v: ExchangeView, pc: ParsedChallenge, header: ChallengeHeader = "WWW-Authenticate"): string {
  const value = v.challenge(header)?.value ?? "";
  return clipped(value.slice(pc.start, pc.end));
}

const OAUTH_SCHEMES = ["bearer", "dpop"];

/** The first Bearer or DPoP challenge whose `error` is one of `codes`. */
export function oauthChallengeWithError(v: ExchangeView, codes: readonly string[]): ParsedChallenge | undefined {
  const challenges = challengesIn(v);
  if (challenges.length === 0) return undefined;
  return challenges.find(
    (pc) => OAUTH_SCHEMES.includes(pc.challenge.scheme.toLowerCase()) && codes.includes(param(pc.challenge, "error") ?? ""),
  );
}

/** The claims of the JWT the request sent in Authorization (Bearer or DPoP), when it is one. */
export function sentTokenClaims(x: Exchange, ctx: RuleContext): JsonObject | undefined {
  if (ctx.facts.credentialsStripped !== undefined) return undefined;
  const auth = ctx.credentials(x).authorization;
  if (!auth || !OAUTH_SCHEMES.includes(auth.scheme.toLowerCase())) return undefined;
  return jwtPart(auth.credentials, 1);
}

/**
 * Authorization as evidence, the secret masked. In a stripped capture: "sent" where the exchange
 * itself proves it (credentials/proven-sent.ts), else "unknown", never "not sent".
 */
export function authorizationEvidence(x: Exchange, ctx: RuleContext): Evidence {
  if (ctx.facts.credentialsStripped !== undefined) {
    const proven = credentialProofIn(x, ctx) !== undefined;
    return { label: "Authorization", value: proven ? "sent (value stripped from the capture)" : "unknown (stripped from the capture)" };
  }
  const auth = ctx.credentials(x).authorization;
  return { label: "Authorization", value: auth ? `${auth.scheme} ${maskSecret(auth.credentials)}`.trim() : "(not sent)" };
}

/** The origin of the page that made the request: its Origin header, else the page URL's. */
export function requestingOrigin(x: Exchange): string | undefined {
  return headerValue(x.request.headers, "origin") ?? (x.pageUrl ? originOf(x.pageUrl) : undefined);
}

export function isCrossOrigin(x: Exchange): boolean {
  const from = requestingOrigin(x);
  const to = originOf(x.request.url);
  return from !== undefined && from !== "null" && to !== undefined && from !== to;
}

/**
 * A request made by page script: fetch or XHR by the capture's resource type, or, when the
 * capture has no type, one that carried an Origin header (as CORS and non-GET fetches do).
 */
export function isScriptRequest(x: Exchange): boolean {
  if (x.resourceType !== undefined) return x.resourceType === "fetch" || x.resourceType === "xhr";
  return headerValue(x.request.headers, "origin") !== undefined;
}

/** A field value inside a sentence or evidence, bounded. */
export function clipped(value: string, max = 2_000): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** `error` and `error_description` of a JSON error body (RFC 6749 §5.2), as an authorization server sends them. */
export function jsonErrorBody(x: Exchange): { readonly error: string; readonly description?: string } | undefined {
  const body = x.response?.body;
  if (!body || !/json/i.test(body.mimeType) || body.text.length > 65_536) return undefined;
  const parsed = parseBoundedJson(body.text, "response body");
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== "object") return undefined;
  const { error, error_description: description } = parsed.value as Record<string, unknown>;
  if (typeof error !== "string") return undefined;
  return { error, ...(typeof description === "string" ? { description } : {}) };
}

/** Access-Control-Expose-Headers as a lower-case list (Fetch standard: a #field-name list). */
export function exposedHeaders(x: Exchange): string[] {
  const value = x.response ? headerValue(x.response.headers, "access-control-expose-headers") : undefined;
  return (value ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");
}

/**
 * Whether page script can read this response header cross-origin: it is named in
 * Access-Control-Expose-Headers, or the list holds "*" and the request was not credentialed
 * (for credentialed requests "*" is a literal name, Fetch standard §3.2.3).
 */
export function exposedToScript(x: Exchange, name: string, credentialed: boolean): boolean {
  const exposed = exposedHeaders(x);
  return exposed.includes(name.toLowerCase()) || (!credentialed && exposed.includes("*"));
}
