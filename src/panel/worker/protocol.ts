/**
 * The panel's analysis runs in a dedicated Worker (worker/analysis.worker.ts); the panel page
 * keeps only views. This module is the whole conversation between the two: calls that change
 * the capture (fire and forget, numbered so the page knows when the worker has taken them),
 * requests with ids and their replies (detail, search, copies, export, import), and state
 * messages carrying what changed in the list as a delta by exchange id.
 *
 * Everything here is types and small pure functions over plain data: the panel page imports it
 * without pulling in any of core's rules or explanations (type-only imports are erased).
 */
import type { DeliveryGap } from "../../capture/delivery.ts";
import type { VerdictObservation } from "../../capture/protocol.ts";
import type { ExchangeDetail } from "../../core/detail.ts";
import type { Exchange } from "../../core/exchange.ts";
import type { Finding } from "../../core/findings.ts";
import type { RowSummary } from "../../core/summary.ts";
import type { VerifyResult } from "../../core/tokens/verify/types.ts";
import type { ScreenHeader } from "../../core/share/index.ts";
import type { CaptureStatus, PanelState } from "../store.ts";

/**
 * What the list shows of one exchange, already screened by the worker (masked unless "Show
 * secrets", invisible controls escaped): light, so that thousands cross to the page cheaply.
 * The full diagnosis and exchange come with `detail(id)`.
 */
export interface ListRow {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly resourceType?: string;
  /** When the request started (ms since the epoch, as captured). */
  readonly observedAt: number;
  readonly durationMs?: number;
  /** Neither a response nor an error yet. */
  readonly pending: boolean;
  readonly sources: readonly string[];
  readonly preflightFor?: string;
  readonly preflightId?: string;
  readonly summary: RowSummary;
  /** The findings' codes, in order, space-separated (the row's `data-codes`). */
  readonly codes: string;
  /** How severe the worst finding is (0: none, 3: error): the verdict column sorts by it. */
  readonly worstRank: number;
  /** The root cause's title when the exchange has one (a preflight's summary names it). */
  readonly rootTitle?: string;
}

/** A signature check's verdict, and which keys it used, in words ("the JWKS you pasted"). */
export interface TokenCheck {
  readonly result: VerifyResult;
  readonly keysFrom: string;
}

/** The skipped entries of an import as the banner lists them (import-banner.ts), already screened. */
export interface SkippedList {
  readonly lines: readonly { readonly where: string; readonly request?: string; readonly reason: string }[];
  readonly more: number;
}

/** The panel's state as the page sees it: the store's state with light rows. */
export interface ViewState extends Omit<PanelState, "rows" | "imported"> {
  readonly rows: readonly ListRow[];
  readonly imported?: {
    readonly name: string;
    readonly count: number;
    /** How many of the file's entries could not be read; `skippedList` says which and why. */
    readonly skipped: number;
    readonly skippedList: SkippedList;
  };
  /**
   * While a HAR file is being read, before the store has its exchanges: its name, the entries
   * read so far and the share of its bytes (0–100). The entry total is known only at the end.
   */
  readonly reading?: { readonly name: string; readonly entries: number; readonly percent: number };
}

/** What the detail pane shows of one exchange, screened as its row is. */
export interface DetailView {
  readonly id: string;
  readonly exchange: Exchange;
  readonly summary: RowSummary;
  readonly findings: readonly Finding[];
  readonly root?: Finding;
  readonly supporting: readonly Finding[];
  readonly independent: readonly Finding[];
  /** Request headers without HTTP/2 pseudo-headers, and response headers, as shown. */
  readonly headers: { readonly request: readonly ScreenHeader[]; readonly response: readonly ScreenHeader[] };
  readonly detail?: ExchangeDetail;
  /** The exchange's preflight, as shown. */
  readonly preflight?: Exchange;
  /** The copies, ready when the user clicks (a clipboard write must follow the click at once). */
  readonly copies: { readonly curl: string; readonly fetch: string; readonly markdown: string };
}

export interface SearchResult {
  readonly query: string;
  /** The query in words (core's describeQuery). */
  readonly description: string;
  /** The query has terms: without any, every row matches and `ids` is empty. */
  readonly active: boolean;
  readonly ids: readonly string[];
}

export interface ExportResult {
  readonly text: string;
  readonly removedCount: number;
  /** The first items redaction removed, for the dialog's preview. */
  readonly removed: readonly { readonly what: string; readonly where: string }[];
}

export type ImportResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

export interface TabChoice {
  readonly id: number;
  readonly title: string;
  readonly url: string;
}

