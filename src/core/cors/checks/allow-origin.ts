/**
 * Fetch §4.9 "CORS check" on one phase's response, split the way Chromium reports it
 * (`CheckAccessInternal`): Access-Control-Allow-Origin absent, `*` with credentials, several
 * values, not an origin, a different origin; then Access-Control-Allow-Credentials. A preflight
 * is checked with the credentials mode of the request it precedes (Fetch §4.8 step 7).
 */
import { hostOf } from "../../text/describe.ts";
import type { Evidence, Phase } from "../../findings.ts";
import type { ExchangeResponse } from "../../exchange.ts";
import type { CredentialsHypothesis } from "../credentials-mode.ts";
import { fieldLines, getCombined } from "../grammar.ts";
import { type AllowOrigin, originDifference, readAllowOrigin } from "../origin.ts";
import type { CorsSubject } from "../subject.ts";
import {
  allowedOriginForFix,
  answerName,
  cap,
  headerCode,
  headerEvidence,
  host,
  originEvidence,
  phaseLabel,
  requestName,
  statusLine,
} from "../words.ts";
import { type CheckOutcome, type CorsCheckSpec, failed, passed, skipped } from "./check.ts";
import { readable } from "./readable.ts";

interface Seen {
  readonly response: ExchangeResponse;
  readonly acao: AllowOrigin;
}

/** The response of the phase and its Access-Control-Allow-Origin, or why the check cannot run. */
function seen(s: CorsSubject, phase: Phase): Seen | CheckOutcome {
  const r = readable(s, phase);
  if ("skip" in r) return r.skip;
  return { response: r.response, acao: readAllowOrigin(r.response.headers) };
}

function evidence(s: CorsSubject, phase: Phase, r: ExchangeResponse, withCredentials: boolean): Evidence[] {
  const p = phaseLabel(phase);
  const out: Evidence[] = [
    ...originEvidence(s),
    { label: "Target", value: s.target ?? s.names.host },
    { label: `${p}Status`.trim(), value: statusLine(r) },
    headerEvidence(`${p}Access-Control-Allow-Origin`, getCombined(r.headers, "access-control-allow-origin")),
  ];
  const acac = getCombined(r.headers, "access-control-allow-credentials");
  if (withCredentials || acac !== undefined) out.push(headerEvidence(`${p}Access-Control-Allow-Credentials`, acac));
  return out;
}

/** What the browser did because of a failure in this phase. */
function consequence(s: CorsSubject, phase: Phase): string {
  return phase === "preflight"
    ? `so the browser stopped at the preflight and never sent ${requestName(s)}`
    : "so the browser withheld the response from the page, whose script saw only a network error";
}

function varyNote(phase: Phase): string {
  return phase === "actual" ? " and `Vary: Origin`" : "";
}

function missing(phase: Phase): CorsCheckSpec {
  return {
    code: "cors.missing-allow-origin",
    name: `${phaseLabel(phase)}Access-Control-Allow-Origin is present`,
    phase,
    chromium: phase === "preflight" ? "PreflightMissingAllowOriginHeader" : "MissingAllowOriginHeader",
    test(s, h) {
      const v = seen(s, phase);
      if ("result" in v) return v;
      if (v.acao.kind !== "absent") return passed(`Present: \`${v.acao.raw}\`.`);
      const want = allowedOriginForFix(s);
      const status = v.response.status;
      return failed(
        `${cap(answerName(s, phase))} (${statusLine(v.response)}) has no Access-Control-Allow-Origin header, ${consequence(s, phase)}.` +
          (s.origin ? ` The page's origin is ${s.origin.value}.` : ""),
        evidence(s, phase, v.response, h.credentialed),
        `On ${host(s)}, answer ${phase === "preflight" ? `the OPTIONS preflight for ${requestName(s)}` : requestName(s)} with ${headerCode("Access-Control-Allow-Origin", want)}${varyNote(phase)}${phase === "actual" && status >= 400 ? `, on ${status} and other error responses too` : ""}.`,
      );
    },
  };
}

