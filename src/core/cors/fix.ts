/**
 * The full fix for one request: the exact response headers the server must send for it, in each
 * phase, and the same as ready-to-paste configuration. Always the exact origin with
 * `Vary: Origin`, never `*` (Fetch §3.2.3: `*` is refused with credentials and never covers
 * Authorization); credentials allowed only when the request uses them; the 401 challenge
 * exposed when the page has to read it.
 */
import type { Phase } from "../findings.ts";
import { needsPreflight } from "./checks/readable.ts";
import type { CorsEvaluation } from "./evaluate.ts";
import { fixHeaders, fixMethods, isPlainName } from "./fix-values.ts";
import { extractTokenList } from "./grammar.ts";
import type { CorsFixHeader, FixPlan } from "./fix-plan.ts";
import { expressSnippet, genericSnippet, nginxSnippet } from "./snippets.ts";
import { allowedOriginForFix } from "./words.ts";

export type { CorsFixHeader, FixPlan } from "./fix-plan.ts";

export interface CorsFix {
  readonly headers: CorsFixHeader[];
  readonly express: string;
  readonly nginx: string;
  readonly generic: string;
  /** The status the preflight must get (a 2xx; 204 has no body to get wrong), when there is one. */
  readonly preflightStatus?: number;
}

/** Long enough to spare a preflight per request, short enough that a CORS change lands quickly. */
export const FIX_MAX_AGE_SECONDS = 600;

function exposeHeaders(e: CorsEvaluation): string[] {
  const r = e.subject.actual?.response;
  if (!r) return [];
  const list = extractTokenList(r.headers, "access-control-expose-headers");
  const kept = list?.ok ? list.values.filter(isPlainName) : [];
  // A 401's challenge is not a CORS-safelisted response header: without this the page cannot read it.
  if (r.status === 401 && !kept.some((v) => v.toLowerCase() === "www-authenticate")) kept.push("WWW-Authenticate");
  return kept;
}

export function fixPlan(e: CorsEvaluation): FixPlan {
  const s = e.subject;
  const redirectedFrom = s.origin?.value === "null" ? s.redirectedFrom?.request.url : undefined;
  return {
    origin: allowedOriginForFix(s),
    method: isPlainName(s.method) ? s.method : "GET",
    path: s.names.path.split("?")[0] ?? "/",
    preflight: s.preflight !== undefined || needsPreflight(s),
    methods: fixMethods(s),
    allowHeaders: fixHeaders(s),
    credentials: e.hypothesis.credentialed,
    expose: exposeHeaders(e),
    ...(redirectedFrom !== undefined ? { redirectedFrom } : {}),
  };
}

export function fixHeadersOf(plan: FixPlan): CorsFixHeader[] {
  const out: CorsFixHeader[] = [];
  const add = (phase: Phase, name: string, value: string) => out.push({ phase, name, value });
  if (plan.preflight) {
    add("preflight", "Access-Control-Allow-Origin", plan.origin);
    if (plan.methods.length > 0) add("preflight", "Access-Control-Allow-Methods", plan.methods.join(", "));
    if (plan.allowHeaders.length > 0) add("preflight", "Access-Control-Allow-Headers", plan.allowHeaders.join(", "));
    if (plan.credentials) add("preflight", "Access-Control-Allow-Credentials", "true");
    add("preflight", "Access-Control-Max-Age", String(FIX_MAX_AGE_SECONDS));
    add("preflight", "Vary", "Origin");
  }
  add("actual", "Access-Control-Allow-Origin", plan.origin);
  if (plan.credentials) add("actual", "Access-Control-Allow-Credentials", "true");
  if (plan.expose.length > 0) add("actual", "Access-Control-Expose-Headers", plan.expose.join(", "));
  add("actual", "Vary", "Origin");
  return out;
}

export function corsFix(e: CorsEvaluation): CorsFix {
  const plan = fixPlan(e);
  const headers = fixHeadersOf(plan);
  return {
    headers,
    express: expressSnippet(plan),
    nginx: nginxSnippet(plan, headers),
    generic: genericSnippet(plan, headers),
    ...(plan.preflight ? { preflightStatus: 204 } : {}),
  };
}
