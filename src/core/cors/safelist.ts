/**
 * Which request headers make a request "non-simple" and so need a preflight: the
 * CORS-safelisted request-header rules of Fetch §2.2.2, with the reason a header is not
 * safelisted kept as words, since that reason is what the developer has to change.
 */
import type { Header, HeaderList } from "../headers.ts";
import { isPseudoHeader, lowerCased } from "../headers.ts";

/** Fetch §2.2.2: a safelisted header's value is at most 128 bytes… */
export const SAFELISTED_VALUE_MAX_BYTES = 128;
/** …and all safelisted values together at most 1024 bytes ("CORS-unsafe request-header names" step 5). */
export const SAFELISTED_TOTAL_MAX_BYTES = 1024;

export const SAFELISTED_CONTENT_TYPES: readonly string[] = [
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "text/plain",
];

/** Header values are byte sequences; captures give them as text, so count their UTF-8 bytes. */
export function byteLength(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Fetch §2.2.2 "CORS-unsafe request-header byte". */
function isUnsafeByte(c: number): boolean {
  return (c < 0x20 && c !== 0x09) || c === 0x7f || `"():<>?@[\\]{}`.includes(String.fromCharCode(c));
}

function firstUnsafeByte(value: string): string | undefined {
  for (let i = 0; i < value.length; i++) {
    if (isUnsafeByte(value.charCodeAt(i))) return value[i];
  }
  return undefined;
}

/** Fetch §2.2.2, accept-language / content-language: 0-9 A-Z a-z space * , - . ; = only. */
const LANGUAGE_VALUE = /^[0-9A-Za-z *,\-.;=]*$/;

const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The essence (`type/subtype`, lower case) of a MIME type, per MIME Sniffing "parse a MIME
 * type" steps 1–9: parameters never make it fail, a missing or non-token type or subtype does.
 */
export function mimeEssence(value: string): string | undefined {
  const input = value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
  const slash = input.indexOf("/");
  if (slash <= 0) return undefined;
  const type = input.slice(0, slash);
  const semicolon = input.indexOf(";", slash + 1);
  const subtype = (semicolon === -1 ? input.slice(slash + 1) : input.slice(slash + 1, semicolon)).replace(
    /[\t\n\r ]+$/,
    "",
  );
  if (!HTTP_TOKEN.test(type) || !HTTP_TOKEN.test(subtype)) return undefined;
  return `${type}/${subtype}`.toLowerCase();
}

/**
 * Fetch §2.2.1 "parse a single range header value" with allowWhitespace false: `bytes=a-b`,
 * `bytes=a-`; the safelist then refuses suffix ranges (`bytes=-500`, no start).
 */
function isSafelistedRange(value: string): boolean {
  const m = /^bytes=(\d*)-(\d*)$/.exec(value);
  if (!m) return false;
  const [, start, end] = m;
  if (start === "") return false;
  if (end !== "" && Number(start) > Number(end)) return false;
  return true;
}

export type HeaderSafety = { readonly safe: true } | { readonly safe: false; readonly why: string };

const SAFE: HeaderSafety = { safe: true };

/** Fetch §2.2.2 "CORS-safelisted request-header", one rule per name (data over branches). */
const VALUE_RULES: Readonly<Record<string, (value: string) => HeaderSafety>> = {
  accept(value) {
    const bad = firstUnsafeByte(value);
    return bad === undefined ? SAFE : { safe: false, why: `its value contains ${JSON.stringify(bad)}` };
  },
  "accept-language": languageRule,
  "content-language": languageRule,
  "content-type"(value) {
    const bad = firstUnsafeByte(value);
    if (bad !== undefined) return { safe: false, why: `its value contains ${JSON.stringify(bad)}` };
    const essence = mimeEssence(value);
    if (essence === undefined) return { safe: false, why: "its value is not a MIME type" };
    if (!SAFELISTED_CONTENT_TYPES.includes(essence)) {
      return { safe: false, why: `\`${essence}\` is not one of ${SAFELISTED_CONTENT_TYPES.join(", ")}` };
    }
    return SAFE;
  },
  range(value) {
    return isSafelistedRange(value)
      ? SAFE
      : { safe: false, why: "only a single `bytes=start-` or `bytes=start-end` range is safelisted" };
  },
};

function languageRule(value: string): HeaderSafety {
  return LANGUAGE_VALUE.test(value)
    ? SAFE
    : { safe: false, why: "its value has characters other than letters, digits, space and * , - . ; =" };
}

/**
 * Fetch §2.2.2 "CORS-safelisted request-header". The standard checks the 128-byte limit first;
 * the name is tested first here only so that the reason given is the one that matters
 * (Authorization is never safelisted, whatever its length). The answer is the same.
 */
export function requestHeaderSafety(name: string, value: string): HeaderSafety {
  const lower = lowerCased(name);
  const rule = Object.hasOwn(VALUE_RULES, lower) ? VALUE_RULES[lower] : undefined;
  if (!rule) {
    return { safe: false, why: "it is not one of the CORS-safelisted request headers (Accept, Accept-Language, Content-Language, Content-Type, Range)" };
  }
  const bytes = byteLength(value);
  if (bytes > SAFELISTED_VALUE_MAX_BYTES) {
    return { safe: false, why: `its value is ${bytes} bytes, over the ${SAFELISTED_VALUE_MAX_BYTES}-byte limit for safelisted headers` };
  }
  return rule(value);
}

/** Fetch §2.2.2 "forbidden request-header": set by the browser itself, never by page script. */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set([
  "accept-charset",
  "accept-encoding",
  "access-control-request-headers",
  "access-control-request-method",
  "connection",
  "content-length",
  "cookie",
  "cookie2",
  "date",
  "dnt",
  "expect",
  "host",
  "keep-alive",
  "origin",
  "referer",
  "set-cookie",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
]);

/**
 * Headers a capture shows that the browser's network layer adds after the preflight decision,
 * so they never count as the page's own: User-Agent (Chromium drops a script's), Priority
 * (RFC 9218, added by Chromium), Accept-Language (added by the browser when absent).
 */
const BROWSER_ADDED: ReadonlySet<string> = new Set(["user-agent", "priority", "accept-language"]);

export function isForbiddenRequestHeaderName(name: string): boolean {
  const lower = lowerCased(name);
  return FORBIDDEN_NAMES.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-");
}

/** The headers page script set, as far as a captured request shows them. */
export function authorHeaders(headers: HeaderList): Header[] {
  return headers.filter(
    (h) => !isPseudoHeader(h) && !isForbiddenRequestHeaderName(h.name) && !BROWSER_ADDED.has(lowerCased(h.name)),
  );
}

export interface UnsafeHeader {
  /** Lower case, as Access-Control-Request-Headers carries it. */
  readonly name: string;
  readonly value: string;
  readonly why: string;
}

/**
 * Fetch §2.2.2 "CORS-unsafe request-header names", keeping why each one is unsafe. Names come
 * out lower-cased, sorted and distinct ("convert header names to a sorted-lowercase set").
 */
export function unsafeRequestHeaders(headers: readonly Header[]): UnsafeHeader[] {
  const unsafe = new Map<string, UnsafeHeader>();
  const potentially: Header[] = [];
  let safelistValueSize = 0;
  for (const h of headers) {
    const safety = requestHeaderSafety(h.name, h.value);
    const name = lowerCased(h.name);
    if (!safety.safe) {
      if (!unsafe.has(name)) unsafe.set(name, { name, value: h.value, why: safety.why });
    } else {
      potentially.push(h);
      safelistValueSize += byteLength(h.value);
    }
  }
  if (safelistValueSize > SAFELISTED_TOTAL_MAX_BYTES) {
    for (const h of potentially) {
      const name = lowerCased(h.name);
      if (!unsafe.has(name)) {
        unsafe.set(name, {
          name,
          value: h.value,
          why: `the safelisted headers' values add up to ${safelistValueSize} bytes, over the ${SAFELISTED_TOTAL_MAX_BYTES}-byte total`,
        });
      }
    }
  }
  return [...unsafe.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
