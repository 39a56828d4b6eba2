/**
 * The exchanges of one capture, in capture order, with what the rules read across them kept up to
 * date as exchanges come, change and go: each preflight linked to its request, every capture-wide
 * index (./capture-index.ts) filed, and a record of which exchange read which key. Adding or
 * removing exchanges returns which exchanges changed and which keys they touched, so that the
 * analysis judges again only what those changes can affect.
 */
import { linkPreflights } from "../cors/preflight-link.ts";
import type { Exchange } from "../exchange.ts";
import { type AnalysisOptions, type CaptureFacts, DEFAULT_OPTIONS, type RuleContext } from "../rule.ts";
import { exchangeViews } from "../view/exchange-view.ts";
import type { CaptureIndex } from "./capture-index.ts";
import { sameExchange } from "./same-exchange.ts";

/**
 * The capture's order. "start-time": by when each request started, then by when AuthLens first
 * saw it (a live capture, listed as DevTools lists it). "arrival": as added (a file keeps the
 * order its exporting tool listed the requests in).
 */
export type CaptureOrder = "start-time" | "arrival";

interface Entry {
  readonly id: string;
  /** The exchange as added. */
  raw: Exchange;
  /** The exchange as the rules see it: `raw` with its preflight link filled in. */
  linked: Exchange;
  /** Order: by `time`, then by `seq`. */
  time: number;
  readonly seq: number;
  /** Per index: the keys this entry is filed under. */
  readonly filed: Map<CaptureIndex<unknown>, readonly string[]>;
  /** The dependency keys (see depKey) its last judgement read. */
  reads: Set<string> | undefined;
}

interface IndexState {
  readonly byKey: Map<string, Entry[]>;
  /** What the index derives of each key's exchanges, until they change. */
  readonly derived: Map<string, unknown>;
  /**
   * Keys changed since their value was last derived, until the change settles: the value before,
   * and the entries appended at the end of the key's list since (undefined once anything else
   * happened to it), from which CaptureIndex.extend derives the new value.
   */
  readonly previous: Map<string, { readonly value: unknown; appended: Entry[] | undefined }>;
}

/** What a change of the capture did. */
export interface CaptureChange {
  /** Exchanges added, or changed as the rules see them (their own data or their preflight link). */
  readonly changed: ReadonlySet<string>;
  /** Exchanges gone. */
  readonly removed: ReadonlySet<string>;
  /** Exchanges that read something the change touched: their judgement may differ now. */
  readonly readers: ReadonlySet<string>;
}

const EMPTY: readonly Exchange[] = [];

function keysAsList(keys: string | readonly string[] | undefined): readonly string[] {
  if (keys === undefined) return [];
  return typeof keys === "string" ? [keys] : keys;
}

const depKey = (index: string, key: string) => `${index}\u0000${key}`;
const idDep = (id: string) => depKey("", id);

