import { duration, shortUrl } from "../format.ts";
import type { SortKey } from "../sort.ts";
import type { ListRow as Row } from "../worker/protocol.ts";
import { SeverityIcon } from "./SeverityIcon.tsx";

/** One cell of the request list. Every flag is a word (a badge), never a colour alone. */
type CellView = (row: Row) => preact.JSX.Element;

const CELLS: Record<SortKey, CellView> = {
  status: (row) => {
    const s = row.summary;
    return (
      <td class={`col-status status-${s.outcome.tone}`} title={s.outcome.note}>
        {s.authStatus !== undefined ? (
          <span class={`badge badge-auth badge-${s.authStatus}`} data-badge="auth-status">
            {s.authStatus}
          </span>
        ) : (
          s.outcome.short
        )}
        {s.corsFailure && (
          <span class="badge badge-cors" data-badge="cors">
            CORS
          </span>
        )}
      </td>
    );
  },
  method: (row) => <td class="col-method">{row.method}</td>,
  name: (row) => {
    const url = row.url;
    const { name, host } = shortUrl(url);
    return (
      <td class="col-name" title={url}>
        <span class="name">{name}</span>
        <span class="host">{host}</span>
      </td>
    );
  },
  type: (row) => (
    <td class="col-type">
      {row.summary.preflight ? (
        <span class="badge badge-plain" data-badge="preflight" title="CORS preflight sent by the browser before the actual request">
          preflight
        </span>
      ) : (
        (row.resourceType ?? "")
      )}
    </td>
  ),
  credentials: (row) => {
    const c = row.summary.credentials;
    return (
      <td class="col-credentials">
        {c.visibility === "stripped" && c.provenSent !== undefined ? (
          <span class="badge badge-cred" data-badge="proven" title={`Credentials were sent (their value is stripped from this capture): ${c.provenSent}`}>
            sent
          </span>
        ) : c.visibility === "stripped" ? (
          <span class="muted" title="This capture does not show the request's credential headers">
            unknown
          </span>
        ) : (
          <span class="badges">
            {c.authorizationScheme !== undefined && (
              <span class="badge badge-cred" data-badge="authorization" title={`Authorization: ${c.authorizationScheme} … was sent`}>
                {c.authorizationScheme}
              </span>
            )}
            {c.apiKey !== undefined && (
              <span class="badge badge-cred" data-badge="api-key" title={`An API key was sent (${c.apiKey})`}>
                API key
              </span>
            )}
            {c.cookieCount > 0 && (
              <span class="badge badge-cred" data-badge="cookies" title={`${c.cookieCount} cookie(s) sent`}>
                {c.cookieCount} cookie{c.cookieCount === 1 ? "" : "s"}
              </span>
            )}
          </span>
        )}
      </td>
    );
  },
  verdict: (row) => (
    <td class="col-verdict">
      {row.summary.worst !== undefined && <SeverityIcon severity={row.summary.worst} />}
      <span class="verdict">{row.summary.verdict ?? ""}</span>
    </td>
  ),
  time: (row) => {
    return (
      <td class="col-time" title={`Started ${new Date(row.observedAt).toLocaleTimeString()}`}>
        {row.durationMs !== undefined ? duration(row.durationMs) : row.pending ? "pending" : ""}
      </td>
    );
  },
};

export function Cell({ column, row }: { column: SortKey; row: Row }) {
  return CELLS[column](row);
}
