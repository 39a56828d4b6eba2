/**
 * Redacted HAR export (issue #6): a valid HAR 1.2 document that har.ts reads back into the same
 * exchanges, and from which AuthLens draws the same diagnosis.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Exchange } from "../../../src/core/exchange.ts";
import { importHar } from "../../../src/core/har.ts";
import { strippedCredentialsReason } from "../../../src/core/sanitized.ts";
import { exportHar } from "../../../src/core/share/export-har.ts";
import { redactExchange } from "../../../src/core/share/redact-exchange.ts";
import { REDACTED } from "../../../src/core/share/rules.ts";
import { API_ORIGIN, PAGE_ORIGIN, T0, analyze, chromeEntry, chromePreflight, codes, harOf, importEntries } from "../helpers.ts";
import { EXPIRED, VALID, exchange, hostileString, jwt } from "./fixtures.ts";

const CREATOR = { name: "AuthLens", version: "0.1.0" };
const OPAQUE = "gho_16C7e42F292c6912E7710c838347Ae178B4a9f0dQ3";

function exported(xs: readonly Exchange[], includeSecrets = false) {
  return exportHar(xs, { includeSecrets, creator: CREATOR });
}

function reimported(xs: readonly Exchange[], includeSecrets = false): Exchange[] {
  const r = importHar(exported(xs, includeSecrets).har);
  if (!r.ok) throw new Error(r.error);
  return r.har.exchanges;
}

describe("HAR 1.2 structure", () => {
  const x = exchange({
    method: "POST",
    url: "https://api.example.com/v1/orders?page=2&q=a%20b",
    requestHeaders: [["Accept", "application/json"]],
    cookies: [{ name: "theme", value: "dark" }],
    status: 401,
    statusText: "Unauthorized",
    responseHeaders: [
      ["WWW-Authenticate", 'Bearer realm="api"'],
      ["Set-Cookie", "theme=light; Path=/app; Secure; HttpOnly; SameSite=Lax"],
    ],
    body: { text: '{"error":"invalid_token","message":"é"}', mimeType: "application/json" },
    resourceType: "fetch",
    durationMs: 87.5,
  });
  const har = exported([x], true).har;
  const entry = har.log.entries[0]!;

  it("has the log header HAR 1.2 requires", () => {
    expect(har.log.version).toBe("1.2");
    expect(har.log.creator).toEqual(CREATOR);
    expect(har.log.entries).toHaveLength(1);
  });

  it("writes the entry fields, with the start time as ISO 8601 from observedAt", () => {
    expect(entry.startedDateTime).toBe(new Date(T0).toISOString());
    expect(entry.time).toBe(87.5);
    expect(entry.timings).toEqual({ send: 0, wait: 87.5, receive: 0 });
    expect(entry.cache).toEqual({});
    expect(entry._resourceType).toBe("fetch");
  });

  it("writes the request with its query string decoded and sizes unknown", () => {
    expect(entry.request).toEqual({
      method: "POST",
      url: "https://api.example.com/v1/orders?page=2&q=a%20b",
      httpVersion: "",
      headers: [{ name: "Accept", value: "application/json" }],
      queryString: [
        { name: "page", value: "2" },
        { name: "q", value: "a b" },
      ],
      cookies: [{ name: "theme", value: "dark" }],
      headersSize: -1,
      bodySize: -1,
    });
  });

  it("writes the response with its cookies, content and sizes unknown", () => {
    const r = entry.response;
    expect(r.status).toBe(401);
    expect(r.statusText).toBe("Unauthorized");
    expect(r.headers).toHaveLength(2);
    expect(r.cookies).toEqual([{ name: "theme", value: "light", path: "/app", httpOnly: true, secure: true, sameSite: "Lax" }]);
    // "é" is two bytes in UTF-8: HAR counts bytes.
    expect(r.content).toEqual({ size: 40, mimeType: "application/json", text: '{"error":"invalid_token","message":"é"}' });
    expect(r.redirectURL).toBe("");
    expect(r.headersSize).toBe(-1);
    expect(r.bodySize).toBe(-1);
    expect(r._error).toBeUndefined();
  });

  it("writes a request without a response as Chromium does: status 0 and the browser's error", () => {
    const failed = exported([exchange({ status: 0, error: "net::ERR_FAILED" })], true).har.log.entries[0]!;
    expect(failed.response.status).toBe(0);
    expect(failed.response._error).toBe("net::ERR_FAILED");
    expect(failed.response.headers).toEqual([]);
  });

  it("keeps preflights as their own entries, marked preflight", () => {
    const xs = importEntries([
      chromeEntry({ method: "PUT", at: 0, status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN } }),
      chromePreflight({ at: 1, requestMethod: "PUT", status: 403 }),
    ]);
    const har = exported(xs).har;
    expect(har.log.entries.map((e) => e._resourceType)).toEqual(["fetch", "preflight"]);
    expect(har.log.entries[1]!.request.method).toBe("OPTIONS");
    expect(reimported(xs).map((x) => x.resourceType)).toEqual(["fetch", "preflight"]);
  });

  it("writes one page per page URL, which har.ts reads back", () => {
    const xs = [exchange({ id: "e1", pageUrl: `${PAGE_ORIGIN}/` }), exchange({ id: "e2", pageUrl: `${PAGE_ORIGIN}/` })];
    const har = exported(xs).har;
    expect(har.log.pages).toHaveLength(1);
    expect(har.log.entries.map((e) => e.pageref)).toEqual([har.log.pages![0]!.id, har.log.pages![0]!.id]);
    expect(reimported(xs).map((x) => x.pageUrl)).toEqual([`${PAGE_ORIGIN}/`, `${PAGE_ORIGIN}/`]);
  });

  it("survives a start time or duration that is not a number", () => {
    const e = exported([exchange({ observedAt: Number.NaN, durationMs: Number.POSITIVE_INFINITY })]).har.log.entries[0]!;
    expect(e.startedDateTime).toBe(new Date(0).toISOString());
    expect(e.time).toBe(0);
  });
});

describe("redacted by default", () => {
  const x = exchange({
    url: `${API_ORIGIN}/v1/orders?access_token=${OPAQUE}&page=1`,
    requestHeaders: [
      ["Authorization", `Bearer ${VALID.token}`],
      ["Cookie", "sid=0123456789abcdef"],
      ["X-Api-Key", "sk_live_abcdef0123456789"],
    ],
    cookies: [{ name: "sid", value: "0123456789abcdef" }],
    status: 200,
    responseHeaders: [["Set-Cookie", "sid=fedcba9876543210; Path=/; HttpOnly"]],
    body: { text: `{"refresh_token":"rt-0123456789"}`, mimeType: "application/json" },
  });

  it("removes every secret from the document and lists each removal", () => {
    const { har, removed } = exported([x]);
    const text = JSON.stringify(har);
    for (const secret of [OPAQUE, VALID.signature, "0123456789abcdef", "sk_live_abcdef0123456789", "fedcba9876543210", "rt-0123456789"]) {
      expect(text).not.toContain(secret);
    }
    const e = har.log.entries[0]!;
    expect(e.request.url).toBe(`${API_ORIGIN}/v1/orders?access_token=${REDACTED}&page=1`);
    expect(e.request.queryString).toEqual([
      { name: "access_token", value: REDACTED },
      { name: "page", value: "1" },
    ]);
    expect(e.request.headers).toContainEqual({ name: "Authorization", value: `Bearer ${VALID.header}.${VALID.payload}.REDACTED` });
    expect(e.request.cookies).toEqual([{ name: "sid", value: REDACTED }]);
    expect(e.response.cookies[0]).toMatchObject({ name: "sid", value: REDACTED, path: "/", httpOnly: true });
    // URL parameter, Authorization signature, Cookie value, X-Api-Key, Set-Cookie value, body member.
    expect(removed).toHaveLength(6);
    for (const item of removed) expect(item.where).toContain(`GET ${API_ORIGIN}/v1/orders?access_token=${REDACTED}&page=1`);
  });

  it("keeps everything, and lists nothing, when the user asks for secrets", () => {
    const { har, removed } = exported([x], true);
    expect(removed).toEqual([]);
    const text = JSON.stringify(har);
    expect(text).toContain(OPAQUE);
    expect(text).toContain(VALID.token);
    expect(text).toContain("sk_live_abcdef0123456789");
  });
});

describe("round trip through har.ts", () => {
  const entries = [
    chromeEntry({
      at: 0,
      url: `${API_ORIGIN}/v1/orders?page=2`,
      status: 401,
      requestHeaders: { Authorization: `Bearer ${EXPIRED.token}`, Accept: "application/json" },
      responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
    }),
    chromePreflight({ at: 5, requestMethod: "DELETE", requestHeadersList: "authorization", status: 204 }),
    chromeEntry({ at: 10, method: "DELETE", status: 0, error: "net::ERR_FAILED", cookies: [{ name: "sid", value: "abc" }] }),
  ];

  it("gives back the same exchanges when secrets are included", () => {
    const xs = importEntries(entries);
    expect(reimported(xs, true)).toEqual(xs);
  });

  it("gives back the redacted exchanges when they are not", () => {
    const xs = importEntries(entries);
    expect(reimported(xs)).toEqual(xs.map((x) => redactExchange(x).exchange));
  });

  it("keeps the order of exchanges exported in start-time order", () => {
    const xs = importEntries(entries);
    expect(reimported(xs).map((x) => `${x.request.method} ${x.observedAt}`)).toEqual(xs.map((x) => `${x.request.method} ${x.observedAt}`));
  });
});

/** Lab-like captures (test/lab/scenarios.ts) whose credentials are JWTs or absent. */
const LAB_LIKE: Record<string, () => Record<string, unknown>[]> = {
  "bearer-401 (expired JWT)": () => [
    chromePreflight({ at: 0, requestMethod: "GET", requestHeadersList: "authorization" }),
    chromeEntry({
      at: 5,
      status: 401,
      requestHeaders: { Authorization: `Bearer ${EXPIRED.token}`, Origin: PAGE_ORIGIN },
      responseHeaders: {
        "WWW-Authenticate": 'Bearer realm="authlens-lab", error="invalid_token", error_description="The access token expired"',
        "Access-Control-Allow-Origin": PAGE_ORIGIN,
        "Access-Control-Expose-Headers": "WWW-Authenticate",
      },
    }),
  ],
  "no-challenge-401": () => [chromeEntry({ status: 401, requestHeaders: { Origin: PAGE_ORIGIN }, responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN } })],
  "placeholder-token": () => [
    chromeEntry({
      status: 401,
      requestHeaders: { Authorization: "Bearer undefined" },
      responseHeaders: { "WWW-Authenticate": 'Bearer realm="authlens-lab", error="invalid_token"' },
    }),
  ],
  "forbidden-403 (valid JWT)": () => [
    chromeEntry({
      status: 403,
      requestHeaders: { Authorization: `Bearer ${VALID.token}` },
      responseHeaders: { "WWW-Authenticate": 'Bearer realm="authlens-lab", error="insufficient_scope", scope="admin"' },
    }),
  ],
  "preflight-fails": () => [
    chromeEntry({ at: 0, status: 0, error: "net::ERR_FAILED", requestHeaders: { Origin: PAGE_ORIGIN, "X-Lab-Client": "1", Authorization: `Bearer ${VALID.token}` } }),
    chromePreflight({ at: 1, requestMethod: "GET", requestHeadersList: "authorization,x-lab-client", status: 403 }),
  ],
  "token-in-url": () => [chromeEntry({ url: `${API_ORIGIN}/api/token-in-url?access_token=${VALID.token}` })],
  "jwt-cookie-200": () => [
    chromeEntry({
      requestHeaders: { Cookie: `lab_jwt=${VALID.token}` },
      cookies: [{ name: "lab_jwt", value: VALID.token }],
      responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN, "Access-Control-Allow-Credentials": "true" },
    }),
  ],
  "nbf-future-401": () => [
    chromeEntry({
      status: 401,
      requestHeaders: { Authorization: `Bearer ${jwt({ sub: "u", nbf: Math.floor(T0 / 1000) + 600, exp: Math.floor(T0 / 1000) + 3600 }).token}` },
      responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token", error_description="The access token is not valid yet"' },
    }),
  ],
  "step-up-401": () => [
    chromeEntry({
      status: 401,
      requestHeaders: { Authorization: `Bearer ${VALID.token}` },
      responseHeaders: { "WWW-Authenticate": 'Bearer error="insufficient_user_authentication", acr_values="urn:mace:incommon:iap:silver", max_age="300"' },
    }),
  ],
  "cors-wildcard-credentials": () => [
    chromeEntry({
      status: 200,
      error: "net::ERR_FAILED",
      requestHeaders: { Origin: PAGE_ORIGIN, Cookie: `lab_jwt=${VALID.token}` },
      responseHeaders: { "Access-Control-Allow-Origin": "*" },
    }),
  ],
};

