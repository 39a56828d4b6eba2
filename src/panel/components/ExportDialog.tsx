import { useMemo, useState } from "preact/hooks";
import type { Exchange } from "../../core/exchange.ts";
import { exportHar } from "../../core/share/index.ts";
import { Dialog } from "./Dialog.tsx";

const PREVIEW = 50;

interface Props {
  exchanges: readonly Exchange[];
  version: string;
  onDone(): void;
  /** Receives the file's text and name when the user confirms. */
  onExport(text: string): void;
}

/** Shows what redaction will remove before anything leaves the panel; secrets only on an explicit tick. */
export function ExportDialog({ exchanges, version, onDone, onExport }: Props) {
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const result = useMemo(() => exportHar(exchanges, { includeSecrets, creator: { name: "AuthLens", version } }), [exchanges, includeSecrets, version]);
  const removed = result.removed;
  return (
    <Dialog
      title="Export HAR"
      confirm="Download"
      onCancel={onDone}
      onConfirm={() => {
        onExport(JSON.stringify(result.har, null, 2));
        onDone();
      }}
    >
      <p>
        {exchanges.length} request{exchanges.length === 1 ? "" : "s"} in the current view go into the file.
      </p>
      <label class="toggle export-secrets">
        <input type="checkbox" checked={includeSecrets} onChange={(e) => setIncludeSecrets(e.currentTarget.checked)} />
        Include secrets (tokens, cookies, passwords stay in the file)
      </label>
      {includeSecrets ? (
        <p class="export-warning">The file will hold working credentials: share it only with people who may use them.</p>
      ) : removed.length === 0 ? (
        <p class="muted">Nothing secret was found to remove.</p>
      ) : (
        <>
          <p>
            Removed from the file: <strong data-testid="removed-count">{removed.length}</strong> item{removed.length === 1 ? "" : "s"}
            {removed.length > PREVIEW ? ` (first ${PREVIEW} shown)` : ""}.
          </p>
          <ul class="export-removed">
            {removed.slice(0, PREVIEW).map((r, i) => (
              <li key={i}>
                {r.what} <span class="muted">— {r.where}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}
