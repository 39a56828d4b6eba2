import type { ComponentChildren } from "preact";
import { FILTERS, type FilterId } from "../filters.ts";

interface Props {
  children?: ComponentChildren;
  total: number;
  problems: number;
  filter: FilterId;
  preflightRows: boolean;
  showSecrets: boolean;
  dropped: number;
  unreadable: number;
  onFilter(v: FilterId): void;
  onPreflightRows(v: boolean): void;
  onShowSecrets(v: boolean): void;
  onClear(): void;
}

export function Toolbar(p: Props) {
  return (
    <div class="toolbar" role="toolbar" aria-label="AuthLens">
      <span class="brand">
        <img src="/icons/icon-16.png" alt="" width={16} height={16} />
        AuthLens
      </span>
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
      <label class="toggle" title="List preflights at their own time instead of under their request">
        <input type="checkbox" checked={p.preflightRows} onChange={(e) => p.onPreflightRows(e.currentTarget.checked)} />
        Preflights as rows
      </label>
      <label class="toggle" title="Show Authorization and cookie values unmasked">
        <input type="checkbox" checked={p.showSecrets} onChange={(e) => p.onShowSecrets(e.currentTarget.checked)} />
        Show secrets
      </label>
      <span class="sep" />
      {p.children}
      <span class="spacer" />
      {p.dropped > 0 && <span class="notice">{p.dropped} older requests dropped</span>}
      {p.unreadable > 0 && <span class="notice">{p.unreadable} entries could not be read</span>}
      <span class="counts" data-testid="counts">
        {p.total} request{p.total === 1 ? "" : "s"} · {p.problems} with problems
      </span>
    </div>
  );
}
