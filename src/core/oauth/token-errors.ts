/**
 * The token endpoint's error codes (RFC 6749 §5.2 and the extensions registered with IANA's
 * "OAuth Extensions Error Registry" that a browser client meets), each with what it means, its
 * likely causes per grant type and the fix. Data only: rules/token-error.ts builds the text.
 */
import type { FindingCode } from "../findings.ts";

type OAuthCode = Extract<FindingCode, "oauth.invalid-grant" | "oauth.invalid-client" | "oauth.token-error">;

export interface TokenErrorMeaning {
  readonly code: OAuthCode;
  /** What the error says, after "error=<code>:". */
  readonly meaning: string;
  /** Where it is defined. */
  readonly source: string;
  /** Likely causes, keyed by grant_type; "*" for any grant (and one not listed). */
  readonly causes: Readonly<Record<string, readonly string[]>>;
  /**
   * A cause that applies to a browser app sending no client secret: listed first for such a
   * request (the likeliest then), last for any other.
   */
  readonly browserCause?: string;
  /** What to do, keyed like `causes`. */
  readonly fix: Readonly<Record<string, string>>;
}

export const GRANT = {
  code: "authorization_code",
  refresh: "refresh_token",
  password: "password",
  clientCredentials: "client_credentials",
  device: "urn:ietf:params:oauth:grant-type:device_code",
  jwtBearer: "urn:ietf:params:oauth:grant-type:jwt-bearer",
  tokenExchange: "urn:ietf:params:oauth:grant-type:token-exchange",
} as const;

