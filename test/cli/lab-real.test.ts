/**
 * The lab's "Real servers" scenarios as recorded in the lab HAR (scripts/capture-lab-har.ts):
 * what AuthLens makes of the real libraries' answers. The expected codes of every scenario are
 * checked in analyze.test.ts; this file holds what only real servers show.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeHar } from "../../src/core/analyze-har.ts";
import { type ReportExchange, toReport } from "../../src/core/report.ts";
import { type Scenario, SCENARIOS } from "../lab/scenarios.ts";
import { FIXTURE_DIR } from "./chrome-har.ts";

const LAB_HAR = join(FIXTURE_DIR, "..", "lab", "lab-chromium.har");
const REAL = SCENARIOS.filter((s) => s.server !== undefined && !s.helper);

/**
 * Healthy requests on which AuthLens warns today, and why that warning is wrong. Each runs as
 * an expected failure: when the verdict is fixed, the test says so and the entry goes.
 */
const KNOWN_WRONG_ON_HEALTHY: Readonly<Partial<Record<Scenario["name"], string>>> = {};

function exchangesOf(report: { exchanges: readonly ReportExchange[] }, s: Scenario): ReportExchange[] {
  return report.exchanges.filter((x) => {
    try {
      return new URL(x.url).pathname === s.path;
    } catch {
      return false;
    }
  });
}

describe.skipIf(!existsSync(LAB_HAR))("the real servers in the lab's Chromium capture", () => {
  const result = analyzeHar(JSON.parse(readFileSync(LAB_HAR, "utf8")));
  if (!result.ok) throw new Error(result.error);
  const report = toReport(result.analysis.diagnoses);

  it("holds every real scenario's request, on its stack's own origin", () => {
    const apiOrigins = new Set(SCENARIOS.filter((s) => s.server === undefined).flatMap((s) => exchangesOf(report, s).map((x) => new URL(x.url).origin)));
    for (const s of REAL) {
      const actual = exchangesOf(report, s).filter((x) => x.method === s.request.method);
      expect(actual.length, `${s.name} in the lab HAR`).toBeGreaterThan(0);
      for (const x of actual) expect(apiOrigins.has(new URL(x.url).origin), `${s.name} is not on the lab API`).toBe(false);
    }
  });

  for (const s of REAL.filter((r) => r.expectedRoot === null)) {
    const known = KNOWN_WRONG_ON_HEALTHY[s.name];
    (known === undefined ? it : it.fails)(`${s.name}: no warning or error on a healthy request${known ? ` (wrong today: ${known})` : ""}`, () => {
      const exchanges = exchangesOf(report, s);
      expect(exchanges.length).toBeGreaterThan(0);
      for (const x of exchanges) {
        const problems = x.findings.filter((f) => f.severity !== "info").map((f) => `${f.code} (${f.severity})`);
        expect(problems, `${x.method} ${x.url}`).toEqual([]);
      }
    });
  }

  it.each(REAL.map((s) => [s.name, s] as const))("%s: the root cause is its expectedRoot", (_name, s) => {
    const actual = exchangesOf(report, s).filter((x) => x.method === s.request.method);
    expect(actual.length).toBeGreaterThan(0);
    for (const x of actual) expect(x.rootCause, x.url).toBe(s.expectedRoot);
  });
});
