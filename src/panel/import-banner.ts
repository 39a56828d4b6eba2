/**
 * What the import banner says, as text: the state of a HAR import (read, then diagnosed a slice
 * at a time; import-banner-text.ts) and the entries the import could not read (listed by the
 * analysis worker). Reasons and requests come from the
 * file (hostile input): every string leaves here through core's visible-text helpers, and the
 * panel renders it as text, never as markup.
 */
import type { SkippedEntry } from "../core/har.ts";
import { screenUrl } from "../core/share/index.ts";
import { visibleText } from "../core/text/visible.ts";

export { count, diagnosingText, plural, readingText, skippedText } from "./import-banner-text.ts";

/** The skipped entries listed at most; the rest is counted ("and 12 more"). */
export const SKIPPED_LISTED = 100;

export interface SkippedLine {
  /** Where it is in the file: `log.entries[3]`. */
  readonly where: string;
  /** Its request line when the entry has one: "POST https://…" (masked unless secrets are shown). */
  readonly request?: string;
  /** Why, as one sentence. */
  readonly reason: string;
}

/** The skipped entries as listed, in file order: the first SKIPPED_LISTED, and how many more there are. */
export function skippedLines(skipped: readonly SkippedEntry[], showSecrets: boolean): { lines: SkippedLine[]; more: number } {
  // The import lists them in start-time order; a reader looks them up by their place in the file.
  const inFile = [...skipped].sort((a, b) => a.index - b.index);
  const lines: SkippedLine[] = [];
  const n = Math.min(inFile.length, SKIPPED_LISTED);
  for (let i = 0; i < n; i++) {
    const s = inFile[i]!;
    const url = s.url === undefined ? undefined : showSecrets ? visibleText(s.url) : screenUrl(s.url);
    const method = s.method === undefined ? undefined : visibleText(s.method);
    const request = [method, url].filter((p) => p !== undefined).join(" ");
    lines.push({ where: `log.entries[${s.index}]`, ...(request ? { request } : {}), reason: sentence(visibleText(s.reason)) });
  }
  return { lines, more: skipped.length - n };
}

/** "the request has no URL" → "The request has no URL." */
function sentence(clause: string): string {
  const text = clause.trim() || "it could not be read";
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
