import { isPseudoHeader } from "../../core/headers.ts";
import type { Row } from "../store.ts";
import { FindingCard } from "./FindingCard.tsx";
import { HeaderTable } from "./HeaderTable.tsx";

interface Props {
  row: Row;
  showSecrets: boolean;
  onClose(): void;
}

export function Detail({ row, showSecrets, onClose }: Props) {
  const x = row.diagnosis.exchange;
  const findings = row.diagnosis.findings;
  const status = x.response ? `${x.response.status} ${x.response.statusText}`.trim() : `no response${x.error ? ` (${x.error})` : ""}`;
  return (
    <section class="detail" aria-label="Request detail" data-exchange-id={x.id}>
      <header class="detail-head">
        <div class="detail-title">
          <span class="method">{x.request.method}</span>
          <span class={`status status-${Math.floor((x.response?.status ?? 0) / 100)}xx`}>{status}</span>
        </div>
        <button type="button" class="icon-button" onClick={onClose} title="Close (Esc)" aria-label="Close detail">
          ×
        </button>
        <div class="detail-url" title={x.request.url}>
          {x.request.url}
        </div>
      </header>
      <div class="detail-body">
        <h3>
          Findings <span class="count">{findings.length}</span>
        </h3>
        {findings.length === 0 ? (
          <p class="all-clear">No authentication or CORS problem found in this request.</p>
        ) : (
          findings.map((f, i) => <FindingCard key={`${f.code}-${i}`} finding={f} />)
        )}
        {x.browserVerdict !== undefined && (
          <>
            <h3>What the browser says</h3>
            <dl class="evidence browser-verdict">
              {x.browserVerdict.corsError !== undefined && (
                <div class="evidence-row" data-verdict="cors">
                  <dt>Chromium says</dt>
                  <dd>
                    {x.browserVerdict.corsError}
                    {x.browserVerdict.corsFailedParameter ? ` (${x.browserVerdict.corsFailedParameter})` : ""}
                  </dd>
                </div>
              )}
              {x.browserVerdict.blockedCookies?.map((c) => (
                <div class="evidence-row" key={`b-${c.name}`}>
                  <dt>Cookie not sent</dt>
                  <dd>
                    {c.name}: {c.reasons.join(", ")}
                  </dd>
                </div>
              ))}
              {x.browserVerdict.rejectedSetCookies?.map((c) => (
                <div class="evidence-row" key={`r-${c.name}`}>
                  <dt>Set-Cookie refused</dt>
                  <dd>
                    {c.name}: {c.reasons.join(", ")}
                  </dd>
                </div>
              ))}
            </dl>
          </>
        )}
        <h3>Request headers</h3>
        <HeaderTable headers={x.request.headers.filter((h) => !isPseudoHeader(h))} showSecrets={showSecrets} />
        <h3>Response headers</h3>
        <HeaderTable headers={x.response?.headers ?? []} showSecrets={showSecrets} />
      </div>
    </section>
  );
}
