/**
 * `cors.preflight-trigger`: why the browser sent a preflight before this request (Fetch §4.1
 * main fetch step 12.2.2): a method that is not CORS-safelisted (GET, HEAD, POST), or a header
 * that is not a CORS-safelisted request-header (Fetch §2.2.2: its name, its value, the 128-byte
 * limit per value, the 1024-byte limit for all of them). The preflight's own
 * Access-Control-Request-Method and -Headers are what the browser decided; the request's
 * headers, when captured, say why each one was unsafe.
 */
import { finding } from "../findings.ts";
import type { Rule } from "../rule.ts";
import { displayHeaderName, isSafelistedMethod } from "./grammar.ts";
import { requestName } from "./words.ts";

/** Fetch §2.2.2: the names a value can make safelisted (or not). */
const SAFELISTED_NAMES: ReadonlySet<string> = new Set(["accept", "accept-language", "content-language", "content-type", "range"]);

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export const corsPreflightTriggerRule: Rule = {
  name: "cors-preflight-trigger",
  run(x, ctx) {
    if (x.preflightId === undefined) return [];
    const e = ctx.view(x).corsRuleEvaluation;
    const s = e?.subject;
    if (!s?.preflight || !s.actual) return [];
    const reasons: string[] = [];
    if (!isSafelistedMethod(s.method)) reasons.push(`the method ${s.method} is not one of GET, HEAD and POST`);
    // Headers that are never safelisted, named together; the others with what was wrong with their value.
    const unlisted = s.requestedHeaders.filter((h) => !SAFELISTED_NAMES.has(h.name)).map((h) => displayHeaderName(h.name));
    if (unlisted.length > 0) {
      reasons.push(
        `it sends ${list(unlisted)}, ${unlisted.length === 1 ? "which is not a CORS-safelisted request header" : "which are not CORS-safelisted request headers"} (only Accept, Accept-Language, Content-Language, Content-Type and Range can be)`,
      );
    }
    for (const h of s.requestedHeaders.filter((r) => SAFELISTED_NAMES.has(r.name))) {
      reasons.push(`${displayHeaderName(h.name)} does not qualify: ${h.why ?? "its value is not one the CORS safelist allows"}`);
    }
    const because =
      reasons.length > 0
        ? reasons.join("; ")
        : "neither its method nor its headers required one, so the page asked for it (an XMLHttpRequest with upload listeners, or a streamed body)";
    return [
      finding("cors.preflight-trigger", {
        phase: "preflight",
        detail: `The browser sent a preflight (OPTIONS) before ${requestName(s)} because ${because}.`,
        evidence: [
          { label: "Access-Control-Request-Method", value: s.method },
          { label: "Access-Control-Request-Headers", value: s.requestedHeaders.map((h) => h.name).join(",") || "(none)" },
        ],
        related: [s.preflight.id],
      }),
    ];
  },
};
