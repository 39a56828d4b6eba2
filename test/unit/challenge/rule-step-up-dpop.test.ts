/** auth.step-up-required, auth.dpop-nonce-required, auth.dpop-proof-invalid */
import { describe, expect, it } from "vitest";
import { dpopNonceRule } from "../../../src/core/challenge/rules/dpop-nonce.ts";
import { dpopProofRule } from "../../../src/core/challenge/rules/dpop-proof.ts";
import { stepUpRule } from "../../../src/core/challenge/rules/step-up.ts";
import { API_ORIGIN, OPAQUE_TOKEN, PAGE_ORIGIN, chromeEntry, entry, evidenceValue, exchangeOf, one, ruleOn, runRule } from "../helpers.ts";
import { TARGET, fetchExchange, jwt, secondsAt, withJsonBody } from "./rule-helpers.ts";

describe("auth.step-up-required", () => {
  it("compares acr_values and max_age with the token's acr and auth_time (RFC 9470)", () => {
    const x = fetchExchange({
      status: 401,
      requestHeaders: { Authorization: `Bearer ${jwt({ acr: "pwd", auth_time: secondsAt() - 3600 })}` },
      responseHeaders: { "WWW-Authenticate": 'Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="mfa phr", max_age="300"' },
    });
    const f = one(ruleOn(stepUpRule, x), "auth.step-up-required");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain('"mfa" or "phr"');
    expect(f.detail).toContain("5 minutes");
    expect(f.detail).toContain('acr is "pwd", which is not among them');
    expect(f.detail).toContain("1 hour before the request, older than max_age");
    expect(f.detail).toContain("A different authentication level is required");
    expect(f.fix).toContain('acr_values="mfa phr"');
    expect(f.fix).toContain("max_age=300");
    expect(evidenceValue(f, "Token acr")).toBe("pwd");
  });

  it("says when the token cannot be read", () => {
    const x = fetchExchange({
      status: 401,
      requestHeaders: { Authorization: `Bearer ${OPAQUE_TOKEN}` },
      responseHeaders: { "WWW-Authenticate": 'Bearer error="insufficient_user_authentication", acr_values="myACR"' },
    });
    const f = one(ruleOn(stepUpRule, x), "auth.step-up-required");
    expect(f.detail).toContain('"myACR"');
    expect(f.detail).toContain("cannot read the token's acr");
  });

  it("does not fire for other errors", () => {
    expect(ruleOn(stepUpRule, fetchExchange({ status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' } }))).toEqual([]);
  });
});

/** A DPoP proof for the request (RFC 9449 §4.2); nothing checks its signature. */
function proof(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  return jwt(
    { jti: "e1j3V_bKic8-LAEB", htm: "GET", htu: TARGET, iat: secondsAt(), ...claims },
    { typ: "dpop+jwt", alg: "ES256", jwk: { kty: "EC", crv: "P-256", x: "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs", y: "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA" }, ...header },
  );
}

const NONCE = "eyJ7S_zG.eyJH0-Z.HX4w-7v";
const NONCE_CHALLENGE = 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"';

function nonceRound(retry?: { at: number; nonce?: string; method?: string }) {
  const first = exchangeOf(
    "e1",
    chromeEntry({
      url: TARGET,
      status: 401,
      requestHeaders: { Authorization: `DPoP ${OPAQUE_TOKEN}`, DPoP: proof({}) },
      responseHeaders: { "WWW-Authenticate": NONCE_CHALLENGE, "DPoP-Nonce": NONCE },
    }),
  );
  if (!retry) return runRule(dpopNonceRule, [first]);
  const second = exchangeOf(
    "e2",
    chromeEntry({
      url: TARGET,
      method: retry.method ?? "GET",
      at: retry.at,
      status: 200,
      requestHeaders: { Authorization: `DPoP ${OPAQUE_TOKEN}`, DPoP: proof(retry.nonce !== undefined ? { nonce: retry.nonce } : {}) },
    }),
  );
  return runRule(dpopNonceRule, [first, second]);
}

describe("auth.dpop-nonce-required", () => {
  it("is info when the client retries with the nonce within 10 s (RFC 9449 §9)", () => {
    const byId = nonceRound({ at: 120, nonce: NONCE });
    const f = one(byId.get("e1") ?? [], "auth.dpop-nonce-required");
    expect(f.severity).toBe("info");
    expect(f.detail).toContain(`"${NONCE}"`);
    expect(f.detail).toContain("retried (GET /v1/orders at 10:00:00.120 UTC, 120 ms later)");
    expect(f.detail, "no internal id in the text").not.toMatch(/\be\d+\b/);
    expect(f.related).toEqual(["e2"]);
    expect(evidenceValue(f, "DPoP-Nonce")).toBe(NONCE);
    // A finding about two exchanges is listed on both.
    expect((byId.get("e2") ?? []).map((g) => g.code)).toEqual(["auth.dpop-nonce-required"]);
  });

  it("is a warning when no retry follows", () => {
    const f = one(nonceRound().get("e1") ?? [], "auth.dpop-nonce-required");
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain("No retry of GET /v1/orders");
    expect(f.fix).toContain(`"${NONCE}"`);
  });

  it.each([
    ["later than 10 s", { at: 10_001, nonce: NONCE }],
    ["with another method", { at: 100, nonce: NONCE, method: "POST" }],
  ])("does not count a request %s as the retry", (_label, retry) => {
    expect(one(nonceRound(retry).get("e1") ?? [], "auth.dpop-nonce-required").severity).toBe("warning");
  });

  it("is a warning when the retry's proof carries another nonce or none", () => {
    expect(one(nonceRound({ at: 50, nonce: "stale" }).get("e1") ?? [], "auth.dpop-nonce-required").detail).toContain('"stale", not the one supplied');
    expect(one(nonceRound({ at: 50 }).get("e1") ?? [], "auth.dpop-nonce-required").detail).toContain("carries no nonce claim");
  });

  it("reads an authorization server's 400 JSON error (RFC 9449 §8)", () => {
    const e = withJsonBody(
      entry({ url: "https://as.example.com/token", method: "POST", status: 400, responseHeaders: { "DPoP-Nonce": NONCE } }),
      { error: "use_dpop_nonce", error_description: "Authorization server requires nonce in DPoP proof" },
    );
    const f = one(ruleOn(dpopNonceRule, exchangeOf("e1", e)), "auth.dpop-nonce-required");
    expect(f.detail).toContain("authorization server");
    expect(evidenceValue(f, "Error body")).toContain("Authorization server requires nonce in DPoP proof");
  });

  it("says when a cross-origin page cannot read DPoP-Nonce", () => {
    const x = exchangeOf(
      "e1",
      chromeEntry({
        url: TARGET,
        status: 401,
        requestHeaders: { Origin: PAGE_ORIGIN },
        responseHeaders: { "WWW-Authenticate": NONCE_CHALLENGE, "DPoP-Nonce": NONCE, "Access-Control-Allow-Origin": PAGE_ORIGIN },
      }),
    );
    const f = one(ruleOn(dpopNonceRule, x), "auth.dpop-nonce-required");
    expect(f.detail).toContain("cannot even read DPoP-Nonce");
    expect(f.fix).toContain("Access-Control-Expose-Headers: DPoP-Nonce");
  });

  it("does not fire without use_dpop_nonce", () => {
    expect(ruleOn(dpopNonceRule, fetchExchange({ status: 401, responseHeaders: { "WWW-Authenticate": 'DPoP algs="ES256"' } }))).toEqual([]);
  });
});

describe("auth.dpop-proof-invalid", () => {
  const challenge = 'DPoP error="invalid_dpop_proof", error_description="DPoP proof is invalid", algs="ES256"';
  const run = (dpop: string | undefined, spec: { method?: string; url?: string } = {}) =>
    ruleOn(
      dpopProofRule,
      exchangeOf(
        "e1",
        chromeEntry({
          url: spec.url ?? TARGET,
          method: spec.method ?? "GET",
          status: 401,
          requestHeaders: { Authorization: `DPoP ${OPAQUE_TOKEN}`, ...(dpop !== undefined ? { DPoP: dpop } : {}) },
          responseHeaders: { "WWW-Authenticate": challenge },
        }),
      ),
    );

  it("lists what is wrong in the proof: htm, htu, alg, typ, iat, ath", () => {
    const bad = proof({ htm: "POST", htu: `${API_ORIGIN}/v1/other`, iat: secondsAt() - 600 }, { typ: "JWT", alg: "RS256" });
    const f = one(run(bad, { url: `${TARGET}?page=2` }), "auth.dpop-proof-invalid");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("DPoP proof is invalid");
    expect(f.detail).toContain('typ is "JWT"');
    expect(f.detail).toContain('alg "RS256" is not among the server\'s algs (ES256)');
    expect(f.detail).toContain('htm is "POST", but the request is GET');
    expect(f.detail).toContain(`htu is "${API_ORIGIN}/v1/other"`);
    expect(f.detail).toContain(`"${TARGET}"`);
    expect(f.detail).toContain("10 minutes before the request");
    expect(f.detail).toContain("no ath");
    expect(f.fix).toContain(`htu "${TARGET}"`);
  });

  it("accepts an htu that differs only by query, and says what is left when the proof looks right", () => {
    const f = one(run(proof({ ath: "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo" }), { url: `${TARGET}?page=2` }), "auth.dpop-proof-invalid");
    expect(f.detail).toContain("look right");
    expect(f.detail).toContain("cnf.jkt");
  });

  it("says when no DPoP header was sent, or two", () => {
    expect(one(run(undefined), "auth.dpop-proof-invalid").detail).toContain("no DPoP header at all");
    const x = exchangeOf(
      "e1",
      chromeEntry({
        url: TARGET,
        status: 401,
        requestHeaders: [
          ["DPoP", proof({})],
          ["DPoP", proof({})],
        ],
        responseHeaders: { "WWW-Authenticate": challenge },
      }),
    );
    expect(one(ruleOn(dpopProofRule, x), "auth.dpop-proof-invalid").detail).toContain("2 DPoP headers");
  });

  it("reads an authorization server's 400 body", () => {
    const e = withJsonBody(entry({ url: "https://as.example.com/token", method: "POST", status: 400 }), { error: "invalid_dpop_proof", error_description: "Invalid DPoP proof signature" });
    const f = one(ruleOn(dpopProofRule, exchangeOf("e1", e)), "auth.dpop-proof-invalid");
    expect(f.detail).toContain("Invalid DPoP proof signature");
  });

  it("does not fire for other errors", () => {
    expect(ruleOn(dpopProofRule, fetchExchange({ status: 401, responseHeaders: { "WWW-Authenticate": 'DPoP error="invalid_token"' } }))).toEqual([]);
  });
});