describe("diagnosis after a redacted round trip", () => {
  it.each(Object.keys(LAB_LIKE))("finds the same codes for %s", (name) => {
    const doc = harOf(LAB_LIKE[name]!(), "Firefox");
    const before = analyze(doc);
    const after = analyze(exported(before.har.exchanges).har);
    expect(after.facts.credentialsStripped).toBeUndefined();
    expect(after.diagnoses.map((d) => codes(d.findings).sort())).toEqual(before.diagnoses.map((d) => codes(d.findings).sort()));
  });

  it("keeps the scheme of a redacted Authorization, so the diagnosis can still name it", () => {
    const xs = importEntries([chromeEntry({ status: 401, requestHeaders: { Authorization: `Basic ${Buffer.from("lab:lab-password").toString("base64")}` } })]);
    const after = reimported(xs);
    expect(after[0]!.request.headers.find((h) => h.name === "Authorization")?.value).toBe(`Basic ${REDACTED}`);
  });

  // "[REDACTED]" is also the mark of sanitizing tools; AuthLens's own export keeps which
  // credentials went out (scheme, cookie names), so sanitized.ts trusts its creator name.
  it("does not look sanitized when an opaque token or a session cookie was redacted", () => {
    const xs = importEntries([
      chromeEntry({ at: 0, status: 401, requestHeaders: { Authorization: `Bearer ${OPAQUE}` } }),
      chromeEntry({ at: 1, status: 401, requestHeaders: { Cookie: "lab_session=0123456789abcdef" }, cookies: [{ name: "lab_session", value: "0123456789abcdef" }] }),
    ]);
    expect(strippedCredentialsReason(reimported(xs), CREATOR.name)).toBeUndefined();
  });
});

