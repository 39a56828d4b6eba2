import type { AttachedSummary, SetCookieBreakdown } from "../../../core/credentials/index.ts";

/** What the request carried, in one line and in detail, and the cookies the response set. */
export function CredentialsSection({ attached, setCookies }: { attached?: AttachedSummary; setCookies: readonly SetCookieBreakdown[] }) {
  return (
    <>
      {attached && (
        <>
          <p class="attached-line" data-testid="attached-line">
            {attached.line}
          </p>
          <table class="kv">
            <tbody>
              <tr>
                <th scope="row">Authorization</th>
                <td class="mono">
                  {attached.authorization
                    ? `${attached.authorization.scheme} ${attached.authorization.masked} · ${attached.authorization.kind}`
                    : attached.authorizationStripped?.sent === "yes"
                      ? `sent, value stripped from this capture: ${attached.authorizationStripped.proof}`
                      : attached.authorizationStripped
                        ? "unknown: stripped from this capture"
                        : "not sent"}
                </td>
              </tr>
              <tr>
                <th scope="row">Cookies</th>
                <td class="mono">
                  {attached.cookies.visibility === "visible"
                    ? attached.cookies.names.length > 0
                      ? attached.cookies.names.join(", ")
                      : "none sent"
                    : `unknown${attached.cookies.why ? `: ${attached.cookies.why}` : ""}`}
                </td>
              </tr>
            </tbody>
          </table>
        </>
      )}
      {setCookies.length > 0 && (
        <>
          <h4>Cookies set by the response</h4>
          {setCookies.map((c, i) => (
            <article class="card" key={`${c.name}-${i}`} data-cookie={c.name}>
              <header class="card-head">
                <span class="scheme">{c.name}</span>
                <span class="mono muted">{c.maskedValue}</span>
                {c.expires && <span class="muted">expires {c.expires.relative}</span>}
              </header>
              <table class="kv">
                <tbody>
                  {c.attributes.map((a) => (
                    <tr key={a.name}>
                      <th scope="row">{a.name}</th>
                      <td class="mono">{a.value ?? ""}</td>
                      <td class="meaning">{a.meaning}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {c.problems.length > 0 && (
                <ul class="problems">
                  {c.problems.map((p) => (
                    <li key={p} class="sev-text-error">
                      {p}
                    </li>
                  ))}
                </ul>
              )}
            </article>
          ))}
        </>
      )}
    </>
  );
}
