/** explainExchangeChallenges and the challenge rules as diagnose runs them. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainExchangeChallenges } from "../../../src/core/challenge/index.ts";
import { CHALLENGE_RULES } from "../../../src/core/challenge/rules.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import { API_ORIGIN, PAGE_ORIGIN, chromeEntry, codes, entry, exchangeOf, findingsOf, harOf, analyze } from "../helpers.ts";
import { TARGET } from "./rule-helpers.ts";

describe("explainExchangeChallenges", () => {
  it("explains every challenge of a 401, with what the request sent", () => {
    const x = exchangeOf(
      "e1",
      entry({
        url: TARGET,
        status: 401,
        requestHeaders: { Authorization: "Bearer abc.def.ghi" },
        responseHeaders: [
          ["WWW-Authenticate", 'Bearer realm="api", error="invalid_token"'],
          ["WWW-Authenticate", 'DPoP algs="ES256"'],
        ],
      }),
    );
    const explained = explainExchangeChallenges(x);
    expect(explained.map((e) => e.family)).toEqual(["Bearer", "DPoP"]);
    expect(explained[0]!.summary).toContain("the one you sent is invalid or expired");
    expect(JSON.parse(JSON.stringify(explained))).toEqual(explained);
  });

  it("puts a 407's proxy challenges first and answers them with Proxy-Authorization", () => {
    const x = exchangeOf("e1", entry({ url: TARGET, status: 407, responseHeaders: { "Proxy-Authenticate": 'Basic realm="proxy"', "WWW-Authenticate": 'Bearer realm="api"' } }));
    const explained = explainExchangeChallenges(x);
    expect(explained.map((e) => e.scheme)).toEqual(["Basic", "Bearer"]);
    expect(explained[0]!.next[0]).toContain("Proxy-Authorization: Basic");
  });

  it("splits Firefox's line-feed-joined field lines", () => {
    const x = exchangeOf("e1", entry({ url: TARGET, status: 401, responseHeaders: { "WWW-Authenticate": "Negotiate\nNTLM" } }, ), "har-file");
    expect(explainExchangeChallenges(x).map((e) => [e.scheme, e.problems.length])).toEqual([
      ["Negotiate", 0],
      ["NTLM", 0],
    ]);
  });

  it("returns [] without a challenge field or a response", () => {
    expect(explainExchangeChallenges(exchangeOf("e1", entry({ url: TARGET, status: 401 })))).toEqual([]);
    expect(explainExchangeChallenges(exchangeOf("e1", entry({ url: TARGET, status: 0, error: "net::ERR_FAILED" })))).toEqual([]);
  });
});

describe("the challenge rules in diagnose", () => {
  it("are all wired", () => {
    expect(CHALLENGE_RULES.map((r) => r.name).sort()).toEqual(
      [
        "basic-prompt-risk",
        "bearer-insufficient-scope",
        "bearer-invalid-request",
        "bearer-invalid-token",
        "challenge-hidden-from-script",
        "challenge-malformed",
        "dpop-nonce-required",
        "dpop-proof-invalid",
        "proxy-auth-required",
        "resource-metadata",
        "step-up-required",
      ].sort(),
    );
  });

  it("find several things in one cross-origin 401", () => {
    const analysis = analyze(
      harOf([
        chromeEntry({
          url: TARGET,
          status: 401,
          requestHeaders: { Origin: PAGE_ORIGIN, Authorization: "Bearer abc" },
          responseHeaders: {
            "Access-Control-Allow-Origin": PAGE_ORIGIN,
            "WWW-Authenticate": 'Bearer realm="api" error="invalid_token", resource_metadata="https://api.example.com/.well-known/oauth-protected-resource"',
          },
        }),
      ]),
    );
    const found = codes(findingsOf(analysis, "e1"));
    for (const code of ["auth.bearer-invalid-token", "auth.challenge-malformed", "auth.challenge-hidden-from-script", "auth.resource-metadata", "auth.credentials-rejected"]) {
      expect(found).toContain(code);
    }
  });

  it("never throw, whatever the challenge headers hold", () => {
    const value = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 60 }), fc.constantFrom('DPoP error="use_dpop_nonce"', 'Bearer error="insufficient_scope", scope="a b"', "Basic", "NTLM TlRMTVNTUAACAAAA"));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("WWW-Authenticate", "Proxy-Authenticate", "DPoP-Nonce", "Access-Control-Expose-Headers"), value), { maxLength: 4 }), fc.constantFrom(401, 403, 407, 400, 200), (headers, status) => {
        const x = exchangeOf("e1", chromeEntry({ url: `${API_ORIGIN}/x`, status, requestHeaders: { Origin: PAGE_ORIGIN, Authorization: "DPoP x", DPoP: "a.b.c" }, responseHeaders: headers }));
        const [d] = diagnose([x], {}, CHALLENGE_RULES);
        expect(d!.findings.filter((f) => f.code === "capture.partial")).toEqual([]);
        expect(() => explainExchangeChallenges(x)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
