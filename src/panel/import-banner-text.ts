/**
 * The import banner's words for the state of a HAR import, shown by the panel page (the file's
 * name, hostile input, leaves here through core's visible-text helper).
 */
import { visibleText } from "../core/text/visible.ts";

/** "4,000": counts as the banner writes them, whatever the browser's locale. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

export function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "Diagnosing capture.har… 4,000 of 10,000". */
export function diagnosingText(name: string, done: number, total: number): string {
  return `Diagnosing ${visibleText(name)}… ${count(done)} of ${count(total)}`;
}

export function readingText(name: string): string {
  return `Reading ${visibleText(name)}…`;
}

/** "3 entries could not be read". */
export function skippedText(n: number): string {
  return `${plural(n, "entry", "entries")} could not be read`;
}
