/**
 * A whole OAuth 2.0 / OpenID Connect sign-in as Chromium's DevTools records it, and the ways it
 * goes wrong: the SPA sends the browser to the provider's /authorize (a document request with
 * PKCE S256, state and nonce), the user signs in, the provider's login POST redirects (302) back
 * to /callback with the code, the page exchanges it at /oauth2/token with its code_verifier, calls
 * the API with the access token, and refreshes (rotation: each refresh answers a new refresh token).
 */
import { API_ORIGIN, chromeEntry, entry, PAGE_ORIGIN } from "../helpers.ts";
import { T0_SECONDS, jws } from "../tokens/make.ts";

export const IDP = "https://id.example.com";
export const AUTHORIZE = `${IDP}/oauth2/authorize`;
export const TOKEN = `${IDP}/oauth2/token`;
export const CALLBACK = `${PAGE_ORIGIN}/callback`;
export const CLIENT_ID = "spa-orders";
/** RFC 7636 Appendix B. */
export const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
export const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
export const STATE = "af0ifjsldkj-7c2e4d";
export const CODE = "SplxlOBeZQQYbYS6WxSbIA-4f1d2c";
export const REFRESH_1 = "rt_8xLOxBtZp8-first-refresh-token-0a1b2c";
export const REFRESH_2 = "rt_Q2vR7mN4k1-second-refresh-token-3d4e5f";
export const ACCESS_1 = jws({ iss: IDP, sub: "user-42", aud: API_ORIGIN, scope: "openid orders:read", iat: T0_SECONDS, exp: T0_SECONDS + 3600 });
export const ACCESS_2 = jws({ iss: IDP, sub: "user-42", aud: API_ORIGIN, scope: "openid orders:read", iat: T0_SECONDS + 600, exp: T0_SECONDS + 4200 });
export const ID_TOKEN = jws({ iss: IDP, sub: "user-42", aud: CLIENT_ID, nonce: "n-0S6_WzA2Mj", iat: T0_SECONDS, exp: T0_SECONDS + 3600 });

type Entry = Record<string, unknown>;

export interface SignInOptions {
  /** The state sent (default STATE). */
  readonly state?: string;
  /** Added to every entry's start, in ms: several sign-ins in one capture. */
  readonly offset?: number;
  /** The state the provider sends back (default: the one sent; null: none). */
  readonly returnedState?: string | null;
  /** The verifier the token request sends (default: the RFC 7636 one). */
  readonly verifier?: string;
  /** The provider answers the redirect with this error instead of a code. */
  readonly error?: { readonly error: string; readonly description?: string };
  /** The token endpoint's answer (default: tokens). */
  readonly tokenAnswer?: { readonly status: number; readonly body: Record<string, unknown> };
  /** The same first refresh token sent twice, the second refused (two tabs refreshing). */
  readonly refreshReused?: boolean;
  /** A client_secret in the token request body. */
  readonly clientSecret?: string;
}

export function authorizeUrl(extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    response_type: "code",
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    scope: "openid profile orders:read",
    state: STATE,
    nonce: "n-0S6_WzA2Mj",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...extra,
  });
  return `${AUTHORIZE}?${q}`;
}

/** A top-level navigation (Chromium: _resourceType document, initiated by the parser or a redirect). */
export function navigation(spec: Parameters<typeof entry>[0] & { readonly location?: string; readonly html?: string }): Entry {
  const e = entry({ resourceType: "document", initiator: "other", ...spec });
  const response = e.response as Entry;
  if (spec.location !== undefined) {
    response.redirectURL = spec.location;
    (response.headers as { name: string; value: string }[]).push({ name: "Location", value: spec.location });
  }
  if (spec.html !== undefined) response.content = { size: spec.html.length, mimeType: "text/html", text: spec.html };
  return e;
}

