import type { ChallengeExplanation } from "../../../core/challenge/index.ts";
import { RichText } from "../RichText.tsx";

/** Each challenge of the 401/407 as a card: what it asks for, its parameters, what to do next. */
export function ChallengeSection({ challenges }: { challenges: readonly ChallengeExplanation[] }) {
  if (challenges.length === 0) return <p class="muted">The response carries no challenge.</p>;
  return (
    <>
      {challenges.map((c, i) => (
        <article class="card challenge" key={`${c.scheme}-${i}`} data-family={c.family}>
          <header class="card-head">
            <span class="scheme">{c.scheme}</span>
            {c.family !== c.scheme && <span class="muted">({c.family})</span>}
          </header>
          <p class="card-summary">
            <RichText text={c.summary} />
          </p>
          {c.params.length > 0 && (
            <table class="kv">
              <tbody>
                {c.params.map((p) => (
                  <tr key={p.name}>
                    <th scope="row">{p.name}</th>
                    <td class="mono">{p.value}</td>
                    <td class="meaning">{p.meaning}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {c.problems.length > 0 && (
            <ul class="problems">
              {c.problems.map((p) => (
                <li key={`${p.code}-${p.offset}`} class={`sev-text-${p.severity}`}>
                  <RichText text={p.message} />
                </li>
              ))}
            </ul>
          )}
          {c.next.length > 0 && (
            <div class="next">
              <span class="fix-label">Next</span>
              <ul>
                {c.next.map((n) => (
                  <li key={n}>
                    <RichText text={n} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          <details class="raw">
            <summary>Raw challenge</summary>
            <code>{c.raw}</code>
          </details>
        </article>
      ))}
    </>
  );
}
