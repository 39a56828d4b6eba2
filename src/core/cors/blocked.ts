/**
 * `cors.blocked`: the browser failed the request the way it fails CORS checks — Chromium records
 * status 0 (or the real status) with `net::ERR_FAILED`, Firefox `NS_ERROR_DOM_BAD_URI` — and no
 * check of Fetch §4.8 "CORS-preflight fetch" or §4.9 "CORS check" fails on what was captured.
 * The finding says what the capture does show and which source would name the reason: the
 * Console line, AuthLens's precise mode on Chromium (the browser's own corsErrorStatus), or a
 * capture that includes the preflight and the response headers.
 */
import { type Exchange, originOf } from "../exchange.ts";
import { type Evidence, finding } from "../findings.ts";
import { getCombined } from "./grammar.ts";
import type { Rule } from "../rule.ts";
import { needsPreflight } from "./checks/readable.ts";
import type { CorsEvaluation } from "./evaluate.ts";
import { browserError } from "../text/browser-errors.ts";
import { statusLine } from "./words.ts";

function answer(x: Exchange | undefined): string {
  if (!x) return "(not captured)";
  if (!x.response) return `no response${x.error ? ` (${browserError(x.error)})` : ""}`;
  return statusLine(x.response);
}

/** What the capture shows, as sentences and evidence. */
function reading(e: CorsEvaluation): { seen: string[]; evidence: Evidence[] } {
  const s = e.subject;
  const seen: string[] = [];
  const evidence: Evidence[] = [];
  const pre = s.preflight;
  if (pre) {
    const acao = pre.response ? getCombined(pre.response.headers, "access-control-allow-origin") : undefined;
    evidence.push({ label: "Preflight", value: `OPTIONS → ${answer(pre)}` });
    evidence.push({ label: "Preflight Access-Control-Allow-Origin", value: acao ?? "(absent)" });
    seen.push(
      pre.response
        ? `Its preflight (OPTIONS) got ${answer(pre)}, and its CORS headers pass every check AuthLens can make from the capture.`
        : `Its preflight (OPTIONS) got ${answer(pre)}.`,
    );
  } else if (needsPreflight(s)) {
    const why = s.requestedHeaders.length > 0 ? `it sends ${s.requestedHeaders.map((h) => h.name).join(", ")}` : `its method is ${s.method}`;
    seen.push(`It needed a preflight (${why}), but none was captured.`);
  }
  const r = s.actual?.response;
  if (r) {
    evidence.push({ label: "Response", value: statusLine(r) });
    evidence.push({ label: "Access-Control-Allow-Origin", value: getCombined(r.headers, "access-control-allow-origin") ?? "(absent)" });
    evidence.push({ label: "Access-Control-Allow-Credentials", value: getCombined(r.headers, "access-control-allow-credentials") ?? "(absent)" });
    seen.push(`The response arrived (${statusLine(r)}) and its CORS headers pass every check AuthLens can make, yet the browser withheld it.`);
  } else if (!pre) {
    seen.push("No preflight and no response were captured for it.");
  }
  const lna = e.failures.find((f) => f.spec.code === "cors.local-network");
  if (lna) seen.push("It went from a public page to a local address: Chromium's Local Network Access permission is the likely reason.");
  return { seen, evidence };
}

/** Which source would name the reason, for this browser. */
function sources(x: Exchange, e: CorsEvaluation): string {
  const firefox = x.error?.toUpperCase() === "NS_ERROR_DOM_BAD_URI";
  const consoleLine = firefox
    ? "Firefox's Console line \"Cross-Origin Request Blocked: … (Reason: …)\" names it"
    : 'its Console line "blocked by CORS policy" names it, and so does AuthLens\'s precise mode on Chromium, which records the browser\'s own reason';
  const partial = !e.subject.preflight && !e.subject.actual?.response;
  return `The capture does not include the browser's own reason: ${consoleLine}${partial ? "; a full capture (DevTools open before the request, so the preflight and the response headers are recorded) would let AuthLens tell" : ""}.`;
}

export const corsBlockedRule: Rule = {
  name: "cors-blocked",
  run(x, ctx) {
    const e = ctx.view(x).corsRuleEvaluation;
    if (!e?.blocked || e.reason || !e.subject.actual) return [];
    const s = e.subject;
    const origin = s.origin?.value;
    const target = s.target ?? ctx.view(x).host;
    const { seen, evidence } = reading(e);
    const lna = e.failures.find((f) => f.spec.code === "cors.local-network");
    return [
      finding("cors.blocked", {
        phase: s.preflight && !x.response ? "preflight" : "actual",
        detail:
          `The browser blocked ${ctx.view(x).label}${origin ? ` for the page at ${origin}` : ""}` +
          `${x.error ? ` (${x.error})` : ""}; the page's script saw only a network error. ${seen.join(" ")} ${sources(x, e)}`,
        evidence: [
          { label: "Request origin", value: origin ?? "(unknown: no Origin header captured)" },
          { label: "Target", value: originOf(x.request.url) ?? target },
          ...(x.error ? [{ label: "Browser error", value: x.error }] : []),
          ...evidence,
        ],
        fix:
          lna?.outcome.result === "failed"
            ? lna.outcome.fix
            : `Find the Console's "blocked by CORS policy" line for ${x.request.url}: it names the check that failed. Then make ${target} send the Access-Control-* headers it asks for${origin ? `, allowing ${origin}` : ""}.`,
        ...(s.preflight ? { related: [s.preflight.id] } : {}),
      }),
    ];
  },
};
