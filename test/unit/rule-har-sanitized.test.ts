import { describe, expect, it } from "vitest";
import { strippedCredentialsReason } from "../../src/core/sanitized.ts";
import { API_ORIGIN, PAGE_ORIGIN, analyze, chromeEntry, codes, entry, findingsOf, harOf, importEntries, one } from "./helpers.ts";

const TARGET = `${API_ORIGIN}/v1/orders`;

/** A page load and an API call that got 401, with no credential anywhere: Chromium's sanitized export. */
function strippedChromeEntries() {
  return [
    chromeEntry({ url: `${PAGE_ORIGIN}/`, resourceType: "document", initiator: "other", at: 0 }),
    chromeEntry({ url: TARGET, at: 10, status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer realm="orders"' } }),
  ];
}

describe("har.sanitized", () => {
  it("marks a Chromium HAR without any credential header as sanitized, and claims no missing credentials", () => {
    const a = analyze(harOf(strippedChromeEntries(), "WebInspector"));
    expect(a.facts.credentialsStripped).toMatch(/\S/);
    const findings = findingsOf(a, "e2");
    const f = one(findings, "har.sanitized");
    expect(f.severity).toBe("info");
    expect(f.detail).toContain("GET /v1/orders");
    expect(f.detail).toContain("api.example.com");
    expect(f.evidence.some((e) => e.value.includes("401"))).toBe(true);
    expect(codes(findings)).not.toContain("auth.no-credentials-sent");
    expect(codes(findings)).not.toContain("auth.credentials-rejected");
  });

  it.each([
    ["Authorization: Bearer [REDACTED]", { requestHeaders: { Authorization: "Bearer [REDACTED]" } }],
    ["Authorization: [REDACTED]", { requestHeaders: { Authorization: "[REDACTED]" } }],
    ["Cookie: [REDACTED]", { requestHeaders: { Cookie: "[REDACTED]" } }],
    ["request.cookies values [REDACTED]", { cookies: [{ name: "sid", value: "[REDACTED]" }] }],
    ["Proxy-Authorization: ********", { requestHeaders: { "Proxy-Authorization": "********" } }],
    ["Authorization: Bearer <redacted>", { requestHeaders: { Authorization: "Bearer <redacted>" } }],
  ] as const)("marks a HAR with %s as sanitized, whoever made it", (_label, spec) => {
    const a = analyze(harOf([entry({ url: TARGET, status: 401, ...spec })], "Firefox"));
    expect(a.facts.credentialsStripped).toMatch(/\S/);
    const findings = findingsOf(a, "e1");
    expect(codes(findings)).toContain("har.sanitized");
    expect(codes(findings)).not.toContain("auth.credentials-rejected");
    expect(codes(findings)).not.toContain("auth.no-credentials-sent");
  });

  // Regression test for a fixed bug: credentials/placeholder.ts ignores ctx.facts.credentialsStripped. In a sanitized capture
  // the Authorization value is the sanitizer's stand-in, not what the client sent, yet
  // `[REDACTED]` is reported as "an empty [REDACTED] credential" and `Bearer <redacted>` as "an
  // unfilled template": a credential finding claimed where FINDINGS.md says none is.
  it.each([["[REDACTED]"], ["Bearer <redacted>"]])("claims no placeholder for `Authorization: %s` in a sanitized HAR", (value) => {
    const a = analyze(harOf([entry({ url: TARGET, status: 401, requestHeaders: { Authorization: value } })], "Firefox"));
    expect(a.facts.credentialsStripped).toBeDefined();
    expect(codes(findingsOf(a, "e1"))).not.toContain("auth.token-placeholder");
  });

  it("marks a HAR whose Set-Cookie values are redacted as sanitized", () => {
    const a = analyze(
      harOf(
        [
          entry({ url: `${API_ORIGIN}/login`, method: "POST", responseHeaders: { "Set-Cookie": "[REDACTED]" } }),
          entry({ url: TARGET, status: 401, at: 5 }),
        ],
        "Firefox",
      ),
    );
    expect(a.facts.credentialsStripped).toBeDefined();
    expect(codes(findingsOf(a, "e2"))).toContain("har.sanitized");
  });

  // Regression test for a fixed bug: sanitized.ts does not recognise the output of Cloudflare's har-sanitizer (the common
  // web tool), which writes `[<name> redacted]`, e.g. `[Authorization redacted]`. The HAR is then
  // judged as if real credentials were sent: auth.credentials-rejected with a scheme of
  // "[Authorization", instead of har.sanitized.
  it("marks a HAR redacted as `[Authorization redacted]` as sanitized", () => {
    const a = analyze(harOf([entry({ url: TARGET, status: 401, requestHeaders: { Authorization: "[Authorization redacted]" } })], "Firefox"));
    expect(a.facts.credentialsStripped).toBeDefined();
    expect(codes(findingsOf(a, "e1"))).toContain("har.sanitized");
    expect(codes(findingsOf(a, "e1"))).not.toContain("auth.credentials-rejected");
  });

  it("does not mark a Firefox HAR without credentials as sanitized: Firefox does not strip them", () => {
    const a = analyze(harOf([entry({ url: TARGET, status: 401 })], "Firefox"));
    expect(a.facts.credentialsStripped).toBeUndefined();
    const findings = findingsOf(a, "e1");
    expect(codes(findings)).not.toContain("har.sanitized");
    expect(codes(findings)).toContain("auth.no-credentials-sent");
  });

  it("does not mark a Chromium HAR as sanitized when one request carries Authorization", () => {
    const a = analyze(
      harOf(
        [
          ...strippedChromeEntries(),
          chromeEntry({ url: `${API_ORIGIN}/v1/profile`, at: 20, requestHeaders: { Authorization: "Bearer abc.def.ghi" } }),
        ],
        "WebInspector",
      ),
    );
    expect(a.facts.credentialsStripped).toBeUndefined();
    const findings = findingsOf(a, "e2");
    expect(codes(findings)).not.toContain("har.sanitized");
    expect(codes(findings)).toContain("auth.no-credentials-sent");
  });

  it("does not mark a Chromium HAR as sanitized when a cookie is listed in request.cookies only", () => {
    const a = analyze(harOf([...strippedChromeEntries(), chromeEntry({ at: 30, cookies: [{ name: "sid", value: "1" }] })], "WebInspector"));
    expect(a.facts.credentialsStripped).toBeUndefined();
  });

  it("never marks live DevTools capture as sanitized", () => {
    const stripped = analyze(harOf(strippedChromeEntries(), "WebInspector"), "devtools-network");
    expect(stripped.facts.credentialsStripped).toBeUndefined();
    expect(codes(findingsOf(stripped, "e2"))).toContain("auth.no-credentials-sent");
    expect(codes(findingsOf(stripped, "e2"))).not.toContain("har.sanitized");
    const redacted = analyze(
      harOf([chromeEntry({ url: TARGET, status: 401, requestHeaders: { Authorization: "Bearer [REDACTED]" } })], "WebInspector"),
      "devtools-network",
    );
    expect(redacted.facts.credentialsStripped).toBeUndefined();
  });

  it.each([["Firefox"], ["Playwright"], ["Charles Proxy"], [undefined]])(
    "judges a capture by its content whatever wrote it (%s): no credential anywhere, yet the server says a token arrived",
    (creator) => {
      const entries = [
        entry({ url: `${PAGE_ORIGIN}/`, resourceType: "document", at: 0 }),
        entry({ url: TARGET, at: 10, status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token", error_description="The access token expired"' } }),
      ];
      const doc = harOf(entries, creator ?? "x");
      if (creator === undefined) delete (doc.log as { creator?: unknown }).creator;
      const a = analyze(doc);
      expect(a.facts.credentialsStripped).toContain("yet credentials were sent");
      const findings = findingsOf(a, "e2");
      expect(codes(findings)).not.toContain("auth.no-credentials-sent");
      // The server's answer proves the token went out: said so, not "unknown".
      const f = one(findings, "har.sanitized");
      expect(f.detail).toContain("did carry one");
      expect(f.detail).toContain('error="invalid_token"');
      expect(f.evidence.find((e) => e.label === "Authorization / Cookie")?.value).toBe("sent (value stripped from the capture)");
      const d = a.diagnoses.find((x) => x.exchange.id === "e2")!;
      expect(d.rootCause).toBe("auth.bearer-invalid-token");
    },
  );

  it("a preflight that announced Authorization proves it was sent, in a capture without any", () => {
    const entries = [
      chromeEntry({ url: TARGET, at: 10, status: 401, requestHeaders: { Origin: PAGE_ORIGIN }, responseHeaders: { "Access-Control-Allow-Origin": PAGE_ORIGIN } }),
      { ...chromeEntry({ url: TARGET, method: "OPTIONS", at: 9, status: 204, requestHeaders: { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" } }), _resourceType: "preflight" },
    ];
    const a = analyze(harOf(entries, "Firefox"));
    expect(a.facts.credentialsStripped).toContain("preflight announced an Authorization header");
    expect(codes(findingsOf(a, "e1"))).not.toContain("auth.no-credentials-sent");
  });

  it("does not call a capture stripped when nothing proves a credential was sent (an API without auth)", () => {
    const entries = [entry({ url: TARGET, at: 10, status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer realm="orders"' } })];
    expect(analyze(harOf(entries, "Firefox")).facts.credentialsStripped).toBeUndefined();
  });

  it("judges nothing on an empty capture", () => {
    expect(strippedCredentialsReason([], "WebInspector")).toBeUndefined();
  });

  it("says why in its reason", () => {
    const chromium = strippedCredentialsReason(importEntries(strippedChromeEntries()), "WebInspector");
    expect(chromium).toMatch(/Chromium/);
    // What is missing, and which export leaves it out; no count, so the words hold while a file is still being read.
    expect(chromium).toContain("carries an Authorization, Cookie or Set-Cookie header");
    expect(chromium).toContain('"Export HAR (sanitized)"');
    const redacted = strippedCredentialsReason(
      importEntries([entry({ requestHeaders: { Authorization: "Bearer [REDACTED]" } })], "Firefox"),
      "Firefox",
    );
    expect(redacted).toContain("[REDACTED]");
  });

  it("does not take a real credential that merely contains a redaction word for a redaction", () => {
    const xs = importEntries([entry({ requestHeaders: { Authorization: "Bearer redacted-4f9a8b7c6d5e" } })], "Firefox");
    expect(strippedCredentialsReason(xs, "Firefox")).toBeUndefined();
  });
});
