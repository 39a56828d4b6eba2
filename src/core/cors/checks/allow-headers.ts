/**
 * Fetch §4.8 "CORS-preflight fetch" steps 7.2, 7.6 and 7.7: Access-Control-Allow-Headers must
 * parse as `#field-name` and list every non-safelisted header the request carries (compared
 * case-insensitively). `*` stands for every name only without credentials, and never for
 * Authorization, the one "CORS non-wildcard request-header name" — a rule Chromium 156 and
 * Firefox 153 do not enforce yet (FINDINGS.md), so that case is a warning.
 */
import type { Evidence } from "../../findings.ts";
import type { CredentialsHypothesis } from "../credentials-mode.ts";
import { displayHeaderName, extractTokenList, getCombined } from "../grammar.ts";
import type { CorsSubject, RequestedHeader } from "../subject.ts";
import { fixHeaders } from "../fix-values.ts";
import { headerCode, headerEvidence, host, originEvidence, requestName } from "../words.ts";
import { type CheckOutcome, type CorsCheckSpec, failed, passed, skipped } from "./check.ts";
import { preflightAnsweredCors, readable } from "./readable.ts";

const ACAH = "access-control-allow-headers";

function evidence(s: CorsSubject, raw: string | undefined): Evidence[] {
  return [
    ...originEvidence(s),
    { label: "Access-Control-Request-Headers", value: s.requestedHeaders.map((h) => h.name).join(",") || "(none)" },
    headerEvidence("Preflight Access-Control-Allow-Headers", raw),
  ];
}

function suggestion(s: CorsSubject): string {
  return headerCode("Access-Control-Allow-Headers", fixHeaders(s).join(", "));
}

/** "X-Client-Version" / "Authorization and X-Client-Version" */
function names(headers: readonly RequestedHeader[]): string {
  const shown = headers.map((h) => displayHeaderName(h.name));
  return shown.length <= 1 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

interface Allowed {
  readonly names: readonly string[];
  readonly raw: string | undefined;
}

/** The preflight's allowed header names, lower-cased, or the outcome when they cannot be read. */
function allowedNames(s: CorsSubject): Allowed | CheckOutcome {
  const r = readable(s, "preflight");
  if ("skip" in r) return r.skip;
  const list = extractTokenList(r.response.headers, ACAH);
  if (list === undefined && !preflightAnsweredCors(r.response)) {
    return skipped("The preflight was not a CORS answer, so its allowed headers were not read.");
  }
  if (list !== undefined && !list.ok) return skipped("Access-Control-Allow-Headers does not parse.");
  return { names: (list?.values ?? []).map((v) => v.toLowerCase()), raw: getCombined(r.response.headers, ACAH) };
}

/**
 * Step 7.6–7.7 for one name, as browsers enforce it today: Chromium 156 and Firefox 153 still let
 * `*` cover Authorization, so this check (which says why a browser blocked) does too; the
 * standard's stricter rule is the warning check's (authorizationWildcardCheck).
 */
function isCovered(name: string, allowed: readonly string[], h: CredentialsHypothesis): boolean {
  if (allowed.includes(name)) return true;
  return !h.credentialed && allowed.includes("*");
}

export const allowHeadersParseCheck: CorsCheckSpec = {
  code: "cors.invalid-allow-headers",
  name: "Preflight Access-Control-Allow-Headers parses",
  phase: "preflight",
  chromium: "InvalidAllowHeadersPreflightResponse",
  test(s) {
    const r = readable(s, "preflight");
    if ("skip" in r) return r.skip;
    const list = extractTokenList(r.response.headers, ACAH);
    if (list === undefined) return passed("Absent (only CORS-safelisted headers are then allowed).");
    if (list.ok) return passed(`Lists ${list.values.join(", ") || "nothing"}.`);
    const raw = getCombined(r.response.headers, ACAH);
    return failed(
      `The preflight's Access-Control-Allow-Headers \`${raw}\` does not parse: \`${list.bad}\` is not a header name. The header is a comma-separated list of names (the Fetch standard's \`#field-name\`), so the browser rejected the preflight and never sent ${requestName(s)}.`,
      evidence(s, raw),
      `On ${host(s)}, send the header names separated by commas: ${suggestion(s)}.`,
    );
  },
};

export const headersAllowedCheck: CorsCheckSpec = {
  code: "cors.header-not-allowed",
  name: "Every non-safelisted request header is allowed by the preflight",
  phase: "preflight",
  chromium: "HeaderDisallowedByPreflightResponse",
  test(s, h) {
    if (s.requestedHeaders.length === 0) return passed("The request carries only CORS-safelisted headers.");
    const a = allowedNames(s);
    if ("result" in a) return a;
    const missing = s.requestedHeaders.filter((r) => !isCovered(r.name, a.names, h));
    if (missing.length === 0) return passed(`Allows ${s.requestedHeaders.map((r) => r.name).join(", ")}.`);
    const wildcardWithCredentials = h.credentialed && a.names.includes("*");
    const first = missing[0]!;
    return failed(
      `The request carries ${names(missing)}, and the preflight's Access-Control-Allow-Headers ${a.raw === undefined ? "is absent" : `is \`${a.raw}\``}, which does not list ${missing.length === 1 ? "it" : "them"}` +
        (wildcardWithCredentials ? ": `*` counts as a wildcard only for requests without credentials, and this one has them" : "") +
        ` (header names are compared without regard to case). So the browser never sent ${requestName(s)}${missing.length > 1 ? `; Chromium names the first, ${first.name}` : ""}.` +
        (wildcardWithCredentials ? ` ${h.why}` : ""),
      [...evidence(s, a.raw), { label: "Header not allowed", value: missing.map((m) => displayHeaderName(m.name)).join(", ") }],
      `On ${host(s)}, allow ${names(missing)} in the preflight response: ${suggestion(s)}.`,
    );
  },
};

export const authorizationWildcardCheck: CorsCheckSpec = {
  code: "cors.authorization-not-covered-by-wildcard",
  name: "Authorization is listed by name, not left to `*`",
  phase: "preflight",
  chromium: null,
  test(s, h) {
    if (!s.preflight) return skipped("No preflight was captured.");
    if (!s.requestedHeaders.some((r) => r.name === "authorization")) return skipped("The request sends no Authorization header.");
    const a = allowedNames(s);
    if ("result" in a) return a;
    if (a.names.includes("authorization")) return passed("Listed by name.");
    if (!a.names.includes("*")) return skipped("No `*` in Access-Control-Allow-Headers.");
    if (h.credentialed) return skipped("With credentials `*` is no wildcard at all (reported above).");
    return failed(
      `The request sends Authorization and the preflight answers \`Access-Control-Allow-Headers: ${a.raw}\`. The Fetch standard says \`*\` never covers Authorization (the one "CORS non-wildcard request-header name"), yet Chromium 156 and Firefox 153 still let it pass — Firefox logs a deprecation warning. It works today and will break when browsers enforce the standard.`,
      evidence(s, a.raw),
      `On ${host(s)}, spell Authorization out: ${suggestion(s)}.`,
    );
  },
};
