/**
 * The cookies a capture saw being set, as a browser's jar would hold them (RFC 6265bis §5.7):
 * keyed by name, domain and path, later lines replacing earlier ones, deletions removing.
 * cookie.not-sent asks what was set before a given request, for that request's host: the
 * Set-Cookie lines are filed by the domain they are for and by the site that set them, so the
 * question reads only the lines that can concern the host, and the answer is the one the whole
 * jar would give.
 */
import type { CaptureIndex } from "../analysis/capture-index.ts";
import type { Exchange } from "../exchange.ts";
import type { CaptureLookup } from "../capture-lookup.ts";
import { type CookieRejection, rejectionsOf } from "./set-cookie-checks.ts";
import { type ParsedSetCookie, defaultPath, expiryOf, parseSetCookie, setCookieLines } from "./set-cookie.ts";
import { setterOf } from "./set-cookie-breakdown.ts";
import { registrableDomain } from "./site.ts";

export interface JarCookie {
  readonly cookie: ParsedSetCookie;
  /** The exchange whose response set it. */
  readonly setBy: Exchange;
  /** Its place among that response's Set-Cookie lines. */
  readonly line: number;
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
  /** The index key of its domain's site. */
  readonly site: string;
}

/** The Set-Cookie lines of one response as jar entries. */
function entriesOf(x: Exchange): JarCookie[] {
  const lines = setCookieLines(x);
  if (lines.length === 0) return [];
  const setter = setterOf(x.request.url);
  if (!setter) return [];
  return lines.map((line, i) => {
    const cookie = parseSetCookie(line);
    const e = expiryOf(cookie, x.observedAt);
    return {
      cookie,
      setBy: x,
      line: i,
      host: setter.host,
      scheme: setter.scheme,
      domain: cookie.domain ?? setter.host,
      hostOnly: cookie.domain === undefined,
      path: cookie.path ?? defaultPath(setter.path),
      ...(e ? { expiresAt: e.at } : {}),
      rejected: rejectionsOf(cookie, setter),
      site: siteKey(cookie.domain ?? setter.host),
    };
  });
}

const siteKey = (domain: string) => `s:${registrableDomain(domain.replace(/^\./, ""))}`;

/**
 * One site's Set-Cookie lines in capture order, and the jar as the last question left it:
 * questions come in capture order (the rules judge exchanges in that order), so each carries the
 * jar on from the last instead of replaying the site's lines from the first. A question from
 * further back starts again. The answer is the same either way.
 */
interface SiteLog {
  readonly lines: readonly JarCookie[];
  /** The sites of its lines' domains (its own, and any other a line was set for). */
  readonly sites: ReadonlySet<string>;
  cursor: { applied: number; readonly latest: Map<string, JarCookie> };
}

/**
 * Responses that set cookies, filed under the site that set them and the site of each cookie's
 * domain (the same one but for a cookie set for another site, which the browser refuses): a
 * cookie concerns a host its domain matches (RFC 6265bis §5.1.3), or, for the advice, a host of
 * its setter's site.
 */
const SET_COOKIES: CaptureIndex<SiteLog> = {
  name: "set-cookie",
  keysOf(x) {
    if (setCookieLines(x).length === 0) return undefined;
    const setter = setterOf(x.request.url);
    if (!setter) return undefined;
    const keys = new Set<string>([siteKey(setter.host)]);
    for (const e of entriesOf(x)) keys.add(e.site);
    return [...keys];
  },
  derive(filed) {
    const lines = filed.flatMap(entriesOf);
    return { lines, sites: new Set(lines.map((c) => c.site)), cursor: { applied: 0, latest: new Map() } };
  },
  // A request's jar holds what was set before it (jarBefore): cookies set later change nothing for it.
  readsBefore: true,
};

/** The sites a cookie matching `host` may be filed under: its own, and the shorter suffixes of its name. */
function sitesOver(host: string): string[] {
  const own = registrableDomain(host);
  const out = [`s:${own}`];
  for (let i = host.indexOf("."); i >= 0; i = host.indexOf(".", i + 1)) {
    const suffix = host.slice(i + 1);
    if (suffix.length < own.length) out.push(`s:${suffix}`);
  }
  return out;
}

const jarKey = (c: JarCookie) => `${c.cookie.name}\u0000${c.domain}\u0000${c.path}`;

/** Applies a line to a jar (§5.7: the last line for a name, domain and path wins; an expired one removes it). */
function apply(latest: Map<string, JarCookie>, c: JarCookie): void {
  const key = jarKey(c);
  if (c.expiresAt === Number.NEGATIVE_INFINITY || (c.expiresAt !== undefined && c.expiresAt <= c.setBy.observedAt)) latest.delete(key);
  else latest.set(key, c);
}

type Order = Pick<CaptureLookup, "precedes">;

/** One site's jar before `x`, carried on from the last question when it came from further back. */
function siteJarBefore(log: SiteLog, x: Exchange, ctx: Order): JarCookie[] {
  const { lines } = log;
  const before = (c: JarCookie) => c.setBy.id !== x.id && ctx.precedes(c.setBy, x);
  let cursor = log.cursor;
  if (cursor.applied > 0 && !before(lines[cursor.applied - 1]!)) {
    cursor = { applied: 0, latest: new Map() };
    log.cursor = cursor;
  }
  while (cursor.applied < lines.length && before(lines[cursor.applied]!)) apply(cursor.latest, lines[cursor.applied++]!);
  return [...cursor.latest.values()];
}

/**
 * The jar just before `x`, as far as it can concern `host`: the last line for each (name,
 * domain, path), deletions dropped. Cookies that were refused when set stay in, marked, because
 * "it was never stored" is the answer a user looking for them needs. Every line for a domain is
 * read once any is (all of a domain's lines share a site), so a later line replacing a cookie is
 * never missed.
 */
export function jarBefore(x: Exchange, host: string, ctx: Pick<CaptureLookup, "lookup" | "precedes">): JarCookie[] {
  const h = host.toLowerCase();
  const read = new Map<string, SiteLog>();
  const visit = (key: string) => {
    if (!read.has(key)) read.set(key, ctx.lookup(SET_COOKIES, key));
  };
  for (const key of sitesOver(h)) visit(key);
  // The sites of the lines read, until no new one comes (a line refused for another site's
  // domain); only lines set before `x` lead on, as only they are in its jar.
  for (let size = 0; size !== read.size; ) {
    size = read.size;
    for (const log of [...read.values()]) {
      for (const site of log.sites) {
        if (read.has(site)) continue;
        if (log.lines.some((c) => c.site === site && c.setBy.id !== x.id && ctx.precedes(c.setBy, x))) visit(site);
      }
    }
  }
  const logs = [...read.values()].filter((log) => log.lines.length > 0);
  if (logs.length === 0) return [];
  // Most hosts' cookies all sit under their one site.
  if (logs.length === 1) return siteJarBefore(logs[0]!, x, ctx);

  // Several sites: their lines merged in capture order, each line once (a response filed under
  // two sites is read twice).
  const unique = new Map<string, JarCookie>();
  for (const log of logs) {
    for (const c of log.lines) if (c.setBy.id !== x.id && ctx.precedes(c.setBy, x)) unique.set(`${c.setBy.id}\u0000${c.line}`, c);
  }
  const ordered = [...unique.values()].sort((a, b) => (a.setBy.id === b.setBy.id ? a.line - b.line : ctx.precedes(a.setBy, b.setBy) ? -1 : 1));
  const latest = new Map<string, JarCookie>();
  for (const c of ordered) apply(latest, c);
  return [...latest.values()];
}
