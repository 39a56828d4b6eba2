/**
 * Everything printed comes from an untrusted HAR: header values, URLs, tokens. Written raw to
 * a terminal, an ESC byte starts a control sequence that can recolour, move the cursor, set
 * the window title or (in some terminals) write files — the "terminal escape injection" class
 * (CWE-150). Bidirectional overrides can make text read differently from its bytes
 * (CVE-2021-42574, "Trojan Source"). So C0/C1 controls, DEL and bidi controls are shown as
 * visible escapes (`\x1b`, `\u202e`) before anything reaches the terminal.
 */
import { DEL_AND_C1, HIDING_CHARACTERS } from "../core/text/visible.ts";

// C0 (a terminal acts on \r and \t too) except \n, DEL, C1, the characters that reorder or
// hide text, the same list the panel escapes (core/text/visible.ts), and the Unicode line and
// paragraph separators, which log viewers and some terminals take for a line break (a value
// from the traffic would start a line of its own that reads like AuthLens's).
const SEPARATORS = "\\u2028\\u2029";
const UNSAFE = new RegExp(`[\\u0000-\\u0009\\u000b-\\u001f${DEL_AND_C1}${HIDING_CHARACTERS}${SEPARATORS}]`, "g");
const UNSAFE_OR_NEWLINE = new RegExp(`[\\u0000-\\u001f${DEL_AND_C1}${HIDING_CHARACTERS}${SEPARATORS}]`, "g");

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** One-line text: every control character, newlines included, becomes a visible escape. */
export function safeLine(text: string): string {
  return text.replace(UNSAFE_OR_NEWLINE, visible);
}

/** Prose (finding details, fixes): newlines stay line breaks, other controls become visible escapes. */
export function safeProse(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(UNSAFE, visible);
}

/** A string for one line, cut to `max` characters with a note saying how much was cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters; --json has the full value)`;
}
