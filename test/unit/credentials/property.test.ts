/** Cookies and credentials are untrusted input: parsing and every rule of this group never throw. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCookieDate } from "../../../src/core/credentials/cookie-date.ts";
import { setCookiesOf, summarizeAttached } from "../../../src/core/credentials/index.ts";
import { CREDENTIAL_RULES } from "../../../src/core/credentials/rules.ts";
import { parseSetCookie } from "../../../src/core/credentials/set-cookie.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import { TOKEN_RULES } from "../../../src/core/tokens/rules.ts";
import { chromeEntry, exchangeOf } from "../helpers.ts";
import { contextFor } from "./context.ts";

const RUNS = { numRuns: 200 };
const cookieish = fc.string({ maxLength: 120, unit: fc.constantFrom(..."abc=; ,-_/.:0123456789SameSiteNoneLaxStrictSecureDomainPathMax-AgeExpiresGMT\u00e9\u0000".split("")) });

describe("parsers never throw", () => {
  it("parseSetCookie and parseCookieDate, on anything", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200, unit: "binary" }), cookieish), (s) => {
        const c = parseSetCookie(s);
        expect(typeof c.name).toBe("string");
        const d = parseCookieDate(s);
        expect(d === undefined || Number.isFinite(d)).toBe(true);
      }),
      RUNS,
    );
  });

  // Its time is measured in bench/hostile.bench.ts (tests assert no wall-clock time).
  it("a 1 MB Set-Cookie parses to a bounded attribute list", () => {
    const c = parseSetCookie(`a=${"x".repeat(1 << 20)}; ${"Path=/; ".repeat(10_000)}`);
    expect(c.attributes.length).toBeLessThanOrEqual(64);
  });
});

describe("rules and summaries never throw", () => {
  it("on random credential headers, cookies and URLs", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120 }),
        cookieish,
        cookieish,
        fc.constantFrom("https://api.example.com/x", "http://api.example.com/x?access_token=abcdefgh", "http://[::1]/", "wss://a.b.co.uk/p?token=0123456789"),
        fc.constantFrom(200, 401, 403, 0),
        (auth, cookie, setCookie, url, status) => {
          const xs = [0, 1, 2].map((i) =>
            exchangeOf(`e${i + 1}`, chromeEntry({ url, at: i * 1000, status, requestHeaders: { Authorization: auth, Cookie: cookie, Origin: "https://other.org" }, responseHeaders: { "Set-Cookie": setCookie } })),
          );
          const diagnoses = diagnose(xs, {}, [...TOKEN_RULES, ...CREDENTIAL_RULES]);
          // A rule that threw would show up as capture.partial.
          for (const d of diagnoses) expect(d.findings.map((f) => f.code)).not.toContain("capture.partial");
          for (const x of xs) {
            expect(typeof summarizeAttached(x, contextFor(xs)).line).toBe("string");
            expect(Array.isArray(setCookiesOf(x))).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });
});