/** Any exchange the Exchange type allows, with hostile strings and numbers. */
const anyText = hostileString(40);
const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 8.64e15 + 1));
const anyHeader = fc.record({ name: fc.oneof(anyText, fc.constantFrom("Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "Location")), value: anyText });
const anyExchange: fc.Arbitrary<Exchange> = fc.record(
  {
    id: anyText,
    observedAt: anyNumber,
    request: fc.record(
      {
        method: anyText,
        url: fc.oneof(anyText, fc.webUrl({ withQueryParameters: true, withFragments: true })),
        httpVersion: anyText,
        headers: fc.array(anyHeader, { maxLength: 6 }),
        cookies: fc.array(fc.record({ name: anyText, value: anyText }), { maxLength: 3 }),
      },
      { requiredKeys: ["method", "url", "headers", "cookies"] },
    ),
    response: fc.record(
      {
        status: anyNumber,
        statusText: anyText,
        httpVersion: anyText,
        headers: fc.array(anyHeader, { maxLength: 6 }),
        redirectURL: anyText,
        body: fc.record({ text: fc.oneof(anyText, fc.json()), mimeType: fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "") }),
      },
      { requiredKeys: ["status", "statusText", "headers"] },
    ),
    error: anyText,
    resourceType: anyText,
    initiatorType: anyText,
    pageUrl: anyText,
    durationMs: anyNumber,
    sources: fc.constant(["har-file" as const]),
  },
  { requiredKeys: ["id", "observedAt", "request", "sources"] },
);

describe("properties", () => {
  it("never throws and always produces JSON-serialisable output", () => {
    fc.assert(
      fc.property(fc.array(anyExchange, { maxLength: 4 }), fc.boolean(), (xs, includeSecrets) => {
        const out = exported(xs, includeSecrets);
        expect(JSON.parse(JSON.stringify(out))).toEqual(out);
        expect(out.har.log.entries).toHaveLength(xs.length);
        if (includeSecrets) expect(out.removed).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("never lets a secret through, wherever it is sent", () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{16,40}$/).map((s) => `SeCrEt${s}`);
    fc.assert(
      fc.property(secret, (s) => {
        const x = exchange({
          url: `${API_ORIGIN}/cb?code=${s}&x=1#access_token=${s}`,
          requestHeaders: [
            ["Authorization", `Bearer ${s}`],
            ["Proxy-Authorization", `Basic ${s}`],
            ["Cookie", `a=${s}; b="${s}"`],
            ["X-Auth-Token", s],
            ["Referer", `${PAGE_ORIGIN}/?token=${s}`],
          ],
          cookies: [{ name: "a", value: s }],
          responseHeaders: [
            ["Set-Cookie", `sid=${s}; Path=/`],
            ["Location", `${PAGE_ORIGIN}/?state=${s}`],
          ],
          body: { text: JSON.stringify({ id_token: s, nested: { client_secret: s } }), mimeType: "application/json" },
          pageUrl: `${PAGE_ORIGIN}/?api_key=${s}`,
        });
        const out = exported([x]);
        expect(JSON.stringify(out)).not.toContain(s);
        expect(out.removed.length).toBeGreaterThanOrEqual(13);
      }),
      { numRuns: 100 },
    );
  });

  it("round-trips what har.ts reads, when secrets are included", () => {
    const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/);
    const header = fc.record({ name: token, value: fc.string({ maxLength: 30 }) });
    const one = fc.record({
      at: fc.integer({ min: 0, max: 1_000_000 }),
      method: fc.constantFrom("GET", "POST", "PUT", "DELETE"),
      path: fc.webPath(),
      headers: fc.array(header, { maxLength: 5 }),
      cookies: fc.array(fc.record({ name: fc.string({ maxLength: 10 }), value: fc.string({ maxLength: 20 }) }), { maxLength: 3 }),
      status: fc.constantFrom(0, 200, 204, 302, 401, 403, 407, 500),
      responseHeaders: fc.array(header, { maxLength: 5 }),
      error: fc.option(fc.constantFrom("net::ERR_FAILED", "NS_ERROR_DOM_BAD_URI"), { nil: undefined }),
      resourceType: fc.option(fc.constantFrom("fetch", "xhr", "document", "other"), { nil: undefined }),
      time: fc.integer({ min: 0, max: 60_000 }),
    });
    fc.assert(
      fc.property(fc.array(one, { minLength: 1, maxLength: 5 }), (specs) => {
        const sorted = [...specs].sort((a, b) => a.at - b.at);
        const xs = importEntries(
          sorted.map((s) =>
            chromeEntry({
              at: s.at,
              method: s.method,
              url: `${API_ORIGIN}${s.path}`,
              requestHeaders: s.headers.map((h) => [h.name, h.value] as const),
              cookies: s.cookies,
              status: s.status,
              responseHeaders: s.responseHeaders.map((h) => [h.name, h.value] as const),
              time: s.time,
              ...(s.error !== undefined ? { error: s.error } : {}),
              ...(s.resourceType !== undefined ? { resourceType: s.resourceType } : {}),
            }),
          ),
        );
        expect(reimported(xs, true)).toEqual(xs);
      }),
      { numRuns: 200 },
    );
  });
});
