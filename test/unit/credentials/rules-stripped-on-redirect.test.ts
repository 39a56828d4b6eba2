/**
 * auth.authorization-stripped-on-redirect, on each shape a redirect takes in a capture: every hop
 * its own entry, the 3xx with `redirectURL` (absolute or relative, as Chromium copies Location)
 * in Chromium's and Firefox's HAR, and webRequest's records (one per hop, `redirectURL` from
 * onBeforeRedirect). The 401 after the redirect is not "no credentials were sent".
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeHar } from "../../../src/core/analyze-har.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { CaptureSource, Exchange } from "../../../src/core/exchange.ts";
import { CATALOGUE } from "../../../src/core/findings.ts";
import { codes, entry, evidenceValue, exchangeOf, one, REAL_JWT, visibleText } from "../helpers.ts";

const PAGE = "https://app.example.com";
const FROM = "https://api.example.com/v1/orders";
const TO = "https://api-eu.example.com/v1/orders";
const CHALLENGE = 'Bearer realm="orders"';
const BEARER = `Bearer ${REAL_JWT}`;

interface Hop {
  readonly url: string;
  readonly status: number;
  readonly location?: string;
  readonly authorization?: string;
  readonly at: number;
  readonly responseHeaders?: Record<string, string>;
  readonly origin?: string;
}

type Shape = "chromium-har" | "firefox-har" | "web-request";

/** One hop as the shape records it. */
function hopEntry(shape: Shape, h: Hop): Record<string, unknown> {
  const e = entry({
    url: h.url,
    status: h.status,
    at: h.at,
    requestHeaders: {
      ...(h.origin !== undefined ? { Origin: h.origin } : {}),
      ...(h.authorization !== undefined ? { Authorization: h.authorization } : {}),
    },
    responseHeaders: { ...(h.location !== undefined ? { Location: h.location } : {}), ...h.responseHeaders },
    ...(shape === "chromium-har" || shape === "web-request" ? { resourceType: "fetch" } : {}),
    ...(shape === "chromium-har" ? { initiator: "script" } : {}),
  });
  const response = e.response as Record<string, unknown>;
  // Chromium's HAR and webRequest copy Location as sent; Firefox's HAR too. webRequest leaves
  // `redirectURL` out of a response that is no redirect.
  if (h.location !== undefined) response.redirectURL = h.location;
  else if (shape === "web-request") delete response.redirectURL;
  return e;
}

function capture(shape: Shape, hops: readonly Hop[]): Exchange[] {
  const source: CaptureSource = shape === "web-request" ? "web-request" : shape === "chromium-har" ? "devtools-network" : "har-file";
  return hops.map((h, i) => exchangeOf(`e${i + 1}`, hopEntry(shape, h), source, `${PAGE}/orders`));
}

function findingsById(xs: readonly Exchange[]) {
  return new Map(diagnose(xs).map((d) => [d.exchange.id, d.findings]));
}

/** API origin A answers 302 to origin B, which answers 401 to the request without Authorization. */
function crossOriginRedirect(location = TO): Hop[] {
  return [
    { url: FROM, status: 302, location, authorization: BEARER, at: 0, origin: PAGE },
    { url: TO, status: 401, at: 30, origin: "null", responseHeaders: { "WWW-Authenticate": CHALLENGE } },
  ];
}

