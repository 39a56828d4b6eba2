/**
 * The list's filters: predicates on what core decided (a row's summary), never new judgements.
 */
import { SORT_KEYS, type SortOrder } from "./sort.ts";
import { CAPTURE_LIMITS, DEFAULT_CAPTURE_LIMIT } from "./capture-limits.ts";
import type { ListRow as Row } from "./worker/protocol.ts";

export type FilterId = "all" | "problems" | "auth" | "cors";

export interface Filter {
  readonly id: FilterId;
  readonly label: string;
  /** What a narrow toolbar shows instead of the label (the label stays the chip's name). */
  readonly short?: string;
  readonly title: string;
  readonly keep: (row: Row) => boolean;
}

export const FILTERS: readonly Filter[] = [
  { id: "all", label: "All", title: "Every captured request", keep: () => true },
  { id: "problems", label: "Problems", title: "Requests with an error or warning, or a 401/403/407", keep: (r) => r.summary.problem },
  { id: "auth", label: "401/403/407", title: "Authentication and authorization failures", keep: (r) => r.summary.authStatus !== undefined },
  { id: "cors", label: "CORS failures", short: "CORS", title: "Requests the browser blocked for CORS", keep: (r) => r.summary.corsFailure },
];

/**
 * Preflights grouped under their request: each linked preflight follows the request it was sent
 * for (and is kept whenever that request is), instead of standing at its own time.
 */
export function groupPreflights(rows: readonly Row[], visible: readonly Row[]): Row[] {
  const byActual = new Map<string, Row>();
  for (const r of rows) {
    const target = r.preflightFor;
    if (target !== undefined) byActual.set(target, r);
  }
  const out: Row[] = [];
  for (const r of visible) {
    if (r.preflightFor !== undefined) continue;
    out.push(r);
    const pre = byActual.get(r.id);
    if (pre) out.push(pre);
  }
  return out;
}

/** What the panel remembers across reloads: view settings only, never captured data or tokens. */
export interface SavedView {
  readonly filter: FilterId;
  readonly query: string;
  readonly preflightRows: boolean;
  readonly preserveLog: boolean;
  /** How many requests the capture keeps (one of CAPTURE_LIMITS). */
  readonly limit: number;
  readonly sort?: SortOrder;
}

const VIEW_KEY = "authlens.view";
const DEFAULT_VIEW: SavedView = { filter: "all", query: "", preflightRows: false, preserveLog: false, limit: DEFAULT_CAPTURE_LIMIT };

function sortOf(raw: unknown): SortOrder | undefined {
  if (raw === null || typeof raw !== "object") return undefined;
  const { key, direction } = raw as Partial<SortOrder>;
  if (!SORT_KEYS.includes(key as SortOrder["key"]) || (direction !== "ascending" && direction !== "descending")) return undefined;
  return { key: key as SortOrder["key"], direction };
}

/** The saved view, or the default when nothing (or something unreadable) is stored. */
export function loadView(): SavedView {
  try {
    const raw = JSON.parse(localStorage.getItem(VIEW_KEY) ?? "null") as Partial<SavedView> | null;
    if (raw === null || typeof raw !== "object") return DEFAULT_VIEW;
    const sort = sortOf(raw.sort);
    return {
      filter: FILTERS.some((f) => f.id === raw.filter) ? (raw.filter as FilterId) : DEFAULT_VIEW.filter,
      query: typeof raw.query === "string" ? raw.query.slice(0, 500) : "",
      preflightRows: raw.preflightRows === true,
      preserveLog: raw.preserveLog === true,
      limit: CAPTURE_LIMITS.includes(raw.limit as number) ? (raw.limit as number) : DEFAULT_CAPTURE_LIMIT,
      ...(sort ? { sort } : {}),
    };
  } catch {
    // Storage can be disabled or full; the panel then simply forgets.
    return DEFAULT_VIEW;
  }
}

export function saveView(view: SavedView): void {
  try {
    localStorage.setItem(VIEW_KEY, JSON.stringify(view));
  } catch {
    // See loadView.
  }
}
