/**
 * Greedy word wrapping for the text report. Words longer than a line (tokens, URLs, base64)
 * are cut at the line width rather than left to overflow, so the report keeps its columns.
 * Width counts UTF-16 code units: right for the ASCII that header values and URLs are made of.
 */

/** Wraps `text` into lines of at most `width` characters; "\n" starts a new paragraph. */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/[ \t]+/)) {
      if (word === "") continue;
      if (line !== "" && line.length + 1 + word.length <= w) {
        line += ` ${word}`;
        continue;
      }
      if (line !== "") lines.push(line);
      line = word;
      while (line.length > w) {
        lines.push(line.slice(0, w));
        line = line.slice(w);
      }
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Wraps `text` to `width` columns with `indent` before every line, or `first` before the
 * first one and `indent` before the rest (a hanging indent: "Fix: …" then aligned lines).
 */
export function wrapIndented(text: string, width: number, indent: string, first: string = indent): string[] {
  const room = Math.max(20, width - Math.max(indent.length, first.length));
  return wrap(text, room).map((line, i) => (i === 0 ? first : indent) + line);
}
