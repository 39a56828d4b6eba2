/**
 * The list's sort orders: one comparison per column, over what core already decided (a row's
 * summary) and what the capture recorded. A click on a column header sorts by it, a second
 * click reverses, a third returns to the order the requests started in, as in the Network panel.
 */
import type { ListRow as Row } from "./worker/protocol.ts";

export type SortKey = "status" | "method" | "name" | "type" | "credentials" | "verdict" | "time";
export type SortDirection = "ascending" | "descending";
export interface SortOrder {
  readonly key: SortKey;
  readonly direction: SortDirection;
}

/** One collator for every comparison: localeCompare with options builds one per call. */
const COLLATOR = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
const text = (a: string, b: string): number => COLLATOR.compare(a, b);
const number = (a: number, b: number): number => a - b;

/** Requests still pending or failed sort after answered ones by status, and missing durations last by time. */
const COMPARE: Record<SortKey, (a: Row, b: Row) => number> = {
  status: (a, b) => number(a.summary.status || 1000, b.summary.status || 1000),
  method: (a, b) => text(a.method, b.method),
  name: (a, b) => text(a.url, b.url),
  type: (a, b) => text(a.resourceType ?? "\uffff", b.resourceType ?? "\uffff"),
  // Those that sent an Authorization header first, by scheme, then by how many cookies went out.
  credentials: (a, b) =>
    text(a.summary.credentials.authorizationScheme ?? "\uffff", b.summary.credentials.authorizationScheme ?? "\uffff") ||
    number(b.summary.credentials.cookieCount, a.summary.credentials.cookieCount),
  // Most severe first, then by the verdict's words.
  verdict: (a, b) =>
    number(b.worstRank, a.worstRank) ||
    text(a.summary.verdict ?? "\uffff", b.summary.verdict ?? "\uffff"),
  time: (a, b) => number(a.durationMs ?? Number.POSITIVE_INFINITY, b.durationMs ?? Number.POSITIVE_INFINITY) || 0,
};

export const SORT_KEYS: readonly SortKey[] = Object.keys(COMPARE) as SortKey[];

/** The rows in this order; stable, so rows that compare equal keep the order they started in. */
export function sortRows(rows: readonly Row[], order: SortOrder | undefined): readonly Row[] {
  if (order === undefined) return rows;
  const compare = COMPARE[order.key];
  const sign = order.direction === "ascending" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => sign * compare(a.row, b.row) || a.index - b.index)
    .map((e) => e.row);
}

/** The order after a click on a column header: ascending, then descending, then none. */
export function nextOrder(current: SortOrder | undefined, key: SortKey): SortOrder | undefined {
  if (current?.key !== key) return { key, direction: "ascending" };
  return current.direction === "ascending" ? { key, direction: "descending" } : undefined;
}
