/**
 * The worker's side of the list: each store row made light and screened (core's share/screen.ts,
 * the one redaction policy), and the detail pane's view of one exchange. Light rows are kept per
 * row object and per "show secrets" choice: the store keeps a row's object until its exchange is
 * judged again, so a row that did not change is not screened again.
 */
import { isPseudoHeader } from "../../core/headers.ts";
import type { Diagnosis } from "../../core/diagnose.ts";
import type { ExchangeDetail } from "../../core/detail.ts";
import { SEVERITY_RANK } from "../../core/findings.ts";
import { rootParts } from "../../core/root-cause.ts";
import { diagnosisToMarkdown, type ScreenRow, screenDetail, screenListFields, screenRow, toCurl, toFetch } from "../../core/share/index.ts";
import type { Row } from "../store.ts";
import type { DetailView, ListRow } from "./protocol.ts";

const hidden = new WeakMap<Diagnosis, ScreenRow>();
const shown = new WeakMap<Diagnosis, ScreenRow>();

/** A row as the panel shows it, screened once per diagnosis and choice. */
export function screened(row: Row, showSecrets: boolean): ScreenRow {
  const cache = showSecrets ? shown : hidden;
  let s = cache.get(row.diagnosis);
  if (!s) {
    s = screenRow(row.diagnosis, row.summary, showSecrets);
    cache.set(row.diagnosis, s);
  }
  return s;
}

/**
 * Light rows by the store's row object, for each choice. The store keeps a row's object until
 * its exchange is judged again: while a large file is diagnosed the list is sent every 100 ms of
 * work, and the rows already sent are then found here without hashing their findings again
 * (that hashing was most of the worker's time on a 10,000-entry import).
 */
const byRow = { hidden: new WeakMap<Row, ListRow>(), shown: new WeakMap<Row, ListRow>() };

/** What the list needs of a row, screened. Ids stay as captured: selection and lookups use them. */
export function listRow(row: Row, showSecrets: boolean): ListRow {
  const same = (showSecrets ? byRow.shown : byRow.hidden).get(row);
  if (same !== undefined) return same;
  const out = makeListRow(row, showSecrets);
  (showSecrets ? byRow.shown : byRow.hidden).set(row, out);
  return out;
}

function makeListRow(row: Row, showSecrets: boolean): ListRow {
  const s = screenListFields(row.diagnosis, row.summary, showSecrets);
  const raw = row.diagnosis.exchange;
  const out: ListRow = {
    id: raw.id,
    method: s.method,
    url: s.url,
    ...(s.resourceType !== undefined ? { resourceType: s.resourceType } : {}),
    observedAt: raw.observedAt,
    ...(raw.durationMs !== undefined ? { durationMs: raw.durationMs } : {}),
    pending: raw.response === undefined && !raw.error,
    sources: raw.sources,
    ...(raw.preflightFor !== undefined ? { preflightFor: raw.preflightFor } : {}),
    ...(raw.preflightId !== undefined ? { preflightId: raw.preflightId } : {}),
    summary: s.summary,
    codes: row.diagnosis.findings.map((f) => f.code).join(" "),
    worstRank: s.summary.worst ? SEVERITY_RANK[s.summary.worst] : 0,
    ...(s.rootTitle !== undefined ? { rootTitle: s.rootTitle } : {}),
  };
  return out;
}

/** Two versions of a row show the same (the list need not hear of it again). */
export function sameRow(a: ListRow, b: ListRow): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The detail pane's view: the row screened, core's detail screened the same way, and the copies
 * (redacted unless the user shows secrets) ready for the click.
 */
export function detailView(
  row: Row,
  detail: ExchangeDetail | undefined,
  preflight: Row | undefined,
  showSecrets: boolean,
): DetailView {
  const s = screened(row, showSecrets);
  const { root, supporting, independent } = rootParts(s.diagnosis);
  const opts = { includeSecrets: showSecrets };
  const sent = row.diagnosis.exchange;
  return {
    id: sent.id,
    exchange: s.diagnosis.exchange,
    summary: s.summary,
    findings: s.diagnosis.findings,
    ...(root ? { root } : {}),
    supporting,
    independent,
    headers: { request: s.headers.request.filter((h) => !isPseudoHeader(h)), response: s.headers.response },
    ...(detail ? { detail: screenDetail(detail, s) } : {}),
    ...(preflight ? { preflight: screened(preflight, showSecrets).diagnosis.exchange } : {}),
    copies: { curl: toCurl(sent, opts), fetch: toFetch(sent, opts), markdown: diagnosisToMarkdown(row.diagnosis, opts) },
  };
}
