/**
 * Captured text shown as what it is. Bidirectional controls make text read differently from
 * its characters (CVE-2021-42574, "Trojan Source": a claim `"\u202Egnp.exe"` reads "exe.png"),
 * and invisible ones (zero-width space, byte-order mark, C0/C1 controls) hide characters that
 * make two values differ. Each becomes a visible escape `⟨U+202E⟩`, which no header, URL or
 * claim is likely to contain itself. Tabs and line feeds stay: they render as white space.
 * The CLI does the same for terminals (src/cli/terminal-text.ts).
 */

/**
 * The characters that reorder or hide text, as a regular-expression class body, for every
 * surface that shows captured text (the panel here, the terminal in src/cli/terminal-text.ts):
 * ARABIC LETTER MARK; zero-width space; LRM/RLM; LRE, RLE, PDF, LRO, RLO (U+202A–202E); word
 * joiner and invisible operators (U+2060–2064); LRI, RLI, FSI, PDI (U+2066–2069); the byte-order
 * mark / ZWNBSP. Zero-width (non-)joiners stay: scripts and emoji need them. The panel also
 * escapes C0 controls except tab, line feed and carriage return, which render as white space.
 */
export const HIDING_CHARACTERS = "\\u061c\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff";
/** DEL and the C1 controls, as a regular-expression class body. */
export const DEL_AND_C1 = "\\u007f-\\u009f";

const INVISIBLE = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f${DEL_AND_C1}${HIDING_CHARACTERS}]`, "g");

/** How one invisible character is shown: `⟨U+202E⟩`. */
export function escapeOf(ch: string): string {
  return `⟨U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}⟩`;
}

/** The text with every bidi or invisible control written as a visible escape. */
export function visibleText(text: string): string {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text) ? text.replace(INVISIBLE, escapeOf) : text;
}

/** True when `visibleText` would change `text`. */
export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text);
}
