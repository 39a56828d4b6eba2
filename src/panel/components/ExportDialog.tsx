import { useEffect, useRef, useState } from "preact/hooks";
import type { AnalysisClient } from "../analysis-client.ts";
import type { ExportResult } from "../worker/protocol.ts";
import { Dialog } from "./Dialog.tsx";

const PREVIEW = 50;

interface Props {
  /** The requests in view, by exchange id: the analysis worker writes the file. */
  ids: readonly string[];
  store: Pick<AnalysisClient, "exportHar">;
  version: string;
  onDone(): void;
  /** Receives the file's text and name when the user confirms. */
  onExport(text: string): void;
}

/** Shows what redaction will remove before anything leaves the panel; secrets only on an explicit tick. */
export function ExportDialog({ ids: inView, store, version, onDone, onExport }: Props) {
  // The requests in view when the dialog opened: a capture still growing does not restart the
  // worker's export under the user's eyes (nor change the count they are reading).
  const [ids] = useState(inView);
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [result, setResult] = useState<{ includeSecrets: boolean; value: ExportResult } | undefined>();
  useEffect(() => {
    let current = true;
    void store.exportHar(ids, includeSecrets, version).then((value) => {
      if (current) setResult({ includeSecrets, value });
    });
    return () => {
      current = false;
    };
  }, [store, ids, includeSecrets, version]);
  // Only the file for the choice on screen may be downloaded.
  const ready = result?.includeSecrets === includeSecrets ? result.value : undefined;
  const removed = ready?.removed ?? [];
  const removedCount = ready?.removedCount ?? 0;
  // Download confirmed: the file goes as soon as the worker has written it for the choice on screen.
  const [confirmed, setConfirmed] = useState(false);
  const downloaded = useRef(false);
  useEffect(() => {
    if (!confirmed || ready === undefined || downloaded.current) return;
    downloaded.current = true;
    onExport(ready.text);
    onDone();
  }, [confirmed, ready, onExport, onDone]);
  return (
    <Dialog
      title="Export HAR"
      confirm="Download"
      onCancel={onDone}
      onConfirm={() => setConfirmed(true)}
    >
      <p>
        {ids.length} request{ids.length === 1 ? "" : "s"} in the current view go into the file.
      </p>
      <label class="toggle export-secrets">
        <input type="checkbox" checked={includeSecrets} onChange={(e) => setIncludeSecrets(e.currentTarget.checked)} />
        Include secrets (tokens, cookies, passwords stay in the file)
      </label>
      {includeSecrets ? (
        <p class="export-warning">The file will hold working credentials: share it only with people who may use them.</p>
      ) : ready === undefined ? (
        <p class="muted" role="status">
          Looking for secrets to remove…
        </p>
      ) : removedCount === 0 ? (
        <p class="muted">Nothing secret was found to remove.</p>
      ) : (
        <>
          <p>
            Removed from the file: <strong data-testid="removed-count">{removedCount}</strong> item{removedCount === 1 ? "" : "s"}
            {removedCount > PREVIEW ? ` (first ${PREVIEW} shown)` : ""}.
          </p>
          <ul class="export-removed">
            {removed.map((r, i) => (
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
