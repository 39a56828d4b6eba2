/**
 * The small grammars the CORS checks read: HTTP tokens, `#list` header values and request
 * methods, as the Fetch standard uses them (Fetch §2.2 "HTTP extensions", RFC 9110 §5.6).
 */
import { type HeaderList, headerValues } from "../headers.ts";

/** RFC 9110 §5.6.2: `token = 1*tchar`. Methods and header names are tokens (Fetch §2.2.1). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/** Fetch §2.2 "HTTP tab or space": what surrounds list elements and field values. */
export function trimTabOrSpace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === " " || value[start] === "\t")) start++;
  while (end > start && (value[end - 1] === " " || value[end - 1] === "\t")) end--;
  return value.slice(start, end);
}

/** Fetch §2.2.1 "get": every field line of `name`, combined with `, `, or undefined when absent. */
export function getCombined(headers: HeaderList, name: string): string | undefined {
  const lines = fieldLines(headers, name);
  return lines.length === 0 ? undefined : lines.map(trimTabOrSpace).join(", ");
}

/**
 * The field lines of `name`. Some captures join repeated lines into one value with a newline;
 * a field value never contains one (Fetch §2.2.1 "header value"), so a newline separates lines.
 */
export function fieldLines(headers: HeaderList, name: string): string[] {
  const out: string[] = [];
  for (const value of headerValues(headers, name)) {
    if (value.includes("\n")) out.push(...value.split(/\r?\n/));
    else out.push(value);
  }
  return out;
}

export type TokenList =
  | { readonly ok: true; readonly values: readonly string[] }
  /** `bad` is the first element that is not a token, as the server wrote it. */
  | { readonly ok: false; readonly bad: string };

/**
 * Fetch §2.2.1 "extract header list values" for the `#token` headers of the CORS protocol
 * (Fetch §3.2.3: `Access-Control-Allow-Methods = #method`, `Access-Control-Allow-Headers =
 * #field-name`): undefined when the header is absent (Fetch's null), failure when any element of
 * any field line is not a token. RFC 9110 §5.6.1: empty list elements are ignored.
 */
export function extractTokenList(headers: HeaderList, name: string): TokenList | undefined {
  const lines = fieldLines(headers, name);
  if (lines.length === 0) return undefined;
  const values: string[] = [];
  for (const line of lines) {
    for (const part of line.split(",")) {
      const element = trimTabOrSpace(part);
      if (element === "") continue;
      if (!isToken(element)) return { ok: false, bad: element };
      values.push(element);
    }
  }
  return { ok: true, values };
}

/** Fetch §2.2.1 "normalize" a method: only these six are upper-cased; `patch` stays `patch`. */
const NORMALIZED_METHODS: ReadonlySet<string> = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

/** Fetch §2.2.1 "CORS-safelisted method": compared after normalizing, byte for byte. */
const SAFELISTED_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "POST"]);

export function isSafelistedMethod(method: string): boolean {
  return SAFELISTED_METHODS.has(method);
}

export function isNormalizedMethod(method: string): boolean {
  return NORMALIZED_METHODS.has(method.toUpperCase());
}

/** `x-client-version` → `X-Client-Version`: how fixes spell header names (any case works). */
export function displayHeaderName(name: string): string {
  if (name.toLowerCase() === "www-authenticate") return "WWW-Authenticate";
  return name
    .split("-")
    .map((part) => (part === "" ? part : part[0]!.toUpperCase() + part.slice(1).toLowerCase()))
    .join("-");
}
