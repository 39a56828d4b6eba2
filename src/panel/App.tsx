import { useEffect, useMemo, useState } from "preact/hooks";
import { CaptureControls } from "./components/CaptureControls.tsx";
import { Detail, type SectionId } from "./components/Detail.tsx";
import { RequestList } from "./components/RequestList.tsx";
import { Toolbar } from "./components/Toolbar.tsx";
import { FILTERS, type FilterId, groupPreflights } from "./filters.ts";
import type { CaptureStore, PanelState } from "./store.ts";

export interface PanelActions {
  clear(): void;
  reloadInspectedPage(): void;
  enableFullCapture(): void;
  setPrecise(on: boolean): void;
  /** Inside DevTools only: AuthLens for this tab in a window of its own. */
  openStandalone?(): void;
}

export function App({ store, actions }: { store: CaptureStore; actions: PanelActions }) {
  const [state, setState] = useState<PanelState>(store.current);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [filter, setFilter] = useState<FilterId>("all");
  const [preflightRows, setPreflightRows] = useState(false);
  const [showSecrets, setShowSecrets] = useState(false);
  const [section, setSection] = useState<SectionId>("summary");

  useEffect(() => store.subscribe(setState), [store]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setSelectedId(undefined);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const visible = useMemo(() => {
    const keep = FILTERS.find((f) => f.id === filter)?.keep ?? (() => true);
    const kept = state.rows.filter(keep);
    return preflightRows ? kept : groupPreflights(state.rows, kept);
  }, [state.rows, filter, preflightRows]);
  const problems = useMemo(() => state.rows.filter((r) => r.summary.problem).length, [state.rows]);
  const selected = state.rows.find((r) => r.diagnosis.exchange.id === selectedId);
  // Recomputed when the selection or the capture changes (a preflight or a later retry can arrive).
  const detail = useMemo(() => (selectedId !== undefined ? store.detail(selectedId) : undefined), [store, selectedId, state.rows]);
  const preflightId = selected?.diagnosis.exchange.preflightId;
  const preflight = preflightId !== undefined ? state.rows.find((r) => r.diagnosis.exchange.id === preflightId)?.diagnosis.exchange : undefined;

  return (
    <div class={`app${selected ? " with-detail" : ""}`}>
      <Toolbar
        total={state.rows.length}
        problems={problems}
        filter={filter}
        preflightRows={preflightRows}
        showSecrets={showSecrets}
        dropped={state.dropped}
        unreadable={state.unreadable}
        onFilter={setFilter}
        onPreflightRows={setPreflightRows}
        onShowSecrets={setShowSecrets}
        onClear={() => {
          setSelectedId(undefined);
          actions.clear();
        }}
      >
        <CaptureControls capture={state.capture} onEnableFullCapture={actions.enableFullCapture} onPrecise={actions.setPrecise} />
        {actions.openStandalone && (
          <button type="button" class="tool-button" onClick={actions.openStandalone} title="Open AuthLens for this tab in a window of its own">
            Open in window
          </button>
        )}
      </Toolbar>
      {state.capture.message !== undefined && (
        <div class="banner" role="status">
          {state.capture.message}
        </div>
      )}
      <main class="main">
        {state.rows.length === 0 ? (
          <div class="empty">
            <p class="empty-title">No requests captured yet</p>
            <p>AuthLens lists the page's requests as they finish and explains every 401, 403, 407 and CORS failure.</p>
            <p>Requests sent before DevTools opened are not in the log.</p>
            <button type="button" class="primary" onClick={actions.reloadInspectedPage}>
              Reload the page
            </button>
          </div>
        ) : visible.length === 0 ? (
          <div class="empty">
            <p class="empty-title">No problems</p>
            <p>None of the {state.rows.length} captured requests has an authentication or CORS problem.</p>
          </div>
        ) : (
          <RequestList rows={visible} selectedId={selectedId} onSelect={setSelectedId} grouped={!preflightRows} />
        )}
        {selected && (
          <Detail
            row={selected}
            detail={detail}
            preflight={preflight}
            section={section}
            showSecrets={showSecrets}
            onSection={setSection}
            onClose={() => setSelectedId(undefined)}
          />
        )}
      </main>
    </div>
  );
}
