/**
 * The lab's "Real servers" scenarios, driven from Node the way a browser drives them: the
 * preflight a browser would send (Fetch §4.8), the actual request with its Origin, and the CORS
 * check (Fetch §4.9) on what came back. Each real library must answer as its row describes,
 * so a library upgrade that changes an answer shows up here before it reaches the fixtures.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGUE, isFindingCode } from "../../../src/core/findings.ts";
import { DPOP_ALGS } from "../../lab/real/scenarios.ts";
import { REAL_STACKS, stackPort } from "../../lab/real/index.ts";
import { JWKS_PATH } from "../../lab/real/express-jwt.ts";
import { getScenario, type ChromiumCorsError, type Scenario, SCENARIOS } from "../../lab/scenarios.ts";
import { type Lab, startLab } from "../../lab/server.ts";
import { mintLabTokens } from "../../lab/tokens.ts";

const REAL = SCENARIOS.filter((s) => s.server !== undefined && !s.helper);
/** The repository's copy of the finding contract: a root may be a code whose check is not built yet. */
const FINDINGS_MD = readFileSync(new URL("../../fixtures/unit/FINDINGS.md", import.meta.url), "utf8");

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ pagePort: 0, apiPort: 0 });
});
afterAll(async () => {
  await lab?.close();
});

function authorizationFor(s: Scenario): string | undefined {
  const auth = s.request.authorization;
  if (auth === undefined) return undefined;
  switch (auth.kind) {
    case "bearer":
      return `Bearer ${mintLabTokens(lab.apiOrigin)[auth.token]}`;
    case "stack":
      return `${auth.scheme} ${lab.real.tokens[auth.token] ?? ""}`;
    case "basic":
      return `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString("base64")}`;
    case "literal":
      return auth.value;
    default:
      throw new Error(`no Node equivalent for ${auth.kind}`);
  }
}

/** The request's headers as the page's fetch() sets them, without Origin and Cookie. */
function headersFor(s: Scenario): Record<string, string> {
  const authorization = authorizationFor(s);
  return { ...(s.request.headers ?? {}), ...(authorization === undefined ? {} : { Authorization: authorization }) };
}

/** The cookies of the scenario's helper, taken from its Set-Cookie as a browser stores them. */
async function cookiesFor(s: Scenario): Promise<string | undefined> {
  if (s.request.credentials !== "include" || s.request.before === undefined) return undefined;
  const helper = getScenario(s.request.before);
  if (helper === undefined) throw new Error(`no helper ${s.request.before}`);
  const res = await fetch(lab.originFor(helper) + helper.path, { method: helper.request.method, headers: { Origin: lab.pageOrigin } });
  await res.arrayBuffer();
  return res.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
}

const SAFELISTED = /^(accept|accept-language|content-language)$/i;
const SIMPLE_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\s*(;|$)/i;

/** Access-Control-Request-Headers as a browser computes it: the unsafe names, lowercase, sorted. */
function unsafeHeaderNames(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name, value]) => !SAFELISTED.test(name) && !(/^content-type$/i.test(name) && SIMPLE_TYPES.test(value)))
    .map(([name]) => name.toLowerCase())
    .sort();
}

function listOf(value: string | null): string[] {
  return (value ?? "").split(",").map((v) => v.trim().toLowerCase()).filter((v) => v !== "");
}

/**
 * Fetch §4.9 CORS check, in the order Chromium applies it; returns the CDP corsError Chromium
 * names for a failure (with the `Preflight` prefix for a preflight), or undefined when it passes.
 */
function corsCheck(res: Response, origin: string, credentialed: boolean, preflight: boolean): ChromiumCorsError | undefined {
  const p = (reason: string) => (preflight ? `Preflight${reason}` : reason) as ChromiumCorsError;
  const acao = res.headers.get("access-control-allow-origin");
  if (acao === null) return p("MissingAllowOriginHeader");
  if (acao.includes(",")) return p("MultipleAllowOriginValues");
  if (acao === "*") {
    if (credentialed) return p("WildcardOriginNotAllowed");
  } else if (acao !== origin) {
    return p("AllowOriginMismatch");
  }
  if (credentialed && res.headers.get("access-control-allow-credentials") !== "true") return p("InvalidAllowCredentials");
  return undefined;
}

interface Outcome {
  preflightStatus?: number;
  /** Status of the actual request at the server; null when a browser would never send it. */
  serverStatus: number | null;
  /** Status page script sees; null when a browser would block the response. */
  status: number | null;
  corsError?: ChromiumCorsError;
  response?: Response;
}

