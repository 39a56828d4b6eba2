/**
 * The preflight's own fate (Fetch §4.8 "CORS-preflight fetch"): it must get a response, that
 * response must not be a redirect (Chromium refuses it before reading any header,
 * PreflightDisallowedRedirect), and its status must be an ok status, 200–299 (step 7).
 */
import { hostOf } from "../../text/describe.ts";
import type { Evidence } from "../../findings.ts";
import { getCombined } from "../grammar.ts";
import { preflightRedirectRefused, redirectLocation } from "../request-kind.ts";
import type { CorsSubject } from "../subject.ts";
import { headerEvidence, host, originEvidence, requestName, statusLine } from "../words.ts";
import { type CorsCheckSpec, failed, passed, skipped } from "./check.ts";
import { preflightNetworkError, readable } from "./readable.ts";

function preflightPath(s: CorsSubject): string {
  return `OPTIONS ${s.names.path}`;
}

/** Why a preflight got an error status, for the statuses whose cause is known. */
const STATUS_CAUSES: Readonly<Record<number, string>> = {
  401: "A preflight never carries credentials — no Authorization header, no cookies (Fetch standard, “CORS-preflight fetch”) — so an authentication layer that runs before the CORS handling rejects every preflight: this 401 is about the OPTIONS request, not about the page's token or session.",
  403: "A preflight never carries credentials — no Authorization header, no cookies (Fetch standard, “CORS-preflight fetch”) — so an authentication or authorization layer that runs before the CORS handling rejects every preflight: this 403 is about the OPTIONS request, not about the page's token or session.",
  404: "The server has no route for OPTIONS on this path: the CORS handling is missing there, or a router answers before it.",
  405: "The server does not accept the OPTIONS method on this path: the CORS handling is missing there, or a router answers before it.",
  407: "A proxy between the browser and the server asked for proxy credentials on the OPTIONS request.",
};

function statusCause(status: number): string {
  return STATUS_CAUSES[status] ?? (status >= 500 ? "The server failed while answering the OPTIONS request." : "");
}

export const preflightNetworkCheck: CorsCheckSpec = {
  code: "cors.preflight-network-error",
  name: "Preflight got a response",
  phase: "preflight",
  chromium: "InvalidResponse",
  test(s) {
    if (!s.preflight) return skipped("No preflight was captured.");
    const error = preflightNetworkError(s);
    if (error === undefined) return s.preflight.response ? passed("It did.") : skipped("No response was captured; the error does not say why.");
    return failed(
      `The preflight (${preflightPath(s)}) to ${host(s)} failed at the network level (${error}) before any response, so the browser never sent ${requestName(s)}.`,
      [...originEvidence(s), { label: "Preflight", value: `${preflightPath(s)} → no response` }, { label: "Preflight error", value: error }],
      `Check that ${host(s)} accepts OPTIONS requests to ${s.names.path} — a firewall, WAF, proxy or load balancer may drop or reset them — and that the connection and TLS work.`,
    );
  },
};

export const preflightRedirectCheck: CorsCheckSpec = {
  code: "cors.preflight-redirect",
  name: "Preflight was answered without a redirect",
  phase: "preflight",
  chromium: "PreflightDisallowedRedirect",
  test(s) {
    const p = s.preflight;
    if (p && preflightRedirectRefused(p)) {
      return failed(
        `The preflight (${preflightPath(s)}) was answered with a redirect: Chromium ended it with ${p.error}, its error for a refused redirect, without recording the redirect itself. Browsers never follow a redirect on a preflight, so ${requestName(s)} was not sent.`,
        [...originEvidence(s), { label: "Preflight", value: `${preflightPath(s)} → redirect (not recorded)` }, { label: "Preflight error", value: p.error ?? "" }],
        `Find where ${host(s)} redirects OPTIONS ${s.names.path} (a missing trailing slash, http→https, a login redirect) and call the final address from the page, or make the server answer OPTIONS there itself with 204 and the CORS headers.`,
      );
    }
    if (!p?.response) return skipped("No preflight response was captured.");
    const location = redirectLocation(p);
    if (location === undefined) return passed("No redirect.");
    return failed(
      `The preflight (${preflightPath(s)}) was answered ${statusLine(p.response)} with a redirect to ${location}; browsers never follow a redirect on a preflight, so ${requestName(s)} was not sent.`,
      [...originEvidence(s), { label: "Preflight", value: `${preflightPath(s)} → ${statusLine(p.response)}` }, { label: "Location", value: location }],
      `Call ${location} directly from the page if that is the real address (a missing trailing slash or http→https redirect), or make ${host(s)} answer OPTIONS ${s.names.path} itself with 204 and the CORS headers; ${hostOf(location)} must answer it the same way.`,
    );
  },
};

export const preflightStatusCheck: CorsCheckSpec = {
  code: "cors.preflight-failed-status",
  name: "Preflight status is 2xx",
  phase: "preflight",
  chromium: "PreflightInvalidStatus",
  test(s) {
    const r = readable(s, "preflight");
    if ("skip" in r) return r.skip;
    const status = r.response.status;
    if (status >= 200 && status <= 299) return passed(`${statusLine(r.response)}.`);
    const cause = statusCause(status);
    const evidence: Evidence[] = [
      ...originEvidence(s),
      { label: "Preflight", value: `${preflightPath(s)} → ${statusLine(r.response)}` },
      headerEvidence("Preflight Access-Control-Allow-Origin", getCombined(r.response.headers, "access-control-allow-origin")),
    ];
    const challenge = getCombined(r.response.headers, "www-authenticate");
    if (challenge !== undefined) evidence.push({ label: "Preflight WWW-Authenticate", value: challenge });
    const beforeAuth = status === 401 || status === 403 || status === 407;
    return failed(
      `The preflight (${preflightPath(s)}) got ${statusLine(r.response)}; a preflight needs a 2xx status, so the browser never sent ${requestName(s)}.${cause ? ` ${cause}` : ""}`,
      evidence,
      beforeAuth
        ? `On ${host(s)}, let OPTIONS requests to ${s.names.path} through before authentication and answer them \`204 No Content\` with the CORS headers (Express: register cors() before the auth middleware; nginx: answer OPTIONS with \`return 204\` in the location).`
        : `On ${host(s)}, answer OPTIONS ${s.names.path} with \`204 No Content\` and the CORS headers.`,
    );
  },
};
