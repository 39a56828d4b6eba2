/**
 * The full fix: the exact headers for this request, in each phase, and the snippets. The
 * decisive test applies the fix's headers to the failing capture and reads it again: every
 * check must then pass.
 */
import { describe, expect, it } from "vitest";
import { type CorsFix, type CorsReport, corsReport } from "../../../src/core/cors/index.ts";
import { CASES, type CaseResponse, type CorsCase, type HeaderPairs, PAGE, SHAPES, type Shape, build, contextOf, findingsById } from "./captures.ts";

function reportOf(c: Parameters<typeof build>[0], shape: Shape): CorsReport {
  const b = build(c, shape);
  const { ctx, byId } = contextOf(b.exchanges);
  return corsReport(byId.get(b.subjectId)!, ctx);
}

function fixOf(c: CorsCase, shape: Shape = "chromium"): CorsFix {
  const fix = reportOf(c, shape).fix;
  if (!fix) throw new Error(`no fix for "${c.name}"`);
  return fix;
}

/** The response headers that are not about CORS (a challenge, a Location) stay as they were. */
function withoutCors(headers: HeaderPairs): HeaderPairs {
  return headers.filter(([name]) => !/^access-control-|^vary$/i.test(name));
}

function fixHeaders(fix: CorsFix, phase: "preflight" | "actual"): HeaderPairs {
  return fix.headers.filter((h) => h.phase === phase).map((h) => [h.name, h.value]);
}

/** The capture as it would be once the server sends the fix's headers: the request goes through. */
function applied(c: CorsCase, fix: CorsFix): CorsCase {
  const response: CaseResponse = c.response
    ? { status: c.response.status, headers: [...withoutCors(c.response.headers), ...fixHeaders(fix, "actual")] }
    : { status: 200, headers: fixHeaders(fix, "actual") };
  return {
    ...c,
    blocked: false,
    preflight: c.preflight
      ? { ...c.preflight, status: fix.preflightStatus ?? 204, headers: [...withoutCors(c.preflight.headers).filter(([n]) => n.toLowerCase() !== "location"), ...fixHeaders(fix, "preflight")] }
      : null,
    response,
  };
}

const FIXABLE = CASES.filter((c) => c.fixable);

describe("applying the fix", () => {
  it("covers most cases", () => {
    expect(FIXABLE.length).toBeGreaterThan(25);
  });

  describe.each(SHAPES)("%s capture", (shape) => {
    it.each(FIXABLE.map((c) => [c.name, c] as const))("%s: every check passes afterwards", (_name, c) => {
      const fix = fixOf(c, shape);
      const fixed = applied(c, fix);
      const report = reportOf(fixed, shape);
      expect(report.checks.filter((k) => k.passed === false), JSON.stringify(fix.headers)).toEqual([]);
      expect(report.blocked).toBe(false);
      const b = build(fixed, shape);
      const problems = (findingsById(b.exchanges).get("req") ?? []).filter((f) => f.code.startsWith("cors.") && f.severity !== "info");
      expect(problems).toEqual([]);
    });
  });
});

