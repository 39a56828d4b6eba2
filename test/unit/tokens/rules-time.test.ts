/** auth.token-expired, auth.token-not-yet-valid, auth.clock-skew and auth.retry-loop. */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import { clockSkewRule } from "../../../src/core/tokens/rules/clock-skew.ts";
import { tokenExpiredRule } from "../../../src/core/tokens/rules/expired.ts";
import { tokenNotYetValidRule } from "../../../src/core/tokens/rules/not-yet-valid.ts";
import { retryLoopRule } from "../../../src/core/tokens/rules/retry-loop.ts";
import { API_ORIGIN, T0, chromeEntry, evidenceValue, exchangeOf, one, ruleOn, runRule, visibleText } from "../helpers.ts";
import { T0_SECONDS, jws, validClaims } from "./make.ts";

const ME = `${API_ORIGIN}/v1/me`;

function send(token: string, status = 401, extra: Parameters<typeof chromeEntry>[0] = {}) {
  return exchangeOf("e1", chromeEntry({ url: ME, status, requestHeaders: { Authorization: `Bearer ${token}` }, ...extra }));
}

describe("auth.token-expired", () => {
  it("on a 401: an error that says by how much, with exp in UTC", () => {
    const token = jws(validClaims({ exp: T0_SECONDS - 12 * 60 }));
    const f = one(ruleOn(tokenExpiredRule, send(token)), "auth.token-expired");
    expect(f.severity).toBe("error");
    expect(f.detail).toBe(
      "GET /v1/me on api.example.com sent a JWT in the Authorization header that expired 12 min before this request (exp 2026-11-24T09:48:00Z). The server answered 401: the expiry explains it.",
    );
    expect(evidenceValue(f, "exp")).toContain("12 min before this request");
    expect(f.fix).toMatch(/refresh/);
    expect(visibleText(f)).not.toContain(token);
  });

  it("on a 200: a warning, since the server accepted it", () => {
    const f = one(ruleOn(tokenExpiredRule, send(jws(validClaims({ exp: T0_SECONDS - 3600 })), 200)), "auth.token-expired");
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain("still answered 200");
  });

  it("within the leeway: a warning that names the leeway", () => {
    const f = one(ruleOn(tokenExpiredRule, send(jws(validClaims({ exp: T0_SECONDS - 20 })))), "auth.token-expired");
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain("20 s before this request");
    expect(f.detail).toContain("60 s leeway");
  });

  it("follows the analysis options' leeway", () => {
    const x = send(jws(validClaims({ exp: T0_SECONDS - 20 })));
    const strict = diagnose([x], {}, [tokenExpiredRule], { leewaySeconds: 0 })[0]!.findings;
    expect(one(strict, "auth.token-expired").severity).toBe("error");
  });

  it.each([["a valid token", jws(validClaims())], ["a token without exp", jws({ sub: "u" })]])("not for %s", (_l, token) => {
    expect(ruleOn(tokenExpiredRule, send(token))).toEqual([]);
  });
});

describe("auth.token-not-yet-valid", () => {
  it("names nbf and how far ahead it is", () => {
    const f = one(ruleOn(tokenNotYetValidRule, send(jws(validClaims({ nbf: T0_SECONDS + 10 * 60 })))), "auth.token-not-yet-valid");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("not valid until 2026-11-24T10:10:00Z (nbf), 10 min after this request");
  });
  it("not when nbf has passed", () => {
    expect(ruleOn(tokenNotYetValidRule, send(jws(validClaims({ nbf: T0_SECONDS - 10 }))))).toEqual([]);
  });
});

