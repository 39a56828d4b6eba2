import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { QUERY_HELP } from "../../core/search/help.ts";
import { FILTERS, type FilterId } from "../filters.ts";
import { CAPTURE_LIMITS } from "../capture-limits.ts";
import { count } from "../import-banner-text.ts";

const HELP_TEXT = QUERY_HELP.map((h) => `${h.example}  —  ${h.meaning}`).join("\n");

/** Whether a key press belongs to a field the user is typing in (so "/" is theirs, not ours). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

function SearchBox({ query, title, onQuery }: { query: string; title: string; onQuery(v: string): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [help, setHelp] = useState(false);
  useEffect(() => {
    // "/" focuses the search, as in the DevTools Network panel and most web apps.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <span class="search">
      <input
        ref={input}
        type="search"
        class="search-input"
        aria-label="Filter requests"
        placeholder="Filter: status:401 code:cors.* has:authorization or text"
        title={`Showing ${title} (press / to focus, Esc to clear)`}
        value={query}
        spellcheck={false}
        onInput={(e) => onQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key !== "Escape") return;
          // Esc empties the search first; the next Esc (outside the box) closes the detail pane.
          e.stopPropagation();
          onQuery("");
        }}
      />
      <button
        type="button"
        class="tool-button search-help-button"
        aria-label="Search syntax"
        aria-expanded={help}
        title={HELP_TEXT}
        onClick={() => setHelp(!help)}
      >
        ?
      </button>
      {help && (
        <div class="search-help" role="note" aria-label="Search syntax">
          <table>
            <tbody>
              {QUERY_HELP.map((h) => (
                <tr key={h.key}>
                  <td>
                    <code>{h.example}</code>
                  </td>
                  <td>{h.meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </span>
  );
}

interface Props {
  children?: ComponentChildren;
  total: number;
  problems: number;
  filter: FilterId;
  query: string;
  /** The query in words (core's describeQuery). */
  queryTitle: string;
  onQuery(v: string): void;
  preflightRows: boolean;
  showSecrets: boolean;
  dropped: number;
  unreadable: number;
  onFilter(v: FilterId): void;
  onPreflightRows(v: boolean): void;
  onShowSecrets(v: boolean): void;
  onClear(): void;
  paused: boolean;
  onPaused(v: boolean): void;
  /** Absent where the panel cannot see navigations (standalone AuthLens). */
  preserveLog?: boolean;
  onPreserveLog?(v: boolean): void;
  /** How many page loads the list spans (more than one with "Preserve log"). */
  pageLoads: number;
  /** How many requests the capture keeps. */
  limit: number;
  onLimit(n: number): void;
}

export function Toolbar(p: Props) {
  return (
    <div class="toolbar" role="toolbar" aria-label="AuthLens">
      {/* Two rows, like the Network panel: recording and filtering first, view settings and files below. */}
      <div class="toolbar-row">
        <span class="brand">
          <img src="/icons/icon-16.png" alt="" width={16} height={16} />
          AuthLens
        </span>
        <button
          type="button"
          class={`tool-button record${p.paused ? " paused" : ""}`}
          aria-pressed={!p.paused}
          onClick={() => p.onPaused(!p.paused)}
          title={p.paused ? "Record requests again" : "Pause: stop adding requests to the list"}
        >
          <span class="record-dot" aria-hidden="true" />
          {p.paused ? "Record" : "Pause"}
        </button>
        <button type="button" class="tool-button" onClick={p.onClear} title="Clear the list">
          <span aria-hidden="true">⊘</span> Clear
        </button>
        <span class="sep" />
        <fieldset class="filters" aria-label="Show">
          {FILTERS.map((f) => (
            <button
              key={f.id}
              type="button"
              class={`chip${p.filter === f.id ? " active" : ""}`}
              aria-pressed={p.filter === f.id}
              title={f.title}
              onClick={() => p.onFilter(f.id)}
            >
              {f.label}
            </button>
          ))}
        </fieldset>
        <SearchBox query={p.query} title={p.queryTitle} onQuery={p.onQuery} />
      </div>
      <div class="toolbar-row secondary">
        <label class="toggle" title="List preflights at their own time instead of under their request">
          <input type="checkbox" checked={p.preflightRows} onChange={(e) => p.onPreflightRows(e.currentTarget.checked)} />
          Preflights as rows
        </label>
        {p.preserveLog !== undefined && p.onPreserveLog && (
          <label class="toggle" title="Keep the list when the inspected page navigates or reloads">
            <input type="checkbox" checked={p.preserveLog} onChange={(e) => p.onPreserveLog?.(e.currentTarget.checked)} />
            Preserve log
          </label>
        )}
        <label class="toggle" title="Show Authorization and cookie values unmasked">
          <input type="checkbox" checked={p.showSecrets} onChange={(e) => p.onShowSecrets(e.currentTarget.checked)} />
          Show secrets
        </label>
        <label class="toggle" title="How many requests the list keeps: the newest; older ones are dropped and counted">
          Keep
          <select class="limit-select" value={String(p.limit)} onChange={(e) => p.onLimit(Number(e.currentTarget.value))}>
            {CAPTURE_LIMITS.map((n) => (
              <option key={n} value={String(n)}>
                {count(n)}
              </option>
            ))}
          </select>
        </label>
        <span class="sep" />
        {p.children}
        <span class="spacer" />
        {p.dropped > 0 && <span class="notice">{p.dropped} older requests dropped</span>}
        {p.unreadable > 0 && <span class="notice">{p.unreadable} entries could not be read</span>}
        <span class="counts" data-testid="counts">
          {p.total} request{p.total === 1 ? "" : "s"} · {p.problems} with problems
          {p.pageLoads > 1 ? ` · ${p.pageLoads} page loads` : ""}
        </span>
      </div>
    </div>
  );
}
