/**
 * The vendor table: every gateway, identity provider and framework message AuthLens knows, one
 * module per vendor family, in one list. Other modules read views of it (the token identity
 * reasons, the "no token" messages); none keeps a copy.
 *
 * Order is priority (vendors/match.ts takes the first entry that matches). Microsoft Entra's
 * AADSTS codes lead: a message that carries one is Entra's, whatever else it says ("AADSTS50012:
 * Client assertion contains an invalid signature" is about the client's credential, not a
 * token's signature). Then the token identity codes, a missing key before a bad signature before a wrong audience before a wrong
 * issuer (a message about a missing key also speaks of the signature it could not check); then
 * everything else. Within a code, families that word a reason precisely (a product, or a message
 * only sent with its Server header) come before general wording ("invalid signature").
 */
import { AADSTS, GRAPH } from "./entra.ts";
import { ALB, AWS, AZURE_APIM, CLOUDFLARE_ACCESS, ENVOY, KONG, WEB_SERVERS } from "./gateways.ts";
import { AUTH0, KEYCLOAK, OKTA } from "./identity-providers.ts";
import { ASPNET, SPRING } from "./jvm-dotnet.ts";
import { FASTIFY, HONO, JOSE, JSONWEBTOKEN } from "./node-jwt.ts";
import { GO, PYTHON } from "./other-frameworks.ts";
import { FIREBASE, GITHUB, GOOGLE, SUPABASE } from "./platforms.ts";
import type { TokenIdentityCode, VendorCode, VendorEntry } from "./types.ts";

export type { TokenIdentityCode, VendorCode, VendorEntry } from "./types.ts";

const FAMILIES: readonly (readonly VendorEntry[])[] = [
  ENVOY,
  SUPABASE,
  KONG,
  AWS,
  ALB,
  AZURE_APIM,
  CLOUDFLARE_ACCESS,
  WEB_SERVERS,
  SPRING,
  ASPNET,
  GRAPH,
  KEYCLOAK,
  OKTA,
  AUTH0,
  GOOGLE,
  FIREBASE,
  GITHUB,
  JOSE,
  FASTIFY,
  JSONWEBTOKEN,
  HONO,
  GO,
  PYTHON,
];

export const IDENTITY_CODES: readonly TokenIdentityCode[] = ["auth.token-key-unknown", "auth.token-signature-invalid", "auth.token-audience-mismatch", "auth.token-issuer-mismatch"];

export function isIdentityCode(code: VendorCode): code is TokenIdentityCode {
  return (IDENTITY_CODES as readonly string[]).includes(code);
}

function priority(e: VendorEntry): number {
  const i = (IDENTITY_CODES as readonly string[]).indexOf(e.code);
  return i < 0 ? IDENTITY_CODES.length : i;
}

/** Every entry, in priority order (a stable sort keeps each family's order within a code). */
export const VENDOR_TABLE: readonly VendorEntry[] = [...AADSTS, ...FAMILIES.flat().sort((a, b) => priority(a) - priority(b))];

/**
 * "There is no token in this request": the library looked for its token and found none (the
 * vendor table's entries for auth.authorization-not-received). express-oauth2-jwt-bearer,
 * Spring's and ASP.NET Core's bearer handlers say it with their challenge instead
 * (`Bearer realm="api"`, no error code): not-received.ts reads that sign.
 */
export const NO_TOKEN_MESSAGES: readonly VendorEntry[] = VENDOR_TABLE.filter((e) => e.code === "auth.authorization-not-received");
