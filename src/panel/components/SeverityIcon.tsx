import type { Severity } from "../../core/findings.ts";

const GLYPH: Record<Severity, string> = { error: "✕", warning: "!", info: "i" };
const WORD: Record<Severity, string> = { error: "Error", warning: "Warning", info: "Info" };

/** Shape and word as well as colour: severity is never told by colour alone. */
export function SeverityIcon({ severity }: { severity: Severity }) {
  return (
    <span class={`sev-icon sev-${severity}`} title={WORD[severity]} role="img" aria-label={WORD[severity]}>
      {GLYPH[severity]}
    </span>
  );
}

export function severityWord(s: Severity): string {
  return WORD[s];
}
