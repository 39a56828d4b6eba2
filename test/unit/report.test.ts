import { describe, expect, it } from "vitest";
import { type Diagnosis, diagnose } from "../../src/core/diagnose.ts";
import { finding } from "../../src/core/findings.ts";
import { hasFindingAtLeast, toReport } from "../../src/core/report.ts";
import type { Rule } from "../../src/core/rule.ts";
import { API_ORIGIN, PAGE_ORIGIN, chromeEntry, chromePreflight, importEntries } from "./helpers.ts";

const FINDING_KEYS_REQUIRED = ["code", "severity", "title", "detail", "evidence", "docs"];

function sortedKeys(o: object): string[] {
  return Object.keys(o).sort();
}

/** A capture with a CORS failure linked to its preflight, a 401 and a clean 200. */
function sample(): Diagnosis[] {
  return diagnose(
    importEntries([
      chromeEntry({ method: "PUT", url: `${API_ORIGIN}/v1/orders`, at: 0, status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN } }),
      chromePreflight({ url: `${API_ORIGIN}/v1/orders`, at: 1, requestMethod: "PUT", status: 401 }),
      chromeEntry({ url: `${API_ORIGIN}/v1/me`, at: 2, status: 401, requestHeaders: { Authorization: "Bearer null" } }),
      chromeEntry({ url: `${API_ORIGIN}/health`, at: 3, status: 200 }),
    ]),
  );
}

describe("toReport", () => {
  it("has exactly the documented keys at every level", () => {
    const report = JSON.parse(JSON.stringify(toReport(sample())));
    expect(sortedKeys(report)).toEqual(["exchanges"]);
    expect(report.exchanges).toHaveLength(4);
    let findings = 0;
    for (const x of report.exchanges) {
      expect(sortedKeys(x)).toEqual(
        x.preflightFor !== undefined
          ? ["findings", "id", "method", "preflightFor", "rootCause", "status", "url"]
          : ["findings", "id", "method", "rootCause", "status", "url"],
      );
      for (const f of x.findings) {
        findings++;
        const keys = sortedKeys(f);
        for (const k of FINDING_KEYS_REQUIRED) expect(keys).toContain(k);
        // Only the optional documented keys may be added; `related` is internal.
        expect(keys.filter((k) => !FINDING_KEYS_REQUIRED.includes(k)).every((k) => k === "phase" || k === "fix" || k === "role")).toBe(true);
        for (const e of f.evidence) expect(sortedKeys(e)).toEqual(["label", "value"]);
        for (const d of f.docs) expect(typeof d).toBe("string");
      }
    }
    expect(findings).toBeGreaterThan(0);
  });

  it("copies the exchange's identity and status, 0 where no response came", () => {
    const report = toReport(sample());
    expect(report.exchanges.map((x) => [x.id, x.method, x.url, x.status])).toEqual([
      ["e1", "PUT", `${API_ORIGIN}/v1/orders`, 0],
      ["e2", "OPTIONS", `${API_ORIGIN}/v1/orders`, 401],
      ["e3", "GET", `${API_ORIGIN}/v1/me`, 401],
      ["e4", "GET", `${API_ORIGIN}/health`, 200],
    ]);
    expect(report.exchanges[3]?.findings).toEqual([]);
  });

  it("writes phase and fix only when the finding has them", () => {
    const both: Rule = {
      name: "both",
      run: () => [
        finding("cors.blocked", { detail: "with", evidence: [{ label: "L", value: "V" }], fix: "do this", phase: "preflight", related: ["e9"] }),
        finding("capture.partial", { detail: "without", evidence: [] }),
      ],
    };
    const report = toReport(diagnose(importEntries([chromeEntry()]), {}, [both]));
    const [withAll, bare] = report.exchanges[0]?.findings ?? [];
    expect(withAll).toEqual({
      code: "cors.blocked",
      severity: "error",
      title: "Blocked by CORS",
      detail: "with",
      phase: "preflight",
      evidence: [{ label: "L", value: "V" }],
      fix: "do this",
      docs: withAll?.docs,
    });
    expect(sortedKeys(bare ?? {})).toEqual(["code", "detail", "docs", "evidence", "severity", "title"]);
  });

  it("keeps the findings' order (most severe first)", () => {
    const d = sample();
    const report = toReport(d);
    report.exchanges.forEach((x, i) => {
      expect(x.findings.map((f) => f.code)).toEqual(d[i]?.findings.map((f) => f.code));
    });
  });

  it("is plain JSON: it survives a round trip unchanged", () => {
    const report = toReport(sample());
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("reports an empty capture as no exchanges", () => {
    expect(toReport([])).toEqual({ exchanges: [] });
  });
});

describe("hasFindingAtLeast", () => {
  function withSeverities(...severities: ("error" | "warning" | "info")[]): Diagnosis[] {
    const rule: Rule = {
      name: "fixed",
      run: () => severities.map((severity) => finding("auth.dpop-nonce-required", { detail: "d", evidence: [], severity })),
    };
    return diagnose(importEntries([chromeEntry()]), {}, [rule]);
  }

  it("compares against the threshold, inclusive", () => {
    expect(hasFindingAtLeast(withSeverities("info"), "info")).toBe(true);
    expect(hasFindingAtLeast(withSeverities("info"), "warning")).toBe(false);
    expect(hasFindingAtLeast(withSeverities("info", "warning"), "warning")).toBe(true);
    expect(hasFindingAtLeast(withSeverities("warning"), "error")).toBe(false);
    expect(hasFindingAtLeast(withSeverities("error"), "error")).toBe(true);
    expect(hasFindingAtLeast(withSeverities("error"), "info")).toBe(true);
  });

  it("is false without findings", () => {
    expect(hasFindingAtLeast(withSeverities(), "info")).toBe(false);
    expect(hasFindingAtLeast([], "info")).toBe(false);
  });

  it("sees errors of the real rules", () => {
    expect(hasFindingAtLeast(sample(), "error")).toBe(true);
  });
});
