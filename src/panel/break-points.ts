/**
 * Where a header value may wrap besides its spaces: after the delimiters of the syntaxes headers
 * use (lists, parameters, cookies, query strings, paths). Browsers offer no break after a comma
 * or a semicolon followed by a letter (Unicode line breaking, UAX #14 LB29), so without these a
 * value like `authorization,content-type` could only break mid-word.
 */
const DELIMITER = /[,;&/?]/g;

/** Past this, a value is one piece: a hostile value of megabytes would otherwise become as many nodes. */
const MAX_MARKED = 4096;

/** The value in pieces, each ending just after a delimiter (the last may end anywhere); joined, the value. */
export function piecesAtDelimiters(value: string): string[] {
  const marked = value.slice(0, MAX_MARKED);
  const pieces: string[] = [];
  let from = 0;
  for (const m of marked.matchAll(DELIMITER)) {
    const to = m.index + 1;
    pieces.push(marked.slice(from, to));
    from = to;
  }
  pieces.push(value.slice(from));
  return pieces.filter((p, i) => p !== "" || i === 0);
}
