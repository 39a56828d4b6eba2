/**
 * Chromium's verdicts on one request, read from the DevTools protocol's Network events (precise
 * mode, capture/debugger.ts): the cookies it withheld from the request
 * (requestWillBeSentExtraInfo.associatedCookies[].blockedReasons), the Set-Cookie lines it
 * refused (responseReceivedExtraInfo.blockedCookies), and the CORS check that failed
 * (loadingFailed.corsErrorStatus). Pure: event parameters in, a VerdictObservation out.
 */
import type { BrowserVerdict, CookieVerdict } from "../core/exchange.ts";
import type { VerdictObservation } from "./protocol.ts";

/** One request (one hop of a redirect chain) and the cookie verdicts given so far. */
export interface Tracked {
  url: string;
  method: string;
  startedAt: number;
  blockedCookies?: CookieVerdict[];
  rejectedSetCookies?: CookieVerdict[];
}

/** Network.requestWillBeSentExtraInfo associatedCookies[] (CDP 1.3: cookie, blockedReasons). */
export interface CdpCookieEntry {
  cookie?: { name?: string };
  blockedReasons?: string[];
}
/** Network.responseReceivedExtraInfo blockedCookies[] (cookie is absent when the line did not parse). */
export interface CdpBlockedSetCookie {
  cookieLine?: string;
  cookie?: { name?: string };
  blockedReasons?: string[];
}

const UNNAMED = "(unnamed)";

function reasonsOf(e: { blockedReasons?: unknown[] }): string[] {
  return (e.blockedReasons ?? []).filter((r): r is string => typeof r === "string");
}

/** The cookies Chromium did not send with the request, by name, with its reasons; sent ones are left out. */
export function blockedCookieVerdicts(entries: CdpCookieEntry[] | undefined): CookieVerdict[] {
  const out: CookieVerdict[] = [];
  for (const e of entries ?? []) {
    const reasons = reasonsOf(e);
    if (reasons.length > 0) out.push({ name: e.cookie?.name ?? UNNAMED, reasons });
  }
  return out;
}

/**
 * The cookie name of a raw Set-Cookie line, never its value: the name-value pair ends at the
 * first ";" and its name at the first "=" (RFC 6265 §5.2 steps 1–2). A pair without "=" has no
 * name (RFC 6265 ignores the line; RFC 6265bis reads the whole pair as the value).
 */
function nameOfLine(line: string): string {
  const pair = line.split(";", 1)[0] ?? "";
  const eq = pair.indexOf("=");
  return eq < 0 ? "" : pair.slice(0, eq).trim();
}

/** The Set-Cookie lines Chromium refused, by cookie name, with its reasons. */
export function rejectedSetCookieVerdicts(entries: CdpBlockedSetCookie[] | undefined): CookieVerdict[] {
  const out: CookieVerdict[] = [];
  for (const e of entries ?? []) {
    const reasons = reasonsOf(e);
    const name = e.cookie?.name ?? nameOfLine(e.cookieLine ?? "");
    if (reasons.length > 0) out.push({ name: name || UNNAMED, reasons });
  }
  return out;
}

/** The request a Network.requestWillBeSent announces; undefined without a URL. wallTime is in seconds. */
export function trackedOf(params: { request?: { url?: string; method?: string }; wallTime?: unknown }): Tracked | undefined {
  const request = params.request;
  if (!request?.url) return undefined;
  const startedAt = typeof params.wallTime === "number" ? params.wallTime * 1000 : 0;
  return { url: request.url, method: request.method ?? "GET", startedAt };
}

/** What Network.loadingFailed says of CORS: the failed check and the value it failed on. */
export function corsVerdict(params: { corsErrorStatus?: { corsError?: string; failedParameter?: string } }): BrowserVerdict {
  const status = params.corsErrorStatus;
  return {
    ...(status?.corsError ? { corsError: status.corsError } : {}),
    ...(status?.failedParameter ? { corsFailedParameter: status.failedParameter } : {}),
  };
}

/** The observation of a request that ended, or undefined when Chromium said nothing about it. */
export function verdictObservation(t: Tracked, extra: BrowserVerdict): VerdictObservation | undefined {
  const verdict: BrowserVerdict = {
    ...extra,
    ...(t.blockedCookies && t.blockedCookies.length > 0 ? { blockedCookies: t.blockedCookies } : {}),
    ...(t.rejectedSetCookies && t.rejectedSetCookies.length > 0 ? { rejectedSetCookies: t.rejectedSetCookies } : {}),
  };
  if (Object.keys(verdict).length === 0) return undefined;
  return { url: t.url, method: t.method, startedAt: t.startedAt, verdict };
}
