/**
 * Fetch §4.4 "HTTP-redirect fetch" steps 8–9: a CORS request may not follow a redirect to a URL
 * that includes credentials (`https://user:pass@host/`) on another origin (Chromium
 * RedirectContainsCredentials). The step reads the request's mode, so it applies to the first hop
 * of a same-origin fetch too, the one CORS check such a hop gets (request-kind.ts).
 */
import { credentialedRedirectRefused, locationHasCredentials, redirectLocation } from "../request-kind.ts";
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
    if (!credentialedRedirectRefused(location, a.request.url, s.origin?.value)) return passed("A same-origin redirect.");
    const shown = masked(location, a.request.url);
    return failed(
      `${requestName(s)} was redirected (${statusLine(a.response)}) to ${shown}, a URL with a user name and password; browsers refuse to follow such a redirect for a cross-origin fetch (Fetch standard, “HTTP-redirect fetch”).`,
      [...originEvidence(s), { label: "Location", value: shown }],
      "Redirect to the URL without `user:password@`, and let the page send the credentials another way (an Authorization header it sets, or a cookie).",
    );
  },
};
