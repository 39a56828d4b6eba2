/**
 * Every case of test/fixtures/cors/cases.json (one per trigger of the Chromium CorsError table),
 * in Chromium's and Firefox's capture shapes: the CORS findings, their phases and their order,
 * and the report's reason as Chromium names it.
 */
import { describe, expect, it } from "vitest";
import { CHROMIUM_CORS_ERROR_TO_CODE, corsReport } from "../../../src/core/cors/index.ts";
import type { Finding } from "../../../src/core/findings.ts";
import { CASES, type CorsCase, PAGE, SHAPES, build, buildFirefoxHarPreflightOnly, contextOf, corsProblems, findingsById } from "./captures.ts";

function findingsOf(c: CorsCase, shape: (typeof SHAPES)[number]): readonly Finding[] {
  const b = build(c, shape);
  return findingsById(b.exchanges).get(b.subjectId) ?? [];
}

describe.each(SHAPES)("CORS cases, %s capture", (shape) => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const found = findingsOf(c, shape);
    expect(corsProblems(found)).toEqual(c.expect);

    const b = build(c, shape);
    const { ctx, byId } = contextOf(b.exchanges);
    const report = corsReport(byId.get(b.subjectId)!, ctx);
    expect(report.applies).toBe(true);
    expect(report.blocked).toBe(true);
    expect(report.failed).toBe(CHROMIUM_CORS_ERROR_TO_CODE[c.chromium]);
    expect(report.chromiumEquivalent).toBe(c.chromium);
    expect(report.verdict).toMatch(/\S/);
    // The check that failed first is the reported one, in the same phase.
    const firstFailed = report.checks.find((k) => k.passed === false && k.code === report.failed);
    expect(firstFailed).toBeDefined();
  });
});

describe("finding texts name the real values", () => {
  const byName = new Map(CASES.map((c) => [c.name, c]));
  const get = (name: string) => {
    const c = byName.get(name);
    if (!c) throw new Error(`no case ${name}`);
    return c;
  };
  const first = (c: CorsCase) => findingsOf(c, "chromium").find((f) => f.code === c.expect[0]![0])!;

  it("the origin and the value of Access-Control-Allow-Origin seen", () => {
    for (const name of [
      "Access-Control-Allow-Origin with a trailing slash",
      "Access-Control-Allow-Origin with the wrong scheme",
      "Access-Control-Allow-Origin with another port",
      "Access-Control-Allow-Origin in another letter case",
    ]) {
      const c = get(name);
      const f = first(c);
      const seen = c.response!.headers.find(([n]) => n === "Access-Control-Allow-Origin")![1];
      expect(f.detail).toContain(PAGE);
      expect(f.detail).toContain(seen);
      expect(f.detail).toContain(c.difference!);
      expect(f.fix).toContain(`Access-Control-Allow-Origin: ${PAGE}`);
    }
  });

  it("the missing header by name", () => {
    for (const name of ["custom header not in Access-Control-Allow-Headers", "Authorization not in Access-Control-Allow-Headers"]) {
      const c = get(name);
      const f = first(c);
      expect(f.detail.toLowerCase()).toContain(c.header!);
      expect(f.evidence.find((e) => e.label === "Header not allowed")?.value.toLowerCase()).toBe(c.header);
    }
  });

  it("the method, as the browser sent it", () => {
    const f = first(get("patch written in lower case by the page"));
    expect(f.detail).toContain("Access-Control-Request-Method: patch");
    expect(f.detail).toContain("`PATCH`");
    expect(f.detail).toContain("normalize");
    expect(f.fix).toContain("PATCH");
    const lower = first(get("Access-Control-Allow-Methods in lower case"));
    expect(lower.detail).toContain("`put`");
    expect(lower.fix).toContain("Access-Control-Allow-Methods: GET, PUT");
  });

  it("the status a preflight got, and why auth middleware must let OPTIONS through", () => {
    for (const name of ["preflight answered 403 by auth middleware, without CORS headers", "preflight answered 401 with its CORS headers"]) {
      const f = findingsOf(get(name), "chromium").find((x) => x.code === "cors.preflight-failed-status")!;
      expect(f.detail).toMatch(/40[13]/);
      expect(f.detail).toContain("never carries credentials");
      expect(f.fix).toContain("before authentication");
      expect(f.fix).toContain("OPTIONS");
    }
    const notFound = findingsOf(get("preflight answered 404 with no route for OPTIONS"), "chromium").find((x) => x.code === "cors.preflight-failed-status")!;
    expect(notFound.detail).toContain("404");
    expect(notFound.detail).not.toContain("never carries credentials");
  });

  it("what the server really answered, behind the CORS error", () => {
    const f = findingsOf(get("401 answered without CORS headers: the real status is hidden"), "chromium").find((x) => x.code === "cors.error-hidden-by-cors")!;
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain("401 Unauthorized");
    expect(f.detail).toContain('error="invalid_token"');
    expect(f.fix).toContain("WWW-Authenticate");
  });

  it("the redirect's target, with its password masked", () => {
    const f = first(get("redirect to a URL with user and password"));
    expect(f.detail).toContain("files.example.com");
    expect(f.detail).not.toContain("s3cret");
    expect(f.evidence.map((e) => e.value).join(" ")).not.toContain("s3cret");
  });

  it("the null origin and the redirect that caused it", () => {
    const f = first(get("Origin null after a redirect to another origin"));
    expect(f.detail).toContain("`null`");
    expect(f.detail).toContain("https://api.example.com/v1/orders");
    expect(f.fix).toContain("directly");
    expect(f.fix).toContain(`Origin: ${PAGE}`);
    expect(f.fix).not.toMatch(/Access-Control-Allow-Origin: null/);
  });

  it("the credentials that made the request credentialed", () => {
    const f = first(get("wildcard origin on a request with cookies"));
    expect(f.detail).toContain("session");
    expect(f.detail).toContain('"include"');
    expect(f.fix).toContain(`Access-Control-Allow-Origin: ${PAGE}`);
  });
});

