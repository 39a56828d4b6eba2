/**
 * `cors.blocked`: the browser failed the request the way it fails CORS checks, and the page saw
 * only "TypeError: Failed to fetch". Chromium records such a request as status 0 (or its real
 * status) with `net::ERR_FAILED`; Firefox reports `NS_ERROR_DOM_BAD_URI`. A HAR never records
 * the browser's reason (PLATFORM-FACTS.md), so this finding says what the capture does show —
 * the preflight's answer, the CORS headers present and absent — and what would name the reason.
 * Fetch §4.9 "CORS check" and §4.8 "CORS-preflight fetch" are the checks being reported on.
 */
import { hostOf, requestLabel } from "../describe.ts";
import { type Exchange, isPreflight, originOf } from "../exchange.ts";
import { type Evidence, finding } from "../findings.ts";
import { headerValue } from "../headers.ts";
import type { Rule, RuleContext } from "../rule.ts";
import { carriesCredentials } from "../credentials/attached.ts";

/** Errors browsers use for a CORS failure. Other net errors (refused, DNS, TLS, aborted) are not CORS. */
const CORS_LIKE_ERRORS = new Set(["net::err_failed", "ns_error_dom_bad_uri", "cors", "corsdisabled"]);

/** Resource types CORS never applies to: navigations are not CORS requests (Fetch §3.2.5). */
const NOT_CORS_TYPES = new Set(["document", "iframe", "subdocument", "main_frame", "sub_frame"]);

function requestOrigin(x: Exchange): string | undefined {
  const header = headerValue(x.request.headers, "origin");
  if (header !== undefined && header !== "") return header;
  return x.pageUrl !== undefined ? originOf(x.pageUrl) : undefined;
}

function failedLikeCors(x: Exchange): boolean {
  if (isPreflight(x) || NOT_CORS_TYPES.has(x.resourceType ?? "")) return false;
  // Most requests succeed: a response and no error is never a CORS failure. Decide that before
  // parsing any URL.
  if (x.error === undefined && x.response) return false;
  if (x.error !== undefined && !CORS_LIKE_ERRORS.has(x.error.toLowerCase())) return false;
  const from = requestOrigin(x);
  const to = originOf(x.request.url);
  // A same-origin request never fails CORS (Fetch §4.1 step 12: "same-origin" → basic fetch).
  if (from !== undefined && to !== undefined && from === to) return false;
  if (x.error !== undefined) return true;
  // No error text and no response: only a known cross-origin request can be a silent CORS failure.
  return from !== undefined && to !== undefined;
}

function statusText(x: Exchange | undefined): string {
  if (!x) return "(not captured)";
  if (!x.response) return `no response${x.error ? ` (${x.error})` : ""}`;
  return `${x.response.status} ${x.response.statusText}`.trim();
}

function corsHeaders(x: Exchange): { acao?: string; acac?: string } {
  const h = x.response?.headers ?? [];
  const acao = headerValue(h, "access-control-allow-origin");
  const acac = headerValue(h, "access-control-allow-credentials");
  return { ...(acao !== undefined ? { acao } : {}), ...(acac !== undefined ? { acac } : {}) };
}

/** What the capture shows, as sentences, and the header changes they point to. */
function reading(x: Exchange, ctx: RuleContext, origin: string | undefined) {
  const seen: string[] = [];
  const changes: string[] = [];
  const evidence: Evidence[] = [];
  const want = origin ?? "<the page's origin>";
  const pre = x.preflightId !== undefined ? ctx.byId.get(x.preflightId) : undefined;

  if (pre) {
    const ok = pre.response !== undefined && pre.response.status >= 200 && pre.response.status < 300;
    const p = corsHeaders(pre);
    evidence.push({ label: "Preflight", value: `OPTIONS → ${statusText(pre)}` });
    evidence.push({ label: "Preflight Access-Control-Allow-Origin", value: p.acao ?? "(absent)" });
    seen.push(`Its preflight (OPTIONS) got ${statusText(pre)}${p.acao === undefined ? " without Access-Control-Allow-Origin" : ""}.`);
    if (!ok) {
      changes.push(
        `answer OPTIONS preflights to this URL with 204 before any authentication (a preflight never carries credentials)`,
      );
    }
    if (p.acao === undefined) changes.push(`add \`Access-Control-Allow-Origin: ${want}\` to the preflight response`);
  }

  if (x.response) {
    const a = corsHeaders(x);
    evidence.push({ label: "Response", value: statusText(x) });
    evidence.push({ label: "Access-Control-Allow-Origin", value: a.acao ?? "(absent)" });
    evidence.push({ label: "Access-Control-Allow-Credentials", value: a.acac ?? "(absent)" });
    seen.push(`The response arrived (${statusText(x)}) but the browser withheld it from the page.`);
    if (a.acao === undefined) changes.push(`add \`Access-Control-Allow-Origin: ${want}\` to the response`);
    if (carriesCredentials(ctx.credentials(x)) && a.acac !== "true") {
      seen.push(`The request carried credentials, and Access-Control-Allow-Credentials is ${a.acac === undefined ? "absent" : `"${a.acac}"`}, not exactly "true".`);
      changes.push("add `Access-Control-Allow-Credentials: true` to the response");
    }
  } else if (!pre) {
    seen.push("No preflight and no response were captured for it.");
  }
  return { seen, changes, evidence };
}

export const corsBlockedRule: Rule = {
  name: "cors-blocked",
  run(x, ctx) {
    if (!failedLikeCors(x)) return [];
    const origin = requestOrigin(x);
    const { seen, changes, evidence } = reading(x, ctx, origin);
    const phase = x.preflightId !== undefined && !x.response ? "preflight" : "actual";
    return [
      finding("cors.blocked", {
        phase,
        detail:
          `The browser blocked ${requestLabel(x)}${origin ? ` for the page at ${origin}` : ""}` +
          `${x.error ? ` (${x.error})` : ""}; the page's script saw only a network error. ${seen.join(" ")} ` +
          `The capture does not include the browser's own reason: its Console line "blocked by CORS policy" names it.`,
        evidence: [
          { label: "Request origin", value: origin ?? "(unknown: no Origin header captured)" },
          { label: "Target", value: originOf(x.request.url) ?? hostOf(x.request.url) },
          ...(x.error ? [{ label: "Browser error", value: x.error }] : []),
          ...evidence,
        ],
        fix:
          changes.length > 0
            ? `On ${hostOf(x.request.url)}: ${changes.join("; ")}.`
            : `Find the Console's "blocked by CORS policy" line for ${x.request.url}: it names the check that failed. Then make ${originOf(x.request.url) ?? hostOf(x.request.url)} send the Access-Control-* headers it asks for${origin ? `, allowing ${origin}` : ""}.`,
        ...(x.preflightId !== undefined ? { related: [x.preflightId] } : {}),
      }),
    ];
  },
};
