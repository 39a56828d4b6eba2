import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { QUERY_HELP } from "../../core/search/help.ts";
import { FILTERS, type FilterId } from "../filters.ts";
import { CAPTURE_LIMITS } from "../capture-limits.ts";
import { count } from "../import-banner-text.ts";
import { usePopover } from "../popover.ts";
import { Icon } from "./icons.tsx";

/** Whether a key press belongs to a field the user is typing in (so "/" is theirs, not ours). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/**
 * Where the search syntax popover goes: under its button, moved left as far as it must to stay
 * inside the panel (a docked panel is often narrower than the popover is wide).
 */
function helpLeft(anchor: HTMLElement, width: number): number {
  const box = anchor.getBoundingClientRect();
  const margin = 8;
  return Math.max(margin - box.left, Math.min(0, window.innerWidth - margin - box.left - width));
}

function SearchBox({ query, title, onQuery }: { query: string; title: string; onQuery(v: string): void }) {
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLSpanElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  const [help, setHelp] = useState(false);
  const [left, setLeft] = useState(0);
  usePopover(help, () => setHelp(false), box);
  useLayoutEffect(() => {
    if (!help || !box.current || !popover.current) return;
    setLeft(helpLeft(box.current, popover.current.offsetWidth));
  }, [help]);
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
    <span class="search" ref={box}>
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
          e.preventDefault();
          onQuery("");
        }}
      />
      <button
        type="button"
        class="tool-button search-help-button"
        aria-label="Search syntax"
        aria-expanded={help}
        title="Search syntax"
        onClick={() => setHelp(!help)}
      >
        ?
      </button>
      {help && (
        <div class="search-help popover" ref={popover} role="note" aria-label="Search syntax" style={{ left: `${left}px` }}>
          <table>
            <tbody>
              {QUERY_HELP.map((h) => (
                <tr key={h.key}>
                  <td class="search-example">
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

/**
 * The view settings and the capture settings, behind one button at the end of the toolbar (as
 * the Network panel's gear): a docked panel keeps one toolbar row. The menu's controls stay
 * mounted while it is closed, so that a capture dialog opened from it outlives the menu.
 */
function SettingsMenu({ children, active }: { children: ComponentChildren; active: boolean }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLSpanElement>(null);
  const menu = useRef<HTMLFieldSetElement>(null);
  usePopover(open, () => setOpen(false), box);
  useEffect(() => {
    // A button in the menu acts (opens a dialog or a window), and so does a setting marked
    // `data-closes-menu` (one that asks first, in a dialog): the menu has done its part. Another
    // checkbox or the limit leaves it open for the next setting.
    const el = menu.current;
    const onClick = (e: MouseEvent) => {
      if (e.target instanceof Element && e.target.closest("button, [data-closes-menu]")) setOpen(false);
    };
    el?.addEventListener("click", onClick);
    return () => el?.removeEventListener("click", onClick);
  }, []);
  return (
    <span class="settings" ref={box}>
      <button
        type="button"
        class={`tool-button settings-button${active ? " active" : ""}`}
        aria-label="Settings"
        aria-haspopup="true"
        aria-expanded={open}
        title={active ? "View and capture settings (secrets are shown)" : "View and capture settings"}
        onClick={() => setOpen(!open)}
      >
        <Icon name="settings" />
        <span class="caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <fieldset class="settings-menu popover" ref={menu} aria-label="View and capture settings" hidden={!open}>
        {children}
      </fieldset>
    </span>
  );
}

interface Props {
  /** Export and import, beside the counts. */
  files?: ComponentChildren;
  /** The capture settings, in the settings menu under the view settings. */
  capture?: ComponentChildren;
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
      {/* One row, so that a panel docked at the bottom keeps its height for the list and the detail. */}
      <span class="brand" title="AuthLens">
        <img src="/icons/icon-16.png" alt="" width={16} height={16} />
        <span class="label">AuthLens</span>
      </span>
      <button
        type="button"
        class={`tool-button record${p.paused ? " paused" : ""}`}
        aria-pressed={!p.paused}
        aria-label={p.paused ? "Record" : "Pause"}
        onClick={() => p.onPaused(!p.paused)}
        title={p.paused ? "Record requests again" : "Pause: stop adding requests to the list"}
      >
        <span class="record-dot" aria-hidden="true" />
        <span class="label">{p.paused ? "Record" : "Pause"}</span>
      </button>
      <button type="button" class="tool-button" onClick={p.onClear} aria-label="Clear" title="Clear the list">
        <span aria-hidden="true">⊘</span>
        <span class="label"> Clear</span>
      </button>
      <span class="sep" />
      <fieldset class="filters" aria-label="Show">
        {FILTERS.map((f) => (
          <button
            key={f.id}
            type="button"
            class={`chip${p.filter === f.id ? " active" : ""}`}
            aria-pressed={p.filter === f.id}
            aria-label={f.label}
            title={f.title}
            onClick={() => p.onFilter(f.id)}
          >
            {f.short !== undefined ? (
              <>
                <span class="label-short" aria-hidden="true">
                  {f.short}
                </span>
                <span class="label">{f.label}</span>
              </>
            ) : (
              f.label
            )}
          </button>
        ))}
      </fieldset>
      <SearchBox query={p.query} title={p.queryTitle} onQuery={p.onQuery} />
      {p.dropped > 0 && <span class="notice">{p.dropped} older requests dropped</span>}
      {p.unreadable > 0 && <span class="notice">{p.unreadable} entries could not be read</span>}
      <span class="counts" data-testid="counts" title={`${p.total} requests, ${p.problems} with problems`}>
        {p.total}
        <span class="label"> request{p.total === 1 ? "" : "s"}</span> · {p.problems}
        <span class="label"> with</span> problem{p.problems === 1 ? "" : "s"}
        {p.pageLoads > 1 ? ` · ${p.pageLoads} page loads` : ""}
      </span>
      {p.files}
      <SettingsMenu active={p.showSecrets}>
        <p class="menu-heading">View</p>
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
        {p.capture !== undefined && (
          <>
            <p class="menu-heading">Capture</p>
            {p.capture}
          </>
        )}
      </SettingsMenu>
    </div>
  );
}
