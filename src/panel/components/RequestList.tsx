import { Component } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { nextOrder, type SortKey, type SortOrder } from "../sort.ts";
import type { ListRow as Row } from "../worker/protocol.ts";
import { Cell } from "./ListCell.tsx";

interface Props {
  rows: readonly Row[];
  /** Preflights follow their request, indented. */
  grouped: boolean;
  selectedId: string | undefined;
  onSelect(id: string): void;
  /** Enter on a row: open its detail and move the keyboard there. */
  onOpen(id: string): void;
  sort: SortOrder | undefined;
  onSort(order: SortOrder | undefined): void;
  /**
   * A row to give the keyboard focus to (Esc closing the detail returns it to its row): focused
   * once it is rendered, through the same path as the arrow keys. A new object asks again.
   */
  focusRequest?: { readonly id: string } | undefined;
}

/** The list's columns, in order: the header's words and what a sort by it means. */
const COLUMNS: readonly { key: SortKey; label: string; title: string }[] = [
  { key: "status", label: "Status", title: "status (failed and pending last)" },
  { key: "method", label: "Method", title: "method" },
  { key: "name", label: "Name", title: "URL" },
  { key: "type", label: "Type", title: "resource type" },
  { key: "credentials", label: "Credentials", title: "credentials sent (Authorization scheme, then cookie count)" },
  { key: "verdict", label: "AuthLens", title: "AuthLens verdict (most severe first)" },
  { key: "time", label: "Time", title: "duration" },
];

/** Every row is this tall (panel.css `.row`), which is what lets the list compute what is in view. */
export const ROW_HEIGHT = 22;
/** Rows rendered above and below the visible ones, so fast scrolling does not show blank space. */
const OVERSCAN = 20;
/** Below this, every row is rendered: the DOM is small and the page's find (Ctrl+F) sees all rows. */
const VIRTUAL_MIN = 200;
/**
 * The scroll position is kept in steps of this many rows: scrolling within a step renders
 * nothing (the overscan covers it), so a smooth scroll re-renders the list every 10 rows, not
 * on every scroll event.
 */
const SCROLL_STEP = 10;

/** Where each navigation key moves the selection from row `i`: `page` rows fit in view, `last` is the last index. */
const MOVES: Readonly<Record<string, (i: number, page: number, last: number) => number>> = {
  ArrowDown: (i) => i + 1,
  ArrowUp: (i) => i - 1,
  PageDown: (i, page) => i + page,
  PageUp: (i, page) => i - page,
  Home: () => 0,
  End: (_i, _page, last) => last,
};

interface RowProps {
  readonly row: Row;
  readonly index: number;
  readonly selected: boolean;
  readonly focusable: boolean;
  /** A preflight shown under its request. */
  readonly child: boolean;
  onSelect(id: string): void;
  onKey(e: KeyboardEvent, id: string): void;
}

/**
 * One row of the list. The worker's deltas keep an unchanged row the same object, so a row
 * renders again only when it changed, moved between odd and even, or was selected: a burst of
 * captured requests re-renders the new rows, not the hundred in view. Its handlers read the
 * latest props when they fire (Preact hands a skipped component its new props all the same).
 */
class RowView extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return next.row !== p.row || next.selected !== p.selected || next.focusable !== p.focusable || next.child !== p.child || next.index % 2 !== p.index % 2 || next.index !== p.index;
  }

  private readonly click = () => this.props.onSelect(this.props.row.id);
  private readonly key = (e: KeyboardEvent) => this.props.onKey(e, this.props.row.id);

  override render() {
    const { row, index, selected, focusable, child } = this.props;
    return (
      <tr
        tabIndex={focusable ? 0 : -1}
        aria-rowindex={index + 2}
        class={`row${index % 2 === 1 ? " alt" : ""}${selected ? " selected" : ""}${row.summary.problem ? " problem" : ""}${child ? " child" : ""}`}
        aria-selected={selected}
        data-exchange-id={row.id}
        data-status={row.summary.status}
        data-codes={row.codes}
        data-sources={row.sources.join(" ")}
        onClick={this.click}
        onKeyDown={this.key}
      >
        {COLUMNS.map((c) => (
          <Cell key={c.key} column={c.key} row={row} />
        ))}
      </tr>
    );
  }
}

interface View {
  /** The first row in view, rounded down to a SCROLL_STEP. */
  readonly first: number;
  readonly height: number;
}

/** The new view, or the same object when nothing the list renders changes (no re-render). */
function nextView(prev: View, scrollTop: number, height: number): View {
  const row = Math.floor(scrollTop / ROW_HEIGHT);
  const first = row - (row % SCROLL_STEP);
  return first === prev.first && height === prev.height ? prev : { first, height };
}

