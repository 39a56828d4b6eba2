/**
 * Header values come from the network: whatever they hold, the CORS checks never throw, the
 * report stays plain serialisable data, and a fix never offers `*`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CORS_RULES } from "../../../src/core/cors/rules.ts";
import { corsFix } from "../../../src/core/cors/fix.ts";
import { corsReport } from "../../../src/core/cors/index.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { entry, exchangeOf } from "../helpers.ts";
import { contextOf } from "./captures.ts";

const RUNS = { numRuns: 300 };

const tricky = fc.constantFrom(
  "",
  " ",
  "*",
  "null",
  "true",
  "True",
  ",",
  ", ,",
  "https://app.example.com",
  "https://app.example.com/",
  "https://app.example.com, https://b.example.com",
  "GET;POST",
  "Authorization, *",
  "authorization,x-client-version",
  "patch",
  "toString",
  "__proto__",
  "constructor",
  "\u0000\u0001",
  "é".repeat(70),
  "a\nb",
  "https://user:pass@other.example.com/x",
  "//evil.example.com",
  "http://[::1]:8080/",
  "bytes=-5",
);
const value = fc.oneof(tricky, fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }));
const headerName = fc.constantFrom(
  "Origin",
  "Access-Control-Allow-Origin",
  "Access-Control-Allow-Credentials",
  "Access-Control-Allow-Methods",
  "Access-Control-Allow-Headers",
  "Access-Control-Expose-Headers",
  "Access-Control-Request-Method",
  "Access-Control-Request-Headers",
  "Vary",
  "Location",
  "Cookie",
  "Authorization",
  "Content-Type",
  "Accept",
  "Range",
  "Referer",
  "WWW-Authenticate",
);
const headers = fc.array(fc.tuple(headerName, value), { maxLength: 8 });
const status = fc.oneof(fc.constantFrom(0, 200, 204, 301, 302, 304, 401, 403, 404, 500), fc.integer({ min: -5, max: 1000 }));
const url = fc.oneof(
  fc.constantFrom(
    "https://api.example.com/v1/orders",
    "http://192.168.1.20:8080/x",
    "ftp://files.example.com/a",
    "file:///etc/passwd",
    "http://localhost:3000/",
    "https://app.example.com/same",
    "not a url",
  ),
  fc.webUrl(),
);
const error = fc.option(fc.constantFrom("net::ERR_FAILED", "NS_ERROR_DOM_BAD_URI", "net::ERR_CONNECTION_RESET", "weird"), { nil: undefined });
const method = fc.constantFrom("GET", "PUT", "patch", "OPTIONS", "DELETE", "POST", "M\u00e9");

const exchange = (id: string, at: number) =>
  fc.record({ url, method, req: headers, res: headers, status, error, preflight: fc.boolean() }).map((r): Exchange => {
    return exchangeOf(
      id,
      entry({
        url: r.url,
        method: r.preflight ? "OPTIONS" : r.method,
        at,
        requestHeaders: r.preflight ? [...r.req, ["Access-Control-Request-Method", r.method]] : r.req,
        responseHeaders: r.res,
        status: r.status,
        ...(r.error !== undefined ? { error: r.error } : {}),
        ...(r.preflight ? { resourceType: "preflight" } : {}),
      }),
      "har-file",
      "https://app.example.com/page",
    );
  });

const capture = fc.tuple(exchange("a", 0), exchange("b", 1), exchange("c", 2)).map(([a, b, c]) => {
  // Give some captures a real preflight pair: same URL, Access-Control-Request-Method = method.
  const pairB: Exchange = { ...b, request: { ...b.request, url: a.request.url } };
  return [a, pairB, c];
});

describe("CORS on hostile input", () => {
  it("never throws, in the rules or the report", () => {
    fc.assert(
      fc.property(capture, (xs) => {
        const { ctx, byId } = contextOf(xs);
        for (const x of byId.values()) {
          const e = ctx.view(x).cors("all");
          if (e) corsFix(e);
          const report = corsReport(x, ctx);
          expect(report.verdict).not.toMatch(/could not read/);
          expect(JSON.parse(JSON.stringify(report))).toEqual(report);
          for (const check of report.checks) expect([true, false, "skipped"]).toContain(check.passed);
          for (const h of report.fix?.headers ?? []) expect(h.value).not.toContain("*");
        }
        // diagnose turns a throwing rule into capture.partial: there must be none.
        for (const d of diagnose(xs, {}, CORS_RULES)) {
          expect(d.findings.filter((f) => f.code === "capture.partial")).toEqual([]);
          for (const f of d.findings) expect(f.code.startsWith("cors.")).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
