/**
 * The JSON parts of a compact JWS (RFC 7515 §7.1) as plain objects, and single claims read from
 * them: what the challenge and credential rules need of an access token (scope, acr, auth_time,
 * exp) and of a DPoP proof (its header and claims). Decoded by the same part decoder as every
 * token reading (jwt-part.ts), so nesting is bounded the same way. Only read, never verified;
 * bounded, and never throws.
 */
import { decodeHeaderPart, decodePayloadPart } from "./jwt-part.ts";

/** Longer tokens are not read by the rules (real ones are a few kilobytes). */
const MAX_JWT_CHARS = 16_384;

export type JsonObject = Readonly<Record<string, unknown>>;

const DECODERS = [decodeHeaderPart, decodePayloadPart] as const;

/** Part 0 (the JOSE header) or 1 (the claims) of a compact JWS, as an object; undefined otherwise. */
export function jwtPart(token: string, part: 0 | 1): JsonObject | undefined {
  if (token.length > MAX_JWT_CHARS) return undefined;
  const parts = token.trim().split(".");
  if (parts.length !== 3) return undefined;
  let value: unknown;
  try {
    value = DECODERS[part](parts[part]!);
  } catch {
    // Not base64url, not JSON, or nested too deep (jwt-part.ts): nothing the rules can read.
    return undefined;
  }
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