export function RequestList({ rows, selectedId, onSelect, onOpen, grouped, sort, onSort, focusRequest }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>({ first: 0, height: 800 });
  /** The row the keyboard moved to: focused once it is rendered. */
  const pendingFocus = useRef<string | undefined>(undefined);
  const cursor = useRef<string | undefined>(selectedId);
  cursor.current = selectedId;

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const measure = () => setView((prev) => nextView(prev, el.scrollTop, el.clientHeight));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const virtual = rows.length > VIRTUAL_MIN;
  const start = virtual ? Math.max(0, view.first - OVERSCAN) : 0;
  const end = virtual ? Math.min(rows.length, view.first + SCROLL_STEP + Math.ceil(view.height / ROW_HEIGHT) + OVERSCAN) : rows.length;

  // Runs before the focusing effect below, in the same commit.
  useEffect(() => {
    if (focusRequest) pendingFocus.current = focusRequest.id;
  }, [focusRequest]);

  useEffect(() => {
    const id = pendingFocus.current;
    if (id === undefined) return;
    const el = list.current?.querySelector<HTMLElement>(`[data-exchange-id="${CSS.escape(id)}"]`);
    if (el) {
      pendingFocus.current = undefined;
      el.focus({ preventScroll: true });
    }
  });

  /** Scrolls so that row `i` is fully visible below the sticky header. */
  const scrollToIndex = (i: number) => {
    const el = list.current;
    if (!el) return;
    const header = el.querySelector("thead")?.getBoundingClientRect().height ?? ROW_HEIGHT;
    const top = i * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT + header > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT + header - el.clientHeight;
    setView((prev) => nextView(prev, el.scrollTop, el.clientHeight));
  };

  // ↑/↓, Page Up/Down, Home/End move the selection like the Network panel; Space selects the
  // focused row, Enter opens it.
  const onKey = (e: KeyboardEvent, id: string) => {
    if (e.key === "Enter") {
      e.preventDefault();
      onOpen(id);
      return;
    }
    if (e.key === " ") {
      e.preventDefault();
      onSelect(id);
      return;
    }
    const move = MOVES[e.key];
    if (!move) return;
    e.preventDefault();
    // From the selection the keyboard last made: a quick second press can arrive before the
    // newly selected row is rendered and focused, while the previous row still has the focus.
    const from = cursor.current ?? id;
    const i = rows.findIndex((r) => r.id === from);
    const page = Math.max(1, Math.floor(view.height / ROW_HEIGHT) - 2);
    const to = Math.min(rows.length - 1, Math.max(0, move(i, page, rows.length - 1)));
    const next = rows[to];
    if (!next) return;
    cursor.current = next.id;
    onSelect(next.id);
    // The next row may not be rendered yet (virtual list): focus it once it is.
    pendingFocus.current = next.id;
    scrollToIndex(to);
  };
  return (
    <div class="list" ref={list} onScroll={(e) => {
        const el = e.currentTarget;
        setView((prev) => nextView(prev, el.scrollTop, el.clientHeight));
      }}>
      <table class="list-table" aria-label="Requests" aria-rowcount={rows.length + 1}>
        <colgroup>
          {COLUMNS.map((c) => (
            <col key={c.key} class={`c-${c.key}`} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const direction = sort?.key === c.key ? sort.direction : undefined;
              return (
                <th key={c.key} scope="col" class={`col-${c.key}`} aria-sort={direction ?? "none"}>
                  <button type="button" class="sort-button" title={`Sort by ${c.title}`} onClick={() => onSort(nextOrder(sort, c.key))}>
                    {c.label}
                    <span class="sort-mark" aria-hidden="true">
                      {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : ""}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {start > 0 && <tr class="list-spacer" style={{ height: `${start * ROW_HEIGHT}px` }} />}
          {rows.slice(start, end).map((row, k) => {
            const index = start + k;
            const selected = row.id === selectedId;
            return (
              <RowView
                key={row.id}
                row={row}
                index={index}
                selected={selected}
                focusable={selected || (selectedId === undefined && row === rows[0])}
                child={grouped && row.preflightFor !== undefined}
                onSelect={onSelect}
                onKey={onKey}
              />
            );
          })}
        </tbody>
      </table>
      {/* The rows below the rendered ones, as space after the table: requests arriving at the end
          of a long list change this height only, not the table (which the browser would lay out again). */}
      {end < rows.length && <div class="list-spacer" aria-hidden="true" style={{ height: `${(rows.length - end) * ROW_HEIGHT}px` }} />}
    </div>
  );
}
