/**
 * Rows as the panel shows them (core's share/screen.ts), computed when a row is rendered and
 * kept while its diagnosis lives: the list renders only the rows in view, so only those are
 * ever screened.
 */
import type { Diagnosis } from "../core/diagnose.ts";
import { type ScreenRow, screenRow } from "../core/share/index.ts";
import type { Row } from "./store.ts";

const hidden = new WeakMap<Diagnosis, ScreenRow>();
const shown = new WeakMap<Diagnosis, ScreenRow>();

export function screened(row: Row, showSecrets: boolean): ScreenRow {
  const cache = showSecrets ? shown : hidden;
  let s = cache.get(row.diagnosis);
  if (!s) {
    s = screenRow(row.diagnosis, row.summary, showSecrets);
    cache.set(row.diagnosis, s);
  }
  return s;
}
