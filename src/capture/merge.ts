/**
 * One Exchange per request, from several sources. The DevTools log is the primary record;
 * webRequest adds what it lacks (Firefox's CORS-blocked requests, which its HAR omits; headers
 * the log did not show) and precise mode adds the browser's verdicts. Sources share no request
 * id, so observations are paired the way the browser made them: same method and URL, nearest
 * start time within a small window. Pure: the store re-merges from its raw lists on change.
 */
import type { BrowserVerdict, CaptureSource, Exchange } from "../core/exchange.ts";
import type { Header } from "../core/headers.ts";
import type { VerdictObservation } from "./protocol.ts";

/** Start times of one request as two sources saw it differ by a few ms; 2 s is generous. */
const PAIRING_WINDOW_MS = 2_000;

export function mergeKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...a, ...b.filter((x) => !a.includes(x))];
}

/** Headers of `extra` whose names `base` lacks, appended (e.g. Cookie seen only with extraHeaders). */
function addMissingHeaders(base: readonly Header[], extra: readonly Header[]): readonly Header[] {
  if (extra.length === 0) return base;
  const have = new Set(base.map((h) => h.name.toLowerCase()));
  const add = extra.filter((h) => !have.has(h.name.toLowerCase()));
  return add.length === 0 ? base : [...base, ...add];
}

function fill(primary: Exchange, other: Exchange): Exchange {
  return {
    ...primary,
    request: { ...primary.request, headers: addMissingHeaders(primary.request.headers, other.request.headers) },
    ...(primary.response ? {} : other.response ? { response: other.response } : {}),
    ...(primary.error === undefined && other.error !== undefined ? { error: other.error } : {}),
    ...(primary.resourceType === undefined && other.resourceType !== undefined ? { resourceType: other.resourceType } : {}),
    ...(primary.durationMs === undefined && other.durationMs !== undefined ? { durationMs: other.durationMs } : {}),
    sources: union(primary.sources, other.sources),
  };
}

/** Index of the nearest candidate in time, not yet taken, within the window. */
function nearest(candidates: readonly number[] | undefined, list: readonly Exchange[], at: number, taken: Set<number>): number | undefined {
  let best: number | undefined;
  let gap = PAIRING_WINDOW_MS + 1;
  for (const i of candidates ?? []) {
    if (taken.has(i)) continue;
    const d = Math.abs(list[i]!.observedAt - at);
    if (d < gap) {
      best = i;
      gap = d;
    }
  }
  return best;
}

function mergeVerdict(a: BrowserVerdict | undefined, b: BrowserVerdict): BrowserVerdict {
  return { ...a, ...b };
}

/**
 * What the last merge made of each pair of observations. The store merges its sources again on
 * every burst; handed the same two observations, the merge hands back the same object, so a
 * request nothing new was learnt of stays the same object and its analysis skips it at once.
 * Owned by the caller (the store keeps one per capture), not by this module.
 */
export class MergeMemo {
  readonly filled = new WeakMap<Exchange, { readonly other: Exchange; readonly merged: Exchange }>();
  readonly judged = new WeakMap<Exchange, { readonly verdict: VerdictObservation; readonly merged: Exchange }>();
}

export function mergeSources(
  devtools: readonly Exchange[],
  webRequest: readonly Exchange[],
  verdicts: readonly VerdictObservation[],
  memo?: MergeMemo,
): Exchange[] {
  const merged: Exchange[] = [...devtools];
  const byKey = new Map<string, number[]>();
  merged.forEach((x, i) => {
    const k = mergeKey(x.request.method, x.request.url);
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  });

  const taken = new Set<number>();
  for (const w of webRequest) {
    const k = mergeKey(w.request.method, w.request.url);
    const i = nearest(byKey.get(k), merged, w.observedAt, taken);
    if (i !== undefined) {
      taken.add(i);
      const primary = merged[i]!;
      const last = memo?.filled.get(primary);
      if (last?.other === w) merged[i] = last.merged;
      else {
        merged[i] = fill(primary, w);
        memo?.filled.set(primary, { other: w, merged: merged[i]! });
      }
    } else {
      // Only webRequest saw it (Firefox's CORS-blocked requests): it stands on its own.
      byKey.set(k, [...(byKey.get(k) ?? []), merged.length]);
      taken.add(merged.length);
      merged.push(w);
    }
  }

  const withVerdict = new Set<number>();
  for (const v of verdicts) {
    const i = nearest(byKey.get(mergeKey(v.method, v.url)), merged, v.startedAt, withVerdict);
    if (i === undefined) continue;
    withVerdict.add(i);
    const x = merged[i]!;
    const last = memo?.judged.get(x);
    if (last?.verdict === v) {
      merged[i] = last.merged;
      continue;
    }
    const sources: CaptureSource[] = union(x.sources, ["debugger"]);
    merged[i] = { ...x, browserVerdict: mergeVerdict(x.browserVerdict, v.verdict), sources };
    memo?.judged.set(x, { verdict: v, merged: merged[i]! });
  }
  return merged;
}
