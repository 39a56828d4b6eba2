/**
 * A finding's detail and fix quote the exchange's values (method, URL, origin, challenge), some
 * of them several times. With a 64 KiB header value a finding reached hundreds of KB and took
 * seconds to wrap for a terminal (found by `npm run fuzz`, test/fixtures/fuzz/hang-*.har). Texts
 * are cut in the middle at LIMITS.findingTextChars, keeping how they start and end; the evidence
 * keeps the whole value.
 */
import { describe, expect, it } from "vitest";
import { hostOf, pathOf, requestLabel } from "../../src/core/text/describe.ts";
import { clipMiddle, LIMITS } from "../../src/core/limits.ts";
import { analyze, chromeEntry, chromePreflight, harOf, PAGE_ORIGIN } from "./helpers.ts";

const HUGE = "\u202e".repeat(65_000);

describe("clipMiddle", () => {
  it("keeps short text as it is", () => {
    expect(clipMiddle("abc", 10)).toBe("abc");
  });

  it("keeps the start and the end of a long text and says how much was cut", () => {
    const cut = clipMiddle(`start ${"x".repeat(10_000)} end.`, 100);
    expect(cut.startsWith("start ")).toBe(true);
    expect(cut.endsWith(" end.")).toBe(true);
    expect(cut).toContain("…[9,911 characters cut by AuthLens]…");
  });
});

describe("request names in finding texts", () => {
  it("cut a long path, host or method", () => {
    const url = `https://api.example.com/${"p".repeat(5_000)}`;
    expect(pathOf(url).length).toBeLessThanOrEqual(201);
    expect(hostOf(`not a url ${"h".repeat(5_000)}`).length).toBeLessThanOrEqual(253);
    const x = analyze(harOf([chromeEntry({ method: "M".repeat(5_000), url })])).har.exchanges[0]!;
    expect(requestLabel(x).length).toBeLessThan(600);
  });
});

describe("a finding over 64 KiB values", () => {
  it("has a bounded detail and fix, and whole evidence", () => {
    const a = analyze(
      harOf([
        chromePreflight({ at: 0, requestMethod: HUGE, status: 204, responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN, "Access-Control-Allow-Methods": "GET" } }),
        chromeEntry({ at: 1, method: HUGE, status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN } }),
      ]),
    );
    const findings = a.diagnoses.flatMap((d) => d.findings);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.detail.length, f.code).toBeLessThanOrEqual(LIMITS.findingTextChars + 60);
      expect((f.fix ?? "").length, f.code).toBeLessThanOrEqual(LIMITS.findingTextChars + 60);
    }
    expect(findings.some((f) => f.detail.includes("characters cut by AuthLens"))).toBe(true);
    expect(findings.some((f) => f.evidence.some((e) => e.value.includes(HUGE)))).toBe(true);
  });
});