describe("the fix's headers", () => {
  const all = CASES.map((c) => [c.name, c, reportOf(c, "chromium").fix] as const).filter(([, , fix]) => fix !== undefined);

  it.each(all)("%s: the exact origin with Vary: Origin, never `*`", (_name, c, fix) => {
    const actual = fixHeaders(fix!, "actual");
    const allowOrigin = actual.find(([n]) => n === "Access-Control-Allow-Origin")?.[1];
    expect(allowOrigin).toBe(c.request.origin && c.request.origin !== "null" ? c.request.origin : PAGE);
    expect(actual).toContainEqual(["Vary", "Origin"]);
    for (const h of fix!.headers) expect(h.value, h.name).not.toContain("*");
    for (const text of [fix!.express, fix!.nginx, fix!.generic]) expect(text).not.toContain("*");
  });

  it("allow credentials, in both phases, exactly when the request uses them", () => {
    const withCookies = CASES.find((c) => c.name === "credentialed preflight without Access-Control-Allow-Credentials")!;
    const fix = fixOf(withCookies);
    expect(fixHeaders(fix, "preflight")).toContainEqual(["Access-Control-Allow-Credentials", "true"]);
    expect(fixHeaders(fix, "actual")).toContainEqual(["Access-Control-Allow-Credentials", "true"]);
    expect(fix.express).toContain("credentials: true");
    expect(fix.nginx).toContain('add_header Access-Control-Allow-Credentials "true" always;');

    const bearerOnly = CASES.find((c) => c.name === "Authorization not in Access-Control-Allow-Headers")!;
    const noCredentials = fixOf(bearerOnly);
    expect(noCredentials.headers.some((h) => h.name === "Access-Control-Allow-Credentials")).toBe(false);
    expect(noCredentials.express).not.toContain("credentials: true");
  });

  it("spell Authorization out, with every other requested header", () => {
    const c = CASES.find((x) => x.name === "custom header not in Access-Control-Allow-Headers")!;
    const fix = fixOf(c);
    expect(fixHeaders(fix, "preflight")).toContainEqual(["Access-Control-Allow-Headers", "Authorization, X-Client-Version"]);
    expect(fix.express).toContain('allowedHeaders: ["Authorization", "X-Client-Version"]');
  });

  it("replace a wildcard that does not cover Authorization by the names", () => {
    const fix = reportOf(
      {
        request: { method: "GET", url: "https://api.example.com/v1/me", headers: [["Authorization", "Bearer t"]] },
        preflight: { requestHeaders: "authorization", status: 204, headers: [["Access-Control-Allow-Origin", PAGE], ["Access-Control-Allow-Headers", "*"]] },
        response: { status: 200, headers: [["Access-Control-Allow-Origin", PAGE], ["Vary", "Origin"]] },
      },
      "chromium",
    ).fix!;
    expect(fixHeaders(fix, "preflight")).toContainEqual(["Access-Control-Allow-Headers", "Authorization"]);
  });

  it("name the method, keeping the ones the server already allows", () => {
    const c = CASES.find((x) => x.name === "method not in Access-Control-Allow-Methods")!;
    expect(fixHeaders(fixOf(c), "preflight")).toContainEqual(["Access-Control-Allow-Methods", "GET, POST, PUT"]);
  });

  it("expose WWW-Authenticate on a 401, so the page can read the challenge", () => {
    const c = CASES.find((x) => x.name === "401 answered without CORS headers: the real status is hidden")!;
    const fix = fixOf(c);
    expect(fixHeaders(fix, "actual")).toContainEqual(["Access-Control-Expose-Headers", "WWW-Authenticate"]);
    expect(fix.express).toContain('exposedHeaders: ["WWW-Authenticate"]');
  });

  it("give preflights a max-age and a 204", () => {
    const c = CASES.find((x) => x.name === "preflight answered 403 by auth middleware, without CORS headers")!;
    const fix = fixOf(c);
    expect(fix.preflightStatus).toBe(204);
    expect(fixHeaders(fix, "preflight")).toContainEqual(["Access-Control-Max-Age", "600"]);
    expect(fix.nginx).toContain("if ($request_method = OPTIONS) {");
    expect(fix.nginx).toContain("return 204;");
    expect(fix.nginx).toContain("location /v1/ {");
    expect(fix.nginx).toMatch(/add_header Access-Control-Allow-Origin "https:\/\/app\.example\.com" always;/);
    expect(fix.express).toContain("maxAge: 600");
    expect(fix.express).toContain(`origin: "${PAGE}"`);
    expect(fix.express).toMatch(/before any authentication/i);
    expect(fix.generic).toContain("Preflight (OPTIONS /v1/orders): answer 204 No Content, before any authentication");
    expect(fix.generic).toContain(`  Access-Control-Allow-Origin: ${PAGE}`);
  });

  it("has no preflight part when the request needs none", () => {
    const c = CASES.find((x) => x.name === "simple GET answered without Access-Control-Allow-Origin")!;
    const fix = fixOf(c);
    expect(fix.headers.every((h) => h.phase === "actual")).toBe(true);
    expect(fix.preflightStatus).toBeUndefined();
    expect(fix.nginx).not.toContain("OPTIONS");
  });

  it("never suggests an unblocking extension or turning web security off", () => {
    for (const c of CASES) {
      const report = reportOf(c, "chromium");
      const b = build(c, "chromium");
      const findings = findingsById(b.exchanges).get("req") ?? [];
      const suggestions = [report.fix?.express ?? "", report.fix?.nginx ?? "", report.fix?.generic ?? "", ...findings.map((f) => f.fix ?? "")].join("\n");
      const everything = `${suggestions}\n${findings.map((f) => f.detail).join("\n")}`;
      expect(everything).not.toMatch(/disable-web-security|--disable|unblock|allow-cors|cors extension|moesif/i);
      expect(suggestions).not.toMatch(/Access-Control-Allow-Origin: \*/);
    }
  });
});
