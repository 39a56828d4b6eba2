/**
 * Finds the vendor table's entry a refused or failed exchange speaks in. The server explains
 * itself in its challenge's `error_description` (RFC 6750 §3), in a small error body, in a header
 * (AWS's `x-amzn-ErrorType`), or, for an authorization request, in the `error` and
 * `error_description` of the redirect back to the client (RFC 6749 §4.1.2.1). Places are read in
 * that order, and within a place the first entry that matches names the reason, so the table's
 * order is its priority.
 */
import { isScriptRequest } from "../challenge/rules/shared.ts";
import { param } from "../challenge/schemes/types.ts";
import { type Exchange, statusOf } from "../exchange.ts";
import type { ExchangeView } from "../view/exchange-view.ts";
import type { VendorEntry, VendorPlace } from "./types.ts";

/** How much of a body is searched: error bodies are small, and gateway error pages say it early. */
const SEARCHED_CHARS = 16_384;
/** A query longer than this is not an error redirect worth reading. */
const MAX_QUERY_CHARS = 8_192;

export interface VendorMatch<E extends VendorEntry = VendorEntry> {
  readonly entry: E;
  /** The words that matched, as the server wrote them. */
  readonly text: string;
  readonly where: VendorPlace;
  /** The pattern's named groups that took part in the match. */
  readonly groups?: Readonly<Record<string, string>>;
}

interface Place {
  readonly text: string;
  readonly where: VendorPlace;
}

/** The `error` and `error_description` of a URL's query (an authorization response, RFC 6749 §4.1.2.1), joined; undefined without `error`. */
export function errorQuery(url: string | undefined): string | undefined {
  if (url === undefined || !url.includes("error=")) return undefined;
  const q = url.indexOf("?");
  if (q < 0 || url.length - q > MAX_QUERY_CHARS) return undefined;
  const hash = url.indexOf("#", q);
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(url.slice(q + 1, hash < 0 ? undefined : hash));
  } catch {
    return undefined;
  }
  const error = params.get("error");
  if (error === null) return undefined;
  const description = params.get("error_description");
  return description !== null ? `${error}: ${description}` : error;
}

/** The Location a redirect answered with (the HAR's redirectURL, else the header). */
function locationOf(x: Exchange, view: ExchangeView): string | undefined {
  return x.response?.redirectURL || view.response.value("location");
}

/**
 * The places this exchange explains a failure in. A 4xx answer explains itself in its challenge,
 * body and headers; a redirect carrying `error` (an authorization server sending the browser back
 * to the client), or a request that arrived with one (the client's redirect URI), in that query.
 */
function placesOf(x: Exchange, view: ExchangeView): Place[] {
  const out: Place[] = [];
  const status = statusOf(x);
  if (status >= 400 && status <= 499) {
    for (const pc of view.challenge("WWW-Authenticate")?.parse.challenges ?? []) {
      const d = param(pc.challenge, "error_description");
      if (d !== undefined) out.push({ text: d.slice(0, SEARCHED_CHARS), where: "error_description" });
    }
    const body = x.response?.body;
    if (body) out.push({ text: body.text.slice(0, SEARCHED_CHARS), where: "response body" });
    out.push({ text: "", where: "response header" });
  }
  const location = status >= 300 && status <= 399 ? locationOf(x, view) : undefined;
  const redirected = errorQuery(location);
  const arrived = errorQuery(x.request.url);
  for (const text of [redirected, arrived]) if (text !== undefined) out.push({ text, where: "redirect query" });
  // A sign-in page answering fetch() is a failure (the page's script cannot follow it to a login
  // form); the same redirect of a page load is how sign-in works, so only script requests count.
  if (location !== undefined && redirected === undefined && isScriptRequest(x)) out.push({ text: location.slice(0, MAX_QUERY_CHARS), where: "redirect location" });
  return out;
}

function applies(e: VendorEntry, where: VendorPlace, status: number, view: ExchangeView): boolean {
  if (e.places ? !e.places.includes(where) : where !== "error_description" && where !== "response body") return false;
  if (e.status && !e.status.includes(status)) return false;
  if (e.unlessSentScheme !== undefined && view.credentials.authorization?.scheme.toLowerCase() === e.unlessSentScheme) return false;
  if (e.answeredBy) {
    const v = view.response.value(e.answeredBy.header);
    if (v === undefined || !e.answeredBy.pattern.test(v)) return false;
  }
  return true;
}

/** The first entry of `entries` this exchange's answer speaks in. Never throws. */
export function findVendorReason<E extends VendorEntry>(x: Exchange, entries: readonly E[], view: ExchangeView): VendorMatch<E> | undefined {
  const status = statusOf(x);
  for (const { text, where } of placesOf(x, view)) {
    for (const entry of entries) {
      if (!applies(entry, where, status, view)) continue;
      const subject = where === "response header" ? (entry.header !== undefined ? view.response.value(entry.header)?.slice(0, SEARCHED_CHARS) : undefined) : text;
      if (subject === undefined) continue;
      const m = entry.pattern.exec(subject);
      if (m) return { entry, text: m[0], where, ...(m.groups ? { groups: matchedGroups(m.groups) } : {}) };
    }
  }
  return undefined;
}

/** The named groups that took part in the match (an alternative's unused group is undefined). */
function matchedGroups(groups: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(groups)) if (value !== undefined && value !== "") out[name] = value;
  return out;
}

/** The server's words as a person reads them: markup dropped, JSON escapes undone, spaces folded. */
export function readableWords(text: string): string {
  return text
    .replace(/<[^>]*>?/g, " ")
    .replace(/\\(["\\/])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}
