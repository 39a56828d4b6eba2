/**
 * AuthLens's one redaction policy: what counts as a secret on every surface that shows or
 * shares an exchange (the panel with *Show secrets* off, HAR export, cURL, fetch, Markdown).
 * A value is secret by its name (the tables below) or by its shape (a JWT anywhere, a long
 * random token where credentials travel). Surfaces differ only in the mask they put in its
 * place: the screen shows the first 4 characters and the length, shared text `[REDACTED]`.
 */
import { isPlaceholderValue } from "../credentials/placeholder.ts";
import { maskSecret } from "../text/mask.ts";

/** What replaces a removed secret. */
export const REDACTED = "[REDACTED]";

/** One thing a redaction removed, in words for the export preview. */
export interface RedactionItem {
  /** e.g. "request header Authorization of GET https://api.example.com/v1/orders" */
  readonly where: string;
  /** e.g. "Bearer credentials (812 chars)" */
  readonly what: string;
}

export interface ShareOptions {
  /** True only when the user explicitly asks for the secrets to stay. */
  readonly includeSecrets: boolean;
}

/**
 * What stands in for a secret. `whole` replaces a secret value; `jose` a JWT/JWE, given the
 * token and its shared form (header and claims kept, signature replaced).
 */
export interface Mask {
  readonly whole: (secret: string) => string;
  readonly jose: (token: string, shared: string) => string;
}

/** Shared text (exports, copies): secrets become [REDACTED]; JWTs keep header and claims so the file still explains the failure. */
export const SHARE_MASK: Mask = { whole: () => REDACTED, jose: (_token, shared) => shared };

/** Texts AuthLens writes about an exchange (finding details): no part of a credential, JWT claims included, since the text may be cut anywhere. */
export const TEXT_MASK: Mask = { whole: () => REDACTED, jose: () => REDACTED };

/** The panel: the first 4 characters and the length (text/mask.ts), for tokens too. */
export const SCREEN_MASK: Mask = { whole: maskSecret, jose: (token) => maskSecret(token) };

/**
 * URL parameters and JSON/form body members that carry secrets (lower case): OAuth tokens and
 * codes (RFC 6749 §4.1.2, §5.1), PKCE's verifier (RFC 7636), client secrets and assertions
 * (RFC 7523), API keys, passwords, session ids. `state` and `code` are short-lived but
 * replayable within their flow, so they go too.
 */
export const SECRET_PARAMS: ReadonlySet<string> = new Set([
  "access_token",
  "id_token",
  "refresh_token",
  "token",
  "api_key",
  "apikey",
  "api-key",
  "key",
  // Azure API Management's subscription key in the URL.
  "subscription-key",
  "code",
  "state",
  "code_verifier",
  "client_secret",
  "client_assertion",
  "assertion",
  "password",
  "passwd",
  "pwd",
  "secret",
  "session",
  "sessionid",
  "session_id",
  "sid",
  "jsessionid",
  "phpsessid",
  "signature",
  "sig",
  "jwt",
  "otp",
]);

/** Names ending like these carry a credential whatever comes before (`auth_token`, `x-upload-secret`, `db_password`). */
const SECRET_NAME_ENDING = /(^|[_.-])(token|secret|password|passwd|api[_-]?key|apikey|access[_-]?key|session[_-]?id)$/i;

export function isSecretParam(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_PARAMS.has(lower) || SECRET_NAME_ENDING.test(lower);
}

/** Custom headers whose whole value is a credential by name. */
const SECRET_HEADER_NAMES: ReadonlySet<string> = new Set([
  "x-api-key",
  "api-key",
  "apikey",
  "x-auth-token",
  "x-csrf-token",
  "x-xsrf-token",
  "csrf-token",
  "x-access-token",
  "x-refresh-token",
  "x-id-token",
  "x-amz-security-token",
  "ocp-apim-subscription-key",
  "private-token",
  "x-functions-key",
]);
/** `*-token`, `*-key`, `*-secret`, `*-password`, and session headers (`X-Session`, `X-Session-Id`, `X-SessionToken`). */
const SECRET_HEADER_PATTERN = /(-(token|key|secret|password|signature)$)|(^x-session)|(^x-auth($|-))/;

