/**
 * Why a refused token is not one this API takes, as the capture shows it when the server's own
 * words do not say (FINDINGS.md auth.token-key-unknown, auth.token-audience-mismatch,
 * auth.token-issuer-mismatch), strongest evidence first:
 * - the issuer's JWK Set, fetched by the page, has no key with the token's kid (RFC 7517 §4.5),
 *   or its key under that kid does not verify the token's signature (RFC 7515 §5.2; RS256, PS256, ES256);
 * - the same API accepted tokens with another aud or iss (ACCEPTED_IDENTITY);
 * - the API's protected resource metadata names another resource or other authorization
 *   servers (RFC 9728 §2);
 * - issuer and API name different environments (dev, test, staging, production).
 * Each names both sides and where the expectation was learned.
 */
import type { CaptureLookup } from "../../capture-lookup.ts";
import { type Exchange, originOf, statusOf, urlWithoutQuery } from "../../exchange.ts";
import { quote, requestLabel } from "../../text/describe.ts";
import { clockOf } from "../../text/time.ts";
import { type JsonObject, jwtPart, stringClaim } from "../claim-values.ts";
import type { TokenIdentityCode } from "../server-reasons.ts";
import type { FoundToken } from "../types.ts";
import { ACCEPTED_IDENTITY } from "./accepted.ts";
import { apiOf } from "./api.ts";
import { audiencesOf } from "./bearer.ts";
import { environmentOf } from "./environment.ts";
import { ISSUER_METADATA, identifierKey, KEY_SETS, type KeySet, RESOURCE_METADATA, type ResourceMetadata } from "./metadata.ts";
import { keysVerify } from "./signature.ts";

export interface CaptureReason {
  readonly code: TokenIdentityCode;
  /** What the API or its issuer expects, as the capture shows it. */
  readonly expected: string;
  /** The one value to ask for instead, when the capture names one. */
  readonly instead?: string;
  /** The token's own value. */
  readonly seen: string;
  /** Where the expectation was learned, as evidence. */
  readonly learned: { readonly label: string; readonly value: string };
  /** One sentence: the mismatch, both sides named, and where it shows. */
  readonly sentence: string;
}

/** At most this many values are named ("a, b, c and 2 more"). */
const NAMED = 3;

function listed(values: readonly string[]): string {
  const shown = values.slice(0, NAMED).map((v) => quote(v));
  const more = values.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(shown.length === 2 ? " and " : ", ");
}

function seenAt(x: Exchange): string {
  return `${requestLabel(x)} at ${clockOf(x.observedAt)}, answered ${statusOf(x) || "nothing"}`;
}

/**
 * Where an issuer's keys are published: its metadata's jwks_uri, else the two places most
 * providers use (`/.well-known/jwks.json`: Auth0, Cognito, many others; Keycloak's `/protocol/openid-connect/certs`).
 */
export function issuerKeySet(iss: string, lookup: CaptureLookup): KeySet | undefined {
  const base = identifierKey(iss);
  const published = lookup.lookup(ISSUER_METADATA, base)?.jwksUri;
  // Named as the key sets are filed (exchange.ts urlWithoutQuery).
  const places = [...(published !== undefined ? [published] : []), `${base}/.well-known/jwks.json`, `${base}/protocol/openid-connect/certs`].map(urlWithoutQuery);
  for (const url of places) {
    const set = lookup.lookup(KEY_SETS, url);
    if (set && set.kids.size > 0) return set;
  }
  return undefined;
}

function keyUnknown(header: JsonObject | undefined, claims: JsonObject | undefined, lookup: CaptureLookup): CaptureReason | undefined {
  const kid = stringClaim(header, "kid");
  const iss = stringClaim(claims, "iss");
  if (kid === undefined || iss === undefined) return undefined;
  const set = issuerKeySet(iss, lookup);
  if (!set || set.kids.has(kid)) return undefined;
  const kids = [...set.kids];
  return {
    code: "auth.token-key-unknown",
    expected: kids.join(", "),
    seen: kid,
    learned: { label: "Issuer's keys (captured)", value: `${set.exchange.request.url}: kid ${kids.join(", ")}` },
    sentence:
      `Its kid is ${quote(kid)}, but the JWK Set of its issuer ${quote(iss)}, as the page fetched it (${seenAt(set.exchange)}), ` +
      `holds ${set.keys === 1 ? "one key" : `${set.keys} keys`} with kid ${listed(kids)}: no key of this issuer signed it (RFC 7515 §4.1.4, RFC 7517 §4.5).`,
  };
}