/** A fetch() with a form body, answered JSON (a token request from the page). */
export function tokenFetch(at: number, form: Record<string, string>, status: number, answer: Record<string, unknown>): Entry {
  const e = chromeEntry({ url: TOKEN, method: "POST", at, status, requestHeaders: { Origin: PAGE_ORIGIN, "Content-Type": "application/x-www-form-urlencoded" }, responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN, "Content-Type": "application/json" } });
  const text = new URLSearchParams(form).toString();
  (e.request as Entry).postData = { mimeType: "application/x-www-form-urlencoded", text };
  const json = JSON.stringify(answer);
  (e.response as Entry).content = { size: json.length, mimeType: "application/json", text: json };
  return e;
}

export function apiCall(at: number, token: string, status = 200): Entry {
  return chromeEntry({
    url: `${API_ORIGIN}/v1/orders`,
    at,
    status,
    requestHeaders: { Origin: PAGE_ORIGIN, Authorization: `Bearer ${token}` },
    responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN, Vary: "Origin", ...(status === 401 ? { "WWW-Authenticate": 'Bearer error="invalid_token"', "Access-Control-Expose-Headers": "WWW-Authenticate" } : {}) },
  });
}

function shifted(e: Entry, ms: number): Entry {
  return { ...e, startedDateTime: new Date(Date.parse(e.startedDateTime as string) + ms).toISOString() };
}

/** The sign-in's entries, in the order Chromium lists them (ids e1, e2, … after import). */
export function signInEntries(o: SignInOptions = {}): Entry[] {
  const sent = o.state ?? STATE;
  const state = o.returnedState === undefined ? sent : o.returnedState;
  const back = new URLSearchParams(o.error ? { error: o.error.error, ...(o.error.description !== undefined ? { error_description: o.error.description } : {}) } : { code: CODE });
  if (state !== null) back.set("state", state);
  back.set("iss", IDP);
  const redirect = `${CALLBACK}?${back}`;
  const entries: Entry[] = [
    // e1: the app sends the browser to the provider; e2: the provider's login form posts and redirects back; e3: the callback page.
    navigation({ url: authorizeUrl({ state: sent }), at: 0, html: "<!doctype html><title>Sign in</title><form method=post action=/login>…</form>" }),
    navigation({ url: `${IDP}/login`, method: "POST", at: 4_000, status: 302, location: redirect }),
    navigation({ url: redirect, at: 4_100, initiator: "redirect" }),
  ];
  if (o.error) return o.offset ? entries.map((e) => shifted(e, o.offset!)) : entries;
  const form: Record<string, string> = { grant_type: "authorization_code", code: CODE, redirect_uri: CALLBACK, client_id: CLIENT_ID, code_verifier: o.verifier ?? VERIFIER };
  if (o.clientSecret !== undefined) form.client_secret = o.clientSecret;
  const answer = o.tokenAnswer ?? {
    status: 200,
    body: { access_token: ACCESS_1, token_type: "Bearer", expires_in: 3600, refresh_token: REFRESH_1, id_token: ID_TOKEN, scope: "openid profile orders:read" },
  };
  // e4: the code exchange; e5: the API call with its access token.
  entries.push(tokenFetch(4_300, form, answer.status, answer.body));
  if (answer.status !== 200) return o.offset ? entries.map((e) => shifted(e, o.offset!)) : entries;
  entries.push(apiCall(4_600, ACCESS_1));
  // e6: the refresh (rotation: a new refresh token); e7: the API with the new access token.
  const refresh = { grant_type: "refresh_token", refresh_token: REFRESH_1, client_id: CLIENT_ID };
  entries.push(tokenFetch(600_000, refresh, 200, { access_token: ACCESS_2, token_type: "Bearer", expires_in: 3600, refresh_token: REFRESH_2 }));
  entries.push(apiCall(600_300, ACCESS_2));
  // e8: another tab refreshes with the refresh token already rotated out.
  if (o.refreshReused) entries.push(tokenFetch(600_400, refresh, 400, { error: "invalid_grant", error_description: "Refresh token has already been used" }));
  return o.offset ? entries.map((e) => shifted(e, o.offset!)) : entries;
}
