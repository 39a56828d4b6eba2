/** What every `authlens analyze` format shares: a writer fed one diagnosis at a time, output in large pieces. */
import type { Diagnosis } from "../core/diagnose.ts";

/** Output is written in pieces of about this many characters: a report of a million exchanges is never one string. */
const WRITE_CHARS = 1 << 20;

/** A report written as the diagnoses come (text, JSON, Markdown, JUnit). */
export interface ReportWriter {
  add(d: Diagnosis): void;
  end(): void;
}

/** Collects pieces of output and hands them to `write` a megabyte at a time. */
export function batched(write: (text: string) => void): { add(text: string): void; flush(): void } {
  let parts: string[] = [];
  let chars = 0;
  const flush = () => {
    if (parts.length > 0) write(parts.join(""));
    parts = [];
    chars = 0;
  };
  return {
    add(text) {
      parts.push(text);
      chars += text.length;
      if (chars >= WRITE_CHARS) flush();
    },
    flush,
  };
}
