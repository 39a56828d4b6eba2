/**
 * The front-channel half of an OAuth 2.0 / OpenID Connect sign-in as a capture shows it: the
 * authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1), a GET whose query carries
 * response_type and client_id, and the authorization response (§4.1.2, §4.1.2.1) sent back to
 * the redirect URI: in the query, in the fragment (OAuth 2.0 Multiple Response Type Encoding
 * Practices §5), or in a form POST (OAuth 2.0 Form Post Response Mode §2). The response shows up
 * as the Location of a 3xx from the provider, as the request to the redirect URI, or as both.
 */
import type { Exchange } from "../exchange.ts";
import { redirectLocation } from "../cors/request-kind.ts";
import { headerValue } from "../headers.ts";

export interface AuthorizationRequest {
  /** The authorization endpoint: origin and path. */
  readonly endpoint: string;
  readonly responseType: string;
  readonly clientId: string;
  readonly redirectUri?: string;
  readonly state?: string;
  readonly scope?: string;
  readonly nonce?: string;
  readonly responseMode?: string;
  readonly codeChallenge?: string;
  readonly codeChallengeMethod?: string;
}

export interface AuthorizationResponse {
  /** The redirect URI it went to, without query and fragment (the key that links a flow). */
  readonly target: string;
  readonly via: "query" | "fragment" | "form_post";
  /** A 3xx whose Location carries it, or the request made to the redirect URI. */
  readonly carrier: "redirect" | "request";
  readonly code?: string;
  readonly state?: string;
  readonly error?: string;
  readonly errorDescription?: string;
  readonly errorUri?: string;
  /** RFC 9207: the issuer that answered. */
  readonly iss?: string;
  /** Implicit and hybrid responses (OIDC Core §3.2.2.5, §3.3.2.5). */
  readonly accessToken?: string;
  readonly idToken?: string;
}

/** Longest URL read as a sign-in step: a real authorization URL is under 8 KB (a request object aside). */
const MAX_URL = 16_384;

function parsedUrl(url: string, base?: string): URL | undefined {
  if (url.length > MAX_URL) return undefined;
  try {
    return base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    return undefined;
  }
}

/** Origin and path: what the authorization request's redirect_uri and the response's URL share. */
export function redirectTarget(url: string): string | undefined {
  const u = parsedUrl(url);
  // A custom scheme (com.example.app:/callback) has an opaque origin: its scheme stands for it.
  return u ? `${u.origin === "null" ? u.protocol : u.origin}${u.pathname}` : undefined;
}

/** The first value of each parameter (RFC 6749 §3.1: parameters are never repeated). */
function firstValues(params: URLSearchParams): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of params) if (!out.has(name)) out.set(name, value);
  return out;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value !== undefined && value !== "" ? { [key]: value } : {}) as { [P in K]?: string };
}

/** The authorization request this exchange is: a GET with response_type and client_id in its query. */
export function authorizationRequestOf(x: Exchange): AuthorizationRequest | undefined {
  if (x.request.method !== "GET" || !x.request.url.includes("response_type=")) return undefined;
  const u = parsedUrl(x.request.url);
  if (!u) return undefined;
  const p = firstValues(u.searchParams);
  const responseType = p.get("response_type");
  const clientId = p.get("client_id");
  if (responseType === undefined || responseType === "" || clientId === undefined || clientId === "") return undefined;
  return {
    endpoint: `${u.origin}${u.pathname}`,
    responseType,
    clientId,
    ...optional("redirectUri", p.get("redirect_uri")),
    ...optional("state", p.get("state")),
    ...optional("scope", p.get("scope")),
    ...optional("nonce", p.get("nonce")),
    ...optional("responseMode", p.get("response_mode")),
    ...optional("codeChallenge", p.get("code_challenge")),
    ...optional("codeChallengeMethod", p.get("code_challenge_method")),
  };
}

/** A parameter set that is an authorization response: a code, an error or tokens, and not itself a request. */
function responseFrom(p: Map<string, string>, target: string, via: AuthorizationResponse["via"], carrier: AuthorizationResponse["carrier"]): AuthorizationResponse | undefined {
  if (p.has("response_type") || p.has("client_id") || p.has("grant_type")) return undefined;
  const code = p.get("code");
  const error = p.get("error");
  const accessToken = p.get("access_token");
  const idToken = p.get("id_token");
  if (!code && !error && !accessToken && !idToken) return undefined;
  return {
    target,
    via,
    carrier,
    ...optional("code", code),
    ...optional("state", p.get("state")),
    ...optional("error", error),
    ...optional("errorDescription", p.get("error_description")),
    ...optional("errorUri", p.get("error_uri")),
    ...optional("iss", p.get("iss")),
    ...optional("accessToken", accessToken),
    ...optional("idToken", idToken),
  };
}

/** The response a URL carries: its query first, else its fragment. */
function responseInUrl(u: URL, carrier: AuthorizationResponse["carrier"]): AuthorizationResponse | undefined {
  const target = `${u.origin === "null" ? u.protocol : u.origin}${u.pathname}`;
  const query = u.search !== "" ? responseFrom(firstValues(u.searchParams), target, "query", carrier) : undefined;
  if (query) return query;
  return u.hash.length > 1 ? responseFrom(firstValues(new URLSearchParams(u.hash.slice(1))), target, "fragment", carrier) : undefined;
}

/**
 * The authorization response this exchange carries, if any: in the Location of a redirect, in the
 * URL it requested, or in a form_post body. Any code or error is taken; whether it belongs to a
 * sign-in is decided by linking it to an authorization request (sign-in-flow.ts).
 */
export function authorizationResponseOf(x: Exchange): AuthorizationResponse | undefined {
  const location = redirectLocation(x);
  if (location !== undefined && /[?#&](code|error|access_token|id_token)=/.test(location)) {
    const u = parsedUrl(location, x.request.url);
    const found = u ? responseInUrl(u, "redirect") : undefined;
    if (found) return found;
  }
  const url = x.request.url;
  if (x.request.method === "GET" && /[?#&](code|error|access_token|id_token)=/.test(url)) {
    const u = parsedUrl(url);
    return u ? responseInUrl(u, "request") : undefined;
  }
  const body = x.request.body;
  if (x.request.method === "POST" && body && /x-www-form-urlencoded/i.test(body.mimeType || headerValue(x.request.headers, "content-type") || "")) {
    const target = redirectTarget(url);
    if (target === undefined || !/(^|&)(code|error|id_token)=/.test(body.text)) return undefined;
    return responseFrom(firstValues(new URLSearchParams(body.text)), target, "form_post", "request");
  }
  return undefined;
}
