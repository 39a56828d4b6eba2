/**
 * What JWT claims and JOSE header parameters mean, as data. Registered names come from the IANA
 * "JSON Web Token Claims" and "JSON Web Signature and Encryption Header Parameters" registries;
 * the rest are the provider claims people meet when debugging (Entra ID, Cognito, Keycloak,
 * Firebase). A name not listed is shown with "custom claim".
 */
import { maskSecret } from "../text/mask.ts";
import { TOKEN_LIMITS } from "./limits.ts";
import { isoOf } from "../text/time.ts";
import type { ClaimLine } from "./types.ts";

export const CLAIM_MEANINGS: Readonly<Record<string, string>> = {
  // RFC 7519 §4.1
  iss: "issuer: who created and signed the token (RFC 7519 §4.1.1)",
  sub: "subject: the user or client the token is about (RFC 7519 §4.1.2)",
  aud: "audience: who must accept it; a recipient not named here must reject it (RFC 7519 §4.1.3)",
  exp: "expiry: not to be accepted at or after this time (RFC 7519 §4.1.4)",
  nbf: "not before: not to be accepted before this time (RFC 7519 §4.1.5)",
  iat: "issued at (RFC 7519 §4.1.6)",
  jti: "token id, unique per token; lets servers detect replay (RFC 7519 §4.1.7)",
  // OpenID Connect Core 1.0 §2, §5.1
  azp: "authorized party: the client the ID token was issued to (OIDC Core §2)",
  nonce: "binds the ID token to the login request that asked for it (OIDC Core §2)",
  auth_time: "when the user last actively authenticated (OIDC Core §2)",
  acr: "authentication context class: how strongly the user authenticated (OIDC Core §2)",
  amr: "authentication methods used, e.g. pwd, mfa, otp (OIDC Core §2, RFC 8176)",
  at_hash: "hash of the access token issued with this ID token (OIDC Core §3.1.3.6)",
  c_hash: "hash of the authorization code issued with this ID token (OIDC Core §3.3.2.11)",
  sid: "session id at the identity provider (OIDC Front-Channel Logout §3)",
  name: "full name (OIDC Core §5.1)",
  given_name: "given name (OIDC Core §5.1)",
  family_name: "family name (OIDC Core §5.1)",
  preferred_username: "user name the user prefers; not unique, not for authorization (OIDC Core §5.1)",
  email: "e-mail address (OIDC Core §5.1)",
  email_verified: "whether the provider verified the e-mail address (OIDC Core §5.1)",
  phone_number: "phone number (OIDC Core §5.1)",
  phone_number_verified: "whether the provider verified the phone number (OIDC Core §5.1)",
  picture: "profile picture URL (OIDC Core §5.1)",
  locale: "locale (OIDC Core §5.1)",
  updated_at: "when the profile was last updated (OIDC Core §5.1)",
  // RFC 9068 (JWT access tokens), RFC 8693, RFC 7800, RFC 9449
  scope: "scopes granted, space-separated (RFC 8693 §4.2, RFC 9068 §2.2.3)",
  scp: "scopes granted (Microsoft Entra ID and others, as a list or a string)",
  client_id: "the OAuth client the token was issued to (RFC 9068 §2.2, RFC 8693 §4.3)",
  roles: "roles (RFC 9068 §2.2.3.1, RFC 7643 §4.1.2)",
  groups: "groups (RFC 9068 §2.2.3.1, RFC 7643 §4.1.2)",
  entitlements: "entitlements (RFC 9068 §2.2.3.1, RFC 7643 §4.1.2)",
  act: "actor: who acts on behalf of the subject, in delegation (RFC 8693 §4.1)",
  may_act: "who is allowed to act on behalf of the subject (RFC 8693 §4.4)",
  cnf: "confirmation key: the token is bound to this key, e.g. DPoP or mTLS (RFC 7800 §3.1, RFC 9449 §6)",
  htm: "DPoP proof: the HTTP method it was made for (RFC 9449 §4.2)",
  htu: "DPoP proof: the URL it was made for, without query and fragment (RFC 9449 §4.2)",
  ath: "DPoP proof: hash of the access token sent with it (RFC 9449 §4.2)",
  // SD-JWT (RFC 9901)
  _sd: "digests of selectively disclosable claims (RFC 9901 §4)",
  _sd_alg: "hash algorithm of the disclosure digests (RFC 9901 §4)",
  vct: "verifiable credential type (SD-JWT VC)",
  // Microsoft Entra ID
  tid: "Entra ID: tenant id",
  oid: "Entra ID: the user's object id, stable across applications",
  ver: "Entra ID: token format version (1.0 or 2.0)",
  upn: "Entra ID: user principal name",
  unique_name: "Entra ID v1.0: display user name; not for authorization",
  appid: "Entra ID v1.0: the client application id",
  idp: "Entra ID: the identity provider that authenticated the user",
  aio: "Entra ID: internal data, opaque",
  uti: "Entra ID: internal token id, opaque",
  rh: "Entra ID: internal re-validation data, opaque",
  ipaddr: "Entra ID: the IP address the user authenticated from",
  // Amazon Cognito
  token_use: "Cognito: id or access token",
  "cognito:username": "Cognito: the user name",
  "cognito:groups": "Cognito: user pool groups",
  username: "the user name (Cognito access tokens and others)",
  event_id: "Cognito: the sign-in event",
  origin_jti: "Cognito: id of the authentication that issued this token family (for revocation)",
  // Keycloak
  typ: "Keycloak: token type (Bearer, ID, Refresh)",
  realm_access: "Keycloak: realm roles",
  resource_access: "Keycloak: client roles, per client",
  session_state: "Keycloak: session id",
  "allowed-origins": "Keycloak: web origins allowed for CORS",
  // Firebase
  user_id: "Firebase: the user id (same as sub)",
  firebase: "Firebase: sign-in provider and linked identities",
};

