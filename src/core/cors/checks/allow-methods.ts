/**
 * Fetch §4.8 "CORS-preflight fetch" step 7.1 and 7.5: Access-Control-Allow-Methods must parse
 * as `#method`, and must list the request's method — compared byte for byte after the browser
 * normalized it (only DELETE GET HEAD OPTIONS POST PUT are upper-cased) — unless the method is
 * CORS-safelisted, or the list has `*` and the request is sent without credentials.
 */
import type { Evidence } from "../../findings.ts";
import { extractTokenList, getCombined, isNormalizedMethod, isSafelistedMethod } from "../grammar.ts";
import type { CorsSubject } from "../subject.ts";
import { fixMethods } from "../fix-values.ts";
import { headerCode, headerEvidence, host, originEvidence, requestName } from "../words.ts";
import { type CorsCheckSpec, failed, passed, skipped } from "./check.ts";
import { preflightAnsweredCors, readable } from "./readable.ts";

const ACAM = "access-control-allow-methods";

function evidence(s: CorsSubject, raw: string | undefined): Evidence[] {
  return [
    ...originEvidence(s),
    { label: "Access-Control-Request-Method", value: s.method },
    headerEvidence("Preflight Access-Control-Allow-Methods", raw),
  ];
}

function suggestion(s: CorsSubject): string {
  const methods = fixMethods(s);
  return methods.length > 0 ? headerCode("Access-Control-Allow-Methods", methods.join(", ")) : "no Access-Control-Allow-Methods at all";
}

export const allowMethodsParseCheck: CorsCheckSpec = {
  code: "cors.invalid-allow-methods",
  name: "Preflight Access-Control-Allow-Methods parses",
  phase: "preflight",
  chromium: "InvalidAllowMethodsPreflightResponse",
  test(s) {
    const r = readable(s, "preflight");
    if ("skip" in r) return r.skip;
    const list = extractTokenList(r.response.headers, ACAM);
    if (list === undefined) return passed("Absent (only CORS-safelisted methods are then allowed).");
    if (list.ok) return passed(`Lists ${list.values.join(", ") || "nothing"}.`);
    const raw = getCombined(r.response.headers, ACAM);
    return failed(
      `The preflight's Access-Control-Allow-Methods \`${raw}\` does not parse: \`${list.bad}\` is not a method name. The header is a comma-separated list of method names (the Fetch standard's \`#method\`), so the browser rejected the preflight and never sent ${requestName(s)}.`,
      evidence(s, raw),
      `On ${host(s)}, send the methods separated by commas: ${suggestion(s)}.`,
    );
  },
};

export const methodAllowedCheck: CorsCheckSpec = {
  code: "cors.method-not-allowed",
  name: "The method is allowed by the preflight",
  phase: "preflight",
  chromium: "MethodDisallowedByPreflightResponse",
  test(s, h) {
    if (isSafelistedMethod(s.method)) return passed(`${s.method} is CORS-safelisted: always allowed.`);
    const r = readable(s, "preflight");
    if ("skip" in r) return r.skip;
    const list = extractTokenList(r.response.headers, ACAM);
    if (list === undefined && !preflightAnsweredCors(r.response)) {
      return skipped("The preflight was not a CORS answer, so its methods were not read.");
    }
    if (list !== undefined && !list.ok) return skipped("Access-Control-Allow-Methods does not parse.");
    const methods = list?.values ?? [];
    if (methods.includes(s.method)) return passed(`Lists ${s.method}.`);
    if (!h.credentialed && methods.includes("*")) return passed("`*` allows every method for a request without credentials.");

    const raw = getCombined(r.response.headers, ACAM);
    const sameLetters = methods.find((m) => m.toUpperCase() === s.method.toUpperCase());
    let why: string;
    if (sameLetters !== undefined && !isNormalizedMethod(s.method)) {
      why = `it lists \`${sameLetters}\`, and methods are compared byte for byte: the browser sends \`${s.method}\` exactly as the page wrote it, because only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased (Fetch "normalize")`;
    } else if (sameLetters !== undefined) {
      why = `it lists \`${sameLetters}\`, and methods are compared byte for byte: the browser sends \`${s.method}\``;
    } else if (methods.includes("*")) {
      why = "`*` counts as a wildcard only for requests without credentials, and this one has them";
    } else {
      why = "it does not list it";
    }
    const renamed = !isNormalizedMethod(s.method) && s.method !== s.method.toUpperCase();
    return failed(
      `The browser asked to send ${s.method} (Access-Control-Request-Method: ${s.method}) and the preflight's Access-Control-Allow-Methods ${raw === undefined ? "is absent" : `is \`${raw}\``}: ${why}. So it never sent ${requestName(s)}.` +
        (h.credentialed && methods.includes("*") ? ` ${h.why}` : ""),
      evidence(s, raw),
      `On ${host(s)}, allow ${s.method} in the preflight response: ${suggestion(s)}${renamed ? ` — or write the method as \`${s.method.toUpperCase()}\` in the page's code and allow that` : ""}.`,
    );
  },
};
