/**
 * The worker's half of the panel: a CaptureStore (the capture's state machine) driven by the
 * page's calls, its state sent back as light, screened rows and row deltas, and the page's
 * requests (detail, search, copies, export, import) answered from the store's diagnoses.
 * Transport-free: the worker entry passes `post`, a test passes a function that records.
 */
import { describeQuery, matches, parseQuery } from "../../core/search/index.ts";
import { exportHar, screenTitle, screenUrl } from "../../core/share/index.ts";
import { rawTokenOf } from "../../core/tokens/raw-token.ts";
import { keysFromText, type PastedKind } from "../../core/tokens/verify/key-text.ts";
import { parseJwks, verifyJws } from "../../core/tokens/verify/index.ts";
import { type SkippedLine, skippedLines } from "../import-banner.ts";
import type { CaptureStore, PanelState, Row } from "../store.ts";
import { readHarFile } from "./har-read.ts";
import { type Calls, diffRows, type FromWorker, type ListRow, type Requests, type RowDelta, type ToWorker, type ViewState } from "./protocol.ts";
import { detailView, listRow, sameRow } from "./rows.ts";

/** Which keys a pasted text gave, as the check says it. */
const PASTED: Readonly<Record<PastedKind, string>> = { jwks: "the JWKS you pasted", pem: "the PEM you pasted", secret: "the secret you pasted" };

/** The least time between two state messages while the store keeps changing (ms). */
const FLUSH_EVERY_MS = 100;

/** How many of the items redaction removed the export dialog previews. */
const REMOVED_PREVIEW = 50;

type Handlers = {
  [K in keyof Requests]: (...args: Requests[K]["args"]) => Requests[K]["reply"] | Promise<Requests[K]["reply"]>;
};

export class AnalysisHost {
  private showSecrets = false;
  /** The last call taken (acknowledged in every state message). */
  private seq = 0;
  /** The rows as the page has them. */
  private sent: ListRow[] = [];
  /** The store's rows and the choice the page's rows were screened from. */
  private sentFrom: { rows: readonly Row[]; showSecrets: boolean } | undefined;
  private flushQueued = false;
  private byId: { rows: readonly Row[]; map: Map<string, Row> } | undefined;
  /** The HAR file being read, and how far (see ViewState.reading); `id` tells the newest import from an older one. */
  private reading: { id: number; view: NonNullable<ViewState["reading"]> } | undefined;
  private imports = 0;
  private skipped: { from: NonNullable<PanelState["imported"]>["skipped"]; showSecrets: boolean; list: { lines: SkippedLine[]; more: number } } | undefined;

