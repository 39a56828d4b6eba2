import type { Finding } from "../../core/findings.ts";
import { docsLabel } from "../format.ts";
import { RichText } from "./RichText.tsx";
import { SeverityIcon, severityWord } from "./SeverityIcon.tsx";

export function FindingCard({ finding }: { finding: Finding }) {
  return (
    <article class={`finding sev-${finding.severity}`} data-code={finding.code} aria-label={`${severityWord(finding.severity)}: ${finding.title}`}>
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
      {finding.evidence.length > 0 && (
        <dl class="evidence">
          {finding.evidence.map((e) => (
            <div key={e.label} class="evidence-row">
              <dt>{e.label}</dt>
              <dd>{e.value}</dd>
            </div>
          ))}
        </dl>
      )}
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
