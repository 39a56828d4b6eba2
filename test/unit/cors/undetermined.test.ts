/**
 * Blocked requests whose reason the capture cannot show keep `cors.blocked` and say which
 * source would tell; one unknown — the credentials mode — is concluded when nothing else
 * explains the block.
 */
import { describe, expect, it } from "vitest";
import { corsReport } from "../../../src/core/cors/index.ts";
import type { Finding } from "../../../src/core/findings.ts";
import { type HeaderPairs, type Shape, build, contextOf, corsProblems, findingsById } from "./captures.ts";

const URL_ = "https://api.example.com/v1/orders";
const PAGE = "https://app.example.com";

function blockedAfter(preflight: HeaderPairs | null, shape: Shape = "chromium", response: HeaderPairs | null = null) {
  const b = build(
    {
      blocked: true,
      request: { method: "PUT", url: URL_, headers: [["Content-Type", "application/json"]] },
      preflight: preflight ? { requestHeaders: "content-type", status: 204, headers: preflight } : null,
      response: response ? { status: 200, headers: response } : null,
    },
    shape,
  );
  const { ctx, byId } = contextOf(b.exchanges);
  const found: readonly Finding[] = findingsById(b.exchanges).get("req") ?? [];
  return { found, report: corsReport(byId.get("req")!, ctx) };
}

describe("cors.blocked", () => {
  it("when neither a preflight nor a response was captured: names the missing preflight and the sources", () => {
    const { found, report } = blockedAfter(null);
    expect(corsProblems(found)).toEqual([["cors.blocked", "actual"]]);
    const f = found.find((x) => x.code === "cors.blocked")!;
    expect(f.detail).toContain("needed a preflight (it sends content-type), but none was captured");
    expect(f.detail).toContain("Console");
    expect(f.detail).toContain("precise mode");
    expect(f.detail).toContain("full capture");
    expect(report.failed).toBe("cors.blocked");
    expect(report.chromiumEquivalent).toBeUndefined();
    expect(report.verdict).toContain("does not show which check failed");
  });

  it("on Firefox, points at Firefox's Console line", () => {
    const { found } = blockedAfter(null, "firefox-webrequest");
    expect(found.find((x) => x.code === "cors.blocked")!.detail).toContain("Cross-Origin Request Blocked");
  });

  it("when the preflight passes every check, even for a credentialed request, and the request got no response", () => {
    const { found } = blockedAfter([
      ["Access-Control-Allow-Origin", PAGE],
      ["Access-Control-Allow-Credentials", "true"],
      ["Access-Control-Allow-Methods", "PUT"],
      ["Access-Control-Allow-Headers", "Content-Type"],
    ]);
    expect(corsProblems(found)).toEqual([["cors.blocked", "preflight"]]);
    expect(found.find((x) => x.code === "cors.blocked")!.detail).toContain("pass every check");
  });
});

describe("the credentials mode, concluded", () => {
  it("a preflight fine for a request without credentials, and a blocked request: it was credentialed", () => {
    const { found, report } = blockedAfter([
      ["Access-Control-Allow-Origin", PAGE],
      ["Access-Control-Allow-Methods", "PUT"],
      ["Access-Control-Allow-Headers", "Content-Type"],
    ]);
    expect(corsProblems(found)).toEqual([["cors.allow-credentials-missing", "preflight"]]);
    const f = found.find((x) => x.code === "cors.allow-credentials-missing")!;
    expect(f.detail).toContain("No cookies were captured");
    expect(f.detail).toContain('credentials: "include"');
    expect(report.chromiumEquivalent).toBe("PreflightInvalidAllowCredentials");
    expect(report.fix?.headers).toContainEqual({ phase: "preflight", name: "Access-Control-Allow-Credentials", value: "true" });
  });

  it("a `*` response to a blocked request: a credentialed request met a wildcard (and lacked Allow-Credentials)", () => {
    const b = build(
      { blocked: true, request: { method: "GET", url: URL_ }, preflight: null, response: { status: 200, headers: [["Access-Control-Allow-Origin", "*"]] } },
      "firefox-webrequest",
    );
    expect(corsProblems(findingsById(b.exchanges).get("req") ?? [])).toEqual([
      ["cors.wildcard-origin-with-credentials", "actual"],
      ["cors.allow-credentials-missing", "actual"],
    ]);
  });

  it("is not concluded for a request that went through", () => {
    const b = build(
      { request: { method: "GET", url: URL_ }, preflight: null, response: { status: 200, headers: [["Access-Control-Allow-Origin", "*"]] } },
      "chromium",
    );
    expect(corsProblems(findingsById(b.exchanges).get("req") ?? [])).toEqual([]);
  });

  it("does not count a Bearer token as credentials: Authorization is an ordinary header to CORS", () => {
    const b = build(
      {
        request: { method: "GET", url: URL_, headers: [["Authorization", "Bearer t"]] },
        preflight: { requestHeaders: "authorization", status: 204, headers: [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Headers", "Authorization"]] },
        response: { status: 200, headers: [["Access-Control-Allow-Origin", "*"]] },
      },
      "chromium",
    );
    expect(corsProblems(findingsById(b.exchanges).get("req") ?? [])).toEqual([]);
  });
});
