/**
 * Is this exchange a CORS preflight? The one answer every rule, view and search uses.
 *
 * A preflight is the OPTIONS request the browser sends with Access-Control-Request-Method
 * (Fetch §4.8 "CORS-preflight fetch", step 3). Page script cannot send that header: it is a
 * forbidden request-header (Fetch §2.2.2), so the header rule holds for every capture. Chromium
 * also labels its preflights (`_resourceType: "preflight"`, `_initiator.type: "preflight"`);
 * Firefox's HAR and webRequest do not, and file them under the type of the request they precede
 * (or "other"). A label alone still counts: it is the browser's own word.
 */
import type { Exchange } from "./exchange.ts";
import { hasHeader, type HeaderList } from "./headers.ts";

/** The request line and headers of a preflight: OPTIONS with Access-Control-Request-Method. */
export function announcesPreflight(method: string, headers: HeaderList): boolean {
  return method === "OPTIONS" && hasHeader(headers, "access-control-request-method");
}

/** Chromium's label for the requests it sends as preflights. */
const PREFLIGHT_LABEL = "preflight";

export function isPreflight(x: Exchange): boolean {
  return x.resourceType === PREFLIGHT_LABEL || x.initiatorType === PREFLIGHT_LABEL || announcesPreflight(x.request.method, x.request.headers);
}
