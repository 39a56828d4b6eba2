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
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u;

/**
 * The BMP as a table, built once: a report of hundreds of KB of such characters is escaped in
 * one pass over char codes, about 3× faster than a regular-expression callback per character.
 */
const BMP_ESCAPED = (() => {
  const table = new Uint8Array(0x10000);
  for (let c = 0x7f; c < 0x10000; c++) if ((c < 0xd800 || c > 0xdfff) && INVISIBLE.test(String.fromCharCode(c))) table[c] = 1;
  return table;
})();

const hex = (unit: number) => `\\u${unit.toString(16).padStart(4, "0")}`;

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

function escapeInvisible(text: string): string {
  let out = "";
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x7f) continue;
    if (isHigh(unit) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      // Astral format characters (tag characters U+E0001–E007F and others), escaped as a surrogate pair.
      if (INVISIBLE.test(text.slice(i, i + 2))) {
        out += text.slice(last, i) + hex(unit) + hex(text.charCodeAt(i + 1));
        last = i + 2;
      }
      i++;
    } else if (BMP_ESCAPED[unit] === 1) {
      out += text.slice(last, i) + hex(unit);
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * One JSON document as a line of text safe to print. Outside strings JSON.stringify writes only
 * ASCII, so every escape lands inside a string literal, where `\uXXXX` means the same character.
 */
export function jsonText(value: unknown): string {
  return escapeInvisible(JSON.stringify(value) ?? "null");
}
