/**
 * Where tokens travel in an exchange, as a table: the Authorization header, DPoP proofs,
 * token-bearing custom headers, cookies (sent and set), URL parameters and token endpoint
 * responses. Each place yields candidate strings; decode.ts says what they are.
 */
import { parseAuthorization } from "../credentials/authorization.ts";
import { parseBoundedJson } from "../bounded-json.ts";
import { forEachCookiePair, unquoted } from "../credentials/cookie-header.ts";
import { isPlaceholderValue } from "../credentials/placeholder.ts";
import { parseSetCookie, setCookieLines } from "../credentials/set-cookie.ts";
import { hasUrlCredential, urlCredential } from "../credentials/url-credentials.ts";
import type { Exchange } from "../exchange.ts";
import { headerValue, lowerCased } from "../headers.ts";
import { looksLikeJose } from "./jose.ts";
import { TOKEN_LIMITS } from "./limits.ts";

/** Which part of the exchange a token came from: request-side ones were presented, the others issued. */
export type TokenSource = "authorization" | "dpop" | "header" | "cookie" | "url" | "set-cookie" | "body";

export interface Candidate {
  readonly source: TokenSource;
  readonly where: string;
  readonly token: string;
  /** The auth-scheme it was sent with (Bearer, DPoP, Basic), for Authorization. */
  readonly scheme?: string;
  /** A token endpoint's `expires_in` (RFC 6749 §5.1) for this token, in seconds. */
  readonly expiresIn?: number;
}

/** Schemes whose credentials are a token or Basic credentials; Digest, Negotiate, AWS4-HMAC-SHA256… are not decoded. */
const TOKEN_SCHEMES: ReadonlySet<string> = new Set(["", "bearer", "dpop", "basic", "jwt", "token"]);

/**
 * Request headers that carry credentials by convention (lower case). Any other `*-token` header
 * counts too, except the ones below, which carry anti-forgery, paging or push values.
 */
const TOKEN_HEADERS: ReadonlySet<string> = new Set([
  "x-access-token", "x-auth-token", "x-id-token", "x-refresh-token", "x-api-key", "api-key", "apikey",
  "x-jwt-assertion", "x-goog-iap-jwt-assertion", "cf-access-jwt-assertion", "cf-access-token",
  "x-amzn-oidc-data", "x-amzn-oidc-accesstoken", "x-amz-security-token", "x-forwarded-access-token",
  "x-ms-token-aad-access-token", "x-ms-token-aad-id-token", "x-auth-request-access-token", "x-gitlab-token",
  "private-token", "x-shopify-access-token",
]);
const NOT_CREDENTIAL_HEADERS = /csrf|xsrf|forgery|verification|captcha|turnstile|page|continuation|next|cursor|sync|push|fcm|device|idempotency|cancel/;

export function isTokenHeader(lowerName: string): boolean {
  return TOKEN_HEADERS.has(lowerName) || (lowerName.endsWith("-token") && !NOT_CREDENTIAL_HEADERS.test(lowerName));
}

/** Cookie names that hold a token even when it is opaque (a JWT is recognised whatever the name). */
const TOKEN_COOKIE = /^(__(Host|Secure)-)?(access[_-]?token|id[_-]?token|refresh[_-]?token|auth[_-]?token|token|jwt|bearer)$/i;

/** Cheap test before parsing a URL: most URLs carry no token and are never parsed. */
function mayCarryToken(url: string): boolean {
  return hasUrlCredential(url) || url.includes("=eyJ");
}

/** Token endpoint response members (RFC 6749 §5.1, OIDC Core §3.1.3.3). */
const BODY_FIELDS = ["access_token", "id_token", "refresh_token"] as const;

