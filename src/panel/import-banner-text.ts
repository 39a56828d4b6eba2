/**
 * The import banner's words for the state of a HAR import, shown by the panel page (the file's
 * name, hostile input, leaves here through core's visible-text helper).
 */
import { visibleText } from "../core/text/visible.ts";

/** One formatter: toLocaleString builds a new one per call, which the list's every update would pay. */
const COUNTS = new Intl.NumberFormat("en-US");

/** "4,000": counts as the panel writes them, whatever the browser's locale. */
export function count(n: number): string {
  return COUNTS.format(n);
}

export function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "Diagnosing capture.har… 4,000 of 10,000". */
export function diagnosingText(name: string, done: number, total: number): string {
  return `Diagnosing ${visibleText(name)}… ${count(done)} of ${count(total)}`;
}

/**
 * "Reading capture.har…", then "Reading capture.har… 4,000 entries so far (40%)": how many
 * entries a file holds is known only once it is read, so the count is of those read, and the
 * share is of the file's bytes.
 */
export function readingText(name: string, progress?: { readonly entries: number; readonly percent: number }): string {
  const reading = `Reading ${visibleText(name)}…`;
  return progress === undefined ? reading : `${reading} ${plural(progress.entries, "entry", "entries")} so far (${progress.percent}%)`;
}

/** "3 entries could not be read". */
export function skippedText(n: number): string {
  return `${plural(n, "entry", "entries")} could not be read`;
}