/** The Set-Cookie pairs a browser keeps for a host, sent back on every later request to it. */
function keepCookies(jar: Map<string, string>, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(";")[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

/** The authorization request of a scenario's sign-in, as page.js builds it. */
function authorizationUrl(s: Scenario, verifier: string): string {
  const signIn = s.request.signIn;
  if (signIn === undefined) throw new Error(`${s.name} does not sign in`);
  const query = new URLSearchParams({
    response_type: "code",
    client_id: signIn.clientId,
    redirect_uri: `${lab.pageOrigin}${signIn.callbackPath}`,
    scope: signIn.scope,
    state: randomBytes(16).toString("base64url"),
    nonce: randomBytes(16).toString("base64url"),
    ...(signIn.pkce ? { code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256" } : {}),
  });
  return `${lab.originFor(s)}${signIn.authorizePath ?? s.path}?${query}`;
}

/** A scenario whose own request is the authorization request (a navigation in the page's frame). */
function authorizes(s: Scenario): boolean {
  return s.request.signIn !== undefined && s.request.signIn.authorizePath === undefined;
}

/**
 * A scenario's sign-in (ScenarioSignIn) as the page's iframe runs it: the authorization request
 * and every redirect after it, with the provider's cookies, until the redirect to the page's
 * callback; then the code exchange's form body, as page.js builds it.
 */
async function signInBody(s: Scenario): Promise<string> {
  const signIn = s.request.signIn;
  if (signIn === undefined) throw new Error(`${s.name} does not sign in`);
  const verifier = randomBytes(32).toString("base64url");
  const redirectUri = `${lab.pageOrigin}${signIn.callbackPath}`;
  const jar = new Map<string, string>();
  let url = authorizationUrl(s, verifier);
  for (let hop = 0; !url.startsWith(redirectUri); hop++) {
    if (hop === 10) throw new Error(`${s.name}: the sign-in never reached ${redirectUri}`);
    const res = await fetch(url, { redirect: "manual", headers: { Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") } });
    const body = await res.text();
    keepCookies(jar, res);
    const location = res.headers.get("location");
    if (res.status !== 303 || location === null) throw new Error(`${s.name}: ${url} answered ${res.status}: ${body}`);
    url = new URL(location, url).href;
  }
  const code = new URL(url).searchParams.get("code") ?? "";
  expect(code, "the provider's redirect carries a code").not.toBe("");
  const sent = signIn.verifier === "own" ? verifier : randomBytes(32).toString("base64url");
  return new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: signIn.clientId, code_verifier: sent }).toString();
}

/** Runs a scenario as Chromium would: preflight when needed, then the actual request. */
async function runLikeABrowser(s: Scenario): Promise<Outcome> {
  if (authorizes(s)) {
    // A frame's navigation: no preflight and no CORS check; the provider's answer is a redirect.
    const response = await fetch(authorizationUrl(s, randomBytes(32).toString("base64url")), { redirect: "manual" });
    await response.arrayBuffer();
    return { serverStatus: response.status, status: response.status, response };
  }
  const url = lab.originFor(s) + s.path;
  const origin = lab.pageOrigin;
  // A prepared request (oidc-provider's) is set up afresh, as for a page load.
  const prepared = s.request.signIn !== undefined ? { headers: { ...(s.request.headers ?? {}) }, body: await signInBody(s) } : await lab.prepare(s);
  const headers = prepared?.headers ?? headersFor(s);
  const credentialed = s.request.credentials === "include";
  const unsafe = unsafeHeaderNames(headers);
  const needsPreflight = unsafe.length > 0 || !["GET", "HEAD", "POST"].includes(s.request.method);
  let preflightStatus: number | undefined;
  if (needsPreflight) {
    // A preflight never carries credentials (Fetch §4.8 step 1–2).
    const pre = await fetch(url, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": s.request.method,
        ...(unsafe.length > 0 ? { "Access-Control-Request-Headers": unsafe.join(",") } : {}),
      },
    });
    await pre.arrayBuffer();
    preflightStatus = pre.status;
    const corsError =
      corsCheck(pre, origin, credentialed, true) ??
      (pre.status < 200 || pre.status > 299 ? "PreflightInvalidStatus" : undefined) ??
      (() => {
        const allowed = listOf(pre.headers.get("access-control-allow-headers"));
        const wildcard = !credentialed && allowed.includes("*");
        // `*` never covers Authorization (Fetch §4.8 step 7.8), though browsers still accept it.
        const missing = unsafe.filter((h) => !allowed.includes(h) && !(wildcard && h !== "authorization"));
        return missing.length > 0 ? ("HeaderDisallowedByPreflightResponse" as const) : undefined;
      })();
    if (corsError !== undefined) return { preflightStatus, serverStatus: null, status: null, corsError };
  }
  const cookie = await cookiesFor(s);
  // A repeated request is sent as many times as the page sends it; the last answer counts.
  let response: Response | undefined;
  for (let attempt = 0; attempt < (s.request.repeat ?? 1); attempt++) {
    response = await fetch(url, {
      method: s.request.method,
      headers: { ...headers, Origin: origin, ...(cookie ? { Cookie: cookie } : {}) },
      body: prepared?.body ?? s.request.body,
      redirect: "manual",
    });
    await response.arrayBuffer();
  }
  if (response === undefined) throw new Error(`${s.name} sent no request`);
  const corsError = corsCheck(response, origin, credentialed, false);
  return { preflightStatus, serverStatus: response.status, status: corsError === undefined ? response.status : null, corsError, response };
}

describe("the real stacks", () => {
  it("each serve their scenarios on their own loopback origin", () => {
    expect(REAL.length).toBeGreaterThanOrEqual(20);
    for (const stack of REAL_STACKS) {
      const origin = lab.real.origins[stack.name];
      expect(origin, stack.name).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(origin).not.toBe(lab.apiOrigin);
      expect(REAL.some((s) => s.server === stack.name), `${stack.name} has a scenario`).toBe(true);
    }
    expect(new Set(Object.values(lab.real.origins)).size).toBe(REAL_STACKS.length);
  });

  it("take free ports when the lab API does, and the ports after the API's otherwise", () => {
    expect(stackPort(0, 2)).toBe(0);
    expect(stackPort(18082, 0)).toBe(18083);
    expect(stackPort(18082, 3)).toBe(18086);
  });

  it("leave the lab API out of their scenarios", async () => {
    const res = await fetch(lab.apiOrigin + REAL[0]!.path, { headers: { Origin: lab.pageOrigin } });
    await res.arrayBuffer();
    expect(res.status).toBe(404);
  });

  it("publish the JWKS the JWT tokens are checked against, without the retired key", async () => {
    const res = await fetch(lab.real.origins["express-jwt"] + JWKS_PATH);
    const jwks = (await res.json()) as { keys: { kid: string; kty: string; crv: string }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "EC", crv: "P-256" });
    const kid = (token: string | undefined) => JSON.parse(Buffer.from((token ?? "").split(".")[0]!, "base64url").toString()).kid;
    expect(kid(lab.real.tokens.jwtValid)).toBe(jwks.keys[0]!.kid);
    expect(kid(lab.real.tokens.jwtBadSignature)).toBe(jwks.keys[0]!.kid);
    expect(kid(lab.real.tokens.jwtUnknownKid)).not.toBe(jwks.keys[0]!.kid);
  });
});

describe.each(REAL.map((s) => [s.name, s] as const))("%s", (_name, s) => {
  it("answers as its row describes", async () => {
    const outcome = await runLikeABrowser(s);
    const { expect: want } = s;
    if (want.preflight) expect(outcome.preflightStatus, "preflight status").toBe(want.preflightStatus ?? 204);
    else expect(outcome.preflightStatus, "no preflight").toBeUndefined();
    expect(outcome.corsError, "the browser's CORS verdict").toBe(s.chromiumCorsError);
    expect(outcome.status, "status page script sees").toBe(want.status);
    const serverStatus = want.serverStatus !== undefined ? want.serverStatus : (want.status ?? 200);
    expect(outcome.serverStatus, "status of the actual request").toBe(serverStatus);

    const response = outcome.response;
    if (response !== undefined && want.wwwAuthenticate !== undefined) {
      const challenge = response.headers.get("www-authenticate");
      if (want.wwwAuthenticate === null) expect(challenge, "no challenge").toBeNull();
      else expect(challenge).toBe([want.wwwAuthenticate].flat().join(", "));
      if (challenge !== null && want.challengeReadable !== false) {
        expect(listOf(response.headers.get("access-control-expose-headers")), "challenge readable by script").toContain("www-authenticate");
      }
    }
  });

  it("names its expected root cause and a floor of codes that agrees with it", () => {
    expect(s.expectedRoot, "expectedRoot is set").not.toBeUndefined();
    for (const code of s.expectedCodes) expect(isFindingCode(code), `${code} is in the catalogue`).toBe(true);
    if (s.expectedRoot === null) {
      // A healthy request: at most information (token.jwt, token.basic), never a problem.
      expect(s.expectedCodes.filter((c) => isFindingCode(c) && CATALOGUE[c].severity !== "info")).toEqual([]);
      expect(s.expect.status).toBeGreaterThanOrEqual(200);
      expect(s.expect.status).toBeLessThan(300);
    } else {
      expect(FINDINGS_MD, `${s.expectedRoot} is a code of FINDINGS.md`).toContain(`| \`${s.expectedRoot}\` |`);
    }
  });
});

describe("prepared requests (oidc-provider)", () => {
  it("are set up afresh for every page load, so a second load meets the same error", async () => {
    const s = getScenario("oidc-refresh-token-reused");
    if (s === undefined) throw new Error("no oidc-refresh-token-reused");
    for (let load = 1; load <= 2; load++) {
      const page = await fetch(`${lab.pageOrigin}/`);
      const html = await page.text();
      const config = JSON.parse(/<script[^>]*id="lab-config"[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "{}") as {
        preparedRequests?: Record<string, { headers: Record<string, string>; body: string }>;
      };
      const prepared = config.preparedRequests?.[s.name];
      expect(prepared?.body, `page load ${load}`).toMatch(/grant_type=refresh_token/);
      const res = await fetch(lab.originFor(s) + s.path, { method: "POST", headers: { ...prepared?.headers, Origin: lab.pageOrigin }, body: prepared?.body });
      expect(res.status, `page load ${load}`).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe("invalid_grant");
    }
  });
});

describe("oidc-provider's authorization endpoint", () => {
  it("redirects a public client's sign-in without PKCE back to the page with invalid_request", async () => {
    const s = getScenario("oidc-authorize-without-pkce");
    if (s === undefined) throw new Error("no oidc-authorize-without-pkce");
    const outcome = await runLikeABrowser(s);
    const location = new URL(outcome.response?.headers.get("location") ?? "", lab.pageOrigin);
    expect(`${location.origin}${location.pathname}`).toBe(`${lab.pageOrigin}/oidc/callback`);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("error_description")).toBe("Authorization Server policy requires PKCE to be used for this request");
    expect(location.searchParams.get("iss")).toBe(lab.real.origins["oidc-provider"]);
  });
});

describe("express-oauth2-jwt-bearer", () => {
  it("offers DPoP next to Bearer, which the rows quote", async () => {
    const res = await fetch(`${lab.real.origins["express-jwt"]}/api/express-jwt-missing-token`, { headers: { Origin: lab.pageOrigin } });
    await res.arrayBuffer();
    expect(res.headers.get("www-authenticate")).toContain(DPOP_ALGS);
  });
});

describe("lab.overrideCors", () => {
  it("rewrites a real stack's CORS headers, and lets the request through once they are right", async () => {
    const s = getScenario("express-cors-after-auth");
    if (s === undefined) throw new Error("no express-cors-after-auth");
    const right = [
      { name: "Access-Control-Allow-Origin", value: lab.pageOrigin },
      { name: "Access-Control-Allow-Headers", value: "Authorization" },
      { name: "Vary", value: "Origin" },
    ];
    lab.overrideCors(s.name, { preflight: right, actual: right.slice(0, 1) });
    try {
      const fixed = await runLikeABrowser(s);
      expect(fixed.preflightStatus).toBe(204);
      expect(fixed.status).toBe(200);
    } finally {
      lab.overrideCors(s.name, undefined);
    }
    expect((await runLikeABrowser(s)).corsError).toBe("PreflightMissingAllowOriginHeader");
  });

  it("removes the CORS headers a library set one by one", async () => {
    const s = getScenario("express-cors-wildcard-credentials");
    if (s === undefined) throw new Error("no express-cors-wildcard-credentials");
    lab.overrideCors(s.name, {
      preflight: [],
      actual: [
        { name: "Access-Control-Allow-Origin", value: lab.pageOrigin },
        { name: "Access-Control-Allow-Credentials", value: "true" },
      ],
    });
    try {
      const fixed = await runLikeABrowser(s);
      expect(fixed.response?.headers.get("access-control-allow-origin")).toBe(lab.pageOrigin);
      expect(fixed.status).toBe(200);
    } finally {
      lab.overrideCors(s.name, undefined);
    }
  });
});

describe("lab.close()", () => {
  it("stops the real stacks with the lab", async () => {
    const other = await startLab({ pagePort: 0, apiPort: 0 });
    const origin = other.real.origins.fastify;
    const before = await fetch(`${origin}/api/fastify-ok`, { headers: { Origin: other.pageOrigin } });
    await before.arrayBuffer();
    expect(before.status).toBe(401);
    await other.close();
    await expect(fetch(`${origin}/api/fastify-ok`)).rejects.toThrow();
  });
});
