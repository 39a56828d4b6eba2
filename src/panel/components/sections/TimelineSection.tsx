import type { EndpointHistory } from "../../../core/endpoint-history.ts";
import type { FlowSecret, FlowStep, SignInFlow } from "../../../core/oauth/flow-steps.ts";
import type { TimelineEntry } from "../../../core/tokens/index.ts";
import { duration } from "../../format.ts";
import type { ListRow } from "../../worker/protocol.ts";
import { SeverityIcon } from "../SeverityIcon.tsx";

interface Props {
  endpoint: EndpointHistory | undefined;
  tokens: readonly TimelineEntry[];
  /** The sign-in this request takes part in, as core linked it; its secrets arrive masked unless the user shows secrets. */
  flow?: SignInFlow | undefined;
  /** The request shown: its step is marked. */
  currentId?: string;
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

/** A secret as core screened it: the value when the user shows secrets, else its mask. */
function secretText(s: FlowSecret): string {
  return s.value ?? s.masked;
}

const STEP_SEVERITY = { failed: "error", warning: "warning" } as const;

function FlowStepItem({ step, current, onSelect }: { step: FlowStep; current: boolean; onSelect(id: string): void }) {
  const severity = step.status === "failed" || step.status === "warning" ? STEP_SEVERITY[step.status] : undefined;
  return (
    <li class={`flow-step flow-${step.status}${current ? " current" : ""}`} data-exchange-id={step.exchangeId} data-step={step.step}>
      {severity !== undefined ? <SeverityIcon severity={severity} /> : <span class="sev-icon" title="OK" role="img" aria-label="OK">✓</span>} <strong>{step.title}</strong>{" "}
      {current ? (
        <span class="muted">(this request)</span>
      ) : (
        <button type="button" class="link-button" onClick={() => onSelect(step.exchangeId)} title="Show this request">
          {step.iso.slice(11, 19)}
        </button>
      )}{" "}
      <span class="mono">
        {step.method} {secretText(step.url)} → <span class={`status-${Math.floor(step.httpStatus / 100)}xx`}>{step.httpStatus === 0 ? "no response" : step.httpStatus}</span>
      </span>
      {step.note !== undefined && <p class="muted">{step.note}</p>}
      {step.items.length > 0 && (
        <ul class="flow-items mono">
          {step.items.map((item, i) => (
            <li key={`${item.label}-${i}`}>
              {item.label}: {item.secret ? secretText(item.secret) : item.text}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** This endpoint's and this request's tokens' history across the capture, as core computed it. */
export function TimelineSection({ endpoint, tokens, flow, currentId, rowsById, onSelect }: Props) {
  return (
    <>
      {flow !== undefined && (
        <section class="sign-in-flow" aria-label="Sign-in flow">
          <h3>Sign-in flow</h3>
          <p class="muted">
            {flow.clientId !== undefined ? `client_id ${flow.clientId} · ` : ""}redirect_uri {flow.redirectUri}
            {flow.authorizationEndpoint !== undefined ? ` · ${flow.authorizationEndpoint}` : ""}
          </p>
          <ol class="timeline sign-in-steps">
            {flow.steps.map((step, i) => (
              <FlowStepItem key={`${step.exchangeId}-${i}`} step={step} current={step.exchangeId === currentId} onSelect={onSelect} />
            ))}
          </ol>
          {flow.apiCallsOmitted > 0 && <p class="muted">and {flow.apiCallsOmitted} more API calls with these tokens.</p>}
        </section>
      )}
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