describe("Firefox's HAR, which leaves the blocked request out", () => {
  // Only preflight failures are visible then, and only those that do not depend on the
  // request's cookies (the preflight never carries them).
  const visible = CASES.filter(
    (c) => c.preflight && c.preflight.status !== 0 && c.expect.every(([, phase]) => phase === "preflight") && !(c.request.cookies?.length ?? 0),
  );

  it("has preflight cases to check", () => {
    expect(visible.length).toBeGreaterThan(10);
  });

  it.each(visible.map((c) => [c.name, c] as const))("%s: diagnosed on the lone preflight", (_name, c) => {
    const b = buildFirefoxHarPreflightOnly(c);
    expect(corsProblems(findingsById(b.exchanges).get("pre") ?? [])).toEqual(c.expect);
  });
});

describe("requests the browser let through", () => {
  it("get no finding for a check the browser enforces: the capture, not the browser, would be wrong", () => {
    const enforced = CASES.filter((c) => c.response !== null && c.expect.every(([code]) => code !== "cors.redirect-contains-credentials"));
    for (const c of enforced) {
      const b = build({ ...c, blocked: false }, "chromium");
      const problems = corsProblems(findingsById(b.exchanges).get(b.subjectId) ?? []);
      expect(problems.filter(([code]) => code !== "cors.vary-origin-missing"), c.name).toEqual([]);
      // The panel's report still shows the reading, saying the browser disagreed.
      const { ctx, byId } = contextOf(b.exchanges);
      const report = corsReport(byId.get(b.subjectId)!, ctx);
      expect(report.blocked, c.name).toBe(false);
      expect(report.failed, c.name).toBeUndefined();
      expect(report.verdict, c.name).toMatch(/^The browser let it through, yet by the Fetch standard it fails: /);
    }
  });

  it("still get a redirect to a URL with credentials: no browser follows it", () => {
    const c = CASES.find((x) => x.name === "redirect to a URL with user and password")!;
    const b = build({ ...c, blocked: false }, "chromium");
    expect(corsProblems(findingsById(b.exchanges).get(b.subjectId) ?? [])).toEqual([["cors.redirect-contains-credentials", "actual"]]);
  });
});
