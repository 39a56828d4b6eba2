/**
 * What credentials a request carried, as far as the capture can tell. "No Cookie header" in a
 * sanitized HAR means "unknown", never "none": visibility says which it is.
 */
import type { Exchange } from "../exchange.ts";
import { fieldNames, headerValueLists } from "../headers.ts";
import { type ApiKeyCredential, apiKeyPlace, apiKeysOf } from "./api-keys.ts";
import { type AuthorizationValue, parseAuthorization } from "./authorization.ts";

export type CredentialVisibility = "visible" | "stripped";

export interface AttachedCredentials {
  readonly authorization?: AuthorizationValue;
  /** Proxy-Authorization, the credentials a 407 asks for (RFC 9110 §11.7.2). */
  readonly proxyAuthorization?: AuthorizationValue;
  /** Names of the cookies sent, in order (values are never needed to diagnose). */
  readonly cookieNames: readonly string[];
  /** API keys sent in a header or the URL (api-keys.ts). */
  readonly apiKeys: readonly ApiKeyCredential[];
  readonly visibility: CredentialVisibility;
}

/** Cookie header (RFC 6265 §5.4): `name=value` pairs separated by `; `. */
function cookieNamesFromHeader(value: string): readonly string[] {
  const names: string[] = [];
  for (const part of value.split(";")) {
    const eq = part.indexOf("=");
    const name = (eq === -1 ? part : part.slice(0, eq)).trim();
    if (name !== "") names.push(name);
  }
  return names;
}

/** The fields read, in one pass over the request headers (this runs for every exchange). */
const CREDENTIAL_FIELDS = fieldNames(["authorization", "proxy-authorization", "cookie"]);

/** headerValue's combined value (RFC 9110 §5.3) of lines already read. */
function combined(lines: readonly string[] | undefined): string | undefined {
  return lines === undefined ? undefined : lines.join(", ");
}

/**
 * What the request carried, read from its headers. Rules read it from the exchange's view
 * (ctx.view(x).credentials), which reads it once per analysis from its header index.
 */
export function attachedCredentials(x: Exchange, credentialsStripped: boolean): AttachedCredentials {
  // Indexed rather than destructured: no iterator steps, for every exchange of a capture.
  const lines = headerValueLists(x.request.headers, CREDENTIAL_FIELDS);
  return credentialsFrom(x, combined(lines[0]), combined(lines[1]), combined(lines[2]), credentialsStripped);
}

/** AttachedCredentials from the combined Authorization, Proxy-Authorization and Cookie fields (undefined: absent). */
export function credentialsFrom(
  x: Exchange,
  auth: string | undefined,
  proxy: string | undefined,
  cookieHeader: string | undefined,
  credentialsStripped: boolean,
): AttachedCredentials {
  // HAR lists cookies both as a header and as `request.cookies`; either may be missing.
  const cookieNames =
    cookieHeader !== undefined ? cookieNamesFromHeader(cookieHeader) : x.request.cookies.map((c) => c.name);
  // The optional members are set one by one, in this order and only when present: conditional
  // spreads build a temporary object each and take V8's slow path, once for every exchange.
  const out: { -readonly [K in keyof AttachedCredentials]: AttachedCredentials[K] } = {
    cookieNames,
    apiKeys: apiKeysOf(x),
    visibility: credentialsStripped ? "stripped" : "visible",
  };
  if (auth !== undefined) out.authorization = parseAuthorization(auth);
  if (proxy !== undefined) out.proxyAuthorization = parseAuthorization(proxy);
  return out;
}

export function carriesCredentials(c: AttachedCredentials): boolean {
  return c.authorization !== undefined || c.cookieNames.length > 0 || c.apiKeys.length > 0;
}

/** "Authorization: Bearer and 2 cookies (session, csrf)" — for details and badges. */
export function describeCredentials(c: AttachedCredentials): string {
  const parts: string[] = [];
  if (c.authorization) parts.push(`an Authorization header (${c.authorization.scheme || "no scheme"})`);
  for (const k of c.apiKeys) parts.push(`an API key (${apiKeyPlace(k)})`);
  if (c.cookieNames.length > 0) {
    const shown = c.cookieNames.slice(0, 5).join(", ");
    const more = c.cookieNames.length > 5 ? `, +${c.cookieNames.length - 5} more` : "";
    parts.push(`${c.cookieNames.length} cookie${c.cookieNames.length === 1 ? "" : "s"} (${shown}${more})`);
  }
  return parts.length === 0 ? "no credentials" : parts.join(" and ");
}