function wildcard(phase: Phase): CorsCheckSpec {
  return {
    code: "cors.wildcard-origin-with-credentials",
    name: `${phaseLabel(phase)}Access-Control-Allow-Origin is not \`*\` on a credentialed request`,
    phase,
    chromium: phase === "preflight" ? "PreflightWildcardOriginNotAllowed" : "WildcardOriginNotAllowed",
    test(s, h) {
      const v = seen(s, phase);
      if ("result" in v) return v;
      if (v.acao.kind !== "wildcard") return v.acao.kind === "absent" ? skipped("No Access-Control-Allow-Origin.") : passed("Not `*`.");
      if (!h.credentialed) return passed("`*` allows every origin for a request without credentials.");
      const want = allowedOriginForFix(s);
      return failed(
        `${cap(answerName(s, phase))} allows every origin with \`Access-Control-Allow-Origin: *\`. ${h.why} With credentials the browser accepts only the exact origin${s.origin ? ` (${s.origin.value})` : ""}, never \`*\` — not even with Access-Control-Allow-Credentials: true — ${consequence(s, phase)}.`,
        evidence(s, phase, v.response, true),
        `On ${host(s)}, replace \`*\` with the requesting origin from your allow-list: ${headerCode("Access-Control-Allow-Origin", want)}, with \`Access-Control-Allow-Credentials: true\`${varyNote(phase)}.`,
      );
    },
  };
}

function multiple(phase: Phase): CorsCheckSpec {
  return {
    code: "cors.multiple-allow-origin",
    name: `${phaseLabel(phase)}Access-Control-Allow-Origin has one value`,
    phase,
    chromium: phase === "preflight" ? "PreflightMultipleAllowOriginValues" : "MultipleAllowOriginValues",
    test(s, h) {
      const v = seen(s, phase);
      if ("result" in v) return v;
      if (v.acao.kind === "absent") return skipped("No Access-Control-Allow-Origin.");
      if (v.acao.kind !== "multiple") return passed("One value.");
      const lines = fieldLines(v.response.headers, "access-control-allow-origin").length;
      const want = allowedOriginForFix(s);
      return failed(
        `${cap(answerName(s, phase))} has Access-Control-Allow-Origin \`${v.acao.raw}\`: ${v.acao.values.length} values where exactly one origin is allowed, ${consequence(s, phase)}.` +
          (lines > 1
            ? ` The header was sent ${lines} times: two layers (the application and a proxy or CDN) each add it.`
            : " An allow-list cannot be sent as a list: the server has to pick the one origin that asked."),
        evidence(s, phase, v.response, h.credentialed),
        `On ${host(s)}, send one value — the requesting origin when it is on your allow-list — ${headerCode("Access-Control-Allow-Origin", want)}${varyNote(phase)}${lines > 1 ? ", and set the header in one layer only" : ""}.`,
      );
    },
  };
}

function invalid(phase: Phase): CorsCheckSpec {
  return {
    code: "cors.invalid-allow-origin",
    name: `${phaseLabel(phase)}Access-Control-Allow-Origin is an origin, \`*\` or \`null\``,
    phase,
    chromium: phase === "preflight" ? "PreflightInvalidAllowOriginValue" : "InvalidAllowOriginValue",
    test(s, h) {
      const v = seen(s, phase);
      if ("result" in v) return v;
      if (v.acao.kind === "absent") return skipped("No Access-Control-Allow-Origin.");
      if (v.acao.kind !== "invalid") return passed("A well-formed value.");
      const want = allowedOriginForFix(s);
      const noScheme = !v.acao.raw.includes("://");
      return failed(
        `${cap(answerName(s, phase))} has Access-Control-Allow-Origin \`${v.acao.raw}\`, which is neither an origin (\`scheme://host[:port]\`), \`*\` nor \`null\`${noScheme ? ": it lacks the scheme" : ""}, ${consequence(s, phase)}.`,
        evidence(s, phase, v.response, h.credentialed),
        `On ${host(s)}, send the exact origin: ${headerCode("Access-Control-Allow-Origin", want)}${varyNote(phase)}.`,
      );
    },
  };
}

