import { useEffect, useMemo, useState } from "preact/hooks";
import { visibleText } from "../../core/text/visible.ts";
import { diagnosingText, plural, readingText, skippedLines, skippedText } from "../import-banner.ts";
import type { PanelState } from "../store.ts";

interface Props {
  /** A file being read (before the store has it). */
  reading?: string;
  imported: PanelState["imported"];
  progress: PanelState["progress"];
  showSecrets: boolean;
  onBackToLive(): void;
}

/**
 * The state of a HAR import: "Reading capture.har…", then "Diagnosing capture.har… 4,000 of
 * 10,000", then what the list shows and, on request, which of the file's entries could not be
 * read and why (text only: the reasons and requests come from the file).
 */
export function ImportBanner({ reading, imported, progress, showSecrets, onBackToLive }: Props) {
  const [open, setOpen] = useState(false);
  const skipped = imported?.skipped;
  // A new file starts with its list closed.
  useEffect(() => setOpen(false), [skipped]);
  const listed = useMemo(() => (open && skipped ? skippedLines(skipped, showSecrets) : undefined), [open, skipped, showSecrets]);

  if (reading !== undefined) {
    return (
      <div class="banner imported" role="status">
        {readingText(reading)}
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
        {done && imported.skipped.length > 0 && <span class="skipped-count">; {skippedText(imported.skipped.length)}</span>}
      </span>
      {done && imported.skipped.length > 0 && (
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
