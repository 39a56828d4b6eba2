/**
 * Fetch §4.4 "HTTP-redirect fetch" steps 8–9: a CORS request may not follow a redirect to a URL
 * that includes credentials (`https://user:pass@host/`) on another origin (Chromium
 * RedirectContainsCredentials).
 */
import { originOf } from "../../exchange.ts";
import { locationHasCredentials, redirectLocation } from "../request-kind.ts";
import { originEvidence, requestName, statusLine } from "../words.ts";
import { type CorsCheckSpec, failed, passed, skipped } from "./check.ts";

/** The location with its password masked, for finding texts. */
function masked(location: string, base: string): string {
  try {
    const u = new URL(location, base);
    if (u.password === "") return u.href;
    // Built by hand: the URL serializer would percent-encode the mask.
    return `${u.protocol}//${u.username}:•••@${u.host}${u.pathname}${u.search}`;
  } catch {
    return location;
  }
}

export const redirectCredentialsCheck: CorsCheckSpec = {
  code: "cors.redirect-contains-credentials",
  name: "No redirect to a URL with a user name or password",
  phase: "actual",
  chromium: "RedirectContainsCredentials",
  test(s) {
    const a = s.actual;
    if (!a?.response) return skipped("No response was captured.");
    const location = redirectLocation(a);
    if (location === undefined) return passed("Not a redirect.");
    if (!locationHasCredentials(location, a.request.url)) return passed("The redirect's URL has no credentials.");
    let target: string | undefined;
    try {
      target = originOf(new URL(location, a.request.url).href);
    } catch {
      target = undefined;
    }
    const crossOrigin = s.origin === undefined || target === undefined || target !== s.origin.value || s.origin.value !== s.target;
    if (!crossOrigin) return passed("A same-origin redirect.");
    const shown = masked(location, a.request.url);
    return failed(
      `${requestName(s)} was redirected (${statusLine(a.response)}) to ${shown}, a URL with a user name and password; browsers refuse to follow such a redirect for a cross-origin fetch (Fetch standard, “HTTP-redirect fetch”).`,
      [...originEvidence(s), { label: "Location", value: shown }],
      "Redirect to the URL without `user:password@`, and let the page send the credentials another way (an Authorization header it sets, or a cookie).",
    );
  },
};
