/**
 * Is this exchange a CORS preflight? Chromium labels preflights (`_resourceType: "preflight"`);
 * Firefox does not, and its webRequest reports them with the type of the request they precede.
 * The header rule works for every capture: an OPTIONS request carrying
 * Access-Control-Request-Method (Fetch §4.8 "CORS-preflight fetch", step 3), a header page
 * script cannot set (Fetch §2.2.2 "forbidden request-header").
 */
import { type Exchange, isPreflight } from "../exchange.ts";
import { hasHeader } from "../headers.ts";

export function isCorsPreflight(x: Exchange): boolean {
  return (
    isPreflight(x) ||
    (x.request.method === "OPTIONS" && hasHeader(x.request.headers, "access-control-request-method"))
  );
}
