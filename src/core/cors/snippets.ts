/**
 * The fix as configuration to paste: Express with the `cors` package (its options object), nginx
 * (`add_header … always`, so error responses carry the headers too, and an OPTIONS block that
 * answers 204 before any authentication), and a plain header list for anything else.
 */
import type { CorsFixHeader, FixPlan } from "./fix-plan.ts";

/** A JavaScript string literal. */
function js(value: string): string {
  return JSON.stringify(value);
}

/** An nginx string: double-quoted, with nothing that nginx would expand (`$`) or end early. */
function ng(value: string): string {
  return `"${value.replace(/[\\"$]/g, "")}"`;
}

/** nginx `location` prefix: the request path's directory (`/v1/orders` → `/v1/`). */
function locationOf(path: string): string {
  if (!/^\/[A-Za-z0-9/_.~%-]*$/.test(path)) return "/";
  const dir = path.slice(0, path.lastIndexOf("/") + 1);
  return dir === "" ? "/" : dir;
}

export function expressSnippet(plan: FixPlan): string {
  const methods = plan.methods.length > 0 ? plan.methods : [plan.method];
  const lines = [
    `  origin: ${js(plan.origin)}, // the exact origin (or an array of them); cors adds Vary: Origin`,
    `  methods: [${methods.map(js).join(", ")}],`,
    ...(plan.allowHeaders.length > 0 ? [`  allowedHeaders: [${plan.allowHeaders.map(js).join(", ")}],`] : []),
    ...(plan.expose.length > 0 ? [`  exposedHeaders: [${plan.expose.map(js).join(", ")}],`] : []),
    ...(plan.credentials ? ["  credentials: true,"] : []),
    "  maxAge: 600,",
  ];
  return [
    'const cors = require("cors");',
    "",
    "// Before any authentication middleware and routes: preflights carry no credentials,",
    "// and error responses need the headers too.",
    "app.use(cors({",
    ...lines,
    "}));",
  ].join("\n");
}

export function nginxSnippet(plan: FixPlan, headers: readonly CorsFixHeader[]): string {
  const addHeader = (h: CorsFixHeader, indent: string) => `${indent}add_header ${h.name} ${ng(h.value)} always;`;
  const preflight = headers.filter((h) => h.phase === "preflight");
  const actual = headers.filter((h) => h.phase === "actual");
  return [
    `location ${locationOf(plan.path)} {`,
    ...(preflight.length > 0
      ? [
          "    # Preflights: answered here, before auth_request/auth_basic and the upstream.",
          "    if ($request_method = OPTIONS) {",
          ...preflight.map((h) => addHeader(h, "        ")),
          "        return 204;",
          "    }",
        ]
      : []),
    "    # Every other response, errors included (that is what `always` does).",
    ...actual.map((h) => addHeader(h, "    ")),
    "    # … the location's existing proxy_pass or root",
    "}",
  ].join("\n");
}

export function genericSnippet(plan: FixPlan, headers: readonly CorsFixHeader[]): string {
  const list = (phase: CorsFixHeader["phase"]) =>
    headers.filter((h) => h.phase === phase).map((h) => `  ${h.name}: ${h.value}`);
  const parts: string[] = [];
  if (plan.redirectedFrom !== undefined) {
    parts.push(
      `Call this URL directly rather than through the redirect from ${plan.redirectedFrom}: after a redirect to another origin the browser sends Origin: null.`,
      "",
    );
  }
  if (plan.preflight) {
    parts.push(`Preflight (OPTIONS ${plan.path}): answer 204 No Content, before any authentication, with`, ...list("preflight"), "");
  }
  parts.push(`Response to ${plan.method} ${plan.path}, on every status (errors included):`, ...list("actual"));
  return parts.join("\n");
}
