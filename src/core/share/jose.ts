/**
 * JWTs in shared output keep their header and claims and lose their signature: the claims are
 * what AuthLens (and a colleague) need to explain a 401, and without a valid signature the token
 * can no longer be replayed. A JWE keeps its protected header (the only readable part) and loses
 * the rest.
 */
import { base64UrlToBytes, textOf } from "../base64.ts";

/** What stands in for a removed signature: valid base64url, so the token still splits and decodes. */
export const SIGNATURE_MARK = "REDACTED";

/** `{"`, `{ "` and `{\r\n` in base64url: how every JOSE header starts (as tokens/jose.ts reads it). */
const JSON_OBJECT_START = /^(eyJ|eyAi|eyAg|ew0K|ewog|ewoJ)/;
const BASE64URL_PART = /^[A-Za-z0-9_-]*$/;
/** Headers are a few hundred characters; a longer first part is not worth decoding to find out. */
const MAX_HEADER_CHARS = 8_192;

export interface JoseRedaction {
  /** The token with its signature (JWS) or encrypted parts (JWE) replaced by SIGNATURE_MARK. */
  readonly value: string;
  readonly kind: "jws" | "jwe";
  /** Characters removed; 0 for an unsecured JWT (`alg: none`), which has no signature to remove. */
  readonly removedChars: number;
  /** The removed parts, joined by ".", for callers that must scrub them from other texts. */
  readonly removed: string;
}

/** A JOSE header: a base64url JSON object naming its algorithm (RFC 7515 §4.1.1 requires "alg"). */
function isJoseHeader(part: string): boolean {
  if (part.length > MAX_HEADER_CHARS || !JSON_OBJECT_START.test(part)) return false;
  const bytes = base64UrlToBytes(part);
  if (!bytes.ok) return false;
  const text = textOf(bytes.value).text.trimStart();
  return text.startsWith("{") && /"alg"\s*:/.test(text);
}

/**
 * The redaction of a whole value that is a compact JWS (3 parts) or JWE (5 parts), or undefined
 * when the value is not one.
 */
export function redactJose(token: string): JoseRedaction | undefined {
  if (!JSON_OBJECT_START.test(token)) return undefined;
  const parts = token.split(".", 6);
  if (parts.length !== 3 && parts.length !== 5) return undefined;
  if (!parts.every((p) => BASE64URL_PART.test(p)) || !isJoseHeader(parts[0]!)) return undefined;
  if (parts.length === 3) {
    const signature = parts[2]!;
    // Nothing to remove: an unsecured JWT, or one whose signature is already the mark.
    if (signature === "" || signature === SIGNATURE_MARK) return { value: token, kind: "jws", removedChars: 0, removed: "" };
    return { value: `${parts[0]}.${parts[1]}.${SIGNATURE_MARK}`, kind: "jws", removedChars: signature.length, removed: signature };
  }
  // JWE: an empty encrypted key (alg "dir") stays empty, so the token still says which it was.
  const rest = parts.slice(1);
  if (rest.every((p) => p === "" || p === SIGNATURE_MARK)) return { value: token, kind: "jwe", removedChars: 0, removed: "" };
  const removedChars = rest.reduce((n, p) => n + p.length, 0);
  const value = [parts[0]!, ...rest.map((p) => (p === "" ? "" : SIGNATURE_MARK))].join(".");
  return { value, kind: "jwe", removedChars, removed: rest.join(".") };
}

/**
 * A maximal run of base64url parts joined by dots that starts like a JOSE header and does not
 * start inside another token. Linear: the two character classes never overlap.
 */
const JOSE_RUN = /(?<![A-Za-z0-9_.-])e[wy][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)+/g;

/**
 * Every JWT inside a longer text (a URL path, a JSON string, a DPoP header) loses its signature;
 * `onRedacted` hears about each one. Text that is not a JWT is left exactly as it was.
 */
export function redactJoseInText(text: string, onRedacted: (r: JoseRedaction, token: string) => string | undefined): string {
  if (!text.includes(".")) return text;
  return text.replace(JOSE_RUN, (run: string) => {
    // A sentence may end right after a token: the trailing dots are punctuation, not parts.
    const trimmed = run.replace(/\.+$/, "");
    const r = redactJose(trimmed);
    if (!r || r.removedChars === 0) return run;
    const replacement = onRedacted(r, trimmed);
    return (replacement ?? r.value) + run.slice(trimmed.length);
  });
}
