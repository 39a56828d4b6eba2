import { useEffect, useState } from "preact/hooks";
import { visibleText } from "../../core/text/visible.ts";
import { diagnosingText, plural, readingText, skippedText } from "../import-banner-text.ts";
import type { ViewState } from "../worker/protocol.ts";

interface Props {
  /** A file being read (before the store has it): its name, and how far once the worker says. */
  reading?: string;
  readingProgress?: ViewState["reading"];
  imported: ViewState["imported"];
  progress: ViewState["progress"];
  onBackToLive(): void;
}

/**
 * The state of a HAR import: "Reading capture.har… 4,000 entries so far (40%)", then
 * "Diagnosing capture.har… 4,000 of 10,000", then what the list shows and, on request, which of the file's entries could not be
 * read and why (text only: the reasons and requests come from the file).
 */
export function ImportBanner({ reading, readingProgress, imported, progress, onBackToLive }: Props) {
  const [open, setOpen] = useState(false);
  // A new file starts with its list closed.
  useEffect(() => setOpen(false), [imported?.name, imported?.count, imported?.skipped]);
  // Listed by the analysis worker (import-banner.ts), screened as the rows are.
  const listed = open ? imported?.skippedList : undefined;

  if (readingProgress !== undefined || reading !== undefined) {
    return (
      <div class="banner imported" role="status">
        {readingProgress !== undefined ? readingText(readingProgress.name, readingProgress) : readingText(reading ?? "")}
      </div>
    );
  }
  if (imported === undefined) return null;
  const done = progress === undefined;
  return (
    <div class="banner imported">
      <span role="status">
        {done
          ? `Showing ${visibleText(imported.name)} (${plural(imported.count, "request", "requests")})`
          : diagnosingText(imported.name, progress.done, progress.total)}
        {done && imported.skipped > 0 && <span class="skipped-count">; {skippedText(imported.skipped)}</span>}
      </span>
      {done && imported.skipped > 0 && (
        <>
          {" "}
          <button type="button" class="link-button" aria-expanded={open} aria-controls="skipped-entries" onClick={() => setOpen(!open)}>
            {open ? "Hide the list" : "Show which"}
          </button>
        </>
      )}
      {" — "}
      <button type="button" class="link-button" onClick={onBackToLive}>
        Back to live capture
      </button>
      {listed && (
        <ul id="skipped-entries" class="skipped-entries" aria-label="Entries that could not be read">
          {listed.lines.map((l) => (
            <li key={l.where}>
              <code class="skipped-where">{l.where}</code>
              {l.request !== undefined && <span class="skipped-request">{l.request}</span>}
              <span class="skipped-reason">{l.reason}</span>
            </li>
          ))}
          {listed.more > 0 && <li class="skipped-more">and {plural(listed.more, "more entry", "more entries")}</li>}
        </ul>
      )}
    </div>
  );
}
