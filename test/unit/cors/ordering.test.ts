/**
 * Several failing checks are each reported, the one the browser reports first (FINDINGS.md):
 * Chromium's CheckPreflightAccess reads a preflight's Access-Control-Allow-Origin and
 * -Credentials before its status; CheckPreflightResult reads the method before the headers.
 */
import { describe, expect, it } from "vitest";
import { CORS_CHECKS, corsReport } from "../../../src/core/cors/index.ts";
import { build, contextOf, corsProblems, findingsById } from "./captures.ts";

const PAGE = "https://app.example.com";
const URL_ = "https://api.example.com/v1/orders";

function problems(c: Parameters<typeof build>[0]) {
  const b = build({ blocked: true, ...c }, "chromium");
  const { ctx, byId } = contextOf(b.exchanges);
  return { found: corsProblems(findingsById(b.exchanges).get("req") ?? []), report: corsReport(byId.get("req")!, ctx) };
}

describe("the order of several failures", () => {
  it("a 403 preflight without CORS headers: auth on the preflight is the root, then PreflightMissingAllowOriginHeader, then the status", () => {
    const { found, report } = problems({
      request: { method: "GET", url: URL_, headers: [["Authorization", "Bearer x"]] },
      preflight: { requestHeaders: "authorization", status: 403, headers: [] },
      response: null,
    });
    expect(found).toEqual([
      ["cors.preflight-blocked-by-auth", "preflight"],
      ["cors.missing-allow-origin", "preflight"],
      ["cors.preflight-failed-status", "preflight"],
    ]);
    // The browser's own reason is still the one the CORS report names.
    expect(report.failed).toBe("cors.missing-allow-origin");
    expect(report.chromiumEquivalent).toBe("PreflightMissingAllowOriginHeader");
  });

  it("a preflight with the wrong origin and a missing header: the origin first", () => {
    const { found, report } = problems({
      request: { method: "GET", url: URL_, headers: [["X-Trace", "1"]] },
      preflight: { requestHeaders: "x-trace", status: 204, headers: [["Access-Control-Allow-Origin", "https://www.example.com"], ["Access-Control-Allow-Headers", "Content-Type"]] },
      response: null,
    });
    expect(found).toEqual([
      ["cors.allow-origin-mismatch", "preflight"],
      ["cors.header-not-allowed", "preflight"],
    ]);
    expect(report.chromiumEquivalent).toBe("PreflightAllowOriginMismatch");
  });

  it("a 500 preflight that also lists the wrong method: the status, then the method", () => {
    const { found } = problems({
      request: { method: "DELETE", url: URL_ },
      preflight: { status: 500, headers: [["Access-Control-Allow-Origin", PAGE], ["Access-Control-Allow-Methods", "GET"]] },
      response: null,
    });
    expect(found).toEqual([
      ["cors.preflight-failed-status", "preflight"],
      ["cors.method-not-allowed", "preflight"],
    ]);
  });

  it("a method and a header both missing: the method first", () => {
    const { found, report } = problems({
      request: { method: "PUT", url: URL_, headers: [["X-Trace", "1"]] },
      preflight: { requestHeaders: "x-trace", status: 204, headers: [["Access-Control-Allow-Origin", PAGE], ["Access-Control-Allow-Methods", "GET"], ["Access-Control-Allow-Headers", "Content-Type"]] },
      response: null,
    });
    expect(found).toEqual([
      ["cors.method-not-allowed", "preflight"],
      ["cors.header-not-allowed", "preflight"],
    ]);
    expect(report.chromiumEquivalent).toBe("MethodDisallowedByPreflightResponse");
  });

  it("unparsable Allow-Methods and Allow-Headers: both reported, methods first", () => {
    const { found } = problems({
      request: { method: "PUT", url: URL_, headers: [["X-Trace", "1"]] },
      preflight: { requestHeaders: "x-trace", status: 204, headers: [["Access-Control-Allow-Origin", PAGE], ["Access-Control-Allow-Methods", "PUT;GET"], ["Access-Control-Allow-Headers", "x-trace;a"]] },
      response: null,
    });
    expect(found).toEqual([
      ["cors.invalid-allow-methods", "preflight"],
      ["cors.invalid-allow-headers", "preflight"],
    ]);
  });

  it("a credentialed response with no CORS headers: the missing origin first, then the missing Allow-Credentials", () => {
    const { found } = problems({
      request: { method: "GET", url: URL_, cookies: [["session", "1"]] },
      preflight: null,
      response: { status: 200, headers: [] },
    });
    expect(found).toEqual([
      ["cors.missing-allow-origin", "actual"],
      ["cors.allow-credentials-missing", "actual"],
    ]);
  });
});

describe("the check table", () => {
  it("runs the request's checks, then the preflight's, then the response's", () => {
    const phases = CORS_CHECKS.map((c) => c.phase);
    const firstPreflight = phases.indexOf("preflight");
    const lastPreflight = phases.lastIndexOf("preflight");
    expect(phases.slice(firstPreflight, lastPreflight + 1).every((p) => p === "preflight")).toBe(true);
    expect(CORS_CHECKS[0]!.code).toBe("cors.scheme-not-supported");
  });

  it("reads a preflight's Access-Control-Allow-Origin and -Credentials before its status, and the method before the headers", () => {
    const preflight = CORS_CHECKS.filter((c) => c.phase === "preflight").map((c) => c.chromium);
    const at = (name: string) => preflight.indexOf(name as never);
    expect(at("PreflightDisallowedRedirect")).toBeLessThan(at("PreflightMissingAllowOriginHeader"));
    for (const name of [
      "PreflightMissingAllowOriginHeader",
      "PreflightWildcardOriginNotAllowed",
      "PreflightMultipleAllowOriginValues",
      "PreflightInvalidAllowOriginValue",
      "PreflightAllowOriginMismatch",
      "PreflightInvalidAllowCredentials",
    ]) {
      expect(at(name), name).toBeGreaterThanOrEqual(0);
      expect(at(name), name).toBeLessThan(at("PreflightInvalidStatus"));
    }
    expect(at("PreflightInvalidStatus")).toBeLessThan(at("InvalidAllowMethodsPreflightResponse"));
    expect(at("InvalidAllowMethodsPreflightResponse")).toBeLessThan(at("InvalidAllowHeadersPreflightResponse"));
    expect(at("InvalidAllowHeadersPreflightResponse")).toBeLessThan(at("MethodDisallowedByPreflightResponse"));
    expect(at("MethodDisallowedByPreflightResponse")).toBeLessThan(at("HeaderDisallowedByPreflightResponse"));
  });
});
