/**
 * The analysis session gives, after any sequence of changes, exactly the diagnoses `diagnose`
 * gives for the resulting capture at once: on every HAR fixture, on the 10,000-entry bench HAR
 * and on a capture made of cross-request cases (redirect chains, single-use grants, DPoP
 * retries, cookie jars across subdomains, retry storms, origin echoes, preflights).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateHar } from "../../../bench/analyze.bench.ts";
import { prng } from "../../../bench/prng.ts";
import { CaptureAnalysis } from "../../../src/core/analysis/capture-analysis.ts";
import { importHarDocument } from "../../../src/core/analyze-har.ts";
import { diagnose, RULES } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import type { CaptureFacts } from "../../../src/core/rule.ts";
import { harFiles } from "../../har-fixtures.ts";
import { countingRules } from "./counting-rules.ts";
import { API_ORIGIN, entry, harOf, PAGE_ORIGIN, REAL_JWT } from "../helpers.ts";
import { signInEntries } from "../oauth/sign-in-captures.ts";

interface Capture {
  readonly name: string;
  readonly exchanges: readonly Exchange[];
  readonly facts: CaptureFacts;
}

function fromHar(name: string, doc: unknown): Capture {
  const read = importHarDocument(doc);
  if (!read.ok) throw new Error(`${name}: ${read.error}`);
  return { name, exchanges: read.har.exchanges, facts: read.facts };
}

/** An entry with a form body sent and a JSON body received. */
function withBodies(e: Record<string, unknown>, form: string, json?: string): Record<string, unknown> {
  const request = e.request as Record<string, unknown>;
  const response = e.response as Record<string, unknown>;
  return {
    ...e,
    request: { ...request, postData: { mimeType: "application/x-www-form-urlencoded", text: form }, bodySize: form.length },
    response: json === undefined ? response : { ...response, content: { size: json.length, mimeType: "application/json", text: json } },
  };
}

/** The codes the cross-request capture exists to produce: each needs another request to be found. */
const CROSS_REQUEST_CODES = [
  "cookie.not-sent",
  "auth.retry-loop",
  "oauth.invalid-grant",
  "auth.authorization-stripped-on-redirect",
  "auth.dpop-nonce-required",
  "cors.vary-origin-missing",
  "auth.scheme-mismatch",
  "cors.preflight-blocked-by-auth",
  "auth.token-audience-mismatch",
  "auth.token-key-unknown",
  "oauth.state-mismatch",
  "oauth.pkce-mismatch",
  "oauth.authorization-error",
];

