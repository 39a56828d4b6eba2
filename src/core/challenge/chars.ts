/**
 * Character classes of RFC 9110 §5.6 and §11.2 as one 256-entry table, so the parser looks each
 * character up once. Field values arrive as isomorphic decodings (one character per wire byte,
 * RFC 9110 §5.5); a character above U+00FF can only come from a capture that already decoded
 * UTF-8, and is read as obs-text.
 */

/** tchar (§5.6.2): the characters of a token. */
export const TCHAR = 1;
/** token68 (§11.2) without its trailing "=" padding. */
export const TOKEN68 = 2;
/** qdtext (§5.6.4): what a quoted-string holds unescaped. */
export const QDTEXT = 4;
/** What may follow a backslash in a quoted-pair (§5.6.4): HTAB, SP, VCHAR, obs-text. */
export const QUOTABLE = 8;
/** SP and HTAB: OWS, BWS and RWS (§5.6.3). */
export const WS = 16;

export const COMMA = 0x2c;
export const EQUALS = 0x3d;
export const DQUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const SP = 0x20;
export const HTAB = 0x09;

const TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";
const TOKEN68_SYMBOLS = "-._~+/";

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

const TABLE = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  let k = 0;
  if (isAlnum(c) || TCHAR_SYMBOLS.includes(String.fromCharCode(c))) k |= TCHAR;
  if (isAlnum(c) || TOKEN68_SYMBOLS.includes(String.fromCharCode(c))) k |= TOKEN68;
  if (c === HTAB || c === SP || c === 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80) k |= QDTEXT;
  if (c === HTAB || (c >= SP && c <= 0x7e) || c >= 0x80) k |= QUOTABLE;
  if (c === SP || c === HTAB) k |= WS;
  TABLE[c] = k;
}

export function charClass(code: number): number {
  return code < 256 ? TABLE[code]! : QDTEXT | QUOTABLE;
}

/** A character as a message shows it: `","` when printable, `U+0009 (tab)` otherwise. */
export function describeChar(code: number): string {
  if (code === HTAB) return "a tab (U+0009)";
  if (code === SP) return "a space";
  if (code > 0x20 && code < 0x7f) return `"${String.fromCharCode(code)}"`;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}