/**
 * A token whose kid names a key of its issuer's captured JWK Set, and whose signature does not
 * verify with it (RFC 7515 §5.2; the algorithms checked are signature.ts's table).
 */
function signatureInvalid(raw: string | undefined, header: JsonObject | undefined, claims: JsonObject | undefined, lookup: CaptureLookup): CaptureReason | undefined {
  const kid = stringClaim(header, "kid");
  const iss = stringClaim(claims, "iss");
  const alg = stringClaim(header, "alg");
  if (raw === undefined || alg === undefined || kid === undefined || iss === undefined) return undefined;
  const set = issuerKeySet(iss, lookup);
  const keys = set?.publicKeys.get(kid);
  if (!set || !keys || keysVerify(raw, alg, keys) !== false) return undefined;
  return {
    code: "auth.token-signature-invalid",
    expected: `a signature by key ${kid} of ${set.exchange.request.url}`,
    seen: `${alg}, kid ${kid}`,
    learned: { label: "Issuer's keys (captured)", value: `${set.exchange.request.url}: kid ${[...set.kids].join(", ")}` },
    sentence:
      `Its ${alg} signature does not verify with the key ${quote(kid)} of its issuer ${quote(iss)}, as the page fetched that key (${seenAt(set.exchange)}); ` +
      "AuthLens checked it here (RFC 7515 §5.2): the token was changed after it was signed, or signed by another key under the same kid.",
  };
}

/** The protected resource metadata of the API a request went to, if the page fetched it. */
function resourceOf(x: Exchange, lookup: CaptureLookup): ResourceMetadata | undefined {
  const api = apiOf(x.request.url);
  const origin = originOf(x.request.url);
  return (api !== undefined ? lookup.lookup(RESOURCE_METADATA, identifierKey(api)) : undefined) ?? (origin !== undefined ? lookup.lookup(RESOURCE_METADATA, origin) : undefined);
}

function audienceMismatch(x: Exchange, claims: JsonObject | undefined, lookup: CaptureLookup): CaptureReason | undefined {
  const auds = audiencesOf(claims);
  const seen = auds.length > 0 ? auds.join(", ") : "(none)";
  const api = apiOf(x.request.url);
  const accepted = api !== undefined ? lookup.lookup(ACCEPTED_IDENTITY, api) : undefined;
  if (accepted && accepted.aud.size > 0 && !auds.some((a) => accepted.aud.has(a))) {
    const [value, first] = [...accepted.aud][0]!;
    const values = [...accepted.aud.keys()];
    return {
      code: "auth.token-audience-mismatch",
      expected: values.join(", "),
      ...(values.length === 1 ? { instead: value } : {}),
      seen,
      learned: { label: "Accepted audience (captured)", value: `${value}: ${first.request.method} ${first.request.url} → ${statusOf(first)}` },
      sentence:
        `${auds.length > 0 ? `Its aud is ${listed(auds)}` : "It has no aud"}, but ${api} accepted tokens for ${listed(values)} in this capture ` +
        `(first ${seenAt(first)}): the token was issued for another audience (RFC 7519 §4.1.3).`,
    };
  }
  const resource = resourceOf(x, lookup);
  if (resource && !auds.some((a) => identifierKey(a) === identifierKey(resource.resource))) {
    return {
      code: "auth.token-audience-mismatch",
      expected: resource.resource,
      instead: resource.resource,
      seen,
      learned: { label: "Protected resource metadata (captured)", value: `${resource.exchange.request.url}: resource ${resource.resource}` },
      sentence:
        `${auds.length > 0 ? `Its aud is ${listed(auds)}` : "It has no aud"}, but the API's protected resource metadata (${seenAt(resource.exchange)}) ` +
        `names its resource ${quote(resource.resource)}, the audience its tokens are meant to carry (RFC 9728 §2, RFC 8707 §2).`,
    };
  }
  return undefined;
}

