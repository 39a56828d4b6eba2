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

function native(part: string, what: string): { value: unknown } | undefined {
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
  // ASCII is its own UTF-8: most headers and claims sets need no decoding step at all.
  if (/[\x80-\xff]/.test(binary)) try {
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    text = utf8.decode(bytes);
  } catch {
    // Not UTF-8: jwt-decode then parses the atob string (ISO-8859-1), and so does this.
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new JsonTooDeepError(what);
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** The header (part #1) as jwt-decode reads it; throws jwt-decode's InvalidTokenError, or JsonTooDeepError. */
export function decodeHeaderPart(part: string): unknown {
  const fast = native(part, "header");
  return fast ? fast.value : jwtDecode(part, { header: true });
}

/** The payload (part #2) as jwt-decode reads it; throws jwt-decode's InvalidTokenError, or JsonTooDeepError. */
export function decodePayloadPart(part: string): unknown {
  const fast = native(part, "payload");
  return fast ? fast.value : jwtDecode(`.${part}`);
}