/** The calls that change the capture, by name with their arguments. */
export interface Calls {
  add: [exchanges: readonly Exchange[]];
  addWebRequest: [exchanges: readonly Exchange[], replay: boolean];
  addVerdicts: [items: readonly VerdictObservation[]];
  addUnreadable: [count: number];
  clear: [pageUrl: string | undefined, at: number | undefined];
  navigated: [url: string, at: number];
  setLimit: [limit: number];
  setPreserveLog: [on: boolean];
  setPaused: [on: boolean];
  showLive: [];
  setBackgroundGap: [gap: DeliveryGap];
  setCapture: [patch: Partial<CaptureStatus>];
  setShowSecrets: [on: boolean];
}
export type CallName = keyof Calls;

/** The requests and what each replies. */
export interface Requests {
  detail: { args: [id: string]; reply: DetailView | undefined };
  search: { args: [query: string]; reply: SearchResult };
  /** A token as sent, for the explicit "Copy token" only (the detail never carries raw tokens). */
  rawToken: { args: [id: string, hash: string]; reply: string | undefined };
  /** Checks a token's signature with pasted keys, or (none pasted) the issuer's key set the capture holds. */
  verifyToken: { args: [id: string, hash: string, keyText: string]; reply: TokenCheck | undefined };
  exportHar: { args: [ids: readonly string[], includeSecrets: boolean, version: string]; reply: ExportResult };
  /** The file itself crosses to the worker, which reads it: the page never holds its text. */
  importHar: { args: [file: File]; reply: ImportResult };
  screenTabs: { args: [tabs: readonly TabChoice[]]; reply: TabChoice[] };
}
export type RequestName = keyof Requests;

/** The page to the worker. */
export type ToWorker =
  | { readonly type: "call"; readonly seq: number; readonly name: CallName; readonly args: readonly unknown[] }
  | { readonly type: "request"; readonly id: number; readonly name: RequestName; readonly args: readonly unknown[] };

/**
 * What changed in the list since the last state message. The page removes `removed`, replaces
 * or adds `upserted` by id, and then orders the rows as `order` says; without `order`, the new
 * rows follow the kept ones in the order `upserted` lists them (the common case: requests
 * finishing at the end of the list).
 */
export interface RowDelta {
  readonly upserted: readonly ListRow[];
  readonly removed: readonly string[];
  readonly order?: readonly string[];
}

/** The worker to the page. */
export type FromWorker =
  | {
      readonly type: "state";
      /** The last call the worker has taken (its `seq`). */
      readonly ack: number;
      readonly state: Omit<ViewState, "rows">;
      readonly rows?: RowDelta;
    }
  | { readonly type: "reply"; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: "reply"; readonly id: number; readonly ok: false; readonly error: string };

/** The order the page arrives at without an explicit `order`: kept rows, then new ones. */
function implicitOrder(previous: readonly string[], removed: ReadonlySet<string>, upserted: readonly ListRow[]): string[] {
  const known = new Set(previous);
  const out = previous.filter((id) => !removed.has(id));
  for (const r of upserted) if (!known.has(r.id)) out.push(r.id);
  return out;
}

/**
 * The delta from `previous` to `next` (rows in list order). `same(a, b)` says two versions of
 * a row show the same; rows for which it holds are not sent again.
 */
export function diffRows(previous: readonly ListRow[], next: readonly ListRow[], same: (a: ListRow, b: ListRow) => boolean): RowDelta | undefined {
  const before = new Map(previous.map((r) => [r.id, r]));
  const after = new Set<string>();
  const upserted: ListRow[] = [];
  for (const r of next) {
    after.add(r.id);
    const old = before.get(r.id);
    if (old === undefined || (old !== r && !same(old, r))) upserted.push(r);
  }
  const removed = previous.filter((r) => !after.has(r.id)).map((r) => r.id);
  const nextIds = next.map((r) => r.id);
  const implicit = implicitOrder(
    previous.map((r) => r.id),
    new Set(removed),
    upserted,
  );
  const ordered = implicit.length === nextIds.length && implicit.every((id, i) => id === nextIds[i]);
  if (upserted.length === 0 && removed.length === 0 && ordered) return undefined;
  return { upserted, removed, ...(ordered ? {} : { order: nextIds }) };
}

/** The rows after a delta: unchanged rows keep their objects (so views can skip them). */
export function applyDelta(rows: readonly ListRow[], delta: RowDelta): ListRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const removed = new Set(delta.removed);
  for (const id of removed) byId.delete(id);
  for (const r of delta.upserted) byId.set(r.id, r);
  const order = delta.order ?? implicitOrder(rows.map((r) => r.id), removed, delta.upserted);
  const out: ListRow[] = [];
  for (const id of order) {
    const r = byId.get(id);
    if (r !== undefined) out.push(r);
  }
  return out;
}