function mismatch(phase: Phase): CorsCheckSpec {
  return {
    code: "cors.allow-origin-mismatch",
    name: `${phaseLabel(phase)}Access-Control-Allow-Origin matches the request's origin`,
    phase,
    chromium: phase === "preflight" ? "PreflightAllowOriginMismatch" : "AllowOriginMismatch",
    test(s, h) {
      const v = seen(s, phase);
      if ("result" in v) return v;
      const acao = v.acao;
      if (acao.kind === "wildcard") return h.credentialed ? skipped("`*` on a credentialed request (reported above).") : passed("`*` matches every origin.");
      if (acao.kind !== "origin" && acao.kind !== "null") return skipped("No single well-formed value to compare.");
      if (!s.origin) return skipped("The request's origin was not captured.");
      if (acao.raw === s.origin.value) return passed(`Matches ${s.origin.value}.`);
      const tainted = s.origin.value === "null";
      const from = s.redirectedFrom?.request.url;
      const want = allowedOriginForFix(s);
      return failed(
        `${cap(answerName(s, phase))} allows \`${acao.raw}\` but the request came from \`${s.origin.value}\`: ${originDifference(acao.raw, s.origin.value)}; ${consequence(s, phase)}.` +
          (tainted && from
            ? ` The request followed a redirect from ${from}; after a redirect to another origin the browser sends \`Origin: null\` (Fetch standard, “HTTP-redirect fetch”).`
            : ""),
        evidence(s, phase, v.response, h.credentialed),
        tainted
          ? `Call ${s.x.request.url} directly${from ? ` instead of through ${hostOf(from)}'s redirect` : ""}, so the browser sends \`Origin: ${want}\`, and allow that origin; do not allow \`null\` (sandboxed pages and local files send it too).`
          : `On ${host(s)}, send the origin exactly as the browser sends it in \`Origin\`: ${headerCode("Access-Control-Allow-Origin", s.origin.value)} (scheme, host and port; no path, no trailing slash)${varyNote(phase)}.`,
      );
    },
  };
}

function credentials(phase: Phase): CorsCheckSpec {
  return {
    code: "cors.allow-credentials-missing",
    name: `${phaseLabel(phase)}Access-Control-Allow-Credentials is \`true\` on a credentialed request`,
    phase,
    chromium: phase === "preflight" ? "PreflightInvalidAllowCredentials" : "InvalidAllowCredentials",
    test(s, h: CredentialsHypothesis) {
      const v = seen(s, phase);
      if ("result" in v) return v;
      if (!h.credentialed) return skipped(`Only needed with credentials. ${h.why}`);
      const acac = getCombined(v.response.headers, "access-control-allow-credentials");
      if (acac === "true") return passed("`true`.");
      const what =
        acac === undefined
          ? "has no Access-Control-Allow-Credentials header"
          : `has Access-Control-Allow-Credentials \`${acac}\`, not exactly \`true\` (the value is case-sensitive)`;
      const why =
        phase === "preflight"
          ? `so the browser stopped at the preflight and never sent ${requestName(s)}`
          : `so the browser withheld it from the page although the server answered ${statusLine(v.response)}`;
      return failed(
        `${h.why} ${cap(answerName(s, phase))} ${what}, ${why}.`,
        evidence(s, phase, v.response, true),
        `On ${host(s)}, add \`Access-Control-Allow-Credentials: true\` to ${answerName(s, phase)}.`,
      );
    },
  };
}

/** The CORS check's rows for one phase, in Chromium's order. */
export function allowOriginChecks(phase: Phase): readonly CorsCheckSpec[] {
  return [missing(phase), wildcard(phase), multiple(phase), invalid(phase), mismatch(phase), credentials(phase)];
}
