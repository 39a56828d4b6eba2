/** `cors.preflight-trigger`: which method or header made the browser send a preflight (Fetch §2.2.2). */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/core/findings.ts";
import { type HeaderPairs, build, findingsById } from "./captures.ts";

const URL_ = "https://api.example.com/v1/orders";
const PAGE = "https://app.example.com";
const GOOD = [["Access-Control-Allow-Origin", PAGE], ["Access-Control-Allow-Methods", "PUT, DELETE"], ["Access-Control-Allow-Headers", "*"]] as HeaderPairs;

function trigger(method: string, headers: HeaderPairs, requestHeaders: string | undefined): Finding | undefined {
  const b = build(
    {
      request: { method, url: URL_, headers },
      preflight: { ...(requestHeaders !== undefined ? { requestHeaders } : {}), status: 204, headers: GOOD },
      response: { status: 200, headers: [["Access-Control-Allow-Origin", PAGE], ["Vary", "Origin"]] },
    },
    "chromium",
  );
  return (findingsById(b.exchanges).get("req") ?? []).find((f) => f.code === "cors.preflight-trigger");
}

describe("cors.preflight-trigger", () => {
  it("names a non-safelisted method", () => {
    const f = trigger("DELETE", [], undefined)!;
    expect(f.severity).toBe("info");
    expect(f.phase).toBe("preflight");
    expect(f.detail).toContain("the method DELETE is not one of GET, HEAD and POST");
    expect(f.related).toEqual(["pre"]);
  });

  it("names Authorization and custom headers as never safelisted", () => {
    const f = trigger("GET", [["X-Requested-With", "XMLHttpRequest"], ["Authorization", "Bearer t"]], "authorization,x-requested-with")!;
    expect(f.detail).toContain("Authorization and X-Requested-With, which are not CORS-safelisted request headers");
    expect(f.detail).not.toContain("method");
  });

  it("says why Content-Type application/json does not qualify", () => {
    const f = trigger("POST", [["Content-Type", "application/json"]], "content-type")!;
    expect(f.detail).toContain("Content-Type does not qualify: `application/json` is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain");
  });

  it("says when a safelisted header is over 128 bytes", () => {
    const f = trigger("GET", [["Accept", `application/json;${"q".repeat(130)}`]], "accept")!;
    expect(f.detail).toContain("Accept does not qualify: its value is 147 bytes, over the 128-byte limit");
  });

  it("says when the safelisted headers pass 1024 bytes together", () => {
    const headers: HeaderPairs = Array.from({ length: 9 }, (_, i) => [i % 2 === 0 ? "Accept" : "Content-Language", "a".repeat(120)] as [string, string]);
    const f = trigger("GET", headers, "accept,content-language")!;
    expect(f.detail).toContain("over the 1024-byte total");
  });

  it("reads the preflight alone when the request's headers were not captured", () => {
    const f = trigger("GET", [], "x-api-key")!;
    expect(f.detail).toContain("X-Api-Key, which is not a CORS-safelisted request header");
  });

  it("explains a preflight no method or header required", () => {
    const f = trigger("POST", [["Content-Type", "text/plain"]], undefined)!;
    expect(f.detail).toContain("XMLHttpRequest with upload listeners");
  });

  it("is absent without a preflight", () => {
    const b = build({ request: { method: "GET", url: URL_ }, preflight: null, response: { status: 200, headers: [["Access-Control-Allow-Origin", "*"]] } }, "chromium");
    expect((findingsById(b.exchanges).get("req") ?? []).some((f) => f.code === "cors.preflight-trigger")).toBe(false);
  });
});
