import { describe, expect, it } from "vitest";
import { RULES, diagnose } from "../../src/core/diagnose.ts";
import { finding } from "../../src/core/findings.ts";
import type { Rule } from "../../src/core/rule.ts";
import { summarize } from "../../src/core/summary.ts";
import { API_ORIGIN, type EntrySpec, PAGE_ORIGIN, chromeEntry, chromePreflight, exchangeOf } from "./helpers.ts";

function summaryOf(spec: EntrySpec, credentialsStripped = false, rules: readonly Rule[] = RULES) {
  const facts = credentialsStripped ? { credentialsStripped: "test capture" } : {};
  const [d] = diagnose([exchangeOf("e1", chromeEntry({ url: `${API_ORIGIN}/v1/orders`, ...spec }))], facts, rules);
  if (!d) throw new Error("no diagnosis");
  return { s: summarize(d, credentialsStripped), d };
}

describe("summarize", () => {
  it.each([401, 403, 407] as const)("shows the auth badge for %i", (status) => {
    const { s } = summaryOf({ status });
    expect(s.status).toBe(status);
    expect(s.authStatus).toBe(status);
  });

  it.each([200, 302, 404, 500, 0])("shows no auth badge for %i", (status) => {
    const { s } = summaryOf({ status });
    expect(s.status).toBe(status);
    expect(s.authStatus).toBeUndefined();
  });

  it("flags a CORS failure", () => {
    const { s } = summaryOf({ status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN } });
    expect(s.corsFailure).toBe(true);
    expect(s.status).toBe(0);
    expect(s.problem).toBe(true);
    expect(s.worst).toBe("error");
    expect(s.verdict).toBe("Blocked by CORS");
  });

  it("does not flag a CORS failure on a plain 401", () => {
    expect(summaryOf({ status: 401 }).s.corsFailure).toBe(false);
  });

  it("names the Authorization scheme and counts cookies from the header", () => {
    const { s } = summaryOf({ status: 200, requestHeaders: { Authorization: "Bearer abc", Cookie: "a=1; b=2; c=3" } });
    expect(s.credentials.authorizationScheme).toBe("Bearer");
    expect(s.credentials.cookieCount).toBe(3);
    expect(s.credentials.visibility).toBe("visible");
  });

  it("counts cookies from HAR request.cookies when there is no Cookie header", () => {
    const { s } = summaryOf({ status: 200, cookies: [{ name: "sid", value: "1" }, { name: "csrf", value: "2" }] });
    expect(s.credentials.cookieCount).toBe(2);
    expect(s.credentials.authorizationScheme).toBeUndefined();
  });

  it("says when an Authorization header has no scheme at all", () => {
    const { s } = summaryOf({ status: 200, requestHeaders: { Authorization: "" } });
    expect(s.credentials.authorizationScheme).toBe("(no scheme)");
  });

  it("reports no credentials as none", () => {
    const { s } = summaryOf({ status: 200 });
    expect(s.credentials).toEqual({ cookieCount: 0, visibility: "visible" });
  });

  it("says credentials are stripped in a sanitized capture", () => {
    expect(summaryOf({ status: 401 }, true).s.credentials.visibility).toBe("stripped");
  });

  it("raises the problem flag for an error, with the top finding as verdict", () => {
    const error = summaryOf({ status: 401 });
    expect(error.s.problem).toBe(true);
    expect(error.s.worst).toBe("error");
    expect(error.s.verdict).toBe(error.d.findings[0]?.title);
  });

  it("raises the problem flag for a warning", () => {
    const warn: Rule = { name: "warn", run: () => [finding("cors.vary-origin-missing", { detail: "d", evidence: [] })] };
    const { s } = summaryOf({ status: 200 }, false, [warn]);
    expect(s.worst).toBe("warning");
    expect(s.problem).toBe(true);
  });

  it("raises the problem flag for an auth status even when its only finding is info", () => {
    // A 403 with credentials is an info finding, but the request still failed.
    const info = summaryOf({ status: 403, requestHeaders: { Cookie: "sid=1" } });
    expect(info.s.worst).toBe("info");
    expect(info.s.verdict).toBe("Signed in, but not allowed");
    expect(info.s.problem).toBe(true);
  });

  it("keeps the problem flag down for info findings on a successful request, and for clean rows", () => {
    const note: Rule = { name: "note", run: () => [finding("token.opaque", { detail: "d", evidence: [] })] };
    const info = summaryOf({ status: 200 }, false, [note]);
    expect(info.s.worst).toBe("info");
    expect(info.s.problem).toBe(false);

    const clean = summaryOf({ status: 200 });
    expect(clean.s.problem).toBe(false);
    expect(clean.s.worst).toBeUndefined();
    expect(clean.s.verdict).toBeUndefined();
  });

  it("a preflight's row names what it is and its request's root cause, and is not a problem of its own", () => {
    const actual = exchangeOf("a", chromeEntry({ url: `${API_ORIGIN}/v1/orders`, at: 0, status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN, Authorization: "Bearer t" } }));
    const pre = exchangeOf("p", chromePreflight({ url: `${API_ORIGIN}/v1/orders`, at: 1, status: 401, requestHeadersList: "authorization" }));
    const ds = diagnose([actual, pre]);
    const byId = new Map(ds.map((d) => [d.exchange.id, d]));
    const request = summarize(byId.get("a")!, false, (id) => byId.get(id));
    expect(request.verdict).toBe("Auth middleware answered the preflight");
    expect(request.problem).toBe(true);
    const row = summarize(byId.get("p")!, false, (id) => byId.get(id));
    expect(row.verdict).toBe("Preflight for GET /v1/orders: Auth middleware answered the preflight");
    expect(row.preflightFor).toBe("a");
    expect(row.problem).toBe(false);
    expect(row.authStatus).toBeUndefined();
    expect(row.corsFailure).toBe(false);
  });

  it("in a stripped capture, says credentials were sent where the exchange proves it, and unknown elsewhere", () => {
    const proven = summaryOf({ status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' } }, true).s;
    expect(proven.credentials.visibility).toBe("stripped");
    expect(proven.credentials.provenSent).toContain('error="invalid_token"');
    const unknown = summaryOf({ status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer realm="api"' } }, true).s;
    expect(unknown.credentials.visibility).toBe("stripped");
    expect(unknown.credentials.provenSent).toBeUndefined();
  });

  it("marks preflights", () => {
    const [d] = diagnose([exchangeOf("p", chromePreflight({ url: `${API_ORIGIN}/v1/orders` }))]);
    expect(d && summarize(d).preflight).toBe(true);
    expect(summaryOf({ status: 200 }).s.preflight).toBe(false);
  });
});
