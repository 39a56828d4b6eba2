/**
 * The capture's sources merged as they arrive. Pairing never crosses a request's method and URL
 * (merge.ts pairs observations of one method and URL by start time), so each method and URL is
 * merged on its own, and only those that received or lost an observation are merged again: a
 * page that polls one URL costs one small merge per request, not a merge of the whole capture.
 * What comes out is what mergeSources gives for the whole capture, one request key at a time.
 */
import type { Exchange } from "../core/exchange.ts";
import { MergeMemo, mergeKey, mergeSources } from "./merge.ts";
import type { VerdictObservation } from "./protocol.ts";

interface Group {
  /** DevTools log entries, in start-time order (as the capture lists them). */
  readonly devtools: Exchange[];
  readonly webRequest: Exchange[];
  readonly verdicts: VerdictObservation[];
  /** The ids the last merge of this key gave. */
  ids: readonly string[];
}

export interface MergedChanges {
  /** The merged exchanges of every request key that changed (new or not). */
  readonly merged: readonly Exchange[];
  /** Ids a previous merge gave that are gone now. */
  readonly gone: readonly string[];
}

function removeItem<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

export class SourceMerge {
  private readonly groups = new Map<string, Group>();
  private readonly touched = new Set<string>();
  private readonly memo = new MergeMemo();

  private group(key: string): Group {
    let g = this.groups.get(key);
    if (!g) {
      g = { devtools: [], webRequest: [], verdicts: [], ids: [] };
      this.groups.set(key, g);
    }
    this.touched.add(key);
    return g;
  }

  addDevtools(xs: readonly Exchange[]): void {
    for (const x of xs) {
      const list = this.group(mergeKey(x.request.method, x.request.url)).devtools;
      list.push(x);
      // Stable: entries that started together keep the order they arrived in.
      if (list.length > 1 && list[list.length - 2]!.observedAt > x.observedAt) list.sort((a, b) => a.observedAt - b.observedAt);
    }
  }

  addWebRequest(xs: readonly Exchange[]): void {
    for (const x of xs) this.group(mergeKey(x.request.method, x.request.url)).webRequest.push(x);
  }

  addVerdicts(vs: readonly VerdictObservation[]): void {
    for (const v of vs) this.group(mergeKey(v.method, v.url)).verdicts.push(v);
  }

  /** Observations the capture's bound dropped. */
  dropDevtools(xs: readonly Exchange[]): void {
    for (const x of xs) removeItem(this.group(mergeKey(x.request.method, x.request.url)).devtools, x);
  }

  dropWebRequest(xs: readonly Exchange[]): void {
    for (const x of xs) removeItem(this.group(mergeKey(x.request.method, x.request.url)).webRequest, x);
  }

  dropVerdicts(vs: readonly VerdictObservation[]): void {
    for (const v of vs) removeItem(this.group(mergeKey(v.method, v.url)).verdicts, v);
  }

  /** Merges the request keys that changed since the last call. */
  changes(): MergedChanges {
    const merged: Exchange[] = [];
    const gone: string[] = [];
    for (const key of this.touched) {
      const g = this.groups.get(key);
      if (!g) continue;
      const out = mergeSources(g.devtools, g.webRequest, g.verdicts, this.memo);
      const ids = new Set(out.map((x) => x.id));
      for (const id of g.ids) if (!ids.has(id)) gone.push(id);
      g.ids = [...ids];
      merged.push(...out);
      if (g.devtools.length === 0 && g.webRequest.length === 0 && g.verdicts.length === 0) this.groups.delete(key);
    }
    this.touched.clear();
    return { merged, gone };
  }
}
