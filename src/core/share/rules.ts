/**
 * What counts as a secret when an exchange leaves AuthLens (HAR export, cURL, fetch, Markdown).
 * One table for every output, so a value hidden in one is hidden in all.
 */
import { isPlaceholderValue } from "../credentials/placeholder.ts";

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
 * URL parameters and JSON/form body members that carry secrets (lower case): OAuth tokens and
 * codes (RFC 6749 §4.1.2, §5.1), PKCE's verifier (RFC 7636), client secrets, API keys, passwords.
 * `state` and `code` are short-lived but replayable within their flow, so they go too.
 */
export const SECRET_PARAMS: ReadonlySet<string> = new Set([
  "access_token",
  "id_token",
  "refresh_token",
  "token",
  "api_key",
  "apikey",
  "key",
  "code",
  "state",
  "code_verifier",
  "client_secret",
  "password",
]);

export function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.has(name.toLowerCase());
}

/** Custom headers whose whole value is a credential by name. */
const SECRET_HEADER_NAMES: ReadonlySet<string> = new Set(["x-api-key", "x-auth-token", "x-csrf-token", "apikey", "api-key"]);
const SECRET_HEADER_SUFFIX = /-(token|key|secret)$/;

/** Headers whose value is a URL, which may carry tokens in its query or fragment. */
const URL_HEADERS: ReadonlySet<string> = new Set(["referer", "location", "content-location"]);

/** How a header's value is redacted. */
export type HeaderTreatment =
  | "authorization" // keep the scheme, replace the credentials
  | "cookie" // keep names, replace values
  | "set-cookie" // keep the name and attributes, replace the value
  | "whole" // the value is a credential
  | "url" // redact the URL's secret parameters
  | "scan"; // only JWTs inside it lose their signature

export function headerTreatment(name: string): HeaderTreatment {
  const lower = name.toLowerCase();
  if (lower === "authorization" || lower === "proxy-authorization") return "authorization";
  if (lower === "cookie") return "cookie";
  if (lower === "set-cookie") return "set-cookie";
  if (SECRET_HEADER_NAMES.has(lower) || SECRET_HEADER_SUFFIX.test(lower)) return "whole";
  if (URL_HEADERS.has(lower)) return "url";
  return "scan";
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
