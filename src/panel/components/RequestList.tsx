import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Row } from "../store.ts";
import { shortUrl } from "../format.ts";
import { Badges } from "./Badges.tsx";
import { SeverityIcon } from "./SeverityIcon.tsx";

interface Props {
  rows: readonly Row[];
  /** Preflights follow their request, indented. */
  grouped: boolean;
  selectedId: string | undefined;
  onSelect(id: string): void;
}

function statusLabel(row: Row): string {
  const x = row.diagnosis.exchange;
  if (x.response) return String(x.response.status);
  return x.error ? "failed" : "pending";
}

/** Every row is this tall (panel.css `.row`), which is what lets the list compute what is in view. */
export const ROW_HEIGHT = 22;
/** Rows rendered above and below the visible ones, so fast scrolling does not show blank space. */
const OVERSCAN = 20;
/** Below this, every row is rendered: the DOM is small and the page's find (Ctrl+F) sees all rows. */
const VIRTUAL_MIN = 200;

export function RequestList({ rows, selectedId, onSelect, grouped }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800 });
  /** The row the keyboard moved to: focused once it is rendered. */
  const pendingFocus = useRef<string | undefined>(undefined);
  const cursor = useRef<string | undefined>(selectedId);
  cursor.current = selectedId;

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const virtual = rows.length > VIRTUAL_MIN;
  const start = virtual ? Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN) : 0;
  const end = virtual ? Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN) : rows.length;

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
    setView({ top: el.scrollTop, height: el.clientHeight });
  };

  // ↑/↓ move the selection like the Network panel; Enter or Space selects the focused row.
  const onKey = (e: KeyboardEvent, id: string) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onSelect(id);
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    // From the selection the keyboard last made: a quick second press can arrive before the
    // newly selected row is rendered and focused, while the previous row still has the focus.
    const from = cursor.current ?? id;
    const i = rows.findIndex((r) => r.diagnosis.exchange.id === from);
    const to = Math.min(rows.length - 1, Math.max(0, i + (e.key === "ArrowDown" ? 1 : -1)));
    const next = rows[to];
    if (!next) return;
    cursor.current = next.diagnosis.exchange.id;
    onSelect(next.diagnosis.exchange.id);
    // The next row may not be rendered yet (virtual list): focus it once it is.
    pendingFocus.current = next.diagnosis.exchange.id;
    scrollToIndex(to);
  };
  return (
    <div class="list" ref={list} onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}>
      <table class="list-table" aria-label="Requests" aria-rowcount={rows.length + 1}>
        <colgroup>
          <col class="c-status" />
          <col class="c-method" />
          <col class="c-name" />
          <col class="c-flags" />
          <col class="c-verdict" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Method</th>
            <th scope="col">Name</th>
            <th scope="col">Flags</th>
            <th scope="col" class="col-verdict">
              AuthLens
            </th>
          </tr>
        </thead>
        <tbody>
          {start > 0 && <tr class="list-spacer" style={{ height: `${start * ROW_HEIGHT}px` }} />}
          {rows.slice(start, end).map((row, k) => {
            const index = start + k;
            const x = row.diagnosis.exchange;
            const { name, host } = shortUrl(x.request.url);
            const selected = x.id === selectedId;
            return (
              <tr
                key={x.id}
                tabIndex={selected || (selectedId === undefined && row === rows[0]) ? 0 : -1}
                aria-rowindex={index + 2}
                class={`row${index % 2 === 1 ? " alt" : ""}${selected ? " selected" : ""}${row.summary.problem ? " problem" : ""}${grouped && x.preflightFor !== undefined ? " child" : ""}`}
                aria-selected={selected}
                data-exchange-id={x.id}
                data-status={row.summary.status}
                data-codes={row.diagnosis.findings.map((f) => f.code).join(" ")}
                data-sources={x.sources.join(" ")}
                onClick={() => onSelect(x.id)}
                onKeyDown={(e) => onKey(e, x.id)}
              >
                <td
                  class={`col-status status-${row.summary.corsFailure ? "blocked" : `${Math.floor(row.summary.status / 100)}xx`}`}
                  title={row.summary.corsFailure ? "The response was blocked by CORS: the page's script did not receive it" : undefined}
                >
                  {statusLabel(row)}
                </td>
                <td class="col-method">{x.request.method}</td>
                <td class="col-name" title={x.request.url}>
                  <span class="name">{name}</span>
                  <span class="host">{host}</span>
                </td>
                <td class="col-flags">
                  <Badges summary={row.summary} />
                </td>
                <td class="col-verdict">
                  {row.summary.worst !== undefined && <SeverityIcon severity={row.summary.worst} />}
                  <span class="verdict">{row.summary.verdict ?? ""}</span>
                </td>
              </tr>
            );
          })}
          {end < rows.length && <tr class="list-spacer" style={{ height: `${(rows.length - end) * ROW_HEIGHT}px` }} />}
        </tbody>
      </table>
    </div>
  );
}
