import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { CaptureControls } from "./components/CaptureControls.tsx";
import { Detail } from "./components/Detail.tsx";
import { ExportDialog, ExportSaved, type SavedHar } from "./components/ExportDialog.tsx";
import { ImportBanner } from "./components/ImportBanner.tsx";
import { RequestList } from "./components/RequestList.tsx";
import { RestartNotice } from "./components/RestartNotice.tsx";
import { Toolbar } from "./components/Toolbar.tsx";
import { Icon } from "./components/icons.tsx";
import type { AnalysisClient } from "./analysis-client.ts";
import { choiceOn, keptChoice, type SectionId, sectionFor, type TabChoice } from "./detail-section.ts";
import { dismissTopPopover } from "./popover.ts";
import { FILTERS, type FilterId, groupPreflights, loadView, saveView } from "./filters.ts";
import { type SortOrder, sortRows } from "./sort.ts";
import { downloadText } from "./har-files.ts";
import type { DetailView, SearchResult, ViewState } from "./worker/protocol.ts";

export interface PanelActions {
  clear(): void;
  reloadInspectedPage(): void;
  enableFullCapture(): void;
  setPrecise(on: boolean): void;
  /** Inside DevTools only: AuthLens for this tab in a window of its own. */
  openStandalone?(): void;
  /** The panel hears of the inspected page's navigations (so "Preserve log" means something). */
  observesNavigation?: boolean;
}

/** The answer to a question asked of the worker, and what it was asked about. */
interface Answer<K, T> {
  readonly key: K;
  readonly value: T;
}

/** How often a panel that gets no frames (DevTools shows another) takes the worker's latest report. */
const HIDDEN_PANEL_UPDATE_MS = 250;

