/**
 * authlens/playwright's verdict (src/playwright/verdict.ts), in process: which diagnoses fail a
 * test under each option, the message (request first, root cause in words, nothing from the
 * traffic that a terminal acts on), and rootCauseAtLeast, which the CLI's --fail-on shares.
 */
import { describe, expect, it } from "vitest";
import { type Diagnosis, diagnose } from "../../../src/core/diagnose.ts";
import { rootCauseAtLeast } from "../../../src/core/report.ts";
import { authProblems, failureMessage, problemsMarkdown } from "../../../src/playwright/verdict.ts";
import { API_ORIGIN, PAGE_ORIGIN, chromeEntry, chromePreflight, importEntries } from "../helpers.ts";

/** A CORS preflight refused by auth, a 401 for a "Bearer null", a token in a URL that succeeded, a healthy call. */
function sample(): Diagnosis[] {
  return diagnose(
    importEntries([
      chromeEntry({ method: "PUT", url: `${API_ORIGIN}/v1/orders`, at: 0, status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN } }),
      chromePreflight({ url: `${API_ORIGIN}/v1/orders`, at: 1, requestMethod: "PUT", status: 401 }),
      chromeEntry({ url: `${API_ORIGIN}/v1/me`, at: 2, status: 401, requestHeaders: { Authorization: "Bearer null" } }),
      chromeEntry({ url: `${API_ORIGIN}/v1/feed?access_token=abcdefghijklmnopqrstuvwxyz0123456789`, at: 3, status: 200 }),
      chromeEntry({ url: `${API_ORIGIN}/health`, at: 4, status: 200 }),
    ]),
  );
}

const roots = (ds: readonly Diagnosis[]) => ds.map((d) => d.rootCause);

describe("authProblems", () => {
  it("fails on the failed requests' root causes, in the order the requests started", () => {
    const ds = sample();
    const problems = authProblems(ds);
    expect(problems.map((p) => p.diagnosis.exchange.request.url)).toEqual([`${API_ORIGIN}/v1/orders`, `${API_ORIGIN}/v1/me`]);
    for (const p of problems) expect(p.root.code).toBe(p.diagnosis.rootCause);
    // The token in the URL is a warning on a request that succeeded: advice, never a failure.
    const feed = ds.find((d) => d.exchange.request.url.includes("/v1/feed"))!;
    expect(feed.findings.some((f) => f.code === "auth.token-in-url" && f.severity === "warning")).toBe(true);
    expect(authProblems(ds, { failOn: "info" })).toHaveLength(2);
  });

  it("honours codes, ignoreCodes and ignoreUrls", () => {
    const ds = sample();
    const [orders, me] = authProblems(ds).map((p) => p.root.code);
    expect(authProblems(ds, { codes: [me!] }).map((p) => p.root.code)).toEqual([me]);
    expect(authProblems(ds, { ignoreCodes: [orders!] }).map((p) => p.root.code)).toEqual([me]);
    expect(authProblems(ds, { ignoreUrls: ["/v1/orders"] }).map((p) => p.root.code)).toEqual([me]);
    // A global or sticky expression is tested afresh for every URL (no lastIndex carried over).
    expect(authProblems(ds, { ignoreUrls: [/\/v1\//g] })).toEqual([]);
  });

  it("rootCauseAtLeast: a root cause at the threshold or worse, never a request without one", () => {
    const ds = sample();
    expect(roots(ds.filter((d) => rootCauseAtLeast(d, "info")))).toEqual(roots(ds.filter((d) => d.rootCause !== null)));
    for (const d of ds.filter((x) => x.rootCause === null)) {
      for (const level of ["error", "warning", "info"] as const) expect(rootCauseAtLeast(d, level)).toBe(false);
    }
  });
});

describe("failureMessage", () => {
  it("puts each failing request first, then its root cause, detail and fix", () => {
    const problems = authProblems(sample());
    const message = failureMessage(problems);
    const lines = message.split("\n");
    expect(lines[0]).toBe("AuthLens found an auth problem in 2 requests:");
    expect(lines[2]).toMatch(new RegExp(`^1\\. PUT ${API_ORIGIN}/v1/orders → `));
    expect(lines[3]).toBe(`   ${problems[0]!.root.severity}: ${problems[0]!.root.title} (${problems[0]!.root.code})`);
    expect(message).toContain(`\n\n2. GET ${API_ORIGIN}/v1/me → 401`);
    for (const p of problems) if (p.root.fix !== undefined) expect(message).toContain("   Fix: ");
  });

  it("shows control and bidi characters from the traffic as visible escapes", () => {
    const ds = diagnose(
      importEntries([chromeEntry({ url: `${API_ORIGIN}/v1/\u202eme\u001b[2J`, status: 401, requestHeaders: { Authorization: "Bearer null\u0007" } })]),
    );
    const message = failureMessage(authProblems(ds));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that no control character gets through.
    expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(message).toContain("\\u202eme\\x1b[2J");
  });
});

describe("problemsMarkdown", () => {
  it("heads the attachment with the count, then each failing request's redacted diagnosis", () => {
    const problems = authProblems(sample());
    const md = problemsMarkdown(problems, 5);
    expect(md.startsWith("# AuthLens: 2 failing requests in 5 recorded requests\n\n### PUT ")).toBe(true);
    expect(md.match(/^### /gm)).toHaveLength(2);
    expect(problemsMarkdown([], 3)).toBe("# AuthLens: no auth problem in 3 recorded requests\n");
  });
});
