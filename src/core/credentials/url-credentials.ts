/**
 * Query parameters that carry credentials, as data, shared by auth.token-in-url, the token
 * scanner and every finding text that names a URL (so that no finding repeats a token that sat in
 * a query string). `code` is deliberately absent: an authorization code is single-use and belongs
 * in the redirect URI (RFC 6749 §4.1.2).
 */

export interface UrlCredential {
  readonly what: string;
  readonly why: string;
  /** Shorter values are flags or ids ("token=1"), not credentials. */
  readonly minLength: number;
}

export const URL_CREDENTIALS: Readonly<Record<string, UrlCredential>> = {
  access_token: { what: "an OAuth access token", why: "RFC 6750 §2.3 (SHOULD NOT), RFC 9700 §4.3.2 (MUST NOT)", minLength: 1 },
  id_token: { what: "an OpenID Connect ID token", why: "it carries the user's identity claims; OIDC returns it in a fragment or a form post, never to a server in a query", minLength: 1 },
  refresh_token: { what: "an OAuth refresh token", why: "a long-lived credential that mints new access tokens (RFC 6749 §10.4)", minLength: 1 },
  token: { what: "a token", why: "credentials in URLs are logged and leaked (RFC 6750 §2.3)", minLength: 8 },
  jwt: { what: "a JWT", why: "credentials in URLs are logged and leaked (RFC 6750 §2.3)", minLength: 8 },
  auth_token: { what: "an authentication token", why: "credentials in URLs are logged and leaked (RFC 6750 §2.3)", minLength: 8 },
  api_key: { what: "an API key", why: "API keys in URLs are logged and leaked like any credential", minLength: 8 },
  apikey: { what: "an API key", why: "API keys in URLs are logged and leaked like any credential", minLength: 8 },
  client_secret: { what: "an OAuth client secret", why: "RFC 6749 §2.3.1: client credentials MUST NOT be included in the request URI", minLength: 1 },
  password: { what: "a password", why: "passwords in URLs are logged and leaked like any credential", minLength: 1 },
};

export function urlCredential(name: string): UrlCredential | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(URL_CREDENTIALS, key) ? URL_CREDENTIALS[key] : undefined;
}

const NAMES = Object.keys(URL_CREDENTIALS).join("|");

const PARAM = `([?&#](?:${NAMES})=)`;
const HINT = new RegExp(PARAM, "i");

/** Does the URL have a credential parameter (query or fragment)? Tested without parsing the URL. */
export function hasUrlCredential(url: string): boolean {
  // Every parameter with a value has an "=": most URLs are ruled out without running the pattern.
  return url.includes("=") && HINT.test(url);
}
