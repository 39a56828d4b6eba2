import { useEffect, useRef, useState } from "preact/hooks";
import type { AnalysisClient } from "../analysis-client.ts";
import { harFileName } from "../har-files.ts";
import type { ExportResult } from "../worker/protocol.ts";
import { Dialog } from "./Dialog.tsx";

const PREVIEW = 50;

interface Props {
  /** The requests in view, by exchange id: the analysis worker writes the file. */
  ids: readonly string[];
  store: Pick<AnalysisClient, "exportHar">;
  version: string;
  onDone(): void;
  /** Receives the file's text, its name and what went into it when the user confirms. */
  onExport(text: string, saved: SavedHar): void;
}

/** What a download held, for the confirmation that follows it. */
export interface SavedHar {
  readonly name: string;
  readonly requests: number;
  /** Secrets removed; undefined when the user kept them. */
  readonly removed?: number;
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
    onExport(ready.text, { name: harFileName(), requests: ids.length, ...(includeSecrets ? {} : { removed: ready.removedCount }) });
    onDone();
  }, [confirmed, ready, onExport, onDone, ids, includeSecrets]);
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
          {/* What went, then where from: a table that wraps its long URLs instead of scrolling sideways. */}
          <div class="export-removed">
            <table class="export-removed-table">
              <thead>
                <tr>
                  <th scope="col">Removed</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {removed.map((r, i) => (
                  <tr key={i}>
                    <td>{r.what}</td>
                    <td>{r.where}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Dialog>
  );
}

/** After the download: the file's name, so the user can find it, and what it holds. */
export function ExportSaved({ saved, onDismiss }: { saved: SavedHar; onDismiss(): void }) {
  const secrets =
    saved.removed === undefined ? "with secrets" : saved.removed === 0 ? "nothing secret found" : `${saved.removed} secret${saved.removed === 1 ? "" : "s"} removed`;
  return (
    <div class="banner saved" role="status" data-testid="export-saved">
      Downloaded <strong class="saved-name">{saved.name}</strong> ({saved.requests} request{saved.requests === 1 ? "" : "s"}, {secrets}) to the browser's downloads.{" "}
      <button type="button" class="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
