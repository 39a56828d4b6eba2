/**
 * Reading the JSON parts of a compact JWS (RFC 7515 §7.1) that a request carried: the access
 * token's claims (scope, acr, auth_time, exp) and a DPoP proof's header and claims. Only read,
 * never verified; bounded, and never throws.
 */
import { decodeBase64 } from "../../base64.ts";
import { parseBoundedJson } from "../../bounded-json.ts";

/** Longer tokens are not read (real ones are a few kilobytes). */
const MAX_JWT_CHARS = 16_384;
const UTF8 = new TextDecoder("utf-8");

export type JsonObject = Readonly<Record<string, unknown>>;

/** Part 0 (the JOSE header) or 1 (the claims) of a compact JWS, as an object. */
export function jwtPart(token: string, part: 0 | 1): JsonObject | undefined {
  if (token.length > MAX_JWT_CHARS) return undefined;
  const parts = token.trim().split(".");
  if (parts.length !== 3) return undefined;
  const bytes = decodeBase64(parts[part]!);
  if (!bytes) return undefined;
  const parsed = parseBoundedJson(UTF8.decode(bytes), part === 0 ? "header" : "payload");
  if (!parsed.ok) return undefined;
  const value = parsed.value;
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function stringClaim(claims: JsonObject | undefined, name: string): string | undefined {
  const v = claims?.[name];
  return typeof v === "string" ? v : undefined;
}

export function numberClaim(claims: JsonObject | undefined, name: string): number | undefined {
  const v = claims?.[name];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * The scopes a token grants: `scope` as a space-separated string (RFC 9068 §2.2.3, RFC 8693
 * §4.2), or `scp` as a string or an array (Microsoft Entra ID, Okta). Undefined when it has none.
 */
export function scopesOf(claims: JsonObject | undefined): string[] | undefined {
  for (const name of ["scope", "scp"]) {
    const v = claims?.[name];
    if (typeof v === "string") return v.split(" ").filter((s) => s !== "");
    if (Array.isArray(v)) return v.filter((s): s is string => typeof s === "string");
  }
  return undefined;
}
