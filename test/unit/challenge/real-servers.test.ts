/** Challenges real servers send (test/fixtures/challenge/real-servers.json), read strictly and leniently. */
import { describe, expect, it } from "vitest";
import { explainChallenges } from "../../../src/core/challenge/explain.ts";
import { parseChallenges } from "../../../src/core/challenge/parse.ts";
import { REAL_SERVERS } from "./fixtures.ts";

describe("real servers", () => {
  it("every case names its source and an expectation", () => {
    expect(REAL_SERVERS.length).toBeGreaterThanOrEqual(25);
    for (const c of REAL_SERVERS) {
      expect(c.source.length, c.id).toBeGreaterThan(20);
      expect(c.expect_strict !== undefined || c.expect_lenient !== undefined, c.id).toBe(true);
    }
  });

  it.each(REAL_SERVERS.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const r = parseChallenges(c.fields);
    if (c.expect_ok === false) {
      expect(r.ok).toBe(false);
      expect(r.strict).toEqual([]);
      expect(r.lenient).toEqual(c.expect_lenient);
    } else {
      expect(r.ok).toBe(true);
      expect(r.strict).toEqual(c.expect_strict);
    }
    expect(r.problems.map((p) => p.code)).toEqual(c.expect_problems ?? []);
  });

  it.each(REAL_SERVERS.map((c) => [c.id, c] as const))("%s is explained without losing a challenge", (_id, c) => {
    const explained = explainChallenges(c.fields);
    const r = parseChallenges(c.fields);
    expect(explained.map((e) => e.scheme)).toEqual(r.lenient.map((l) => l.scheme));
    for (const e of explained) {
      expect(e.summary.length).toBeGreaterThan(20);
      expect(e.next.length).toBeGreaterThan(0);
    }
  });
});