function issuerMismatch(x: Exchange, claims: JsonObject | undefined, lookup: CaptureLookup): CaptureReason | undefined {
  const iss = stringClaim(claims, "iss");
  if (iss === undefined) return undefined;
  const api = apiOf(x.request.url);
  const accepted = api !== undefined ? lookup.lookup(ACCEPTED_IDENTITY, api) : undefined;
  const trusted = accepted ? [...accepted.iss.keys()] : [];
  if (accepted && trusted.length > 0 && !trusted.some((t) => identifierKey(t) === identifierKey(iss))) {
    const first = accepted.iss.get(trusted[0]!)!;
    return {
      code: "auth.token-issuer-mismatch",
      expected: trusted.join(", "),
      ...(trusted.length === 1 ? { instead: trusted[0]! } : {}),
      seen: iss,
      learned: { label: "Accepted issuer (captured)", value: `${trusted[0]}: ${first.request.method} ${first.request.url} → ${statusOf(first)}` },
      sentence:
        `Its iss is ${quote(iss)}, but ${api} accepted tokens from ${listed(trusted)} in this capture (first ${seenAt(first)}): ` +
        "this API trusts another issuer (RFC 7519 §4.1.1).",
    };
  }
  const resource = resourceOf(x, lookup);
  const servers = resource?.authorizationServers ?? [];
  if (resource && servers.length > 0 && !servers.some((s) => identifierKey(s) === identifierKey(iss))) {
    return {
      code: "auth.token-issuer-mismatch",
      expected: servers.join(", "),
      ...(servers.length === 1 ? { instead: servers[0]! } : {}),
      seen: iss,
      learned: { label: "Protected resource metadata (captured)", value: `${resource.exchange.request.url}: authorization_servers ${servers.join(", ")}` },
      sentence:
        `Its iss is ${quote(iss)}, but the API's protected resource metadata (${seenAt(resource.exchange)}) names ${listed(servers)} as the authorization servers it trusts (RFC 9728 §2).`,
    };
  }
  const from = environmentOf(iss);
  const to = environmentOf(x.request.url);
  if (from !== undefined && to !== undefined && from !== to) {
    return {
      code: "auth.token-issuer-mismatch",
      expected: `an issuer of the ${to} environment`,
      seen: iss,
      learned: { label: "Environments (host names)", value: `issuer: ${from}; API: ${to}` },
      sentence: `Its iss ${quote(iss)} names the ${from} environment, and the API's host names ${to}: a ${from} token sent to the ${to} API, which trusts its own environment's issuer.`,
    };
  }
  return undefined;
}

/** The capture's reasons why this API refuses `t` (`raw`: the token as sent), strongest first (at most one per code). */
export function identityInCapture(x: Exchange, t: FoundToken, lookup: CaptureLookup, raw?: string): CaptureReason[] {
  const out: CaptureReason[] = [];
  const key = keyUnknown(t.header, t.payload, lookup) ?? signatureInvalid(raw, t.header, t.payload, lookup);
  for (const reason of [key, audienceMismatch(x, t.payload, lookup), issuerMismatch(x, t.payload, lookup)]) {
    if (reason) out.push(reason);
  }
  return out;
}

/**
 * The JWK Set the page fetched for this token's issuer, as its response carried it: what
 * "Verify signature…" checks against when nothing is pasted.
 */
export function capturedKeysFor(token: string, lookup: CaptureLookup): { readonly url: string; readonly text: string } | undefined {
  const iss = stringClaim(jwtPart(token, 1), "iss");
  const set = iss !== undefined ? issuerKeySet(iss, lookup) : undefined;
  const text = set?.exchange.response?.body?.text;
  return set && text !== undefined ? { url: set.exchange.request.url, text } : undefined;
}