function cookieValue(raw: string): string {
  const v = unquoted(raw);
  if (!v.includes("%")) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function isCookieToken(name: string, value: string): boolean {
  return value !== "" && (looksLikeJose(value) || TOKEN_COOKIE.test(name)) && !isPlaceholderValue(value);
}

/**
 * The token inside Authorization credentials, undoing the client bugs placeholder.ts reports
 * ("Bearer Bearer x", quotes): the token is still worth reading. Undefined when there is none.
 */
function authorizationToken(value: string): { token: string; scheme: string } | undefined {
  const auth = parseAuthorization(value);
  const scheme = auth.scheme;
  const lower = scheme.toLowerCase();
  if (!TOKEN_SCHEMES.has(lower)) return undefined;
  // Only the scheme-long head is lower-cased: lower-casing the whole credential would copy a token.
  let c = auth.credentials.trim();
  if (scheme !== "" && c[scheme.length] === " " && c.slice(0, scheme.length).toLowerCase() === lower) c = c.slice(scheme.length + 1).trim();
  c = unquoted(c);
  if (isPlaceholderValue(c) || (scheme !== "" && c.length === scheme.length && c.toLowerCase() === lower)) return undefined;
  return { token: c, scheme };
}

/**
 * The last characters of every header name fromHeaders takes: a name ending otherwise is passed
 * over without being lower-cased and looked up (most request headers, on every request).
 */
const LAST_CHARACTERS: ReadonlySet<string> = new Set(
  [...TOKEN_HEADERS, "authorization", "proxy-authorization", "dpop", "-token"].map((name) => name[name.length - 1]!),
);

/** LAST_CHARACTERS by ASCII code, as a character of that code lower-cases: one array read per header name. */
const LAST_ASCII: Uint8Array = Uint8Array.from({ length: 0x80 }, (_, code) => (LAST_CHARACTERS.has(String.fromCharCode(code).toLowerCase()) ? 1 : 0));

/**
 * Could fromHeaders take a header of this name, by its last character? Read as a character code:
 * a one-character string lower-cased per header of every request costs more than the rest of the
 * scan. Only a non-ASCII last character (which may lower-case to an ASCII one) takes that path.
 */
function mayNameToken(name: string): boolean {
  const code = name.charCodeAt(name.length - 1);
  if (code < 0x80) return LAST_ASCII[code] === 1;
  return LAST_CHARACTERS.has(name.charAt(name.length - 1).toLowerCase());
}

function fromHeaders(x: Exchange, out: Candidate[]): void {
  for (const h of x.request.headers) {
    if (!mayNameToken(h.name)) continue;
    const lower = lowerCased(h.name);
    if (lower === "authorization" || lower === "proxy-authorization") {
      const found = authorizationToken(h.value);
      if (found) out.push({ source: "authorization", where: lower === "authorization" ? "Authorization header" : "Proxy-Authorization header", ...found });
    } else if (lower === "dpop") {
      if (h.value.trim() !== "") out.push({ source: "dpop", where: "DPoP header", token: h.value.trim() });
    } else if (isTokenHeader(lower)) {
      const v = unquoted(h.value.trim());
      if (!isPlaceholderValue(v)) out.push({ source: "header", where: `${h.name} header`, token: v });
    }
  }
}

function cookieCandidate(name: string, raw: string): Candidate | undefined {
  const v = cookieValue(raw);
  return isCookieToken(name, v) ? { source: "cookie", where: `cookie ${name}`, token: v } : undefined;
}

/**
 * The cookie fields of an exchange, as its view already read them (view/exchange-view.ts);
 * read from the headers when the caller has no view.
 */
export interface CookieFields {
  /** The combined Cookie request field, undefined when absent. */
  readonly cookie: string | undefined;
  /** cookieHeaderCandidates of `cookie`, when the caller already has them (the same header, read before). */
  readonly cookieCandidates?: readonly Candidate[];
  readonly setCookieLines: readonly string[];
}

/** The token candidates of a Cookie header's cookies. */
export function cookieHeaderCandidates(value: string): readonly Candidate[] {
  const out: Candidate[] = [];
  forEachCookiePair(value, (name, raw) => {
    const c = cookieCandidate(name, raw);
    if (c) out.push(c);
  });
  return out;
}

/** The Cookie header's cookies, or HAR `request.cookies` when the header is absent; then Set-Cookie. */
function fromCookies(x: Exchange, out: Candidate[], fields?: CookieFields): void {
  const header = fields ? fields.cookie : headerValue(x.request.headers, "cookie");
  if (header !== undefined) {
    for (const c of fields?.cookieCandidates ?? cookieHeaderCandidates(header)) out.push(c);
  } else {
    for (const cookie of x.request.cookies) {
      const c = cookieCandidate(cookie.name, cookie.value);
      if (c) out.push(c);
    }
  }
  for (const line of fields ? fields.setCookieLines : setCookieLines(x)) {
    const c = parseSetCookie(line);
    const v = cookieValue(c.value);
    if (isCookieToken(c.name, v)) out.push({ source: "set-cookie", where: `Set-Cookie ${c.name}`, token: v });
  }
}

function fromUrl(x: Exchange, out: Candidate[]): void {
  if (!mayCarryToken(x.request.url)) return;
  let url: URL;
  try {
    url = new URL(x.request.url);
  } catch {
    return;
  }
  for (const [name, value] of url.searchParams) {
    if (value === "" || isPlaceholderValue(value)) continue;
    if (urlCredential(name) !== undefined || looksLikeJose(value)) out.push({ source: "url", where: `URL parameter ${name}`, token: value });
  }
}

function fromBody(x: Exchange, out: Candidate[]): void {
  const body = x.response?.body;
  if (!body || !/json/.test(body.mimeType) || !body.text.trimStart().startsWith("{")) return;
  const parsed = parseBoundedJson(body.text, "response body");
  if (!parsed.ok) return;
  const json = parsed.value;
  if (typeof json !== "object" || json === null || Array.isArray(json)) return;
  const o = json as Record<string, unknown>;
  const expiresIn = typeof o.expires_in === "number" && Number.isFinite(o.expires_in) ? o.expires_in : undefined;
  for (const field of BODY_FIELDS) {
    const v = o[field];
    if (typeof v !== "string" || v === "") continue;
    out.push({
      source: "body",
      where: `response body ${field}`,
      token: v,
      ...(field === "access_token" && expiresIn !== undefined ? { expiresIn } : {}),
    });
  }
}

/** Every token-looking value of an exchange, in the order above, at most TOKEN_LIMITS.perExchange. */
export function candidatesOf(x: Exchange, fields?: CookieFields): Candidate[] {
  const out: Candidate[] = [];
  fromHeaders(x, out);
  fromCookies(x, out, fields);
  fromUrl(x, out);
  fromBody(x, out);
  // Copied only when cut: most exchanges have no candidate at all, the others a few.
  return out.length > TOKEN_LIMITS.perExchange ? out.slice(0, TOKEN_LIMITS.perExchange) : out;
}

/** Was the token presented by the client (rather than issued to it in the response)? */
export function isPresented(source: TokenSource): boolean {
  return source !== "set-cookie" && source !== "body";
}
