/**
 * A redirected preflight that Chromium's log recorded without its redirect: the preflight entry
 * has no response and net::ERR_INVALID_REDIRECT (seen live in Chromium 156 on the lab's
 * cors-preflight-redirect scenario, which other runs record as a 307). Both readings must give
 * the same diagnosis: a preflight redirect, not a network failure.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import { API_ORIGIN, PAGE_ORIGIN, chromeEntry, chromePreflight, importEntries } from "../helpers.ts";

function capture(preflight: Parameters<typeof chromePreflight>[0]) {
  return importEntries([
    chromeEntry({
      url: `${API_ORIGIN}/v1/orders`,
      at: 0,
      status: 0,
      error: "net::ERR_FAILED",
      requestHeaders: { Origin: PAGE_ORIGIN, "X-Trace": "1" },
    }),
    chromePreflight({ url: `${API_ORIGIN}/v1/orders`, at: 1, requestHeadersList: "x-trace", ...preflight }),
  ]);
}
const codesOf = (xs: ReturnType<typeof capture>) => diagnose(xs)[0]?.findings.map((f) => f.code) ?? [];

describe("a redirected preflight recorded without its redirect", () => {
  it("is read as a preflight redirect, not a network failure", () => {
    const codes = codesOf(capture({ status: 0, error: "net::ERR_INVALID_REDIRECT" }));
    expect(codes).toContain("cors.preflight-redirect");
    expect(codes).not.toContain("cors.preflight-network-error");
    const f = diagnose(capture({ status: 0, error: "net::ERR_INVALID_REDIRECT" }))[0]?.findings.find((g) => g.code === "cors.preflight-redirect");
    expect(f?.detail).toContain("net::ERR_INVALID_REDIRECT");
    expect(f?.detail).toContain("OPTIONS /v1/orders");
  });

  it("gives the same code as the same preflight recorded with its 307", () => {
    const recorded = codesOf(capture({ status: 307, responseHeaders: { Location: `${API_ORIGIN}/v2/orders` } }));
    expect(recorded).toContain("cors.preflight-redirect");
    expect(codesOf(capture({ status: 0, error: "net::ERR_INVALID_REDIRECT" }))[0]).toBe(recorded[0]);
  });

  it("leaves other network errors of a preflight as network failures", () => {
    const codes = codesOf(capture({ status: 0, error: "net::ERR_CONNECTION_RESET" }));
    expect(codes).toContain("cors.preflight-network-error");
    expect(codes).not.toContain("cors.preflight-redirect");
  });
});
