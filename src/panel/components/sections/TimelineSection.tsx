import type { EndpointHistory } from "../../../core/endpoint-history.ts";
import type { TimelineEntry } from "../../../core/tokens/index.ts";
import { duration } from "../../format.ts";
import type { ListRow } from "../../worker/protocol.ts";
import { SeverityIcon } from "../SeverityIcon.tsx";

interface Props {
  endpoint: EndpointHistory | undefined;
  tokens: readonly TimelineEntry[];
  /** The capture's rows by exchange id: each visit shows the verdict core gave it. */
  rowsById: { get(id: string): ListRow | undefined };
  onSelect(id: string): void;
}

/** "−12.4 s", "+850 ms", "this request". */
function offset(ms: number): string {
  if (ms === 0) return "same time";
  return `${ms < 0 ? "−" : "+"}${duration(Math.abs(ms))}`;
}

function describeEvent(e: TimelineEntry["events"][number]): string {
  const status = e.status === 0 ? "no response" : String(e.status);
  const expiry = e.afterExpiry ? " — after it expired" : "";
  return `${e.iso.slice(11, 19)} ${e.kind}${e.viaRefresh ? " (refresh)" : ""}: ${e.method} ${e.url} → ${status}${expiry}`;
}

/** This endpoint's and this request's tokens' history across the capture, as core computed it. */
export function TimelineSection({ endpoint, tokens, rowsById, onSelect }: Props) {
  return (
    <>
      <h3>This endpoint</h3>
      {endpoint === undefined ? (
        <p class="muted">Not available for this request.</p>
      ) : (
        <>
          <p class="muted">
            {endpoint.endpoint} — {endpoint.visits.length + endpoint.omitted} request{endpoint.visits.length + endpoint.omitted === 1 ? "" : "s"} in this capture
            {endpoint.omitted > 0 ? ` (the ${endpoint.visits.length} nearest this one are listed)` : ""}.
          </p>
          <table class="kv endpoint-history" aria-label="Requests to this endpoint">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Status</th>
                <th scope="col">Credentials</th>
                <th scope="col">AuthLens</th>
              </tr>
            </thead>
            <tbody>
              {endpoint.visits.map((v) => {
                const row = rowsById.get(v.id);
                return (
                  <tr key={v.id} class={v.current ? "current" : ""} data-exchange-id={v.id}>
                    <td>
                      {v.current ? (
                        <strong>this request</strong>
                      ) : (
                        <button type="button" class="link-button" onClick={() => onSelect(v.id)} title="Show this request">
                          {offset(v.offsetMs)}
                        </button>
                      )}
                    </td>
                    <td class={`status-${Math.floor(v.status / 100)}xx`}>{v.status === 0 ? "failed" : v.status}</td>
                    <td>
                      {v.credentials}
                      {v.token !== undefined && <span class="mono muted"> · {v.token}</span>}
                    </td>
                    <td>
                      {row?.summary.worst !== undefined && <SeverityIcon severity={row.summary.worst} />} {row?.summary.verdict ?? ""}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      {tokens.map((t) => (
        <section key={t.hash} class="token-history" aria-label={`History of ${t.label}`}>
          <h3>This token</h3>
          <p>
            {t.label} <span class="mono muted">{t.masked}</span>
          </p>
          <p class="muted">
            Used in {t.uses} request{t.uses === 1 ? "" : "s"}
            {t.expiresAt ? ` · expires ${t.expiresAt.iso}` : ""}
            {t.rejectedAfterExpiry.length > 0 ? ` · ${t.rejectedAfterExpiry.length} rejected after it expired` : ""}
          </p>
          <ol class="timeline">
            {t.events.map((e, i) => (
              <li key={`${e.exchangeId}-${i}`}>{describeEvent(e)}</li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}