function before(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** Inserts `e` into a list in capture order (binary search: lists of one key are short, a storm's are not). */
/** Inserts `e` in capture order; true when it went at the end (an append). */
function insertOrdered(list: Entry[], e: Entry): boolean {
  const last = list[list.length - 1];
  if (!last || before(last, e)) {
    list.push(e);
    return true;
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(list[mid]!, e)) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, e);
  return false;
}

function removeFrom(list: Entry[], e: Entry): void {
  const i = list.indexOf(e);
  if (i >= 0) list.splice(i, 1);
}

export class Capture {
  private readonly entries = new Map<string, Entry>();
  /** Every entry in capture order; rebuilt only when an insertion lands out of order. */
  private ordered: Entry[] = [];
  private orderedExchanges: readonly Exchange[] | undefined;
  /** Entries by request URL, in capture order: a preflight and its request share their URL. */
  private readonly byUrl = new Map<string, Entry[]>();
  private readonly indexes = new Map<CaptureIndex<unknown>, IndexState>();
  /** Dependency key → the entries whose last judgement read it. */
  private readonly readersOf = new Map<string, Set<string>>();
  private seq = 0;
  /** Collected while changes are applied; handed out by the change's result. */
  private touched = new Set<string>();

  constructor(
    readonly facts: CaptureFacts = {},
    readonly options: AnalysisOptions = DEFAULT_OPTIONS,
    readonly order: CaptureOrder = "arrival",
    /**
     * Record what each judgement reads across the capture, so that a later change judges its
     * readers again. A capture fed once (a file, a test) has no later change: it need not.
     */
    private readonly tracking = true,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The exchanges as the rules see them, in capture order. */
  exchanges(): readonly Exchange[] {
    this.orderedExchanges ??= this.ordered.map((e) => e.linked);
    return this.orderedExchanges;
  }

  get(id: string): Exchange | undefined {
    return this.entries.get(id)?.linked;
  }

  /**
   * Adds exchanges, or replaces those whose id is already here (a request seen again by another
   * capture source). An exchange equal to the one held changes nothing.
   */
  upsert(exchanges: readonly Exchange[]): CaptureChange {
    const changed = new Set<string>();
    const urls = new Set<string>();
    let outOfOrder = false;
    for (let i = 0; i < exchanges.length; i++) {
      const x = exchanges[i]!;
      const held = this.entries.get(x.id);
      if (held) {
        if (held.raw === x || sameExchange(held.raw, x)) continue;
        this.unfile(held);
        removeFrom(this.byUrl.get(held.raw.request.url) ?? [], held);
        urls.add(held.raw.request.url);
        const time = this.timeOf(x);
        if (time !== held.time) outOfOrder = true;
        held.raw = x;
        held.linked = x;
        held.time = time;
        this.addToUrl(held);
        urls.add(x.request.url);
        changed.add(x.id);
        continue;
      }
      const e: Entry = { id: x.id, raw: x, linked: x, time: this.timeOf(x), seq: this.seq++, filed: new Map(), reads: undefined };
      this.entries.set(x.id, e);
      const last = this.ordered[this.ordered.length - 1];
      if (last && before(e, last)) outOfOrder = true;
      this.ordered.push(e);
      this.addToUrl(e);
      urls.add(x.request.url);
      changed.add(x.id);
    }
    if (changed.size === 0) return { changed, removed: new Set(), readers: new Set() };
    if (outOfOrder) this.ordered.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    this.orderedExchanges = undefined;
    this.relink(urls, changed);
    for (const id of changed) this.file(this.entries.get(id)!);
    return this.settle(changed, new Set());
  }

  /** Removes exchanges by id (ids not held are ignored). */
  remove(ids: Iterable<string>): CaptureChange {
    const removed = new Set<string>();
    const urls = new Set<string>();
    for (const id of ids) {
      const e = this.entries.get(id);
      if (!e) continue;
      this.unfile(e);
      this.forget(e);
      removeFrom(this.byUrl.get(e.raw.request.url) ?? [], e);
      if (this.byUrl.get(e.raw.request.url)?.length === 0) this.byUrl.delete(e.raw.request.url);
      urls.add(e.raw.request.url);
      this.entries.delete(id);
      this.touched.add(idDep(id));
      removed.add(id);
    }
    if (removed.size === 0) return { changed: new Set(), removed, readers: new Set() };
    this.ordered = this.ordered.filter((e) => !removed.has(e.id));
    this.orderedExchanges = undefined;
    const changed = new Set<string>();
    this.relink(urls, changed);
    for (const id of changed) this.file(this.entries.get(id)!);
    return this.settle(changed, removed);
  }

  /** The oldest exchanges beyond `limit` (capture order), for the caller to remove. */
  oldestBeyond(limit: number): string[] {
    const over = this.ordered.length - limit;
    return over > 0 ? this.ordered.slice(0, over).map((e) => e.id) : [];
  }

  /** Whether `a` comes before `b` in the capture (exchanges not held come last). */
  precedes(a: Exchange, b: Exchange): boolean {
    const ea = this.entries.get(a.id);
    const eb = this.entries.get(b.id);
    if (!ea) return false;
    if (!eb) return true;
    return before(ea, eb);
  }

  /**
   * A rule context over this capture. With `reader`, every cross-exchange read is recorded as that
   * exchange's dependency (its previous record is dropped first: `judging` starts a judgement).
   * Each judgement pass gets its own context: the views it builds live only as long as it.
   */
  context(): { ctx: RuleContext; judging(id: string | undefined): void } {
    let reader: Entry | undefined;
    const read = (dep: string) => {
      if (!reader || !this.tracking) return;
      reader.reads ??= new Set();
      if (reader.reads.has(dep)) return;
      reader.reads.add(dep);
      let set = this.readersOf.get(dep);
      if (!set) {
        set = new Set();
        this.readersOf.set(dep, set);
      }
      set.add(reader.id);
    };
    const ctx: RuleContext = {
      facts: this.facts,
      options: this.options,
      exchange: (id) => {
        read(idDep(id));
        return this.entries.get(id)?.linked;
      },
      lookup: <D>(index: CaptureIndex<D>, key: string): D => {
        read(depKey(index.name, key));
        return this.derived(index, key);
      },
      precedes: (a, b) => this.precedes(a, b),
      credentials: (x) => view(x).credentials,
      view: (x) => view(x),
    };
    // Each exchange's view is built the first time this judgement asks for it, and kept by this
    // context: a later judgement builds it anew, as what it reads across the capture may have changed.
    const view = exchangeViews(ctx, this.facts, this.options);
    return {
      ctx,
      judging: (id) => {
        if (reader) reader = undefined;
        view.forget();
        if (id === undefined) return;
        const e = this.entries.get(id);
        if (!e) return;
        this.forget(e);
        reader = e;
      },
    };
  }

  // --- internals ---

  private timeOf(x: Exchange): number {
    return this.order === "start-time" && Number.isFinite(x.observedAt) ? x.observedAt : 0;
  }

  private addToUrl(e: Entry): void {
    const url = e.raw.request.url;
    const list = this.byUrl.get(url);
    if (list) insertOrdered(list, e);
    else this.byUrl.set(url, [e]);
  }

  /**
   * Links preflights again on the URLs a change touched. Pairing never crosses URLs (Fetch §4.8
   * step 3: a preflight is for its request's URL), so linking each URL's exchanges alone gives
   * the links linking the whole capture would.
   */
  private relink(urls: ReadonlySet<string>, changed: Set<string>): void {
    for (const url of urls) {
      const group = this.byUrl.get(url);
      if (!group) continue;
      const linked = linkPreflights(group.map((e) => e.raw));
      for (let i = 0; i < group.length; i++) {
        const e = group[i]!;
        const next = linked[i]!;
        if (!changed.has(e.id) && next.preflightId === e.linked.preflightId && next.preflightFor === e.linked.preflightFor) continue;
        if (changed.has(e.id)) {
          e.linked = next;
          continue;
        }
        // Its link changed: to the rules it is another exchange now.
        this.unfile(e);
        e.linked = next;
        changed.add(e.id);
      }
    }
  }

  /** Files an entry in every index built so far, touching its keys. */
  private file(e: Entry): void {
    this.touched.add(idDep(e.id));
    for (const [index, state] of this.indexes) this.fileIn(index, state, e);
  }

  private fileIn(index: CaptureIndex<unknown>, state: IndexState, e: Entry): void {
    const keys = keysAsList(safeKeys(index, e.linked));
    if (keys.length === 0) return;
    e.filed.set(index, keys);
    for (const key of keys) {
      const list = state.byKey.get(key);
      let appended = true;
      if (list) appended = insertOrdered(list, e);
      else state.byKey.set(key, [e]);
      this.invalidate(index, state, key, appended ? e : undefined);
    }
  }

  /**
   * A key's exchanges changed: its derived value is dropped (kept as `previous` until the change
   * settles) and the key touched. `appended`: the change was this entry added at the end.
   */
  private invalidate(index: CaptureIndex<unknown>, state: IndexState, key: string, appended: Entry | undefined): void {
    this.touched.add(depKey(index.name, key));
    if (state.derived.has(key)) {
      state.previous.set(key, { value: state.derived.get(key), appended: (index.extend || index.readsBefore) && appended ? [appended] : undefined });
      state.derived.delete(key);
      return;
    }
    const p = state.previous.get(key);
    if (!p) return;
    if (p.appended && appended) p.appended.push(appended);
    else p.appended = undefined;
  }

  private unfile(e: Entry): void {
    this.touched.add(idDep(e.id));
    for (const [index, keys] of e.filed) {
      const state = this.indexes.get(index);
      if (!state) continue;
      for (const key of keys) {
        const list = state.byKey.get(key);
        if (list) {
          removeFrom(list, e);
          if (list.length === 0) state.byKey.delete(key);
        }
        this.invalidate(index, state, key, undefined);
      }
    }
    e.filed.clear();
  }

  /** Drops the record of what an entry's last judgement read. */
  private forget(e: Entry): void {
    if (!e.reads) return;
    for (const dep of e.reads) {
      const set = this.readersOf.get(dep);
      set?.delete(e.id);
      if (set?.size === 0) this.readersOf.delete(dep);
    }
    e.reads = undefined;
  }

  private settle(changed: Set<string>, removed: Set<string>): CaptureChange {
    // A key whose value the change left as it was (the very same object, as an extend that found
    // nothing new gives, or one the index calls the same) has nothing new for its readers.
    // Readers that need no new judgement although the key changed: they come before everything
    // appended to a key read only before its readers, or the index tells their answer is the same.
    const unaffected = new Map<string, (reader: string) => boolean>();
    for (const [index, state] of this.indexes) {
      if (state.previous.size === 0) continue;
      for (const [key, p] of state.previous) {
        const dep = depKey(index.name, key);
        if (!this.readersOf.has(dep)) continue;
        const now = this.derived(index, key);
        if (now === p.value || index.same?.(p.value, now)) {
          this.touched.delete(dep);
          continue;
        }
        const first = index.readsBefore ? p.appended?.[0] : undefined;
        if (first !== undefined) {
          unaffected.set(dep, (id) => {
            const reader = this.entries.get(id);
            return reader !== undefined && reader !== first && before(reader, first);
          });
        } else if (index.sameFor) {
          const sameFor = index.sameFor.bind(index);
          unaffected.set(dep, (id) => sameFor(p.value, now, id));
        }
      }
      state.previous.clear();
    }
    const readers = new Set<string>();
    for (const dep of this.touched) {
      const set = this.readersOf.get(dep);
      if (!set) continue;
      const skip = unaffected.get(dep);
      for (const id of set) if (!removed.has(id) && !skip?.(id)) readers.add(id);
    }
    this.touched = new Set();
    return { changed, removed, readers };
  }

  /** An index's answer for a key: built on first use over the whole capture, then kept up to date. */
  private derived<D>(index: CaptureIndex<D>, key: string): D {
    let state = this.indexes.get(index as CaptureIndex<unknown>);
    if (!state) {
      state = { byKey: new Map(), derived: new Map(), previous: new Map() };
      this.indexes.set(index as CaptureIndex<unknown>, state);
      // Built in capture order: each key's list is appended to in order, no insertion search.
      for (let i = 0; i < this.ordered.length; i++) {
        const e = this.ordered[i]!;
        const keys = keysAsList(safeKeys(index, e.linked));
        if (keys.length === 0) continue;
        e.filed.set(index as CaptureIndex<unknown>, keys);
        for (const k of keys) {
          const list = state.byKey.get(k);
          if (list) list.push(e);
          else state.byKey.set(k, [e]);
        }
      }
    }
    if (state.derived.has(key)) return state.derived.get(key) as D;
    const list = state.byKey.get(key);
    const p = state.previous.get(key);
    const value =
      p?.appended && index.extend
        ? index.extend(p.value as D, p.appended.map((e) => e.linked), key)
        : index.derive(list ? list.map((e) => e.linked) : EMPTY, key, p?.value as D | undefined);
    state.derived.set(key, value);
    return value;
  }
}

/** An index's keys for an exchange; an index that fails on hostile input files it nowhere. */
function safeKeys(index: CaptureIndex<unknown>, x: Exchange): string | readonly string[] | undefined {
  try {
    return index.keysOf(x);
  } catch {
    return undefined;
  }
}