describe("auth.clock-skew", () => {
  const date = (ms: number) => new Date(ms).toUTCString();

  it("compares the response Date with the request time, and says which clock is ahead", () => {
    const x = send(jws(validClaims()), 401, { time: 0, responseHeaders: { Date: date(T0 + 5 * 60_000) } });
    const f = one(ruleOn(clockSkewRule, x), "auth.clock-skew");
    expect(f.detail).toContain("dated 2026-11-24T10:05:00Z (Date: Tue, 24 Nov 2026 10:05:00 GMT)");
    expect(f.detail).toContain("this machine's clock read 2026-11-24T10:00:00Z");
    expect(f.detail).toContain("the server's clock is 5 min ahead of this machine's, beyond the 60 s leeway");
    expect(evidenceValue(f, "Difference")).toMatch(/server ahead/);
  });

  it("a server clock behind", () => {
    const f = one(ruleOn(clockSkewRule, send(jws({ sub: "u", exp: T0_SECONDS + 3600 }), 401, { responseHeaders: { Date: date(T0 - 10 * 60_000) } })), "auth.clock-skew");
    expect(f.detail).toContain("10 min behind this machine's");
  });

  it("not within the leeway, nor for the time the response took", () => {
    expect(ruleOn(clockSkewRule, send(jws(validClaims()), 401, { responseHeaders: { Date: date(T0 + 30_000) } }))).toEqual([]);
    // A 2-minute response is stamped up to 2 minutes after the request started.
    expect(ruleOn(clockSkewRule, send(jws(validClaims()), 401, { time: 120_000, responseHeaders: { Date: date(T0 + 120_000) } }))).toEqual([]);
  });

  it("not on a healthy request without token times", () => {
    const x = exchangeOf("e1", chromeEntry({ url: ME, status: 200, responseHeaders: { Date: date(T0 + 3_600_000) } }));
    expect(ruleOn(clockSkewRule, x)).toEqual([]);
  });

  it("iat in the server's future (its Date), beyond the leeway", () => {
    const x = send(jws(validClaims({ iat: T0_SECONDS + 10 * 60 })), 401, { responseHeaders: { Date: date(T0) } });
    const f = one(ruleOn(clockSkewRule, x), "auth.clock-skew");
    expect(f.detail).toContain("issued at 2026-11-24T10:10:00Z (iat), 10 min after the server's clock (Date: Tue, 24 Nov 2026 10:00:00 GMT)");
  });

  it("iat against the request time when there is no Date", () => {
    const f = one(ruleOn(clockSkewRule, send(jws(validClaims({ iat: T0_SECONDS + 300 })))), "auth.clock-skew");
    expect(f.detail).toContain("5 min after the request time (no Date header, so this machine's clock)");
  });
});

describe("auth.retry-loop", () => {
  const attempt = (id: string, at: number, url = ME, status = 401) =>
    exchangeOf(id, chromeEntry({ url, at, status, requestHeaders: { Authorization: "Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a9f0dQ3" } }));

  it("3 401s for the same method and URL within 10 s: on the first, naming the others", () => {
    const xs = [attempt("e1", 0), attempt("e2", 1500), attempt("e3", 4200)];
    const byId = runRule(retryLoopRule, xs);
    const f = one(byId.get("e1")!, "auth.retry-loop");
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain("GET /v1/me on api.example.com was answered 401 3 times in 4 s (at 10:00:00.000, 10:00:01.500 and 10:00:04.200 UTC)");
    expect(f.detail).toContain("Every attempt sent the same credentials");
    expect(f.related).toEqual(["e2", "e3"]);
    // diagnose lists it on the others too.
    expect(one(byId.get("e3")!, "auth.retry-loop").detail).toBe(f.detail);
  });

  it("a storm is one burst while attempts keep coming within the window", () => {
    const xs = Array.from({ length: 6 }, (_, i) => attempt(`e${i + 1}`, i * 4000));
    const f = one(runRule(retryLoopRule, xs).get("e1")!, "auth.retry-loop");
    expect(f.detail).toContain("answered 401 6 times in 20 s");
    expect(runRule(retryLoopRule, xs).get("e6")!.map((g) => g.code)).toEqual(["auth.retry-loop"]);
  });

  it.each([
    ["two 401s", [attempt("e1", 0), attempt("e2", 1000)]],
    ["three 401s spread over 24 s", [attempt("e1", 0), attempt("e2", 12_000), attempt("e3", 24_000)]],
    ["three different URLs", [attempt("e1", 0), attempt("e2", 100, `${ME}?a=1`), attempt("e3", 200, `${ME}?a=2`)]],
    ["a 200 between", [attempt("e1", 0), attempt("e2", 100, ME, 200), attempt("e3", 200)]],
  ])("not for %s", (_l, xs) => {
    for (const found of runRule(retryLoopRule, xs).values()) expect(found).toEqual([]);
  });
});

describe("auth.token-expired on an issued token", () => {
  it("a token endpoint that hands out an expired token: a warning about clocks", () => {
    const e = chromeEntry({ method: "POST", url: "https://id.example.com/oauth/token" }) as { response: { content: unknown } };
    e.response.content = { size: 1, mimeType: "application/json", text: JSON.stringify({ access_token: jws(validClaims({ exp: T0_SECONDS - 600 })), token_type: "Bearer" }) };
    const f = one(ruleOn(tokenExpiredRule, exchangeOf("e1", e)), "auth.token-expired");
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain("POST /oauth/token on id.example.com received a JWT in the response body access_token that expired 10 min before this request");
    expect(f.detail).toContain("issued already expired");
  });
});