  /** When the state was last sent (the `now` clock). */
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: CaptureStore,
    private readonly post: (m: FromWorker) => void,
    /** Runs `f` after `ms`, once the current task ends: state is sent once per burst of store changes. */
    private readonly later: (f: () => void, ms: number) => void = (f, ms) => setTimeout(f, ms),
    private readonly now: () => number = () => performance.now(),
  ) {
    store.subscribe(() => this.queueFlush());
    this.queueFlush();
  }

  private readonly calls: { [K in keyof Calls]: (...args: Calls[K]) => void } = {
    add: (xs) => this.store.add(xs),
    addWebRequest: (xs, replay) => this.store.addWebRequest(xs, replay),
    addVerdicts: (items) => this.store.addVerdicts(items),
    addUnreadable: (n) => this.store.addUnreadable(n),
    clear: (pageUrl, at) => this.store.clear(pageUrl, at),
    navigated: (url, at) => this.store.navigated(url, at),
    setLimit: (n) => this.store.setLimit(n),
    setPreserveLog: (on) => this.store.setPreserveLog(on),
    setPaused: (on) => this.store.setPaused(on),
    showLive: () => this.store.showLive(),
    setBackgroundGap: (gap) => this.store.setBackgroundGap(gap),
    setCapture: (patch) => this.store.setCapture(patch),
    setShowSecrets: (on) => {
      this.showSecrets = on;
    },
  };

  private readonly requests: Handlers = {
    detail: (id) => {
      const row = this.row(id);
      if (row === undefined) return undefined;
      const preflightId = row.diagnosis.exchange.preflightId;
      return detailView(row, this.store.detail(id), preflightId !== undefined ? this.row(preflightId) : undefined, this.showSecrets);
    },
    search: (query) => {
      const parsed = parseQuery(query);
      const active = parsed.terms.length > 0;
      const ids = active ? this.store.current.rows.filter((r) => matches(parsed, r.diagnosis)).map((r) => r.diagnosis.exchange.id) : [];
      return { query, description: describeQuery(parsed), active, ids };
    },
    rawToken: (id, hash) => {
      const row = this.row(id);
      return row === undefined ? undefined : rawTokenOf(row.diagnosis.exchange, hash);
    },
    verifyToken: async (id, hash, keyText) => {
      const row = this.row(id);
      const token = row === undefined ? undefined : rawTokenOf(row.diagnosis.exchange, hash);
      if (token === undefined) return undefined;
      if (keyText.trim() !== "") {
        const pasted = keysFromText(keyText);
        return { result: await verifyJws(token, pasted.keys), keysFrom: PASTED[pasted.kind] };
      }
      const captured = this.store.capturedKeys(token);
      if (!captured) {
        return {
          result: { verdict: "error", reason: "This capture holds no key set of the token's issuer: paste its JWKS, a PEM public key or certificate, or the HMAC secret.", notes: [], tried: 0 },
          keysFrom: "",
        };
      }
      return { result: await verifyJws(token, parseJwks(captured.text)), keysFrom: `the JWKS the page fetched from ${screenUrl(captured.url)}` };
    },
    exportHar: (ids, includeSecrets, version) => {
      const exchanges = ids.flatMap((id) => {
        const row = this.row(id);
        return row ? [row.diagnosis.exchange] : [];
      });
      const result = exportHar(exchanges, { includeSecrets, creator: { name: "AuthLens", version } });
      return {
        text: JSON.stringify(result.har, null, 2),
        removedCount: result.removed.length,
        removed: result.removed.slice(0, REMOVED_PREVIEW).map((r) => ({ what: r.what, where: r.where })),
      };
    },
    importHar: async (file) => {
      const id = ++this.imports;
      /** Whether the list shows the file as it is read (until the user goes back to the live capture). */
      let showing: boolean | undefined;
      const result = await readHarFile(
        file,
        (p) => {
          if (id !== this.imports) return;
          this.reading = { id, view: { name: file.name, entries: p.entries, percent: p.percent } };
          // Sent now: the file's chunks may follow one another without a task ending in between.
          this.flush();
        },
        (batch, facts) => {
          if (id !== this.imports || showing === false) return;
          showing = this.store.importRead(file.name, batch, facts, showing === undefined);
        },
      );
      // Another file was picked meanwhile: it is the one shown (this one's outcome no longer matters).
      if (id !== this.imports) return { ok: true };
      this.reading = undefined;
      if (!result.ok) {
        if (showing) this.store.abortImport();
        return result;
      }
      // Shown as read, with the facts the whole file gives: done. Otherwise (a file out of start-time
      // order, facts only the last entry settled, or the list went back to live) the file comes whole.
      if (showing && result.shownWith?.credentialsStripped === result.facts.credentialsStripped) this.store.finishImport(result.skipped);
      else this.store.importExchanges(result.exchanges, result.facts, file.name, result.skipped);
      return { ok: true };
    },
    screenTabs: (tabs) => tabs.map((t) => ({ id: t.id, title: t.title ? screenTitle(t.title) : screenUrl(t.url), url: screenUrl(t.url) })),
  };

  /** One message from the page. */
  handle(m: ToWorker): void {
    if (m.type === "call") {
      const call = this.calls[m.name] as ((...args: readonly unknown[]) => void) | undefined;
      call?.(...m.args);
      this.seq = m.seq;
      this.queueFlush();
      return;
    }
    const handler = this.requests[m.name] as ((...args: readonly unknown[]) => unknown) | undefined;
    void (async () => {
      try {
        if (handler === undefined) throw new Error(`unknown request ${String(m.name)}`);
        const value = await handler(...m.args);
        // The state the answer was computed from goes first (e.g. the import's progress).
        this.flush();
        this.post({ type: "reply", id: m.id, ok: true, value });
      } catch (error) {
        this.post({ type: "reply", id: m.id, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  }

  private row(id: string): Row | undefined {
    const rows = this.store.current.rows;
    if (this.byId?.rows !== rows) this.byId = { rows, map: new Map(rows.map((r) => [r.diagnosis.exchange.id, r])) };
    return this.byId.map.get(id);
  }

  /**
   * Sends the state once the current task ends, and not sooner than FLUSH_EVERY_MS after the last
   * time: a capture arriving or a file being read changes the store many times a second, and
   * each message costs the page a delta to apply and a frame to paint (a person reads a few a second).
   */
  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.later(
      () => {
        if (this.flushQueued) this.flush();
      },
      Math.max(0, this.lastFlush + FLUSH_EVERY_MS - this.now()),
    );
  }

  /** Sends the state now: the rows as a delta from what the page has. */
  flush(): void {
    this.flushQueued = false;
    this.lastFlush = this.now();
    const s = this.store.current;
    let rows: RowDelta | undefined;
    if (this.sentFrom?.rows !== s.rows || this.sentFrom.showSecrets !== this.showSecrets) {
      const next = s.rows.map((r) => listRow(r, this.showSecrets));
      rows = diffRows(this.sent, next, sameRow);
      this.sent = next;
      this.sentFrom = { rows: s.rows, showSecrets: this.showSecrets };
    }
    const { rows: _, imported, ...rest } = s;
    const state: Omit<ViewState, "rows"> = {
      ...rest,
      ...(this.reading ? { reading: this.reading.view } : {}),
      ...(imported
        ? { imported: { name: imported.name, count: imported.count, skipped: imported.skipped.length, skippedList: this.skippedList(imported.skipped) } }
        : {}),
    };
    this.post({ type: "state", ack: this.seq, state, ...(rows ? { rows } : {}) });
  }

  private skippedList(from: NonNullable<PanelState["imported"]>["skipped"]): { lines: SkippedLine[]; more: number } {
    if (this.skipped?.from !== from || this.skipped.showSecrets !== this.showSecrets) {
      this.skipped = { from, showSecrets: this.showSecrets, list: skippedLines(from, this.showSecrets) };
    }
    return this.skipped.list;
  }
}
