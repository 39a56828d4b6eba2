import { useEffect, useRef, useState } from "preact/hooks";
import type { Exchange } from "../../core/exchange.ts";
import { copyText } from "../clipboard.ts";
import type { SectionId } from "../detail-section.ts";
import { Icon } from "./icons.tsx";
import type { DetailView, ListRow, TokenCheck } from "../worker/protocol.ts";
import { FindingCard } from "./FindingCard.tsx";
import { HeaderTable } from "./HeaderTable.tsx";
import { ChallengeSection } from "./sections/ChallengeSection.tsx";
import { CorsSection } from "./sections/CorsSection.tsx";
import { CredentialsSection } from "./sections/CredentialsSection.tsx";
import { TimelineSection } from "./sections/TimelineSection.tsx";
import { TokenSection } from "./sections/TokenSection.tsx";


interface Props {
  /** The row as listed (screened). */
  row: ListRow;
  /** The analysis worker's view of this exchange, once it has answered. */
  view: DetailView | undefined;
  /** The token as sent, asked of the worker for the explicit "Copy token" only. */
  onCopyToken(hash: string): Promise<string | undefined>;
  /** Checks a token's signature (the Token section's "Verify signature…"). */
  onVerifyToken(hash: string, keyText: string): Promise<TokenCheck | undefined>;
  section: SectionId;
  showSecrets: boolean;
  onSection(s: SectionId): void;
  onClose(): void;
  /** The user opened this detail with Enter: the pane takes the keyboard focus, then says so. */
  focusRequested: boolean;
  onFocused(): void;
  rowsById: ReadonlyMap<string, ListRow>;
  /** Shows another request (from the timeline). */
  onSelect(id: string): void;
}

