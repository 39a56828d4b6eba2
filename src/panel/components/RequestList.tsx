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

export function RequestList({ rows, selectedId, onSelect, grouped }: Props) {
  // ↑/↓ move the selection like the Network panel; Enter or Space selects the focused row.
  const onKey = (e: KeyboardEvent, id: string) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onSelect(id);
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    const i = rows.findIndex((r) => r.diagnosis.exchange.id === id);
    const next = rows[Math.min(rows.length - 1, Math.max(0, i + (e.key === "ArrowDown" ? 1 : -1)))];
    if (!next) return;
    onSelect(next.diagnosis.exchange.id);
    const el = (e.currentTarget as HTMLElement).parentElement?.querySelector<HTMLElement>(`[data-exchange-id="${next.diagnosis.exchange.id}"]`);
    el?.focus();
  };
  return (
    <div class="list">
      <table class="list-table" aria-label="Requests">
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
          {rows.map((row) => {
            const x = row.diagnosis.exchange;
            const { name, host } = shortUrl(x.request.url);
            const selected = x.id === selectedId;
            return (
              <tr
                key={x.id}
                tabIndex={selected || (selectedId === undefined && row === rows[0]) ? 0 : -1}
                class={`row${selected ? " selected" : ""}${row.summary.problem ? " problem" : ""}${grouped && x.preflightFor !== undefined ? " child" : ""}`}
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
        </tbody>
      </table>
    </div>
  );
}
