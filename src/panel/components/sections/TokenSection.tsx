import { useState } from "preact/hooks";
import type { FoundToken, TimelineEntry, TokenTime } from "../../../core/tokens/index.ts";
import type { TokenCheck } from "../../worker/protocol.ts";
import { VerifySignature } from "./VerifySignature.tsx";

function TimeRow({ name, t }: { name: string; t: TokenTime }) {
  const expired = name === "exp" && t.state === "past";
  const notYet = name === "nbf" && t.state === "future";
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>
        {t.relative}{" "}
        {(expired || notYet) && <span class="badge badge-auth">{expired ? "expired" : "not yet valid"}</span>}
        {name === "exp" && !expired && <span class="badge badge-ok">valid</span>}
      </td>
      <td class="mono meaning">
        {t.iso} · {t.local}
      </td>
    </tr>
  );
}

/** Each token the exchange carried, decoded locally: header, claims explained, times relative to the request. */
interface Props {
  tokens: readonly FoundToken[];
  timeline: readonly TimelineEntry[];
  /** Copies the raw token (an explicit user action; it is never copied otherwise). */
  onCopyToken(hash: string): Promise<boolean>;
  /** Checks a JWS's signature (VerifySignature). */
  onVerifyToken(hash: string, keyText: string): Promise<TokenCheck | undefined>;
}

export function TokenSection({ tokens, timeline, onCopyToken, onVerifyToken }: Props) {
  const [copied, setCopied] = useState<string | undefined>();
  return (
    <>
      {tokens.map((t) => {
        const history = timeline.find((e) => e.hash === t.hash);
        return (
          <article class="card token" key={`${t.hash}-${t.where}`} data-kind={t.kind}>
            <header class="card-head">
              <span class="scheme">{t.kind.toUpperCase()}</span>
              <span class="muted">in the {t.where}</span>
              <span class="mono muted">{t.masked}</span>
              {t.kind !== "basic" && (
                <button
                  type="button"
                  class="tool-button copy-token"
                  title="Copies the whole token to the clipboard. It stays in memory otherwise."
                  onClick={() => void onCopyToken(t.hash).then((ok) => setCopied(ok ? t.hash : undefined))}
                >
                  {copied === t.hash ? "Copied" : "Copy token"}
                </button>
              )}
            </header>
            {t.issuerGuess !== undefined && <p class="card-summary">Issued by: {t.issuerGuess}</p>}
            {t.user !== undefined && <p class="card-summary">User: {t.user} (password hidden)</p>}
            {t.times && (
              <table class="kv times">
                <tbody>
                  {t.times.exp && <TimeRow name="exp" t={t.times.exp} />}
                  {t.times.nbf && <TimeRow name="nbf" t={t.times.nbf} />}
                  {t.times.iat && <TimeRow name="iat" t={t.times.iat} />}
                </tbody>
              </table>
            )}
            {t.header && (
              <>
                <h4>Header</h4>
                <table class="kv">
                  <tbody>
                    {Object.entries(t.header).map(([k, v]) => (
                      <tr key={k}>
                        <th scope="row">{k}</th>
                        <td class="mono">{typeof v === "string" ? v : JSON.stringify(v)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
            {t.claims.length > 0 && (
              <>
                <h4>Claims</h4>
                <table class="kv claims">
                  <tbody>
                    {t.claims.map((c) => (
                      <tr key={c.name}>
                        <th scope="row">{c.name}</th>
                        <td class="mono">{c.value}</td>
                        <td class="meaning">{c.meaning}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
            {t.problems.length > 0 && (
              <ul class="problems">
                {t.problems.map((p) => (
                  <li key={`${p.code}-${p.message}`} class={`sev-text-${p.severity}`}>
                    <code>{p.code}</code> {p.message}
                  </li>
                ))}
              </ul>
            )}
            {t.kind === "jws" && <VerifySignature onVerify={(keyText) => onVerifyToken(t.hash, keyText)} />}
            {history && history.events.length > 1 && (
              <p class="muted" data-testid="token-history-line">
                Seen in {history.events.length} requests of this capture{history.rejectedAfterExpiry.length > 0 ? `, ${history.rejectedAfterExpiry.length} rejected after it expired` : ""} —
                its history is under Timeline.
              </p>
            )}
          </article>
        );
      })}
    </>
  );
}
