/**
 * Instants and durations in words, for finding texts, token readings and cookie breakdowns:
 * ISO 8601 in UTC, the user's local time, "12 min before this request". Core has no clock: every
 * "now" here is a reference time passed in (the request's `observedAt`, or the CLI's --at).
 */

/** ECMAScript dates reach ±8.64e15 ms (ECMA-262 §21.4.1.22); beyond that there is no ISO form. */
const MAX_DATE_MS = 8.64e15;

/** "2011-03-22T18:43:00Z": ISO 8601 in UTC, milliseconds only when the value has them. */
export function isoOf(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return `${ms / 1000} s since 1970 (beyond representable dates)`;
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * The same instant in the local time zone of the machine running AuthLens (the user's), with its
 * UTC offset: "2011-03-22 19:43:00 UTC+01:00". A time zone is configuration, not a clock.
 */
export function localOf(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return isoOf(ms);
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const zone = `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
}

const UNITS: readonly (readonly [number, string, string])[] = [
  [365 * 86_400, "year", "years"],
  [86_400, "day", "days"],
  [3_600, "h", "h"],
  [60, "min", "min"],
  [1, "s", "s"],
];

function unit(n: number, u: readonly [number, string, string]): string {
  return `${n} ${n === 1 ? u[1] : u[2]}`;
}

/** A duration in words, two units at most: "12 min", "3 h 5 min", "2 days 4 h", "45 s", "0.3 s". */
export function durationOf(seconds: number): string {
  const s = Math.abs(seconds);
  if (!Number.isFinite(s)) return "forever";
  if (s < 1) return `${Math.round(s * 10) / 10} s`;
  for (let i = 0; i < UNITS.length; i++) {
    const u = UNITS[i]!;
    if (s < u[0]) continue;
    const n = Math.floor(s / u[0]);
    const next = UNITS[i + 1];
    const m = next ? Math.floor((s - n * u[0]) / next[0]) : 0;
    return next && m > 0 ? `${unit(n, u)} ${unit(m, next)}` : unit(n, u);
  }
  return `${s} s`;
}

/** "12 min before this request", "3 h after now", "at the time of this request". */
export function relativeOf(ms: number, at: number, reference: string): string {
  const delta = (ms - at) / 1000;
  if (Math.abs(delta) < 1) return `at the time of ${reference}`;
  return `${durationOf(delta)} ${delta < 0 ? "before" : "after"} ${reference}`;
}

/**
 * "23:55:33.120 UTC": the time of day a request started, to the millisecond, so that a person
 * can find it in the list (sorted by time) and in any log. UTC, so the CLI's output is the same
 * on every machine.
 */
export function clockOf(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return isoOf(ms);
  return `${new Date(ms).toISOString().slice(11, 23)} UTC`;
}

/** "23:55:33.120 UTC, 23:55:33.512 and 23:55:34.010 UTC": instants of one day, the zone said once. */
export function clocksOf(list: readonly number[]): string {
  const times = list.map((ms) => clockOf(ms).replace(/ UTC$/, ""));
  if (times.length === 0) return "";
  if (times.length === 1) return `${times[0]} UTC`;
  return `${times.slice(0, -1).join(", ")} and ${times[times.length - 1]} UTC`;
}
