/**
 * Origins on both sides of the CORS check: the request's origin as the browser serialized it
 * (Fetch §3.1 `Origin`, "byte-serializing a request origin") and the server's
 * `Access-Control-Allow-Origin` (Fetch §3.2.3), read the way Chromium classifies it.
 */
import { type Exchange, originOf } from "../exchange.ts";
import { headerValue } from "../headers.ts";
import type { HeaderList } from "../headers.ts";
import { getCombined } from "./grammar.ts";

export type OriginSource = "Origin header" | "preflight's Origin header" | "page URL" | "Referer header";

export interface RequestOrigin {
  /** The serialized origin, byte for byte as the browser sends it: `https://app.example.com` or `null`. */
  readonly value: string;
  readonly source: OriginSource;
}

/**
 * Where the request's origin can be read, best first. Chromium records a blocked request with
 * its provisional headers only, which lack `Origin`; its preflight and the page still tell.
 */
export function requestOrigin(x: Exchange, preflight: Exchange | undefined): RequestOrigin | undefined {
  const own = headerValue(x.request.headers, "origin")?.trim();
  if (own) return { value: own, source: "Origin header" };
  const pre = preflight ? headerValue(preflight.request.headers, "origin")?.trim() : undefined;
  if (pre) return { value: pre, source: "preflight's Origin header" };
  const page = x.pageUrl !== undefined ? originOf(x.pageUrl) : undefined;
  if (page) return { value: page, source: "page URL" };
  // Cross-origin requests carry at least the referrer's origin under the default policy
  // (strict-origin-when-cross-origin), and the referrer is the page that made the request.
  const referer = headerValue(x.request.headers, "referer");
  const fromReferer = referer !== undefined ? originOf(referer.trim()) : undefined;
  if (fromReferer) return { value: fromReferer, source: "Referer header" };
  return undefined;
}

export type AllowOrigin =
  | { readonly kind: "absent" }
  | { readonly kind: "wildcard"; readonly raw: string }
  /** Several values: `a, b`, `a b`, or two field lines (combined by "get" into `a, b`). */
  | { readonly kind: "multiple"; readonly raw: string; readonly values: readonly string[] }
  | { readonly kind: "null"; readonly raw: string }
  /** Neither an origin, `*` nor `null` (does not even parse as a URL). */
  | { readonly kind: "invalid"; readonly raw: string }
  /** Parses as a URL; it matches only if it is byte-for-byte the request's origin. */
  | { readonly kind: "origin"; readonly raw: string };

/**
 * The classification Chromium's `CheckAccessInternal` makes (services/network/public/cpp/cors):
 * absent; `*`; a space or comma means several values; `null`; not a valid URL; otherwise an
 * origin to compare. Fetch itself only asks "is it `*`?" and "is it the request's origin?".
 */
export function readAllowOrigin(headers: HeaderList): AllowOrigin {
  const raw = getCombined(headers, "access-control-allow-origin");
  if (raw === undefined) return { kind: "absent" };
  if (raw === "*") return { kind: "wildcard", raw };
  if (/[ ,]/.test(raw)) {
    return { kind: "multiple", raw, values: raw.split(/[ ,]+/).filter((v) => v !== "") };
  }
  if (raw === "null") return { kind: "null", raw };
  return parsesAsUrl(raw) ? { kind: "origin", raw } : { kind: "invalid", raw };
}

function parsesAsUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Words for why an allowed origin differs from the request's, naming the difference. */
export function originDifference(allowed: string, origin: string): string {
  if (origin === "null") {
    return "the request's origin was `null` (after a redirect to another origin, or from a sandboxed or file: page), which only `null` or `*` can match";
  }
  if (allowed === "null") return "`null` matches only requests whose origin is `null`, never a real origin";
  if (allowed === `${origin}/` || allowed.startsWith(`${origin}/`)) {
    return allowed === `${origin}/`
      ? "it has a trailing slash; an origin is scheme, host and port with no path"
      : "it has a path; an origin is scheme, host and port only";
  }
  if (allowed.toLowerCase() === origin.toLowerCase()) return "it differs only in letter case, and the comparison is byte for byte";
  if (allowed.includes("*")) return "wildcards inside an origin (`https://*.example.com`) are not supported: only a lone `*` is";
  const a = urlParts(allowed);
  const o = urlParts(origin);
  if (!allowed.includes("://")) return "it has no scheme; an origin starts with `https://` or `http://`";
  if (a && o) {
    if (a.host === o.host && a.scheme !== o.scheme) return `its scheme is ${a.scheme}: but the page is served over ${o.scheme}:`;
    if (a.host === o.host && a.scheme === o.scheme && a.port !== o.port) {
      const port = (p: string) => (p === "" ? `the default port (${DEFAULT_PORTS[o.scheme] ?? "none"})` : p);
      return a.port === DEFAULT_PORTS[o.scheme]
        ? `it writes out the default port ${a.port}, which a serialized origin leaves out`
        : `its port is ${port(a.port)} but the page's is ${port(o.port)}`;
    }
  }
  return "it names a different origin";
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: "80", https: "443" };

function urlParts(value: string): { scheme: string; host: string; port: string } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/:?#]*)(?::(\d*))?/.exec(value);
  return m ? { scheme: m[1]!.toLowerCase(), host: m[2]!.toLowerCase(), port: m[3] ?? "" } : undefined;
}

/** A value safe to put into a fix: a serialized http(s) origin, nothing a header could smuggle. */
export function isSerializedOrigin(value: string): boolean {
  return /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(value) && originOf(value) === value;
}
