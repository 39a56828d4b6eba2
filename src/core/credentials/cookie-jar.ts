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
    };
  });
}

const domainKey = (domain: string) => `d:${domain.toLowerCase()}`;
const siteKey = (host: string) => `s:${registrableDomain(host)}`;

/**
 * Responses that set cookies, filed under each cookie's domain and under the site that set them:
 * a cookie concerns a host its domain matches (§5.1.3) or, for the advice, a host of its setter's
 * site. Each key holds its lines in capture order.
 */
const SET_COOKIES: CaptureIndex<readonly JarCookie[]> = {
  name: "set-cookie",
  keysOf(x) {
    if (setCookieLines(x).length === 0) return undefined;
    const setter = setterOf(x.request.url);
    if (!setter) return undefined;
    const keys = new Set<string>([siteKey(setter.host)]);
    for (const e of entriesOf(x)) keys.add(domainKey(e.domain));
    return [...keys];
  },
  derive: (filed) => filed.flatMap(entriesOf),
};

/** Every domain a cookie may be set for and still match `host`: the host and its parents. */
function domainsOver(host: string): string[] {
  const out = [host];
  for (let i = host.indexOf("."); i >= 0; i = host.indexOf(".", i + 1)) out.push(host.slice(i + 1));
  return out;
}

/**
 * The jar just before `x`, as far as it can concern `host`: the last line for each (name,
 * domain, path), deletions dropped. Cookies that were refused when set stay in, marked, because
 * "it was never stored" is the answer a user looking for them needs. Every line for a domain is
 * read once any is, so a later line replacing a cookie is never missed.
 */
export function jarBefore(x: Exchange, host: string, ctx: Pick<CaptureLookup, "lookup" | "precedes">): JarCookie[] {
  const h = host.toLowerCase();
  const seen = new Set<string>();
  const lines: JarCookie[] = [];
  const read = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const c of ctx.lookup(SET_COOKIES, key)) lines.push(c);
  };
  read(siteKey(h));
  for (const d of domainsOver(h)) read(domainKey(d));
  for (let i = 0; i < lines.length; i++) read(domainKey(lines[i]!.domain));

  // One entry per line (a response filed under two keys is read twice), in capture order.
  const unique = new Map<string, JarCookie>();
  for (const c of lines) {
    if (c.setBy.id === x.id || !ctx.precedes(c.setBy, x)) continue;
    unique.set(`${c.setBy.id}\u0000${c.line}`, c);
  }
  const ordered = [...unique.values()].sort((a, b) =>
    a.setBy.id === b.setBy.id ? a.line - b.line : ctx.precedes(a.setBy, b.setBy) ? -1 : 1,
  );
  const latest = new Map<string, JarCookie>();
  for (const c of ordered) {
    const key = `${c.cookie.name}\u0000${c.domain}\u0000${c.path}`;
    if (c.expiresAt === Number.NEGATIVE_INFINITY || (c.expiresAt !== undefined && c.expiresAt <= c.setBy.observedAt)) latest.delete(key);
    else latest.set(key, c);
  }
  return [...latest.values()];
}