export const TOKEN_ERRORS: Readonly<Record<string, TokenErrorMeaning>> = {
  invalid_grant: {
    code: "oauth.invalid-grant",
    meaning:
      "the grant (authorization code, refresh token, password or assertion) is invalid, expired, revoked, does not match the redirect URI of the authorization request, or was issued to another client",
    source: "RFC 6749 §5.2",
    causes: {
      [GRANT.code]: [
        "the code was already used: codes are single-use (RFC 6749 §4.1.2), and a second exchange — a callback page run twice (React StrictMode, a reload, a double submit) — is refused",
        "the code expired: providers keep codes for seconds to a few minutes (RFC 6749 §4.1.2 recommends at most 10)",
        "the redirect_uri differs from the one in the authorization request, even by a trailing slash or port (RFC 6749 §4.1.3)",
        "the PKCE code_verifier does not match the code_challenge of the authorization request, often a verifier from another login attempt or tab (RFC 7636 §4.6)",
        "the code was issued to another client_id",
      ],
      [GRANT.refresh]: [
        "the refresh token expired (its idle or absolute lifetime ran out)",
        "the refresh token was revoked: sign-out, a password change, withdrawn consent, or an administrator",
        "refresh token rotation: this token was already exchanged once and is void; sending it again (two tabs or two concurrent requests refreshing at the same time) looks like theft, and many providers then revoke the whole token family",
        "the refresh token was issued to another client_id (RFC 6749 §6)",
      ],
      [GRANT.password]: ["the user name or password is wrong, or the account is locked or must complete another step (MFA, a password change)"],
      [GRANT.jwtBearer]: ["the assertion is expired, not yet valid, signed with a key the server does not know, or its aud is not this token endpoint (RFC 7523 §3)"],
      [GRANT.tokenExchange]: ["the subject_token (or actor_token) is invalid, expired, or not of the subject_token_type sent (RFC 8693 §2.2.2)"],
      "*": ["the grant is expired, revoked, already used, or was issued to another client"],
    },
    fix: {
      [GRANT.code]:
        "Start a new login (authorization request) and exchange its code exactly once, right away, with the same redirect_uri and the code_verifier stored for that very request.",
      [GRANT.refresh]:
        "Sign the user in again; with refresh token rotation, store the new refresh token from every token response and let only one refresh run at a time (share one in-flight refresh across tabs and requests).",
      "*": "Get a new grant (sign in again, or a fresh assertion) and retry once; the error_description usually names the reason.",
    },
  },
  invalid_client: {
    code: "oauth.invalid-client",
    meaning: "client authentication failed: the server does not know the client, or the client did not prove who it is",
    source: "RFC 6749 §5.2",
    causes: {
      "*": [
        "the client_id is unknown here: a typo, or an id from another tenant, realm or environment (dev / staging / prod)",
        "the client secret is wrong, expired (provider secrets expire and are rotated) or missing",
        "the client authentication method differs from the registered one (client_secret_basic vs client_secret_post, or private_key_jwt)",
      ],
    },
    browserCause:
      "a public browser client (an SPA, which cannot keep a secret) is registered as confidential, so the server requires a secret it will never get",
    fix: {
      "*": "Compare the client_id with the provider's registration for this environment; for a browser app, register it as a public client (SPA / no client secret, with PKCE); for a server-side client, send the current secret with the registered method (token_endpoint_auth_method).",
    },
  },
  invalid_request: {
    code: "oauth.token-error",
    meaning: "the request is missing a required parameter, includes an unsupported value, repeats a parameter, or uses more than one way to authenticate the client",
    source: "RFC 6749 §5.2",
    causes: {
      [GRANT.code]: ["code, redirect_uri or code_verifier is missing", "the body is not form-encoded, so the server sees no parameters at all"],
      [GRANT.refresh]: ["refresh_token is missing or empty (a client that lost it)", "the body is not form-encoded"],
      "*": ["a required parameter is missing or repeated", "the client authenticated twice (Basic and client_secret in the body)", "the body is not form-encoded"],
    },
    fix: {
      "*": "Send every parameter the grant requires once, form-encoded (Content-Type: application/x-www-form-urlencoded), and authenticate the client one way only; the error_description names the parameter.",
    },
  },
  unauthorized_client: {
    code: "oauth.token-error",
    meaning: "the client is not allowed to use this grant type",
    source: "RFC 6749 §5.2",
    causes: { "*": ["the grant type is not enabled for this client in the provider's settings (e.g. refresh_token, client_credentials or the device flow)"] },
    fix: { "*": "Enable the grant type for this client in the provider's application settings, or use a grant it allows." },
  },
  unsupported_grant_type: {
    code: "oauth.token-error",
    meaning: "the authorization server does not support this grant type",
    source: "RFC 6749 §5.2",
    causes: {
      "*": [
        "grant_type is misspelt or missing",
        "the body was sent as JSON, so a server reading form parameters finds no grant_type (RFC 6749 §4.1.3 requires application/x-www-form-urlencoded)",
        "the server does not offer this grant at all (e.g. password, removed in OAuth 2.1)",
      ],
    },
    fix: {
      "*": "Send grant_type with a value the server lists in its metadata (grant_types_supported), in a body form-encoded as application/x-www-form-urlencoded.",
    },
  },
  invalid_scope: {
    code: "oauth.token-error",
    meaning: "the scope asked for is invalid, unknown, malformed, or exceeds what the resource owner granted",
    source: "RFC 6749 §5.2",
    causes: {
      [GRANT.refresh]: ["a refresh may only ask for the scopes of the original grant or fewer (RFC 6749 §6)"],
      "*": ["a scope name is misspelt or not defined for this API", "the client is not allowed to ask for it"],
    },
    fix: { "*": "Ask only for scopes the server defines (its metadata: scopes_supported) and this client may request." },
  },
  invalid_target: {
    code: "oauth.token-error",
    meaning: "the resource (or audience) asked for is invalid, unknown, or not allowed for this client",
    source: "RFC 8707 §2",
    causes: { "*": ["the resource parameter names an API the server does not know, or one this client may not call"] },
    fix: { "*": "Send a resource value registered for this API, exactly as registered (scheme, host, path)." },
  },
  invalid_dpop_proof: {
    code: "oauth.token-error",
    meaning: "the DPoP proof of the token request is invalid",
    source: "RFC 9449 §5",
    causes: { "*": ["its htm or htu does not match this request, its iat is off, its jti was reused, or its signature does not verify"] },
    fix: { "*": "Build a fresh DPoP proof for this exact request (htm POST, htu the token endpoint URL without query) and retry." },
  },
  expired_token: {
    code: "oauth.token-error",
    meaning: "the device code expired before the user finished",
    source: "RFC 8628 §3.5",
    causes: { "*": ["the user did not complete the device login in time"] },
    fix: { "*": "Start a new device authorization request." },
  },
  access_denied: {
    code: "oauth.token-error",
    meaning: "the user or the authorization server denied the request",
    source: "RFC 8628 §3.5",
    causes: { "*": ["the user declined, or a policy refused this client or user"] },
    fix: { "*": "Let the user start again; if a policy refused it, the error_description names it." },
  },
};

/**
 * Answers that are a normal round of a protocol, not a failure: a client polling the device flow
 * (RFC 8628 §3.5) or getting its first DPoP nonce (RFC 9449 §8).
 */
export const NORMAL_ROUNDS: ReadonlySet<string> = new Set(["authorization_pending", "slow_down", "use_dpop_nonce"]);

/** The entry for a grant, or the "*" one. */
export function forGrant<T>(table: Readonly<Record<string, T>>, grant: string | undefined): T | undefined {
  return (grant !== undefined && Object.hasOwn(table, grant) ? table[grant] : undefined) ?? table["*"];
}