describe("auth.authorization-stripped-on-redirect", () => {
  for (const shape of ["chromium-har", "firefox-har", "web-request"] as const) {
    it(`fires on the 401 after a cross-origin redirect, in place of "no credentials were sent" (${shape})`, () => {
      const byId = findingsById(capture(shape, crossOriginRedirect()));
      const found = byId.get("e2")!;
      expect(codes(found)).toContain("auth.authorization-stripped-on-redirect");
      expect(codes(found)).not.toContain("auth.no-credentials-sent");
      const f = one(found, "auth.authorization-stripped-on-redirect");
      expect(f.severity).toBe(CATALOGUE["auth.authorization-stripped-on-redirect"].severity);
      expect(f.detail).toContain("GET /v1/orders on api.example.com");
      expect(f.detail).toContain("https://api.example.com → https://api-eu.example.com");
      expect(f.detail).toContain("HTTP-redirect fetch");
      expect(f.detail).toContain(CHALLENGE);
      expect(evidenceValue(f, "Redirected request")).toBe("GET api.example.com/v1/orders → 302");
      expect(evidenceValue(f, "Authorization after the redirect")).toBe("(removed by the browser)");
      expect(f.fix).toContain("https://api-eu.example.com");
      // The hop that lost the header shows the same finding.
      expect(codes(byId.get("e1")!)).toContain("auth.authorization-stripped-on-redirect");
    });
  }

  it("never shows the token itself", () => {
    const f = one(findingsById(capture("chromium-har", crossOriginRedirect())).get("e2")!, "auth.authorization-stripped-on-redirect");
    expect(visibleText(f)).not.toContain(REAL_JWT.split(".")[1]!);
    expect(evidenceValue(f, "Authorization sent")).toMatch(/^Bearer /);
  });

  it("resolves a relative Location against the redirecting URL", () => {
    const hops: Hop[] = [
      { url: "http://api.example.com/v1/orders", status: 301, location: "//api.example.com/v1/orders", authorization: BEARER, at: 0 },
      { url: "http://api.example.com/v1/orders", status: 401, at: 30 },
    ];
    // Same origin: a relative redirect that stays is no stripping (and no redirect loop is followed).
    const same = findingsById(capture("chromium-har", hops)).get("e2")!;
    expect(codes(same)).not.toContain("auth.authorization-stripped-on-redirect");

    const upgrade: Hop[] = [
      { url: "http://api.example.com/v1/orders", status: 308, location: "https://api.example.com/v1/orders#top", authorization: BEARER, at: 0 },
      { url: "https://api.example.com/v1/orders", status: 401, at: 30, responseHeaders: { "WWW-Authenticate": CHALLENGE } },
    ];
    const f = one(findingsById(capture("chromium-har", upgrade)).get("e2")!, "auth.authorization-stripped-on-redirect");
    expect(f.fix).toContain("upgrades http to https");
    expect(f.fix).toContain("https://api.example.com");

    const relative: Hop[] = [
      { url: "https://api.example.com/v1/orders", status: 302, location: "/v2/orders", authorization: BEARER, at: 0 },
      { url: "https://api.example.com/v2/orders", status: 401, at: 30 },
    ];
    const kept = findingsById(capture("chromium-har", relative)).get("e2")!;
    expect(codes(kept)).not.toContain("auth.authorization-stripped-on-redirect");
    // Authorization would have been kept on a same-origin redirect: its absence is reported as it is.
    expect(codes(kept)).toContain("auth.no-credentials-sent");
  });

  it("follows a chain: the hop that left the origin is named, across a same-origin hop after it", () => {
    const hops: Hop[] = [
      { url: FROM, status: 302, location: TO, authorization: BEARER, at: 0 },
      { url: TO, status: 307, location: "/v1/orders/", at: 20 },
      { url: `${TO}/`, status: 401, at: 40 },
    ];
    const found = findingsById(capture("chromium-har", hops));
    const f = one(found.get("e3")!, "auth.authorization-stripped-on-redirect");
    expect(evidenceValue(f, "Origin change")).toBe("https://api.example.com → https://api-eu.example.com");
    expect(evidenceValue(f, "Redirected to")).toBe("api-eu.example.com/v1/orders");
    expect(codes(found.get("e3")!)).not.toContain("auth.no-credentials-sent");
  });

  it("says nothing when the redirected request carried Authorization, or the target did not answer 401", () => {
    const resent: Hop[] = [crossOriginRedirect()[0]!, { url: TO, status: 401, authorization: BEARER, at: 30 }];
    const found = findingsById(capture("chromium-har", resent)).get("e2")!;
    expect(codes(found)).not.toContain("auth.authorization-stripped-on-redirect");
    expect(codes(found)).toContain("auth.credentials-rejected");

    const ok: Hop[] = [crossOriginRedirect()[0]!, { url: TO, status: 200, at: 30 }];
    expect(codes(findingsById(capture("chromium-har", ok)).get("e2")!)).not.toContain("auth.authorization-stripped-on-redirect");
  });

  it("says nothing when the first request carried no Authorization either", () => {
    const hops: Hop[] = [{ ...crossOriginRedirect()[0]!, authorization: undefined }, crossOriginRedirect()[1]!];
    const found = findingsById(capture("chromium-har", hops)).get("e2")!;
    expect(codes(found)).not.toContain("auth.authorization-stripped-on-redirect");
    expect(codes(found)).toContain("auth.no-credentials-sent");
  });

  it("needs the redirect before the 401: a later redirect to the same URL does not explain it", () => {
    const [redirect, target] = crossOriginRedirect();
    const xs = capture("chromium-har", [{ ...target!, at: 0 }, { ...redirect!, at: 500 }]);
    const found = findingsById(xs).get("e1")!;
    expect(codes(found)).not.toContain("auth.authorization-stripped-on-redirect");
    expect(codes(found)).toContain("auth.no-credentials-sent");
  });

  it("claims nothing on a capture stripped of credentials", () => {
    const xs = capture("chromium-har", crossOriginRedirect());
    const found = new Map(diagnose(xs, { credentialsStripped: "sanitized export" }).map((d) => [d.exchange.id, d.findings]));
    expect(codes(found.get("e2")!)).not.toContain("auth.authorization-stripped-on-redirect");
    expect(codes(found.get("e2")!)).toContain("har.sanitized");
  });
});

describe("in the lab's real Chromium capture (getHAR)", () => {
  function labCodes(file: string) {
    const r = analyzeHar(JSON.parse(readFileSync(`test/fixtures/lab/${file}`, "utf8")), "har-file");
    if (!r.ok) throw new Error(r.error);
    const of = (path: string) => r.analysis.diagnoses.filter((d) => new URL(d.exchange.request.url).pathname === path && d.exchange.request.method === "GET");
    return { first: of("/api/redirect-drops-authorization"), moved: of("/moved/redirect-drops-authorization") };
  }

  it("the 302 carried Authorization, the request after it Origin null and no Authorization: the redirect is named", () => {
    const { first, moved } = labCodes("lab-chromium.har");
    expect(first).toHaveLength(1);
    expect(moved).toHaveLength(1);
    expect(first[0]!.exchange.response?.redirectURL).toBe(moved[0]!.exchange.request.url);
    const found = moved[0]!.findings;
    expect(codes(found)).toContain("auth.authorization-stripped-on-redirect");
    expect(codes(found)).not.toContain("auth.no-credentials-sent");
    expect(codes(first[0]!.findings)).toContain("auth.authorization-stripped-on-redirect");
  });

  it("the sanitized export claims neither", () => {
    const { moved } = labCodes("lab-chromium-sanitized.har");
    expect(codes(moved[0]!.findings)).not.toContain("auth.authorization-stripped-on-redirect");
    expect(codes(moved[0]!.findings)).not.toContain("auth.no-credentials-sent");
  });
});
