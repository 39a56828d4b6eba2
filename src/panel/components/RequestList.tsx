import type { Row } from "../store.ts";
import { shortUrl } from "../format.ts";
import { Badges } from "./Badges.tsx";
import { SeverityIcon } from "./SeverityIcon.tsx";

interface Props {
  rows: readonly Row[];
  selectedId: string | undefined;
  onSelect(id: string): void;
}

function statusLabel(row: Row): string {
  const x = row.diagnosis.exchange;
  if (x.response) return String(x.response.status);
  return x.error ? "failed" : "pending";
}

export function RequestList({ rows, selectedId, onSelect }: Props) {
  const move = (e: KeyboardEvent) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    const i = rows.findIndex((r) => r.diagnosis.exchange.id === selectedId);
    const next = rows[Math.min(rows.length - 1, Math.max(0, i + (e.key === "ArrowDown" ? 1 : -1)))];
    if (next) onSelect(next.diagnosis.exchange.id);
  };
  return (
    <div class="list" role="grid" aria-label="Requests" tabIndex={0} onKeyDown={move}>
      <div class="list-head" role="row">
        <span role="columnheader" class="col-status">Status</span>
        <span role="columnheader" class="col-method">Method</span>
        <span role="columnheader" class="col-name">Name</span>
        <span role="columnheader" class="col-flags">Flags</span>
        <span role="columnheader" class="col-verdict">AuthLens</span>
      </div>
      <div class="list-body">
        {rows.map((row) => {
          const x = row.diagnosis.exchange;
          const { name, host } = shortUrl(x.request.url);
          const selected = x.id === selectedId;
          return (
            <div
              key={x.id}
              role="row"
              class={`row${selected ? " selected" : ""}${row.summary.problem ? " problem" : ""}`}
              aria-selected={selected}
              data-exchange-id={x.id}
              data-status={row.summary.status}
              data-codes={row.diagnosis.findings.map((f) => f.code).join(" ")}
              onClick={() => onSelect(x.id)}
            >
              <span role="gridcell" class={`col-status status-${Math.floor(row.summary.status / 100)}xx`}>
                {statusLabel(row)}
              </span>
              <span role="gridcell" class="col-method">
                {x.request.method}
              </span>
              <span role="gridcell" class="col-name" title={x.request.url}>
                <span class="name">{name}</span>
                <span class="host">{host}</span>
              </span>
              <span role="gridcell" class="col-flags">
                <Badges summary={row.summary} />
              </span>
              <span role="gridcell" class="col-verdict">
                {row.summary.worst !== undefined && <SeverityIcon severity={row.summary.worst} />}
                <span class="verdict">{row.summary.verdict ?? ""}</span>
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