export const HEADER_MEANINGS: Readonly<Record<string, string>> = {
  alg: "algorithm: for a JWS how it is signed, for a JWE how the content key is encrypted (RFC 7515 §4.1.1, RFC 7516 §4.1.1)",
  enc: "content encryption algorithm: how the payload is encrypted (RFC 7516 §4.1.2)",
  typ: "media type of the whole token, e.g. JWT, at+jwt, dpop+jwt (RFC 7515 §4.1.9)",
  cty: "media type of the payload; JWT means a nested JWT (RFC 7515 §4.1.10, RFC 7519 §5.2)",
  kid: "id of the key that signed or encrypted it; look it up in the issuer's JWKS (RFC 7515 §4.1.4)",
  jku: "URL of the JWK Set holding the key (RFC 7515 §4.1.2)",
  jwk: "the public key itself (RFC 7515 §4.1.3); DPoP proofs carry it (RFC 9449 §4.2)",
  x5u: "URL of the X.509 certificate chain (RFC 7515 §4.1.5)",
  x5c: "the X.509 certificate chain (RFC 7515 §4.1.6)",
  x5t: "SHA-1 thumbprint of the certificate (RFC 7515 §4.1.7)",
  "x5t#S256": "SHA-256 thumbprint of the certificate (RFC 7515 §4.1.8)",
  crit: "extensions the recipient must understand, or reject the token (RFC 7515 §4.1.11)",
  b64: "false: the payload is not base64url-encoded (RFC 7797 §3)",
  zip: "the payload was compressed before encryption; DEF is DEFLATE (RFC 7516 §4.1.3)",
  epk: "ephemeral public key for ECDH key agreement (RFC 7518 §4.6.1.1)",
  apu: "agreement PartyUInfo (RFC 7518 §4.6.1.2)",
  apv: "agreement PartyVInfo (RFC 7518 §4.6.1.3)",
  iv: "initialization vector for AES-GCM key wrapping (RFC 7518 §4.7.1.1)",
  tag: "authentication tag of AES-GCM key wrapping (RFC 7518 §4.7.1.2)",
  p2s: "PBES2 salt input (RFC 7518 §4.8.1.1)",
  p2c: "PBES2 iteration count (RFC 7518 §4.8.1.2)",
};

