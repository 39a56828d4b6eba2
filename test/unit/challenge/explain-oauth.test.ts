/** Bearer (RFC 6750, RFC 9470, RFC 9728) and DPoP (RFC 9449) explainers. */
import { describe, expect, it } from "vitest";
import { explainChallenges } from "../../../src/core/challenge/explain.ts";
import { explainOne, paramRow, problemCodes, text } from "./explain-helpers.ts";

describe("Bearer", () => {
  it("says the sent token is invalid or expired, quoting error_description", () => {
    const e = explainOne('Bearer realm="example", error="invalid_token", error_description="The access token expired"', { sentScheme: "Bearer", status: 401, sentCredentials: true });
    expect(e.summary).toBe('The server wants an OAuth 2.0 bearer token for realm "example"; the one you sent is invalid or expired.');
    expect(e.next[0]).toContain("The access token expired");
    expect(paramRow(e, "error").meaning).toContain("expired, revoked, malformed");
    expect(e.problems).toEqual([]);
  });

  it.each([
    ["invalid_request", 400, "malformed"],
    ["invalid_token", 401, "invalid or expired"],
    ["insufficient_scope", 403, "lacks the scope"],
  ])("knows error=%s belongs with %i and flags another status", (error, status, words) => {
    const ok = explainOne(`Bearer error="${error}"`, { status, sentScheme: "Bearer", sentCredentials: true });
    expect(ok.summary).toContain(words);
    expect(problemCodes(ok)).toEqual([]);
    const off = explainOne(`Bearer error="${error}"`, { status: status === 401 ? 403 : 401, sentScheme: "Bearer", sentCredentials: true });
    expect(off.problems).toEqual([expect.objectContaining({ code: "status-mismatch", severity: "info" })]);
    expect(off.problems[0]!.message).toContain(String(status));
  });

  it("lists the scopes asked for and asks for a token with them", () => {
    const e = explainOne('Bearer error="insufficient_scope", scope="openid profile email"', { status: 403, sentScheme: "Bearer", sentCredentials: true });
    expect(paramRow(e, "scope").meaning).toContain("3 scopes: openid, profile, email");
    expect(e.next[0]).toContain('scope "openid profile email"');
  });

  it("explains step-up (RFC 9470) with acr_values and max_age", () => {
    const e = explainOne('Bearer error="insufficient_user_authentication", error_description="More recent authentication is required", max_age="300", acr_values="urn:mace:incommon:iap:silver mfa"');
    expect(e.summary).toContain("step-up");
    expect(paramRow(e, "max_age").meaning).toContain("5 minutes");
    expect(paramRow(e, "acr_values").meaning).toContain("2 classes");
    expect(e.next[0]).toContain('acr_values="urn:mace:incommon:iap:silver mfa"');
    expect(e.next[0]).toContain("max_age=300");
  });

  it("flags a max_age that is not a number of seconds", () => {
    expect(problemCodes(explainOne('Bearer error="insufficient_user_authentication", max_age="soon"'))).toContain("invalid-parameter-value");
  });

  it("points at the RFC 9728 metadata URL", () => {
    const e = explainOne('Bearer resource_metadata="https://resource.example.com/.well-known/oauth-protected-resource"', { sentCredentials: false });
    expect(e.summary).toContain("none was sent");
    expect(text(e)).toContain("https://resource.example.com/.well-known/oauth-protected-resource");
    expect(e.next.at(-1)).toContain("RFC 9728");
  });

  it("turns a Docker registry challenge into the token request to make", () => {
    const e = explainOne('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"');
    expect(e.next[0]).toContain("https://auth.docker.io/token?service=registry.docker.io&scope=repository:samalba/my-app:pull,push");
  });

  it("decodes a Microsoft Entra claims challenge", () => {
    const e = explainOne(
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19"',
    );
    expect(paramRow(e, "claims").meaning).toContain('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}');
    expect(e.summary).toContain("Conditional Access");
  });

  it("notes an error code sent to a request without credentials (RFC 6750 §3.1), and unknown codes", () => {
    const e = explainOne('Bearer error="token_expired"', { sentCredentials: false });
    expect(problemCodes(e)).toEqual(["unknown-error-code", "error-without-credentials"]);
    expect(e.problems[0]!.message).toContain("token_expired");
  });

  it("notes a bare Bearer challenge and a token68 it should not have", () => {
    expect(problemCodes(explainOne("Bearer"))).toEqual(["no-parameters"]);
    expect(problemCodes(explainOne("Bearer abc"))).toContain("unexpected-token68");
  });

  it("without an error, says the sent token was refused without a reason", () => {
    const e = explainOne('Bearer realm="api"', { sentScheme: "bearer", sentCredentials: true });
    expect(e.summary).toContain("gave no reason");
    expect(e.next[0]).toContain("exp");
  });
});

describe("DPoP (RFC 9449)", () => {
  it("names the proof algorithms", () => {
    const e = explainOne('DPoP algs="ES256 PS256"');
    expect(e.family).toBe("DPoP");
    expect(e.summary).toContain("signed with ES256 or PS256");
    expect(paramRow(e, "algs").meaning).toContain("2 algorithms: ES256, PS256");
    expect(e.problems).toEqual([]);
  });

  it("tells the client to retry with the DPoP-Nonce value", () => {
    const e = explainOne('DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"', {
      status: 401,
      dpopNonce: "eyJ7S_zG.eyJH0-Z.HX4w-7v",
    });
    expect(e.summary).toContain("nonce");
    expect(e.next[0]).toContain('"eyJ7S_zG.eyJH0-Z.HX4w-7v"');
    expect(e.problems).toEqual([]);
  });

  it("warns when use_dpop_nonce comes without a DPoP-Nonce header", () => {
    expect(problemCodes(explainOne('DPoP error="use_dpop_nonce"', { status: 401 }))).toContain("nonce-missing");
  });

  it("explains invalid_dpop_proof, listing what a proof needs", () => {
    const e = explainOne('DPoP error="invalid_dpop_proof", algs="ES256"', { status: 401, sentScheme: "DPoP" });
    expect(e.summary).toContain("proof was rejected");
    expect(e.next[0]).toContain("dpop+jwt");
    expect(e.next[0]).toContain("signed with ES256");
  });

  it("says a DPoP-bound token must not be sent as Bearer", () => {
    expect(explainOne('DPoP algs="ES256"', { sentScheme: "Bearer", sentCredentials: true }).next[0]).toContain("not as Bearer");
  });

  it("is an error in Proxy-Authenticate (RFC 9449 §7.1)", () => {
    const e = explainOne('DPoP algs="ES256"', { header: "Proxy-Authenticate" });
    expect(e.problems).toEqual([expect.objectContaining({ code: "not-for-proxy", severity: "error" })]);
  });

  it("explains each challenge of RFC 9449 §7.2's two-scheme example", () => {
    const [b, d] = explainChallenges(['Bearer error="invalid_token", error_description="Invalid token", DPoP algs="ES256 PS256"']);
    expect(b!.family).toBe("Bearer");
    expect(b!.next[0]).toContain("Invalid token");
    expect(d!.family).toBe("DPoP");
    expect(d!.raw).toBe('DPoP algs="ES256 PS256"');
  });
});
