/**
 * Decoding one JOSE part to JSON, as jwt-decode does it. jwt-decode defines the result and every
 * error message ("invalid base64 for part #2 (…)", "invalid json for part #1 (…)"). Its UTF-8
 * step runs a regular-expression callback per byte, which costs ~150 µs per payload; a capture
 * with thousands of JWT requests would spend most of its analysis there. So the same algorithm
 * runs first natively (jwt-decode 4.0 build/esm/index.js: "-"→"+", "_"→"/", pad to a multiple of
 * 4 with a length of 4n+1 refused, atob, UTF-8 or else the atob string as is, JSON.parse), and
 * jwt-decode itself runs whenever that fails, so that every reason is jwt-decode's own. A
 * property test checks that both agree.
 */
import { jwtDecode } from "jwt-decode";
import { jsonDepth, MAX_JSON_DEPTH, tooDeepReason } from "../bounded-json.ts";

/**
 * A part whose JSON nests deeper than MAX_JSON_DEPTH: refused before it is parsed, since every
 * later walk of the value (rendering, JSON output, structured clone) recurses (bounded-json.ts).
 */
export class JsonTooDeepError extends Error {
  constructor(what: string) {
    super(tooDeepReason(what));
    this.name = "JsonTooDeepError";
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * A part decoded: its JSON value, the text it was parsed from (for checks on the JSON as written,
 * such as duplicate member names) and whether its bytes were UTF-8. Bytes that are not UTF-8 are
 * read as ISO-8859-1, as jwt-decode reads them, so that they can still be shown; RFC 7519 §7.2
 * steps 4 and 10 make a verifier reject them, which the caller reports.
 */
export interface DecodedPart {
  readonly value: unknown;
  readonly text: string;
  readonly utf8: boolean;
}

function native(part: string, what: string): DecodedPart | undefined {
  let s = part.replace(/-/g, "+").replace(/_/g, "/");
  const rest = s.length % 4;
  if (rest === 1) return undefined;
  if (rest !== 0) s += "=".repeat(4 - rest);
  let binary: string;
  try {
    binary = atob(s);
  } catch {
    return undefined;
  }
  let text = binary;
  let utf8ok = true;
  // ASCII is its own UTF-8: most headers and claims sets need no decoding step at all.
  if (/[\x80-\xff]/.test(binary)) try {
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    text = utf8.decode(bytes);
  } catch {
    // Not UTF-8: jwt-decode then parses the atob string (ISO-8859-1), and so does this.
    utf8ok = false;
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new JsonTooDeepError(what);
  try {
    return { value: JSON.parse(text), text, utf8: utf8ok };
  } catch {
    return undefined;
  }
}

/**
 * The header (part #1) as jwt-decode reads it, with its text when the native path decoded it
 * (jwt-decode itself only runs to give its own reason for a failure); throws jwt-decode's
 * InvalidTokenError, or JsonTooDeepError.
 */
export function readHeaderPart(part: string): DecodedPart | { readonly value: unknown } {
  return native(part, "header") ?? { value: jwtDecode(part, { header: true }) };
}

/** The payload (part #2), as readHeaderPart reads the header. */
export function readPayloadPart(part: string): DecodedPart | { readonly value: unknown } {
  return native(part, "payload") ?? { value: jwtDecode(`.${part}`) };
}

/** The header (part #1) as jwt-decode reads it; throws jwt-decode's InvalidTokenError, or JsonTooDeepError. */
export function decodeHeaderPart(part: string): unknown {
  return readHeaderPart(part).value;
}

/** The payload (part #2) as jwt-decode reads it; throws jwt-decode's InvalidTokenError, or JsonTooDeepError. */
export function decodePayloadPart(part: string): unknown {
  return readPayloadPart(part).value;
}
