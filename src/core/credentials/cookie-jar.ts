/**
 * The cookies a capture saw being set, in order, as a browser's jar would hold them (RFC 6265bis
 * §5.7): keyed by name, domain and path, later lines replacing earlier ones, deletions removing.
 * Read at most once per analysis; cookie.not-sent asks it what was set before a given request.
 */
import type { Exchange } from "../exchange.ts";
import { type CookieRejection, rejectionsOf } from "./set-cookie-checks.ts";
import { type ParsedSetCookie, defaultPath, expiryOf, parseSetCookie, setCookieLines } from "./set-cookie.ts";
import { setterOf } from "./set-cookie-breakdown.ts";

export interface JarCookie {
  readonly cookie: ParsedSetCookie;
  /** The exchange whose response set it, and its position in the capture. */
  readonly setBy: Exchange;
  readonly index: number;
  readonly host: string;
  readonly scheme: string;
  /** Domain attribute, or the setting host for a host-only cookie. */
  readonly domain: string;
  readonly hostOnly: boolean;
  readonly path: string;
  /** ms; undefined for a session cookie, -Infinity for a deletion. */
  readonly expiresAt?: number;
  /** Why the browser would have refused it when it was set. */
  readonly rejected: readonly CookieRejection[];
}

/** The Set-Cookie log of a capture as far as it was read: exchanges before `scanned`. */
interface Log {
  readonly entries: JarCookie[];
  scanned: number;
}

const logs = new WeakMap<readonly Exchange[], Log>();

/**
 * The log read up to exchange number `end` (excluded). Rules ask in capture order, so each stretch
 * of the capture is read right after the rules read it too, while it is fresh in memory, and a
 * capture whose last 401 comes early is never read to its end.
 */
function logUpTo(exchanges: readonly Exchange[], end: number): Log {
  let log = logs.get(exchanges);
  if (!log) {
    log = { entries: [], scanned: 0 };
    logs.set(exchanges, log);
  }
  for (; log.scanned < end; log.scanned++) {
    const index = log.scanned;
    const x = exchanges[index]!;
    const lines = setCookieLines(x);
    if (lines.length === 0) continue;
    const setter = setterOf(x.request.url);
    if (!setter) continue;
    for (const line of lines) {
      const cookie = parseSetCookie(line);
      const e = expiryOf(cookie, x.observedAt);
      log.entries.push({
        cookie,
        setBy: x,
        index,
        host: setter.host,
        scheme: setter.scheme,
        domain: cookie.domain ?? setter.host,
        hostOnly: cookie.domain === undefined,
        path: cookie.path ?? defaultPath(setter.path),
        ...(e ? { expiresAt: e.at } : {}),
        rejected: rejectionsOf(cookie, setter),
      });
    }
  }
  return log;
}

/** Every Set-Cookie of the capture, in capture order. */
export function setCookieLog(exchanges: readonly Exchange[]): readonly JarCookie[] {
  return logUpTo(exchanges, exchanges.length).entries;
}

/**
 * The jar just before exchange number `before`: the last line for each (name, domain, path),
 * deletions dropped. Cookies that were refused when set stay in, marked, because "it was never
 * stored" is the answer a user looking for them needs.
 */
export function jarBefore(exchanges: readonly Exchange[], before: number): JarCookie[] {
  const log = logUpTo(exchanges, Math.min(before, exchanges.length)).entries;
  // Rules ask in capture order: the jar of the last call is carried forward, not rebuilt from
  // the start of the capture for every request (a position behind it starts over).
  let jar = jarState.get(exchanges);
  if (!jar || jar.before > before) {
    jar = { before: 0, next: 0, latest: new Map() };
    jarState.set(exchanges, jar);
  }
  for (; jar.next < log.length; jar.next++) {
    const c = log[jar.next]!;
    if (c.index >= before) break;
    const key = `${c.cookie.name}\u0000${c.domain}\u0000${c.path}`;
    if (c.expiresAt === Number.NEGATIVE_INFINITY || (c.expiresAt !== undefined && c.expiresAt <= c.setBy.observedAt)) jar.latest.delete(key);
    else jar.latest.set(key, c);
  }
  jar.before = before;
  return [...jar.latest.values()];
}

/** The jar as of the last jarBefore call: the log entries applied so far. */
interface JarState {
  before: number;
  /** The first log entry not applied yet. */
  next: number;
  readonly latest: Map<string, JarCookie>;
}

const jarState = new WeakMap<readonly Exchange[], JarState>();
