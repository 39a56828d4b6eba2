import type { ScreenHeader } from "../../core/share/index.ts";
import { piecesAtDelimiters } from "../break-points.ts";

/** Headers that matter to authentication and CORS are highlighted, the rest shown plainly. */
const RELEVANT = /^(authorization|proxy-authorization|www-authenticate|proxy-authenticate|cookie|set-cookie|origin|vary|access-control-.*|dpop.*)$/i;

/** Names longer than this wrap in a column of their own width (panel.css); real header names are far shorter. */
const LONG_NAME = 48;

/** A value with a place to wrap after each delimiter (break-points.ts); it reads and copies as it was. */
function Breakable({ value }: { value: string }) {
  const pieces = piecesAtDelimiters(value);
  return <>{pieces.map((p, i) => (i === 0 ? p : [<wbr key={i} />, p]))}</>;
}

/** Headers as core's display model gives them: masked and made visible already (share/screen.ts). */
export function HeaderTable({ headers }: { headers: readonly ScreenHeader[] }) {
  if (headers.length === 0) return <p class="muted">None captured.</p>;
  return (
    <table class="headers">
      <tbody>
        {headers.map((h, i) => (
          <tr key={`${h.name}-${i}`} class={RELEVANT.test(h.name) ? "relevant" : ""}>
            <th scope="row">
              <span class={h.name.length > LONG_NAME ? "header-name long" : "header-name"} {...(h.name.length > LONG_NAME ? { tabIndex: 0, title: `${h.name.length} characters: scroll to see all` } : {})}>
                {h.name}
              </span>
            </th>
            <td>
              <Breakable value={h.value} />
              {h.masked && <span class="masked-note"> (masked)</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