function BrowserVerdict({ x }: { x: Exchange }) {
  const v = x.browserVerdict;
  if (!v) return null;
  return (
    <>
      <h3>What the browser says</h3>
      <dl class="evidence browser-verdict">
        {v.corsError !== undefined && (
          <div class="evidence-row" data-verdict="cors">
            <dt>Chromium says</dt>
            <dd>
              {v.corsError}
              {v.corsFailedParameter ? ` (${v.corsFailedParameter})` : ""}
            </dd>
          </div>
        )}
        {v.blockedCookies?.map((c) => (
          <div class="evidence-row" key={`b-${c.name}`}>
            <dt>Cookie not sent</dt>
            <dd>
              {c.name}: {c.reasons.join(", ")}
            </dd>
          </div>
        ))}
        {v.rejectedSetCookies?.map((c) => (
          <div class="evidence-row" key={`r-${c.name}`}>
            <dt>Set-Cookie refused</dt>
            <dd>
              {c.name}: {c.reasons.join(", ")}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/**
 * A preflight's summary: what it is, and a link to the request it was sent for, where its
 * result is reported (FINDINGS.md v2: one failure, one place). `rowsById` gives rows as shown
 * (screened): the request's URL may carry secrets.
 */
function PreflightOf({ target, rowsById, onSelect }: { target: string; rowsById: ReadonlyMap<string, ListRow>; onSelect(id: string): void }) {
  const request = rowsById.get(target);
  const name = request ? `${request.method} ${request.url}` : "its request";
  const root = request?.rootTitle !== undefined ? { title: request.rootTitle } : undefined;
  return (
    <div class="preflight-of" data-testid="preflight-of">
      <p>
        This is the CORS preflight (OPTIONS) the browser sent before <span class="mono">{name}</span>, asking whether the
        server allows it. Its result is diagnosed on that request{root ? `: ${root.title}.` : ", which has no failure."}
      </p>
      <button type="button" class="tool-button" onClick={() => onSelect(target)} disabled={request === undefined}>
        Show the request
      </button>
    </div>
  );
}

/**
 * Copy as cURL / fetch / Markdown; redacted by core unless the user ticked "Show secrets". Short
 * words after "Copy", on the detail's title line: a docked panel has no line to spare for them.
 */
function CopyActions({ id, copies, showSecrets }: { id: string; copies: DetailView["copies"] | undefined; showSecrets: boolean }) {
  const [status, setStatus] = useState<string | undefined>();
  useEffect(() => {
    if (status === undefined) return;
    const t = setTimeout(() => setStatus(undefined), 2000);
    return () => clearTimeout(t);
  }, [status]);
  // A different request: an old "Copied" would describe the wrong one.
  useEffect(() => setStatus(undefined), [id]);
  // The copies come ready with the detail (the worker made them, redacted unless secrets are shown):
  // the clipboard is written within the click, as browsers require.
  const copy = (label: string, text: string | undefined) => {
    if (text === undefined) return;
    void copyText(text).then((ok) => setStatus(ok ? `Copied ${label}${showSecrets ? " (with secrets)" : ""}` : "Copy failed: the browser refused the clipboard"));
  };
  return (
    <fieldset class="copy-actions" aria-label="Copy" disabled={copies === undefined}>
      <span class="copy-label" aria-hidden="true">
        Copy
      </span>
      <button
        type="button"
        class="tool-button"
        aria-label="Copy as cURL"
        onClick={() => copy("cURL", copies?.curl)}
        title={`Copy as cURL: ${showSecrets ? "includes credentials" : "credentials are redacted"}`}
      >
        cURL
      </button>
      <button
        type="button"
        class="tool-button"
        aria-label="Copy as fetch"
        onClick={() => copy("fetch", copies?.fetch)}
        title={`Copy as fetch: ${showSecrets ? "includes credentials" : "credentials are redacted"}`}
      >
        fetch
      </button>
      <button type="button" class="tool-button" aria-label="Copy diagnosis (Markdown)" title="Copy the diagnosis as Markdown" onClick={() => copy("Markdown", copies?.markdown)}>
        Markdown
      </button>
      {status !== undefined && (
        <span class="copy-status" role="status">
          {status}
        </span>
      )}
    </fieldset>
  );
}

export function Detail({ row, view, onCopyToken, onVerifyToken, section, showSecrets, onSection, onClose, focusRequested, onFocused, rowsById, onSelect }: Props) {
  const pane = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!focusRequested) return;
    pane.current?.focus();
    onFocused();
  }, [focusRequested, onFocused]);
  // Everything below shows core's display model (share/screen.ts), made by the analysis worker:
  // masked unless "Show secrets", invisible controls escaped. Other requests named here (the
  // timeline, a preflight's request) show as their own rows do.
  const x = view?.exchange;
  const detail = view?.detail;
  const preflight = view?.preflight;
  const findings = view?.findings ?? [];
  // Root cause first (FINDINGS.md v2): its card holds the findings supporting it; the rest follow.
  const root = view?.root;
  const supporting = view?.supporting ?? [];
  const independent = view?.independent ?? [];
  const summary = view?.summary ?? row.summary;
  // A response the browser withheld never reads as a green "200 OK" (core/status-view.ts).
  const status = summary.outcome;
  const sections: { id: SectionId; label: string; count?: number }[] = [
    { id: "summary", label: "Summary", count: findings.length - supporting.length },
    ...(detail && (detail.challenges.length > 0 || summary.authStatus === 401 || summary.authStatus === 407)
      ? [{ id: "challenge" as const, label: "Challenge", count: detail.challenges.length }]
      : []),
    { id: "credentials", label: "Credentials" },
    ...(detail && detail.tokens.length > 0 ? [{ id: "token" as const, label: "Token", count: detail.tokens.length }] : []),
    // Before the detail has arrived, the row says whether it is a CORS failure: the CORS section
    // it opens on is there from the first frame, not swapped in for the Summary a moment later.
    ...((detail ? detail.cors?.applies : summary.corsFailure) ? [{ id: "cors" as const, label: "CORS" }] : []),
    { id: "headers", label: "Headers" },
    { id: "timeline", label: "Timeline", ...(detail?.endpoint ? { count: detail.endpoint.visits.length + detail.endpoint.omitted } : {}) },
  ];
  const shown = sections.some((s) => s.id === section) ? section : "summary";
  return (
    <section class="detail" aria-label="Request detail" data-exchange-id={row.id} aria-busy={view === undefined} ref={pane} tabIndex={-1}>
      {/* Two lines (what it is, then its sections): a panel docked at the bottom keeps the rest for the body. */}
      <header class="detail-head">
        <div class="detail-title">
          {/* Where the detail covers the list (a narrow panel), the way back to it. */}
          <button type="button" class="tool-button back-button" onClick={onClose} title="Back to the list (Esc)" aria-label="Back to the list">
            <Icon name="back" />
          </button>
          <span class="method">{row.method}</span>
          <span class={`status status-${status.tone}`} title={status.note}>
            {status.text}
          </span>
          <span class="detail-url" title={row.url}>
            {row.url}
          </span>
          <CopyActions id={row.id} copies={view?.copies} showSecrets={showSecrets} />
          <button type="button" class="icon-button close-button" onClick={onClose} title="Close (Esc)" aria-label="Close detail">
            ×
          </button>
        </div>
        <div class="tabs" role="tablist" aria-label="Detail sections">
          {sections.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              aria-selected={shown === s.id}
              class={`tab${shown === s.id ? " active" : ""}`}
              data-section={s.id}
              onClick={() => onSection(s.id)}
            >
              {s.label}
              {s.count !== undefined && s.count > 0 && <span class="count">{s.count}</span>}
            </button>
          ))}
        </div>
      </header>
      <div class="detail-body" role="tabpanel" data-section={shown}>
        {x && shown === "summary" && (
          <>
            {row.preflightFor !== undefined && <PreflightOf target={row.preflightFor} rowsById={rowsById} onSelect={onSelect} />}
            {row.preflightFor === undefined && !findings.some((f) => f.severity !== "info") && (
              <p class="all-clear">No authentication or CORS problem found in this request.</p>
            )}
            {root && <FindingCard key={`root-${root.code}`} finding={root} root supporting={supporting} />}
            {root && independent.length > 0 && <h3 class="also-found">Also found</h3>}
            {independent.map((f, i) => (
              <FindingCard key={`${f.code}-${i}`} finding={f} />
            ))}
            {detail?.attached && <p class="attached-line muted">Sent: {detail.attached.line}</p>}
            <BrowserVerdict x={x} />
          </>
        )}
        {shown === "challenge" && detail && <ChallengeSection challenges={detail.challenges} />}
        {view && shown === "credentials" && <CredentialsSection {...(detail?.attached ? { attached: detail.attached } : {})} setCookies={detail?.setCookies ?? []} />}
        {shown === "token" && detail && (
          <TokenSection
            tokens={detail.tokens}
            timeline={detail.timeline}
            onCopyToken={async (hash) => {
              const raw = await onCopyToken(hash);
              return raw !== undefined && (await copyText(raw));
            }}
            onVerifyToken={onVerifyToken}
          />
        )}
        {x && shown === "cors" && detail?.cors && (
          <CorsSection
            report={detail.cors}
            exchange={x}
            {...(preflight ? { preflight } : {})}
            {...(x.browserVerdict?.corsError ? { chromiumSays: x.browserVerdict.corsError } : {})}
          />
        )}
        {view && shown === "headers" && (
          <>
            <h3>Request headers</h3>
            <HeaderTable headers={view.headers.request} />
            <h3>Response headers</h3>
            <HeaderTable headers={view.headers.response} />
          </>
        )}
        {view && shown === "timeline" && <TimelineSection endpoint={detail?.endpoint} tokens={detail?.timeline ?? []} flow={detail?.signInFlow} currentId={row.id} rowsById={rowsById} onSelect={onSelect} />}
        {detail && detail.unavailable.length > 0 && (
          <p class="muted">
            Not shown: {detail.unavailable.map((u) => `${u.part} (${u.reason})`).join("; ")}
          </p>
        )}
      </div>
    </section>
  );
}
