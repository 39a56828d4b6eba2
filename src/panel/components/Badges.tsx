import type { RowSummary } from "../../core/summary.ts";

/** The row's flags: auth status, CORS failure, credentials attached. Each is a word, not a colour. */
export function Badges({ summary }: { summary: RowSummary }) {
  const c = summary.credentials;
  return (
    <span class="badges">
      {summary.preflight && (
        <span class="badge badge-plain" data-badge="preflight" title="CORS preflight sent by the browser before the actual request">
          preflight
        </span>
      )}
      {summary.authStatus !== undefined && (
        <span class={`badge badge-auth badge-${summary.authStatus}`} data-badge="auth-status">
          {summary.authStatus}
        </span>
      )}
      {summary.corsFailure && (
        <span class="badge badge-cors" data-badge="cors">
          CORS
        </span>
      )}
      {c.authorizationScheme !== undefined && (
        <span class="badge badge-cred" data-badge="authorization" title={`Authorization: ${c.authorizationScheme} … was sent`}>
          {c.authorizationScheme}
        </span>
      )}
      {c.cookieCount > 0 && (
        <span class="badge badge-cred" data-badge="cookies" title={`${c.cookieCount} cookie(s) sent`}>
          {c.cookieCount} cookie{c.cookieCount === 1 ? "" : "s"}
        </span>
      )}
    </span>
  );
}
