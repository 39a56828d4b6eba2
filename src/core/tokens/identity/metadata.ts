/**
 * What issuers and APIs published about themselves in the capture, when the page fetched it:
 * - authorization server metadata (OpenID Connect Discovery 1.0 §4, RFC 8414 §3): the issuer and
 *   its `jwks_uri`;
 * - JWK Sets (RFC 7517 §5): the key ids an issuer signs with;
 * - protected resource metadata (RFC 9728 §3): the resource identifier an API expects tokens
 *   for, and the authorization servers it trusts.
 * Read from small JSON bodies (bounded), only for the few responses that look like them.
 */
import type { CaptureIndex } from "../../analysis/capture-index.ts";
import { parseBoundedJson } from "../../bounded-json.ts";
import { type Exchange, statusOf, urlWithoutQuery } from "../../exchange.ts";

type Json = Readonly<Record<string, unknown>>;

/** The JSON object a successful response carries, when it carries one. */
function jsonBody(x: Exchange): Json | undefined {
  const status = statusOf(x);
  const text = x.response?.body?.text;
  if (status < 200 || status > 299 || text === undefined) return undefined;
  const parsed = parseBoundedJson(text, "the response body");
  const v = parsed.ok ? parsed.value : undefined;
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
}

function pathOfUrl(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}

/** Identifiers compare without a trailing slash: issuers and resources are written both ways. */
export function identifierKey(id: string): string {
  return id.replace(/\/+$/, "");
}

const DISCOVERY_PATH = /\/\.well-known\/(openid-configuration|oauth-authorization-server)(\/|$)/;

export interface IssuerMetadata {
  readonly jwksUri?: string;
  readonly exchange: Exchange;
}

/** Authorization server metadata by issuer (without a trailing slash). */
export const ISSUER_METADATA: CaptureIndex<IssuerMetadata | undefined> = {
  name: "issuer-metadata",
  keysOf(x) {
    if (!DISCOVERY_PATH.test(pathOfUrl(x.request.url))) return undefined;
    const issuer = jsonBody(x)?.issuer;
    return typeof issuer === "string" && issuer !== "" ? identifierKey(issuer) : undefined;
  },
  derive(filed) {
    // The newest document: an issuer's metadata may change during a session (a key rotation).
    const x = filed.at(-1);
    if (!x) return undefined;
    const jwks = jsonBody(x)?.jwks_uri;
    return typeof jwks === "string" ? { jwksUri: urlWithoutQuery(jwks), exchange: x } : { exchange: x };
  },
};

/** The members of a public JWK the signature checks read (RFC 7518 §6.2.1 EC, §6.3.1 RSA). */
const PUBLIC_MEMBERS = ["kty", "alg", "crv", "x", "y", "n", "e"] as const;
export type PublicJwk = { readonly [K in (typeof PUBLIC_MEMBERS)[number]]?: string };

export interface KeySet {
  /** The `kid` of every key in the set. */
  readonly kids: ReadonlySet<string>;
  readonly keys: number;
  /** The public keys by kid, as published (RFC 7517 §4; checked in signature.ts). A kid may name several keys of different types (RFC 7520 §3). */
  readonly publicKeys: ReadonlyMap<string, readonly PublicJwk[]>;
  readonly exchange: Exchange;
}

/** A JWK Set's `keys` (RFC 7517 §5), when the body is one. */
function keysIn(body: Json | undefined): readonly Json[] | undefined {
  const keys = body?.keys;
  if (!Array.isArray(keys) || keys.length === 0) return undefined;
  const objects = keys.filter((k): k is Json => k !== null && typeof k === "object" && !Array.isArray(k));
  return objects.length > 0 && objects.every((k) => typeof k.kty === "string") ? objects : undefined;
}

/** JWK Sets by URL (without query). */
export const KEY_SETS: CaptureIndex<KeySet | undefined> = {
  name: "key-sets",
  keysOf(x) {
    // Most bodies are not key sets: look for the member names before parsing.
    const text = x.response?.body?.text;
    if (text === undefined || !text.includes('"keys"') || !text.includes('"kty"')) return undefined;
    return keysIn(jsonBody(x)) ? urlWithoutQuery(x.request.url) : undefined;
  },
  derive(filed) {
    const x = filed.at(-1);
    const keys = x ? keysIn(jsonBody(x)) : undefined;
    if (!x || !keys) return undefined;
    const kids = new Set(keys.flatMap((k) => (typeof k.kid === "string" ? [k.kid] : [])));
    const publicKeys = new Map<string, PublicJwk[]>();
    for (const k of keys) {
      if (typeof k.kid !== "string") continue;
      const jwk: Record<string, string> = {};
      for (const member of PUBLIC_MEMBERS) if (typeof k[member] === "string") jwk[member] = k[member];
      publicKeys.set(k.kid, [...(publicKeys.get(k.kid) ?? []), jwk as PublicJwk]);
    }
    return { kids, keys: keys.length, publicKeys, exchange: x };
  },
};

const RESOURCE_PATH = /\/\.well-known\/oauth-protected-resource(\/|$)/;

export interface ResourceMetadata {
  readonly resource: string;
  readonly authorizationServers: readonly string[];
  readonly exchange: Exchange;
}

/** Protected resource metadata by resource identifier (without a trailing slash). */
export const RESOURCE_METADATA: CaptureIndex<ResourceMetadata | undefined> = {
  name: "resource-metadata",
  keysOf(x) {
    if (!RESOURCE_PATH.test(pathOfUrl(x.request.url))) return undefined;
    const resource = jsonBody(x)?.resource;
    return typeof resource === "string" && resource !== "" ? identifierKey(resource) : undefined;
  },
  derive(filed) {
    const x = filed.at(-1);
    const body = x ? jsonBody(x) : undefined;
    if (!x || typeof body?.resource !== "string") return undefined;
    const servers = Array.isArray(body.authorization_servers) ? body.authorization_servers.filter((s): s is string => typeof s === "string") : [];
    return { resource: body.resource, authorizationServers: servers, exchange: x };
  },
};