/** What `alg` and `enc` values mean, for the JWE summary ("what is encrypted, and how"). */
export const ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  RSA1_5: "RSAES-PKCS1-v1_5 key encryption",
  "RSA-OAEP": "RSAES-OAEP key encryption",
  "RSA-OAEP-256": "RSAES-OAEP with SHA-256 key encryption",
  A128KW: "AES-128 key wrap",
  A192KW: "AES-192 key wrap",
  A256KW: "AES-256 key wrap",
  dir: "a shared symmetric key used directly",
  "ECDH-ES": "ECDH-ES key agreement",
  "ECDH-ES+A128KW": "ECDH-ES key agreement with AES-128 key wrap",
  "ECDH-ES+A192KW": "ECDH-ES key agreement with AES-192 key wrap",
  "ECDH-ES+A256KW": "ECDH-ES key agreement with AES-256 key wrap",
  A128GCMKW: "AES-128-GCM key wrap",
  A192GCMKW: "AES-192-GCM key wrap",
  A256GCMKW: "AES-256-GCM key wrap",
  "PBES2-HS256+A128KW": "a password-derived key (PBES2) with AES-128 key wrap",
  "PBES2-HS384+A192KW": "a password-derived key (PBES2) with AES-192 key wrap",
  "PBES2-HS512+A256KW": "a password-derived key (PBES2) with AES-256 key wrap",
  "A128CBC-HS256": "AES-128-CBC with HMAC-SHA-256",
  "A192CBC-HS384": "AES-192-CBC with HMAC-SHA-384",
  "A256CBC-HS512": "AES-256-CBC with HMAC-SHA-512",
  A128GCM: "AES-128-GCM",
  A192GCM: "AES-192-GCM",
  A256GCM: "AES-256-GCM",
};

const TIME_CLAIMS: ReadonlySet<string> = new Set(["exp", "nbf", "iat", "auth_time", "updated_at"]);

/** A compact JWS or JWE inside a claim: never shown whole. */
const EMBEDDED_JWT = /^eyJ[\w-]*\.[\w-]*\.[\w-]*(\.[\w-]*\.[\w-]*)?$/;

function cut(text: string): string {
  const max = TOKEN_LIMITS.claimValueChars;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A claim value as text: strings as they are, times with their UTC reading, the rest as JSON. */
export function renderValue(name: string, value: unknown): string {
  if (typeof value === "string") return EMBEDDED_JWT.test(value) ? maskSecret(value) : cut(value);
  if (typeof value === "number" && TIME_CLAIMS.has(name) && Number.isFinite(value)) return `${value} (${isoOf(value * 1000)})`;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return cut(value.join(", "));
  try {
    return cut(JSON.stringify(value) ?? String(value));
  } catch {
    return "(not representable)";
  }
}

function lines(object: Record<string, unknown>, meanings: Readonly<Record<string, string>>, fallback: string): ClaimLine[] {
  return Object.keys(object).map((name) => ({
    name,
    value: renderValue(name, object[name]),
    meaning: Object.hasOwn(meanings, name) ? meanings[name]! : fallback,
  }));
}

export function claimLines(payload: Record<string, unknown>): ClaimLine[] {
  return lines(payload, CLAIM_MEANINGS, "custom claim");
}

export function headerLines(header: Record<string, unknown>): ClaimLine[] {
  return lines(header, HEADER_MEANINGS, "custom header parameter");
}

export function headerMeaning(name: string): string {
  return Object.hasOwn(HEADER_MEANINGS, name) ? HEADER_MEANINGS[name]! : "custom header parameter";
}

export function algorithmName(alg: unknown): string | undefined {
  return typeof alg === "string" && Object.hasOwn(ALGORITHM_NAMES, alg) ? ALGORITHM_NAMES[alg] : undefined;
}