/** A JWS-shaped token (never verified) with these claims and kid. */
function jws(claims: Record<string, unknown>, kid: string): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "RS256", kid })}.${part(claims)}.c2lnbmF0dXJl`;
}

/** Requests that look across the capture, each kind at least twice, some sharing keys. */
function crossRequestCapture(): Capture {
  const api = `${API_ORIGIN}/v1/orders`;
  const token = `${API_ORIGIN}/oauth/token`;
  const form = { "Content-Type": "application/x-www-form-urlencoded" };
  const entries = [
    // Cookies set on the site, then a 401 without them; a deletion; a subdomain.
    entry({ url: `${API_ORIGIN}/login`, method: "POST", at: 0, status: 200, responseHeaders: [["Set-Cookie", "sid=abc; Path=/; Domain=example.com; Secure; HttpOnly"], ["Set-Cookie", "theme=dark; Path=/app"]] }),
    entry({ url: api, at: 100, status: 401, requestHeaders: { Origin: PAGE_ORIGIN } }),
    entry({ url: "https://eu.api.example.com/v1/orders", at: 150, status: 401 }),
    entry({ url: `${API_ORIGIN}/logout`, method: "POST", at: 200, status: 200, responseHeaders: [["Set-Cookie", "sid=; Path=/; Domain=example.com; Max-Age=0"]] }),
    entry({ url: api, at: 300, status: 401 }),
    // A storm of 401s on one URL.
    ...[400, 500, 600, 700, 800].map((at) => entry({ url: `${API_ORIGIN}/v1/me`, at, status: 401, requestHeaders: { Authorization: `Bearer ${REAL_JWT}` }, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' } })),
    // A code sent twice to the token endpoint.
    withBodies(entry({ url: token, method: "POST", at: 900, status: 200, requestHeaders: form }), "grant_type=authorization_code&code=c1&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb"),
    withBodies(
      entry({ url: token, method: "POST", at: 1000, status: 400, requestHeaders: form, responseHeaders: { "Content-Type": "application/json" } }),
      "grant_type=authorization_code&code=c1&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb",
      '{"error":"invalid_grant","error_description":"authorization code already used"}',
    ),
    // A redirect chain across origins that drops Authorization.
    entry({ url: `${API_ORIGIN}/v1/files`, at: 1100, status: 302, requestHeaders: { Authorization: `Bearer ${REAL_JWT}` }, responseHeaders: { Location: "https://files.example.net/a" } }),
    entry({ url: "https://files.example.net/a", at: 1110, status: 307, responseHeaders: { Location: "/b" } }),
    entry({ url: "https://files.example.net/b", at: 1120, status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer realm="files"' } }),
    // A DPoP nonce round and its retry.
    entry({ url: `${API_ORIGIN}/v1/dpop`, at: 1200, status: 401, requestHeaders: { Authorization: "DPoP abc", DPoP: "x.y.z" }, responseHeaders: { "WWW-Authenticate": 'DPoP error="use_dpop_nonce"', "DPoP-Nonce": "n1" } }),
    entry({ url: `${API_ORIGIN}/v1/dpop`, at: 1300, status: 200, requestHeaders: { Authorization: "DPoP abc", DPoP: "x.y.z" } }),
    // A server echoing two Origins without Vary, and a Bearer accepted on the origin.
    entry({ url: `${API_ORIGIN}/v1/echo`, at: 1400, status: 200, requestHeaders: { Origin: PAGE_ORIGIN, Authorization: `Bearer ${REAL_JWT}` }, responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN } }),
    entry({ url: `${API_ORIGIN}/v1/echo`, at: 1500, status: 200, requestHeaders: { Origin: "https://admin.example.com" }, responseHeaders: { "Access-Control-Allow-Origin": "https://admin.example.com" } }),
    entry({ url: `${API_ORIGIN}/v1/basic`, at: 1600, status: 401, requestHeaders: { Authorization: `Token ${REAL_JWT}` } }),
    // A preflight and its request, and a preflight alone.
    entry({ url: `${API_ORIGIN}/v1/cors`, method: "OPTIONS", at: 1700, status: 401, requestHeaders: { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization" } }),
    entry({ url: `${API_ORIGIN}/v1/cors`, method: "PUT", at: 1710, status: 0, requestHeaders: { Origin: PAGE_ORIGIN, Authorization: `Bearer ${REAL_JWT}` }, error: "net::ERR_FAILED" }),
    entry({ url: `${API_ORIGIN}/v1/lone`, method: "OPTIONS", at: 1800, status: 204, requestHeaders: { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "DELETE" } }),
    // Tokens the same API accepted, then one for another audience; an issuer's keys, then a kid not among them.
    ...[1900, 1950].map((at) => entry({ url: `${API_ORIGIN}/v2/items`, at, status: 200, requestHeaders: { Authorization: `Bearer ${jws({ iss: "https://login.example.com/", aud: "api" }, "k1")}` } })),
    entry({ url: `${API_ORIGIN}/v2/orders`, at: 2000, status: 401, requestHeaders: { Authorization: `Bearer ${jws({ iss: "https://login.example.com/", aud: "billing" }, "k1")}` }, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' } }),
    withBodies(entry({ url: "https://login.example.com/.well-known/openid-configuration", at: 2100, status: 200 }), "", '{"issuer":"https://login.example.com/","jwks_uri":"https://login.example.com/keys"}'),
    withBodies(entry({ url: "https://login.example.com/keys", at: 2200, status: 200 }), "", '{"keys":[{"kty":"RSA","kid":"k1","n":"x","e":"AQAB"}]}'),
    entry({ url: `${API_ORIGIN}/v3/reports`, at: 2300, status: 401, requestHeaders: { Authorization: `Bearer ${jws({ iss: "https://login.example.com/", aud: "api" }, "k0")}` }, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' } }),
    // Sign-ins linked by redirect URI, code, state and token: one that rotates a refresh token
    // and reuses it, one whose state comes back changed and whose verifier is another's, one refused.
    ...signInEntries({ refreshReused: true }),
    ...signInEntries({ state: "s-2", offset: 700_000, returnedState: "state-of-another-tab", verifier: "v".repeat(43), tokenAnswer: { status: 400, body: { error: "invalid_grant", error_description: "PKCE verification failed" } } }),
    ...signInEntries({ state: "s-3", offset: 800_000, error: { error: "login_required" } }),
  ];
  return fromHar("cross-request cases", harOf(entries));
}

function captures(): Capture[] {
  const files = harFiles().map((path) => fromHar(path, JSON.parse(readFileSync(path, "utf8"))));
  return [crossRequestCapture(), ...files];
}

/** Diagnoses as comparable text: the same JSON is the same verdict, evidence and order. */
function text(ds: readonly unknown[]): string {
  return JSON.stringify(ds);
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Adds `items` in bursts of random size (1 to `max`). */
function feed(analysis: CaptureAnalysis, items: readonly Exchange[], random: () => number, max: number): void {
  for (let i = 0; i < items.length; ) {
    const n = 1 + Math.floor(random() * max);
    analysis.add(items.slice(i, i + n));
    i += n;
  }
}

/** The exchanges as added (not as linked), in the session's order. */
function rawOrder(analysis: CaptureAnalysis, originals: ReadonlyMap<string, Exchange>): Exchange[] {
  return analysis.capture.exchanges().map((x) => originals.get(x.id)!);
}

it("the cross-request capture produces every cross-request code it is made for", () => {
  const c = crossRequestCapture();
  const found = new Set<string>(diagnose(c.exchanges, c.facts).flatMap((d) => d.findings.map((f) => f.code)));
  expect(CROSS_REQUEST_CODES.filter((code) => !found.has(code))).toEqual([]);
  // The reused code is found through the grant index: the finding names the first use.
  const firstUse = c.exchanges.find((x) => x.request.url.endsWith("/oauth/token"))!;
  const reuse = diagnose(c.exchanges, c.facts).flatMap((d) => d.findings).find((f) => f.code === "oauth.invalid-grant");
  expect(JSON.stringify(reuse)).toContain(new Date(firstUse.observedAt).toISOString());
});

describe("the analysis session, fed in any way, agrees with diagnose on the whole capture", () => {
  for (const c of captures()) {
    describe(c.name.replace(/^.*test\/fixtures\//, "fixtures/"), () => {
      const expected = text(diagnose(c.exchanges, c.facts));

      it("fed in bursts, in the capture's order", () => {
        for (const seed of [1, 2, 3]) {
          const analysis = new CaptureAnalysis({ rules: RULES, facts: c.facts });
          feed(analysis, c.exchanges, prng(seed), 1 + seed * 3);
          expect(text(analysis.all())).toBe(expected);
        }
      });

      it("after exchanges are removed, changed and put back", () => {
        const random = prng(7);
        const originals = new Map(c.exchanges.map((x) => [x.id, x]));
        const analysis = new CaptureAnalysis({ rules: RULES, facts: c.facts });
        analysis.add(c.exchanges);
        const some = shuffled(c.exchanges, random).slice(0, Math.ceil(c.exchanges.length / 3));
        analysis.remove(some.map((x) => x.id));
        const kept = c.exchanges.filter((x) => !some.includes(x));
        expect(text(analysis.all())).toBe(text(diagnose(kept, c.facts)));

        // Put back (they join the end of an "arrival" capture, as they arrived last).
        feed(analysis, some, random, 4);
        const order = rawOrder(analysis, originals);
        expect(text(analysis.all())).toBe(text(diagnose(order, c.facts)));

        // Changed: responses lost (a request seen before its answer), then answered again.
        const unanswered = some.map(({ response: _, ...x }) => x as Exchange);
        feed(analysis, unanswered, random, 5);
        const changed = new Map(originals);
        for (const x of unanswered) changed.set(x.id, x);
        expect(text(analysis.all())).toBe(text(diagnose(rawOrder(analysis, changed), c.facts)));
        feed(analysis, some, random, 5);
        expect(text(analysis.all())).toBe(text(diagnose(order, c.facts)));
      });

      it("in start-time order, fed shuffled, and trimmed to its newest", () => {
        const random = prng(11);
        const arrival = shuffled(c.exchanges, random);
        const analysis = new CaptureAnalysis({ rules: RULES, facts: c.facts, order: "start-time" });
        feed(analysis, arrival, random, 6);
        // Start time, then first seen: a stable sort of the arrival order.
        const byStart = [...arrival].sort((a, b) => (Number.isFinite(a.observedAt) ? a.observedAt : 0) - (Number.isFinite(b.observedAt) ? b.observedAt : 0));
        expect(text(analysis.all())).toBe(text(diagnose(byStart, c.facts)));
        const keep = Math.floor(c.exchanges.length / 2);
        analysis.trim(keep);
        expect(text(analysis.all())).toBe(text(diagnose(byStart.slice(byStart.length - keep), c.facts)));
      });
    });
  }
});

describe("the analysis session judges again only what a change can affect", () => {
  const counting = countingRules;

  it("a new request on a polled capture of 2,000 judges the new one and the few that read its keys", () => {
    const har = generateHar(2_000) as { log: { entries: unknown[] } };
    const read = importHarDocument(har);
    if (!read.ok) throw new Error(read.error);
    const all = read.har.exchanges;
    const { rules, judged } = counting();
    const analysis = new CaptureAnalysis({ rules, facts: read.facts });
    analysis.add(all.slice(0, all.length - 1));
    judged.clear();
    const delta = analysis.add(all.slice(all.length - 1));
    expect(judged.has(all[all.length - 1]!.id)).toBe(true);
    // The new request and those sharing an index key with it (its endpoint's 401s, its site's cookies).
    expect(judged.size).toBeLessThan(50);
    expect(delta.changed).toContain(all[all.length - 1]!.id);
    expect(text(analysis.all())).toBe(text(diagnose(all, read.facts)));
  });

  it("the same exchange added again changes nothing and judges nothing", () => {
    const c = crossRequestCapture();
    const { rules, judged } = counting();
    const analysis = new CaptureAnalysis({ rules, facts: c.facts });
    analysis.add(c.exchanges);
    judged.clear();
    const copies = c.exchanges.map((x) => structuredClone(x));
    expect(analysis.add(copies)).toEqual({ changed: [], removed: [] });
    expect(judged.size).toBe(0);
  });

  it("a retry storm's next 401 re-judges that storm, not the capture", () => {
    const c = crossRequestCapture();
    const storm = c.exchanges.filter((x) => x.request.url.endsWith("/v1/me"));
    const { rules, judged } = counting();
    const analysis = new CaptureAnalysis({ rules, facts: c.facts });
    analysis.add(c.exchanges);
    judged.clear();
    const next = { ...storm[storm.length - 1]!, id: "next-401", observedAt: storm[storm.length - 1]!.observedAt + 50 };
    analysis.add([next]);
    expect([...judged].sort()).toEqual([...storm.map((x) => x.id), "next-401"].sort());
  });

  /** A capture of `n` exchanges fed in bursts of `burst`, as a file read or a busy page: how many judgements. */
  function judgementsFedInBursts(exchanges: readonly Exchange[], facts: CaptureFacts, burst: number): number {
    const { rules, judged } = counting();
    let count = 0;
    const analysis = new CaptureAnalysis({ rules, facts });
    for (let i = 0; i < exchanges.length; i += burst) {
      judged.clear();
      analysis.add(exchanges.slice(i, i + burst));
      count += judged.size;
    }
    expect(text(analysis.all())).toBe(text(diagnose(exchanges, facts)));
    return count;
  }

  it("fed in bursts, the bench capture is judged about once per exchange: what comes later leaves earlier judgements standing", () => {
    // Cookies set later are not in an earlier request's jar; a 401 minutes later is not in an
    // earlier one's burst; another accepted call with a known audience tells a refused one nothing new.
    const read = importHarDocument(generateHar(3_000));
    if (!read.ok) throw new Error(read.error);
    const judgements = judgementsFedInBursts(read.har.exchanges, read.facts, 40);
    expect(judgements).toBeLessThan(read.har.exchanges.length * 1.05);
  });

  it("a refused token is judged again when the API accepts a new audience, not for every accepted call", () => {
    const accepted = (i: number, aud: string) =>
      entry({ url: `${API_ORIGIN}/v2/items/${i}`, at: 1000 + i, status: 200, requestHeaders: { Authorization: `Bearer ${jws({ iss: "https://login.example.com/", aud, n: i }, "k1")}` } });
    const refused = entry({ url: `${API_ORIGIN}/v2/orders`, at: 0, status: 401, requestHeaders: { Authorization: `Bearer ${jws({ iss: "https://login.example.com/", aud: "billing" }, "k1")}` }, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' } });
    const c = fromHar("identity", harOf([refused, accepted(1, "api"), accepted(2, "api"), accepted(3, "api"), accepted(4, "reports")]));
    const { rules, judged } = counting();
    const analysis = new CaptureAnalysis({ rules, facts: c.facts });
    const seen: string[][] = [];
    for (const x of c.exchanges) {
      judged.clear();
      analysis.add([x]);
      seen.push([...judged].sort());
    }
    const refusedId = c.exchanges[0]!.id;
    // The first accepted call teaches the API's audience; the next two add nothing; a new audience does.
    expect(seen.map((ids) => ids.includes(refusedId))).toEqual([true, true, false, false, true]);
    expect(text(analysis.all())).toBe(text(diagnose(c.exchanges, c.facts)));
  });
});

describe("the 10,000-entry bench HAR", () => {
  it("fed in bursts agrees with diagnose", () => {
    const c = fromHar("bench", generateHar(10_000));
    const analysis = new CaptureAnalysis({ rules: RULES, facts: c.facts });
    feed(analysis, c.exchanges, prng(5), 400);
    expect(text(analysis.all())).toBe(text(diagnose(c.exchanges, c.facts)));
  }, 120_000);
});
