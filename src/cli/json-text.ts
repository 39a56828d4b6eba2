/**
 * `--json` output: JSON.stringify, then every character a terminal would act on or hide written
 * as a `\uXXXX` escape. JSON.stringify escapes C0 controls and lone surrogates (ES2019
 * well-formed JSON.stringify) but writes C1 controls raw: U+009B is a one-byte CSI on a
 * terminal that honours 8-bit controls, U+0085 a line break, and bidi controls (U+202E,
 * U+2066) make a value read differently from its bytes (CVE-2021-42574). The escapes are plain
 * JSON (RFC 8259 §7): JSON.parse gives back exactly the original strings.
 */

// DEL and C1 controls (Cc beyond C0), every format character (Cf: bidi embeddings, overrides
// and isolates, LRM/RLM/ALM, zero-width characters, the BOM, interlinear annotations, tag
// characters that can smuggle invisible text), and the line and paragraph separators (Zl, Zp).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

function escaped(ch: string): string {
  let out = "";
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`;
  return out;
}

/**
 * One JSON document as a line of text safe to print. Outside strings JSON.stringify writes only
 * ASCII, so every match is inside a string literal, where `\uXXXX` means the same character.
 */
export function jsonText(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(INVISIBLE, escaped);
}
