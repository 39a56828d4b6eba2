import type { Finding } from "../../core/findings.ts";
import { docsLabel } from "../format.ts";
import { RichText } from "./RichText.tsx";
import { SeverityIcon, severityWord } from "./SeverityIcon.tsx";

/** A finding's evidence as label/value rows; nothing when it has none. */
function EvidenceList({ evidence }: { evidence: Finding["evidence"] }) {
  if (evidence.length === 0) return null;
  return (
    <dl class="evidence">
      {evidence.map((e) => (
        <div key={e.label} class="evidence-row">
          <dt>{e.label}</dt>
          <dd>{e.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The findings that restate or corroborate the root cause, folded inside its card: one line
 * naming them all, opened to read each one's detail and evidence.
 */
function Supporting({ findings }: { findings: readonly Finding[] }) {
  return (
    <details class="supporting" data-testid="supporting">
      <summary>
        <span class="supporting-label">The evidence agrees:</span> {findings.map((f) => f.title).join(" · ")}
      </summary>
      <ul>
        {findings.map((f, i) => (
          <li key={`${f.code}-${i}`} class={`supporting-item sev-${f.severity}`} data-code={f.code}>
            <span class="supporting-title">
              <SeverityIcon severity={f.severity} /> {f.title} <code class="finding-code">{f.code}</code>
            </span>
            <span class="supporting-detail">
              <RichText text={f.detail} />
            </span>
            <EvidenceList evidence={f.evidence} />
          </li>
        ))}
      </ul>
    </details>
  );
}

interface CardProps {
  finding: Finding;
  /** The request's root cause: labelled so, with its supporting findings folded inside. */
  root?: boolean;
  supporting?: readonly Finding[];
}

export function FindingCard({ finding, root = false, supporting = [] }: CardProps) {
  return (
    <article
      class={`finding sev-${finding.severity}${root ? " root-cause" : ""}`}
      data-code={finding.code}
      data-role={root ? "root" : undefined}
      aria-label={`${root ? "Root cause, " : ""}${severityWord(finding.severity)}: ${finding.title}`}
    >
      {root && <div class="root-label">Root cause</div>}
      <header class="finding-head">
        <SeverityIcon severity={finding.severity} />
        <span class="finding-title">{finding.title}</span>
        {finding.phase !== undefined && <span class="phase">{finding.phase}</span>}
        <code class="finding-code">{finding.code}</code>
      </header>
      <p class="finding-detail">
        <RichText text={finding.detail} />
      </p>
      {finding.fix !== undefined && (
        <div class="finding-fix">
          <span class="fix-label">Fix</span>
          <span>
            <RichText text={finding.fix} />
          </span>
        </div>
      )}
      <EvidenceList evidence={finding.evidence} />
      {supporting.length > 0 && <Supporting findings={supporting} />}
      {finding.docs.length > 0 && (
        <div class="docs">
          {finding.docs.map((d) => (
            <a key={d} href={d} target="_blank" rel="noopener noreferrer" title={d}>
              {docsLabel(d)}
            </a>
          ))}
        </div>
      )}
    </article>
  );
}
