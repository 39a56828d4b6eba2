import { useState } from "preact/hooks";
import type { CorsReport } from "../../../core/cors/index.ts";
import type { Exchange } from "../../../core/exchange.ts";
import { headerValue } from "../../../core/headers.ts";
import { RichText } from "../RichText.tsx";

const MARK: Record<string, string> = { true: "✓", false: "✗", skipped: "–" };
/** Failed checks first (in the browser's order), then what was verified, then what did not apply. */
const ORDER: Record<string, number> = { false: 0, true: 1, skipped: 2 };
const SIDE_HEADERS = [
  "origin",
  "access-control-request-method",
  "access-control-request-headers",
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "vary",
];

function Side({ title, x }: { title: string; x: Exchange | undefined }) {
  if (!x) return null;
  const status = x.response ? `${x.response.status} ${x.response.statusText}`.trim() : `no response${x.error ? ` (${x.error})` : ""}`;
  const rows = SIDE_HEADERS.map((n) => [n, headerValue(n.startsWith("access-control-request") || n === "origin" ? x.request.headers : (x.response?.headers ?? []), n)] as const).filter(
    ([, v]) => v !== undefined,
  );
  return (
    <div class="side">
      <h4>
        {title}: {x.request.method} → {status}
      </h4>
      <table class="kv">
        <tbody>
          {rows.map(([n, v]) => (
            <tr key={n}>
              <th scope="row">{n}</th>
              <td class="mono">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Snippet = "headers" | "express" | "nginx";

/** The CORS verdict, every check (passed ones too), the two requests side by side, and the fix. */
export function CorsSection({ report, exchange, preflight, chromiumSays }: { report: CorsReport; exchange: Exchange; preflight?: Exchange; chromiumSays?: string }) {
  const [snippet, setSnippet] = useState<Snippet>("headers");
  const fix = report.fix;
  const text = fix ? { headers: fix.generic, express: fix.express, nginx: fix.nginx }[snippet] : "";
  return (
    <>
      <p class={`cors-verdict ${report.blocked ? "sev-text-error" : ""}`} data-testid="cors-verdict">
        <RichText text={report.verdict} />
      </p>
      {(report.chromiumEquivalent !== undefined || chromiumSays !== undefined) && (
        <table class="kv">
          <tbody>
            {report.chromiumEquivalent !== undefined && (
              <tr>
                <th scope="row">AuthLens reads</th>
                <td class="mono" data-testid="authlens-reads">
                  {report.chromiumEquivalent}
                </td>
              </tr>
            )}
            {chromiumSays !== undefined && (
              <tr>
                <th scope="row">Chromium says</th>
                <td class="mono" data-testid="chromium-says">
                  {chromiumSays}
                  {report.chromiumEquivalent !== undefined && (chromiumSays === report.chromiumEquivalent ? " ✓ agrees" : " ≠ differs")}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <ul class="checks">
        {[...report.checks].sort((a, b) => ORDER[String(a.passed)]! - ORDER[String(b.passed)]!).map((c, i) => (
          <li key={`${c.name}-${i}`} class={`check check-${String(c.passed)}`} data-passed={String(c.passed)} data-code={c.code ?? ""}>
            <span class="check-mark" aria-hidden="true">
              {MARK[String(c.passed)]}
            </span>
            <span class="check-phase">{c.phase}</span>
            <span class="check-name">
              <RichText text={c.name} />
            </span>
            <span class="check-detail">
              <RichText text={c.detail} />
            </span>
          </li>
        ))}
      </ul>
      <div class="sides">
        <Side title="Preflight" x={preflight} />
        <Side title="Request" x={exchange} />
      </div>
      {fix && (
        <div class="cors-fix">
          <h4>The fix: what the server must send</h4>
          <table class="kv fix-headers">
            <tbody>
              {fix.headers.map((h) => (
                <tr key={`${h.phase}-${h.name}`} data-phase={h.phase}>
                  <td class="check-phase">{h.phase === "preflight" ? `preflight${fix.preflightStatus ? ` (${fix.preflightStatus})` : ""}` : "response"}</td>
                  <th scope="row">{h.name}</th>
                  <td class="mono">{h.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="filters" role="tablist" aria-label="Fix format">
            {(["headers", "express", "nginx"] as const).map((s) => (
              <button key={s} type="button" role="tab" aria-selected={snippet === s} class={`chip${snippet === s ? " active" : ""}`} onClick={() => setSnippet(s)}>
                {s === "headers" ? "Headers" : s === "express" ? "Express (cors)" : "nginx"}
              </button>
            ))}
          </div>
          <pre class="snippet" data-testid={`fix-${snippet}`}>
            {text}
          </pre>
        </div>
      )}
    </>
  );
}
