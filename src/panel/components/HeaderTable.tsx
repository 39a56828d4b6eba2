import type { HeaderList } from "../../core/headers.ts";
import { isSecretHeader, redactHeaderValue } from "../../core/redact.ts";

/** Headers that matter to authentication and CORS are highlighted, the rest shown plainly. */
const RELEVANT = /^(authorization|proxy-authorization|www-authenticate|proxy-authenticate|cookie|set-cookie|origin|vary|access-control-.*|dpop.*)$/i;

export function HeaderTable({ headers, showSecrets }: { headers: HeaderList; showSecrets: boolean }) {
  if (headers.length === 0) return <p class="muted">None captured.</p>;
  return (
    <table class="headers">
      <tbody>
        {headers.map((h, i) => (
          <tr key={`${h.name}-${i}`} class={RELEVANT.test(h.name) ? "relevant" : ""}>
            <th scope="row">{h.name}</th>
            <td>
              {showSecrets ? h.value : redactHeaderValue(h.name, h.value)}
              {!showSecrets && isSecretHeader(h.name) && <span class="masked-note"> (masked)</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
