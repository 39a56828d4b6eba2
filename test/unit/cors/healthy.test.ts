/** Healthy CORS raises no error and no warning (an info on why a preflight was sent is fine). */
import { describe, expect, it } from "vitest";
import { corsReport } from "../../../src/core/cors/index.ts";
import { HEALTHY, SHAPES, build, contextOf, corsProblems, findingsById } from "./captures.ts";

describe.each(SHAPES)("healthy CORS, %s capture", (shape) => {
  it.each(HEALTHY.map((h) => [h.name, h] as const))("%s", (_name, h) => {
    const b = build(h, shape);
    const found = findingsById(b.exchanges);
    for (const [id, findings] of found) expect(corsProblems(findings), id).toEqual([]);

    const { ctx, byId } = contextOf(b.exchanges);
    const report = corsReport(byId.get(b.subjectId)!, ctx);
    expect(report.blocked).toBe(false);
    expect(report.failed).toBeUndefined();
    expect(report.checks.filter((k) => k.passed === false)).toEqual([]);
    expect(report.fix).toBeUndefined();
  });
});

describe("the JSON POST after a good preflight", () => {
  const h = HEALTHY.find((x) => x.name === "JSON POST after a good preflight")!;

  it("says why the preflight was sent, as info, on the request (not repeated on its preflight)", () => {
    const b = build(h, "chromium");
    const found = findingsById(b.exchanges);
    expect(found.get("pre") ?? []).toEqual([]);
    for (const id of ["req"]) {
      const trigger = (found.get(id) ?? []).filter((f) => f.code === "cors.preflight-trigger");
      expect(trigger, id).toHaveLength(1);
      expect(trigger[0]!.severity).toBe("info");
      expect(trigger[0]!.phase).toBe("preflight");
      expect(trigger[0]!.detail).toContain("Authorization");
      expect(trigger[0]!.detail).toContain("`application/json`");
    }
  });

  it("reports every check passed or skipped, in both phases", () => {
    const b = build(h, "firefox-webrequest");
    const { ctx, byId } = contextOf(b.exchanges);
    const report = corsReport(byId.get("req")!, ctx);
    expect(report.applies).toBe(true);
    expect(report.verdict).toBe("CORS allowed it.");
    expect(report.preflightId).toBe("pre");
    expect(report.checks.some((k) => k.phase === "preflight" && k.passed === true)).toBe(true);
    expect(report.checks.some((k) => k.phase === "actual" && k.passed === true)).toBe(true);
    // The preflight's own row reads the same report.
    expect(corsReport(byId.get("pre")!, ctx)).toEqual(report);
  });
});

describe("requests CORS does not apply to", () => {
  it("same-origin requests and navigations", () => {
    const same = build({ request: { method: "GET", url: "https://app.example.com/api/me" }, preflight: null, response: { status: 200, headers: [] } }, "chromium");
    const { ctx, byId } = contextOf(same.exchanges);
    const report = corsReport(byId.get("req")!, ctx);
    expect(report.applies).toBe(false);
    expect(report.checks).toEqual([]);
    expect(corsProblems(findingsById(same.exchanges).get("req") ?? [])).toEqual([]);
  });
});
