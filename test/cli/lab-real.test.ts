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

  /** The root finding of a real scenario's (last) request. */
  function rootOf(name: Scenario["name"]) {
    const s = REAL.find((r) => r.name === name);
    if (s === undefined) throw new Error(`no real scenario ${name}`);
    const x = exchangesOf(report, s).filter((e) => e.method === s.request.method).at(-1);
    const f = x?.findings.find((g) => g.code === x.rootCause);
    if (f === undefined) throw new Error(`${name} has no root finding`);
    return f;
  }

  it("jwks-api-dev-token: the unknown kid is learned from the JWK Set the page fetched through discovery, not from the server", () => {
    const f = rootOf("jwks-api-dev-token");
    expect(f.code).toBe("auth.token-key-unknown");
    expect(f.detail).toContain("Its kid is `orders-dev-es256`, but the JWK Set of its issuer");
    const learned = f.evidence.find((e) => e.label === "Issuer's keys (captured)")?.value ?? "";
    expect(learned).toMatch(/\/oauth\/keys: kid orders-prod-es256-2026$/);
    expect(f.evidence.find((e) => e.label === "The token's value")?.value).toBe("orders-dev-es256");
  });

  it("jwks-api-bad-signature: the ES256 signature is checked against the key the page fetched, and both sides are named", () => {
    const f = rootOf("jwks-api-bad-signature");
    expect(f.code).toBe("auth.token-signature-invalid");
    expect(f.detail).toContain("Its ES256 signature does not verify with the key `orders-prod-es256-2026` of its issuer");
    expect(f.evidence.find((e) => e.label === "Issuer's keys (captured)")?.value).toMatch(/\/oauth\/keys: kid orders-prod-es256-2026$/);
    expect(f.evidence.find((e) => e.label === "The token's value")?.value).toBe("ES256, kid orders-prod-es256-2026");
  });

  it("jwks-api-wrong-audience: both audiences are named, the expected one learned from the request the same API accepted", () => {
    const f = rootOf("jwks-api-wrong-audience");
    expect(f.evidence.find((e) => e.label === "The token's value")?.value).toBe("https://inventory.authlens.test");
    expect(f.evidence.find((e) => e.label === "Accepted audience (captured)")?.value).toMatch(/^https:\/\/orders\.authlens\.test: GET \S+\/api\/jwks-api-ok → 200$/);
  });

  it("express-jwt-id-token: the ID token's marks are named, and the library's audience refusal supports it", () => {
    const f = rootOf("express-jwt-id-token");
    expect(f.evidence.find((e) => e.label === "ID token marks")?.value).toBe("nonce, auth_time");
    const x = exchangesOf(report, REAL.find((r) => r.name === "express-jwt-id-token")!).find((e) => e.method === "GET");
    expect(x?.findings.find((g) => g.code === "auth.token-audience-mismatch")?.role).toBe("supporting");
  });

  it("kong-key-auth-wrong-header: Kong's words are read as its key-auth plugin's", () => {
    const f = rootOf("kong-key-auth-wrong-header");
    expect(f.evidence.find((e) => e.label === "Server message")?.value).toBe("No API key found in request");
    expect(f.evidence.find((e) => e.label === "Message source")?.value).toBe("Kong key-auth plugin");
  });

  it("oidc-refresh-token-sent-twice: the invalid_grant names the earlier refresh that rotated the token", () => {
    const f = rootOf("oidc-refresh-token-sent-twice");
    expect(f.detail).toContain("The capture shows the same refresh token sent before");
    expect(f.detail).toContain("answered 200");
  });

  it("oidc-token-pkce-mismatch: the S256 of the verifier sent is computed and set beside the challenge of the sign-in the page ran", () => {
    const f = rootOf("oidc-token-pkce-mismatch");
    const value = (label: string) => f.evidence.find((e) => e.label === label)?.value;
    expect(value("code_challenge_method")).toBe("S256");
    expect(value("S256 of the code_verifier")).toMatch(/^[\w-]{43}$/);
    expect(value("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(value("S256 of the code_verifier")).not.toBe(value("code_challenge"));
    expect(value("Authorization endpoint")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth$/);
    // The verifier is a secret: masked.
    expect(value("code_verifier")).toMatch(/^\w{4}… \(43 chars\)$/);
  });

  it("the sign-in's front channel and the issuer metadata the page read carry no finding", () => {
    // The PKCE scenario's sign-in succeeds (its failure is the code exchange after it).
    const front = report.exchanges.filter((x) => /\/(auth|interaction)(\/|\?)|\/oidc\/callback\?code=|\/\.well-known\/openid-configuration$|\/oauth\/keys$/.test(x.url));
    // Each scenario that discovers reads the issuer's metadata and its key set once.
    const discovering = REAL.filter((r) => r.request.discover).length;
    expect(discovering).toBe(2);
    const metadata = Array.from({ length: discovering }, () => ["/.well-known/openid-configuration", "/oauth/keys"]).flat();
    expect(front.map((x) => new URL(x.url).pathname.replace(/^\/(auth|interaction)\/[\w-]+$/, "/$1/<uid>")).sort()).toEqual(
      [...metadata, "/auth", "/auth/<uid>", "/interaction/<uid>", "/oidc/callback"].sort(),
    );
    for (const x of front) expect(x.findings.map((f) => f.code), x.url).toEqual([]);
  });

  it("oidc-authorize-without-pkce: the provider's error is reported on its redirect and on the callback that carried it, with its description", () => {
    const f = rootOf("oidc-authorize-without-pkce");
    expect(f.detail).toContain("invalid_request");
    expect(f.detail).toContain("Authorization Server policy requires PKCE to be used for this request");
    const callback = report.exchanges.filter((x) => /\/oidc\/callback\?error=invalid_request&/.test(x.url));
    expect(callback).toHaveLength(1);
    expect(callback[0]?.rootCause).toBe("oauth.authorization-error");
  });

  it.each(REAL.map((s) => [s.name, s] as const))("%s: the root cause is its expectedRoot", (_name, s) => {
    const actual = exchangesOf(report, s).filter((x) => x.method === s.request.method);
    expect(actual).toHaveLength(s.request.repeat ?? 1);
    // A repeated request is judged on its last attempt, as the panel test does; the attempts
    // before it are what caused its failure (a refresh that rotated the token it sends again).
    expect(actual.at(-1)?.rootCause, actual.at(-1)?.url).toBe(s.expectedRoot);
    if (s.request.repeat === undefined) for (const x of actual) expect(x.rootCause, x.url).toBe(s.expectedRoot);
  });
});
