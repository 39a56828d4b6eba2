/**
 * The one redaction policy (share/rules.ts): a secret by name or by shape, wherever it stands,
 * never survives, on screen (4-character masks) or in shared text ([REDACTED]).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskSecret } from "../../../src/core/text/mask.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { redactExchange } from "../../../src/core/share/redact-exchange.ts";
import { REDACTED, SCREEN_MASK, SHARE_MASK, looksLikeRandomSecret } from "../../../src/core/share/rules.ts";
import { textScrubber } from "../../../src/core/share/scrub.ts";
import { exchange, jwt } from "./fixtures.ts";

const secretArb = fc.stringMatching(/^[A-Za-z0-9]{13,40}$/).map((s) => `MARK${s}`);

/** Every place a credential travels, as a function of the secret. */
const PLACES: Readonly<Record<string, (s: string) => Exchange>> = {
  "URL access_token": (s) => exchange({ url: `https://api.example.com/cb?x=1&access_token=${s}` }),
  "URL code": (s) => exchange({ url: `https://api.example.com/cb?code=${s}&x=1` }),
  "URL state": (s) => exchange({ url: `https://api.example.com/cb?state=${s}` }),
  "URL api_key": (s) => exchange({ url: `https://api.example.com/cb?api_key=${s}` }),
  "URL fragment id_token": (s) => exchange({ url: `https://app.example.com/#id_token=${s}&x=1` }),
  "URL password": (s) => exchange({ url: `https://alice:${s}@api.example.com/` }),
  Referer: (s) => exchange({ requestHeaders: [["Referer", `https://app.example.com/cb?access_token=${s}`]] }),
  "X-Api-Key": (s) => exchange({ requestHeaders: [["X-Api-Key", s]] }),
  "Api-Key": (s) => exchange({ requestHeaders: [["Api-Key", s]] }),
  "X-Auth-Token": (s) => exchange({ requestHeaders: [["X-Auth-Token", s]] }),
  "X-CSRF-Token": (s) => exchange({ requestHeaders: [["X-CSRF-Token", s]] }),
  "X-XSRF-Token": (s) => exchange({ requestHeaders: [["X-XSRF-TOKEN", s]] }),
  "X-Session": (s) => exchange({ requestHeaders: [["X-Session", s]] }),
  "X-Session-Token": (s) => exchange({ requestHeaders: [["X-Session-Token", s]] }),
  "response X-Auth-Token": (s) => exchange({ responseHeaders: [["X-Auth-Token", s]] }),
  Authorization: (s) => exchange({ requestHeaders: [["Authorization", `Bearer ${s}`]] }),
  Cookie: (s) => exchange({ requestHeaders: [["Cookie", `a=1; sid=${s}`]] }),
  "Set-Cookie": (s) => exchange({ responseHeaders: [["Set-Cookie", `sid=${s}; Path=/; HttpOnly`]] }),
  "custom header pair": (s) => exchange({ requestHeaders: [["X-Debug", `user=alice; token=${s}`]] }),
  "JSON member": (s) => exchange({ body: { text: JSON.stringify({ a: { b: [{ client_secret: s }] } }), mimeType: "application/json" } }),
  "JSON string pairs": (s) => exchange({ body: { text: JSON.stringify({ note: `password=${s}&client_secret=${s}x` }), mimeType: "application/json" } }),
  "form body": (s) => exchange({ body: { text: `grant_type=refresh_token&refresh_token=${s}`, mimeType: "application/x-www-form-urlencoded" } }),
  "text body pair": (s) => exchange({ body: { text: `error: bad request access_token=${s} rejected`, mimeType: "text/plain" } }),
  "request body": (s) => ({
    ...exchange({}),
    request: { ...exchange({}).request, body: { text: JSON.stringify({ note: `password=${s}` }), mimeType: "application/json" } },
  }),
};

describe("a marked secret placed anywhere never survives", () => {
  for (const [place, make] of Object.entries(PLACES)) {
    it(place, () => {
      fc.assert(
        fc.property(secretArb, (secret) => {
          for (const mask of [SHARE_MASK, SCREEN_MASK]) {
            const out = JSON.stringify(redactExchange(make(secret), mask).exchange);
            expect(out).not.toContain(secret);
            // Masks show at most 4 characters: no 5 in a row of the secret.
            expect(out).not.toContain(secret.slice(0, 5));
            expect(out).not.toContain(secret.slice(-5));
          }
        }),
        { numRuns: 25 },
      );
    });
  }
});

describe("secret by value", () => {
  it("a JWT under any name or in any header loses its signature", () => {
    const t = jwt({ sub: "u" });
    const x = exchange({ url: `https://api.example.com/x?assertion_blob=${t.token}`, requestHeaders: [["X-Whatever", t.token]] });
    const out = JSON.stringify(redactExchange(x).exchange);
    expect(out).not.toContain(t.signature);
    expect(out).toContain(t.payload);
  });

  it("a long random token under an unknown key or in a custom header goes; ids and words stay", () => {
    const random = "Zq8fK2mXp9LwR4tVb7NcY3hJ5dG6sE1a";
    expect(looksLikeRandomSecret(random)).toBe(true);
    for (const keep of ["3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b", "application-settings-2024", "short1A"]) expect(looksLikeRandomSecret(keep)).toBe(false);
    const x = exchange({
      requestHeaders: [["X-Custom", random], ["X-Request-Id", random]],
      body: { text: JSON.stringify({ profile: { blob: random, id: "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b" } }), mimeType: "application/json" },
    });
    const r = redactExchange(x).exchange;
    expect(r.request.headers[0]!.value).toBe(REDACTED);
    expect(r.request.headers[1]!.value).toBe(random); // a request id is random but public
    expect(r.response!.body!.text).toBe(JSON.stringify({ profile: { blob: REDACTED, id: "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b" } }));
  });
});

describe("masks", () => {
  it("show at most 4 characters and the length", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 300 }), (s) => {
        const m = maskSecret(s);
        expect(m.endsWith(`(${s.length} chars)`)).toBe(true);
        const shown = m.slice(0, m.indexOf("…") === -1 ? 0 : m.indexOf("…"));
        expect(shown.length).toBeLessThanOrEqual(4);
      }),
    );
    expect(maskSecret("SECRETMARK123456789")).toBe("SECR… (19 chars)");
  });

  it("a cut secret in a text is still recognised as one", () => {
    const scrub = textScrubber([], SCREEN_MASK);
    expect(scrub("GET /cb?code=SECRETMARKOnr9u… on host")).toBe("GET /cb?code=SECR… (16 chars) on host");
    expect(scrub("access_token=SECR… (22 chars)")).toBe("access_token=SECR… (22 chars)");
    expect(textScrubber([])(`code=${REDACTED}&x=1`)).toBe(`code=${REDACTED}&x=1`);
  });
});