/** Headers whose value is a URL, which may carry tokens in its query or fragment. */
const URL_HEADERS: ReadonlySet<string> = new Set(["referer", "location", "content-location", "origin-referer", "x-original-url", "x-forwarded-uri"]);

/** How a header's value is redacted. */
export type HeaderTreatment =
  | "authorization" // keep the scheme, replace the credentials
  | "cookie" // keep names, replace values
  | "set-cookie" // keep the name and attributes, replace the value
  | "whole" // the value is a credential
  | "url" // redact the URL's secret parameters
  | "scan"; // JWTs, `secret=value` pairs and (in custom headers) random tokens inside it

export function headerTreatment(name: string): HeaderTreatment {
  const lower = name.toLowerCase();
  if (lower === "authorization" || lower === "proxy-authorization") return "authorization";
  if (lower === "cookie") return "cookie";
  if (lower === "set-cookie") return "set-cookie";
  if (SECRET_HEADER_NAMES.has(lower) || SECRET_HEADER_PATTERN.test(lower)) return "whole";
  if (URL_HEADERS.has(lower)) return "url";
  return "scan";
}

/**
 * Standard headers whose values are long and random without being credentials (validators,
 * trace and request ids, integrity digests): the by-value rule never applies to them.
 */
const RANDOM_BUT_PUBLIC: ReadonlySet<string> = new Set([
  "etag", "if-match", "if-none-match", "x-request-id", "x-correlation-id", "traceparent", "tracestate",
  "request-id", "x-amzn-requestid", "x-amz-cf-id", "x-amzn-trace-id", "cf-ray", "digest", "content-digest",
  "repr-digest", "sec-websocket-key", "sec-websocket-accept", "x-cache-key", "report-to", "nel",
  "content-security-policy", "content-security-policy-report-only", "integrity", "user-agent", "sec-ch-ua",
  "accept", "content-type", "link", "server-timing", "date", "last-modified", "expires",
]);

/** A header whose value counts as a credential when it looks like one (a long random token). */
export function valueRuleApplies(headerName: string): boolean {
  return !RANDOM_BUT_PUBLIC.has(headerName.toLowerCase());
}

/** Shortest value the by-value rule judges: shorter random strings are ids, not credentials. */
const RANDOM_MIN_CHARS = 24;
/** Bits of entropy per character (Shannon, over the value's own characters) above which a value reads as random. */
const RANDOM_MIN_BITS = 3.5;
const TOKEN_CHARS = /^[A-Za-z0-9_\-+/=.~]+$/;

/**
 * A long random token: one word of token characters, upper and lower case letters and digits
 * mixed, with the character spread of random data. UUIDs (hex) and slugs do not qualify.
 */
export function looksLikeRandomSecret(value: string): boolean {
  if (value.length < RANDOM_MIN_CHARS || value.length > 16_384 || !TOKEN_CHARS.test(value)) return false;
  if (/^[0-9a-f-]+$|^[0-9A-F-]+$/.test(value)) return false;
  // Base64 and base62 tokens this long hold all three classes; words, slugs and hex ids do not.
  if (!/[0-9]/.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value)) return false;
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits >= RANDOM_MIN_BITS;
}

/**
 * A value that holds no secret although it stands where one would: empty, `undefined`, `null`,
 * an unfilled template. Kept as it is, because it is often the very bug being reported
 * (auth.token-placeholder). Long values are never trusted to be placeholders.
 */
export function isHarmlessPlaceholder(value: string): boolean {
  return value.length <= 40 && isPlaceholderValue(value);
}

/** Names from the network inside a description: short and on one line. */
export function shortName(name: string, max = 64): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed.
  const flat = name.replace(/[\u0000-\u001f\u007f]/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
