/**
 * Which section of the detail a request opens on: the one that explains it (the Summary, or the
 * CORS section for a request the browser blocked for CORS). A tab the user picked is kept while
 * they move between requests of the same kind, where it explains the same thing; a request of
 * another kind opens on its own section again. On the request it was picked on, the pick holds
 * even when that request's kind changes as more of the capture arrives (a preflight, a browser
 * verdict): a click is never undone by the panel.
 */
import type { ListRow } from "./worker/protocol.ts";

export type SectionId = "summary" | "challenge" | "credentials" | "token" | "cors" | "headers" | "timeline";

/** What a request is, for choosing its section: its failure, or that it has none. */
export type RequestKind = "cors" | "401" | "403" | "407" | "preflight" | "problem" | "fine";

/** The first rule that holds names the kind (a CORS failure with a 401 is a CORS failure). */
const KINDS: readonly { readonly kind: RequestKind; readonly holds: (row: ListRow) => boolean }[] = [
  { kind: "cors", holds: (r) => r.summary.corsFailure },
  { kind: "401", holds: (r) => r.summary.authStatus === 401 },
  { kind: "403", holds: (r) => r.summary.authStatus === 403 },
  { kind: "407", holds: (r) => r.summary.authStatus === 407 },
  { kind: "preflight", holds: (r) => r.summary.preflight },
  { kind: "problem", holds: (r) => r.summary.problem },
];

export function requestKind(row: ListRow): RequestKind {
  return KINDS.find((k) => k.holds(row))?.kind ?? "fine";
}

/** The section that explains a request of this kind. */
const OPENING: Readonly<Record<RequestKind, SectionId>> = {
  cors: "cors",
  "401": "summary",
  "403": "summary",
  "407": "summary",
  preflight: "summary",
  problem: "summary",
  fine: "summary",
};

/** A tab the user picked, and the request (and its kind) they picked it on. */
export interface TabChoice {
  readonly id: string;
  readonly kind: RequestKind;
  readonly section: SectionId;
}

/** The pick of `section` on `row`. */
export function choiceOn(row: ListRow, section: SectionId): TabChoice {
  return { id: row.id, kind: requestKind(row), section };
}

/** Does the pick apply to `row`: the request it was made on, or one of the same kind? */
function applies(choice: TabChoice | undefined, row: ListRow): choice is TabChoice {
  return choice !== undefined && (choice.id === row.id || choice.kind === requestKind(row));
}

/** The section to show for `row`: the user's pick on a request of its kind, else the one that explains it. */
export function sectionFor(row: ListRow, choice: TabChoice | undefined): SectionId {
  return applies(choice, row) ? choice.section : OPENING[requestKind(row)];
}

/** The pick kept when `next` is selected: only if it is of the kind the pick was made on. */
export function keptChoice(choice: TabChoice | undefined, next: ListRow | undefined): TabChoice | undefined {
  return next !== undefined && applies(choice, next) ? choice : undefined;
}
