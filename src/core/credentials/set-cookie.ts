/**
 * Set-Cookie as browsers parse it (RFC 6265bis §5.6): the first `name=value` pair is the
 * cookie, then `;`-separated attributes, names case-insensitive, unknown ones ignored, the last
 * occurrence of an attribute winning. Lenient like browsers, so what is shown is what they store.
 */
import type { Exchange } from "../exchange.ts";
import { headerValues } from "../headers.ts";
import { parseCookieDate } from "./cookie-date.ts";

const NO_LINES: readonly string[] = [];

/**
 * The Set-Cookie lines of an exchange's response, in order (never combined, RFC 6265 §3). Rules
 * read them from the exchange's view (ctx.view(x).setCookieLines), read once per analysis.
 */
export function setCookieLines(x: Exchange): readonly string[] {
  const headers = x.response?.headers;
  return headers === undefined ? NO_LINES : headerValues(headers, "set-cookie");
}

export type SameSite = "Strict" | "Lax" | "None";

export interface ParsedSetCookie {
  readonly name: string;
  readonly value: string;
  /** Attributes as written, in order (name as written, value trimmed). */
  readonly attributes: readonly { readonly name: string; readonly value?: string }[];
  /** Lower-case Domain without its leading dot (§5.6.3), absent for a host-only cookie. */
  readonly domain?: string;
  readonly path?: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly partitioned: boolean;
  /** As written, when it is one of the three values (§5.6.7: others are ignored, as if absent). */
  readonly sameSite?: SameSite;
  /** A SameSite value that browsers ignore (not Strict, Lax or None). */
  readonly sameSiteInvalid?: string;
  /** Max-Age in seconds, when it parses (§5.6.2). */
  readonly maxAge?: number;
  /** Expires in ms since the epoch, when it parses (§5.6.1). */
  readonly expires?: number;
  /** Expires was present but does not parse as a cookie-date: browsers ignore it. */
  readonly expiresInvalid?: string;
}

/** Attributes looked at per line; a real Set-Cookie has fewer than ten. */
const MAX_ATTRIBUTES = 64;

const SAME_SITE: Readonly<Record<string, SameSite>> = { strict: "Strict", lax: "Lax", none: "None" };

export function parseSetCookie(line: string): ParsedSetCookie {
  const [pair = "", ...rest] = line.split(";", MAX_ATTRIBUTES + 1);
  const eq = pair.indexOf("=");
  // §5.6 step 3: without "=", the name is empty and the whole pair is the value.
  const name = eq === -1 ? "" : pair.slice(0, eq).trim();
  const value = (eq === -1 ? pair : pair.slice(eq + 1)).trim();
  const attributes: { name: string; value?: string }[] = [];
  const out: {
    -readonly [K in keyof ParsedSetCookie]?: ParsedSetCookie[K];
  } = {};
  let secure = false;
  let httpOnly = false;
  let partitioned = false;
  for (const raw of rest) {
    const aeq = raw.indexOf("=");
    const aname = (aeq === -1 ? raw : raw.slice(0, aeq)).trim();
    const avalue = aeq === -1 ? undefined : raw.slice(aeq + 1).trim();
    if (aname === "") continue;
    attributes.push(avalue === undefined ? { name: aname } : { name: aname, value: avalue });
    switch (aname.toLowerCase()) {
      case "secure":
        secure = true;
        break;
      case "httponly":
        httpOnly = true;
        break;
      case "partitioned":
        partitioned = true;
        break;
      case "domain": {
        // §5.6.3: an empty value is ignored; a leading dot is dropped.
        const d = (avalue ?? "").replace(/^\./, "").toLowerCase();
        if (d !== "") out.domain = d;
        break;
      }
      case "path":
        // §5.6.4: a value not starting with "/" means the default path.
        if (avalue?.startsWith("/")) out.path = avalue;
        else delete out.path;
        break;
      case "samesite": {
        const s = SAME_SITE[(avalue ?? "").toLowerCase()];
        if (s) {
          out.sameSite = s;
          delete out.sameSiteInvalid;
        } else {
          delete out.sameSite;
          out.sameSiteInvalid = avalue ?? "";
        }
        break;
      }
      case "max-age":
        // §5.6.2: an optional "-" then digits; anything else is ignored.
        if (avalue !== undefined && /^-?\d+$/.test(avalue)) out.maxAge = Number(avalue);
        break;
      case "expires": {
        const ms = avalue !== undefined ? parseCookieDate(avalue) : undefined;
        if (ms !== undefined) {
          out.expires = ms;
          delete out.expiresInvalid;
        } else out.expiresInvalid = avalue ?? "";
        break;
      }
    }
  }
  return { name, value, attributes, secure, httpOnly, partitioned, ...out };
}

/** §5.1.4: the directory of the request path, used when Path is absent. */
export function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith("/")) return "/";
  const last = requestPath.lastIndexOf("/");
  return last <= 0 ? "/" : requestPath.slice(0, last);
}

/** §5.1.4 path-match. */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

/** §5.1.3 domain-match (host names; IP addresses match only themselves). */
export function domainMatches(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  const d = domain.toLowerCase();
  if (h === d) return true;
  return h.endsWith(`.${d}`) && !/^[\d.]+$/.test(h) && !h.includes(":");
}

/**
 * When the cookie expires, in ms, judged at `setAt` (the response's time): Max-Age wins over
 * Expires (§5.7 step 3); Max-Age ≤ 0 means "already expired" (the way to delete a cookie).
 * Undefined means a session cookie. 6265bis §5.6.1/§5.6.2 also cap both at 400 days.
 */
export function expiryOf(c: ParsedSetCookie, setAt: number): { at: number; capped: boolean } | undefined {
  const cap = setAt + MAX_COOKIE_AGE_MS;
  let at: number | undefined;
  if (c.maxAge !== undefined) at = c.maxAge <= 0 ? Number.NEGATIVE_INFINITY : setAt + c.maxAge * 1000;
  else if (c.expires !== undefined) at = c.expires;
  if (at === undefined) return undefined;
  return at > cap ? { at: cap, capped: true } : { at, capped: false };
}

/** 400 days (RFC 6265bis §5.6.1, §5.6.2). */
export const MAX_COOKIE_AGE_MS = 400 * 86_400_000;