export function App({ store, actions, version = "0.0.0" }: { store: AnalysisClient; actions: PanelActions; version?: string }) {
  const [state, setState] = useState<ViewState>(store.current);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const [initialView] = useState(loadView);
  const [filter, setFilter] = useState<FilterId>(initialView.filter);
  const [query, setQuery] = useState(initialView.query);
  const [preflightRows, setPreflightRows] = useState(initialView.preflightRows);
  const [sort, setSort] = useState<SortOrder | undefined>(initialView.sort);
  /** Enter on a row: the detail pane takes the keyboard focus once it shows. */
  const [focusDetail, setFocusDetail] = useState(false);
  /** The row Esc returns the keyboard to, once the list has rendered it. */
  const [focusRow, setFocusRow] = useState<{ readonly id: string } | undefined>(undefined);
  const [showSecrets, setShowSecrets] = useState(false);
  /** The tab the user last picked in the detail, and on what kind of request. */
  const [tabChoice, setTabChoice] = useState<TabChoice | undefined>();
  const [exporting, setExporting] = useState(false);
  const [savedHar, setSavedHar] = useState<SavedHar | undefined>();
  const [fileError, setFileError] = useState<string | undefined>();
  /** The HAR file being read, until the store has its exchanges (then the store says how far its diagnosis is). */
  const [reading, setReading] = useState<string | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);

  const importFile = async (file: File): Promise<void> => {
    setFileError(undefined);
    setReading(file.name);
    setSelectedId(undefined);
    // The worker reads the file and lists it (or says why it cannot); the store's state says how far it is.
    const result = await store
      .importHar(file)
      .catch((error: unknown) => ({ ok: false as const, error: `${file.name}: ${error instanceof Error ? error.message : String(error)}` }))
      .finally(() => setReading(undefined));
    if (!result.ok) setFileError(result.error);
  };
  const importRef = useRef(importFile);
  importRef.current = importFile;

  // The worker reports as often as a burst of requests is analysed; the panel shows its latest
  // report once per frame, not once per message. A panel DevTools is not showing gets no frames:
  // it still follows, a few times a second, so that it is current the moment it is shown.
  useEffect(() => {
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let latest: ViewState | undefined;
    const show = () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      frame = 0;
      timer = undefined;
      if (latest !== undefined) setState(latest);
      latest = undefined;
    };
    const off = store.subscribe((s) => {
      latest = s;
      if (timer !== undefined) return;
      frame = requestAnimationFrame(show);
      timer = setTimeout(show, HIDDEN_PANEL_UPDATE_MS);
    });
    return () => {
      off();
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [store]);
  // Once the worker says how far the reading is, its word is the banner's (until then, the file's name).
  useEffect(() => {
    if (state.reading !== undefined) setReading(undefined);
  }, [state.reading]);
  useEffect(() => {
    store.setPreserveLog(initialView.preserveLog);
    store.setLimit(initialView.limit);
  }, [store, initialView]);
  useEffect(() => {
    // A HAR file dropped anywhere on the panel is imported; accepting the drag keeps the frame from opening it.
    const onDragOver = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void importRef.current(file);
    };
    window.addEventListener("dragover", onDragOver);
    window.addEventListener("drop", onDrop);
    return () => {
      window.removeEventListener("dragover", onDragOver);
      window.removeEventListener("drop", onDrop);
    };
  }, []);
  useEffect(
    () => saveView({ filter, query, preflightRows, preserveLog: state.preserveLog, limit: state.limit, ...(sort ? { sort } : {}) }),
    [filter, query, preflightRows, state.preserveLog, state.limit, sort],
  );
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;
  useEffect(() => {
    // Esc closes the detail and gives the keyboard back to the row it described. Heard in the
    // capture phase and stopped there: DevTools forwards an Esc that reaches the document to its
    // own shortcut (the console drawer), which would take the focus away from the panel.
    // An open popover or dialog takes the Esc first (popover.ts).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      if (dismissTopPopover()) {
        e.stopPropagation();
        e.preventDefault();
        return;
      }
      const id = selectedRef.current;
      if (id === undefined) return;
      e.stopPropagation();
      setSelectedId(undefined);
      setFocusRow({ id });
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  useEffect(() => store.setShowSecrets(showSecrets), [store, showSecrets]);
  // The search runs in the worker, over core's diagnosis of each row: asked again when the query or
  // the rows change. The worker answers in the order it was asked, so every answer is taken (the
  // last one asked lands last): a capture that changes faster than an answer comes still gets one.
  const [search, setSearch] = useState<SearchResult | undefined>();
  useEffect(() => {
    void store.search(query).then(setSearch);
  }, [store, query, state.rows]);
  // Until the answer for this query is in, the last one stays (typing does not empty the list).
  const matching = useMemo(() => (search?.active ? new Set(search.ids) : undefined), [search]);
  const searchActive = search?.active ?? query.trim() !== "";
  const visible = useMemo(() => {
    const keep = FILTERS.find((f) => f.id === filter)?.keep ?? (() => true);
    // The chip and the search both apply (AND).
    const kept = sortRows(
      state.rows.filter((r) => keep(r) && (!searchActive || matching?.has(r.id) === true)),
      sort,
    );
    return preflightRows ? kept : groupPreflights(state.rows, kept);
  }, [state.rows, filter, searchActive, matching, preflightRows, sort]);
  const queryTitle = search?.description ?? "";
  const problems = useMemo(() => state.rows.filter((r) => r.summary.problem).length, [state.rows]);
  const rowsById = useMemo(() => new Map(state.rows.map((r) => [r.id, r])), [state.rows]);
  const selected = selectedId !== undefined ? rowsById.get(selectedId) : undefined;
  // Another request opens on the section that explains it, unless the user picked a tab on one of its kind.
  const select = (id: string) => {
    setSelectedId(id);
    setTabChoice((choice) => keptChoice(choice, rowsById.get(id)));
  };
  const section: SectionId = selected ? sectionFor(selected, tabChoice) : "summary";
  // Asked again when the selection, the choice of secrets or the capture changes (a preflight or a
  // later retry can arrive); answers land in the order asked, and only the selected row's shows.
  const [detail, setDetail] = useState<Answer<string, DetailView | undefined> | undefined>();
  useEffect(() => {
    if (selectedId === undefined) return;
    void store.detail(selectedId).then((value) => setDetail({ key: selectedId, value }));
  }, [store, selectedId, showSecrets, state.rows]);
  const detailView = detail?.key === selectedId ? detail?.value : undefined;

  return (
    <div class={`app${selected ? " with-detail" : ""}`} aria-busy={state.diagnosing}>
      <Toolbar
        total={state.rows.length}
        problems={problems}
        filter={filter}
        query={query}
        queryTitle={queryTitle}
        onQuery={setQuery}
        preflightRows={preflightRows}
        showSecrets={showSecrets}
        dropped={state.dropped}
        unreadable={state.unreadable}
        onFilter={setFilter}
        onPreflightRows={setPreflightRows}
        onShowSecrets={setShowSecrets}
        paused={state.paused}
        onPaused={(on) => store.setPaused(on)}
        {...(actions.observesNavigation ? { preserveLog: state.preserveLog, onPreserveLog: (on: boolean) => store.setPreserveLog(on) } : {})}
        pageLoads={state.pageLoads}
        limit={state.limit}
        onLimit={(n) => store.setLimit(n)}
        onClear={() => {
          setSelectedId(undefined);
          store.showLive();
          actions.clear();
        }}
        files={
          <>
            <button
              type="button"
              class="tool-button file-button"
              onClick={() => setExporting(true)}
              disabled={visible.length === 0}
              aria-label="Export HAR…"
              title="Export HAR…: save the requests in view as a HAR file"
            >
              <Icon name="download" />
            </button>
            <button
              type="button"
              class="tool-button file-button"
              onClick={() => fileInput.current?.click()}
              aria-label="Import HAR…"
              title="Import HAR…: open a HAR file (or drop one on the panel)"
            >
              <Icon name="upload" />
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".har,application/json"
              hidden
              data-testid="har-input"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                // Reset so that picking the same file again still fires a change.
                e.currentTarget.value = "";
                if (file) void importFile(file);
              }}
            />
          </>
        }
        capture={
          <>
            <CaptureControls capture={state.capture} onEnableFullCapture={actions.enableFullCapture} onPrecise={actions.setPrecise} />
            {actions.openStandalone && (
              <button type="button" class="tool-button" onClick={actions.openStandalone} title="Open AuthLens for this tab in a window of its own">
                Open in window
              </button>
            )}
          </>
        }
      />
      <ImportBanner
        {...(reading !== undefined ? { reading } : {})}
        {...(state.reading !== undefined ? { readingProgress: state.reading } : {})}
        imported={state.imported}
        progress={state.progress}
        onBackToLive={() => {
          setSelectedId(undefined);
          store.showLive();
        }}
      />
      {fileError !== undefined && (
        <div class="banner error" role="alert">
          {fileError}{" "}
          <button type="button" class="link-button" onClick={() => setFileError(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      {exporting && (
        <ExportDialog
          ids={visible.map((r) => r.id)}
          store={store}
          version={version}
          onDone={() => setExporting(false)}
          onExport={(text, saved) => {
            downloadText(saved.name, text);
            setSavedHar(saved);
          }}
        />
      )}
      {savedHar !== undefined && <ExportSaved saved={savedHar} onDismiss={() => setSavedHar(undefined)} />}
      {state.paused && (
        <div class="banner paused" role="status">
          Recording is paused
          {state.missedWhilePaused > 0
            ? `: ${state.missedWhilePaused} request${state.missedWhilePaused === 1 ? "" : "s"} finished meanwhile and ${state.missedWhilePaused === 1 ? "was" : "were"} not recorded`
            : ": requests that finish now are not recorded"}
          .{" "}
          <button type="button" class="link-button" onClick={() => store.setPaused(false)}>
            Resume
          </button>
        </div>
      )}
      {state.backgroundGap !== undefined && <RestartNotice gap={state.backgroundGap} />}
      {state.capture.message !== undefined && (
        <div class="banner" role="status">
          {state.capture.message}
        </div>
      )}
      <main class="main">
        {state.rows.length === 0 && (reading !== undefined || state.reading !== undefined || state.progress !== undefined) ? (
          <div class="empty">
            <p class="empty-title">Opening the HAR file</p>
            <p>Its requests are listed as AuthLens diagnoses them, once the file is read; the banner above says how far it is.</p>
          </div>
        ) : state.rows.length === 0 ? (
          <div class="empty">
            <p class="empty-title">No requests captured yet</p>
            <p>AuthLens lists the page's requests as they finish and explains every 401, 403, 407 and CORS failure.</p>
            <p>Requests sent before DevTools opened are not in the log.</p>
            <button type="button" class="primary" onClick={actions.reloadInspectedPage}>
              Reload the page
            </button>
          </div>
        ) : visible.length === 0 ? (
          searchActive ? (
            <div class="empty">
              <p class="empty-title">No matching requests</p>
              <p>
                Searched the {state.rows.length} captured requests for: {queryTitle}.
              </p>
            </div>
          ) : (
            <div class="empty">
              <p class="empty-title">No problems</p>
              <p>None of the {state.rows.length} captured requests has an authentication or CORS problem.</p>
            </div>
          )
        ) : (
          <RequestList
            rows={visible}
            selectedId={selectedId}
            onSelect={select}
            onOpen={(id) => {
              select(id);
              setFocusDetail(true);
            }}
            grouped={!preflightRows}
            sort={sort}
            onSort={setSort}
            focusRequest={focusRow}
          />
        )}
        {selected && (
          <Detail
            row={selected}
            view={detailView}
            onCopyToken={(hash) => store.rawToken(selected.id, hash)}
            onVerifyToken={(hash, keyText) => store.verifyToken(selected.id, hash, keyText)}
            section={section}
            showSecrets={showSecrets}
            onSection={(s) => setTabChoice(choiceOn(selected, s))}
            focusRequested={focusDetail}
            onFocused={() => setFocusDetail(false)}
            rowsById={rowsById}
            onSelect={select}
            onClose={() => {
              // Back to the list, on the row this detail described.
              setSelectedId(undefined);
              setFocusRow({ id: selected.id });
            }}
          />
        )}
      </main>
    </div>
  );
}
