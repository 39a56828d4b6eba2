/** auth.scheme-mismatch: the 401 verdict when the Authorization scheme is not one the server challenged. */
import { describe, expect, it } from "vitest";
import { schemeMismatchRule } from "../../../src/core/credentials/scheme-mismatch.ts";
import { credentialVerdictRule } from "../../../src/core/credentials/verdict.ts";
import { API_ORIGIN, OPAQUE_TOKEN, REAL_JWT, codes, entry, evidenceValue, exchangeOf, one, ruleOn, runRule, visibleText } from "../helpers.ts";
import { TARGET } from "./rule-helpers.ts";

const run = (authorization: string | undefined, challenge: string | string[] | undefined, extra: Record<string, string> = {}) =>
  ruleOn(
    credentialVerdictRule,
    exchangeOf(
      "e1",
      entry({
        url: TARGET,
        status: 401,
        requestHeaders: { ...(authorization !== undefined ? { Authorization: authorization } : {}), ...extra },
        responseHeaders: challenge === undefined ? {} : (Array.isArray(challenge) ? challenge : [challenge]).map((c) => ["WWW-Authenticate", c] as [string, string]),
      }),
    ),
  );

describe("auth.scheme-mismatch", () => {
  it("is the one verdict when a Bearer token meets a Basic-only server, naming both", () => {
    const findings = run(`Bearer ${REAL_JWT}`, 'Basic realm="Restricted"');
    expect(codes(findings)).toEqual(["auth.scheme-mismatch"]);
    const f = one(findings, "auth.scheme-mismatch");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("Authorization: Bearer");
    expect(f.detail).toContain("only accepts Basic");
    expect(f.detail).toContain('Basic realm="Restricted"');
    expect(f.fix).toContain("nginx auth_basic");
    expect(evidenceValue(f, "Challenged schemes")).toBe("Basic");
    expect(visibleText(f)).not.toContain(REAL_JWT);
  });

  it("lists every challenged scheme across field lines (IIS)", () => {
    const f = one(run(`Bearer ${OPAQUE_TOKEN}`, ["Negotiate", "NTLM"]), "auth.scheme-mismatch");
    expect(f.detail).toContain("only accepts Negotiate or NTLM");
    expect(f.fix).toContain("anonymous authentication");
  });

  it("says a DPoP-bound token must be sent as DPoP", () => {
    expect(one(run(`Bearer ${OPAQUE_TOKEN}`, 'DPoP algs="ES256"'), "auth.scheme-mismatch").fix).toContain("Authorization: DPoP <token>");
  });

  it("gives a generic fix naming the challenged scheme otherwise", () => {
    const f = one(run("ApiKey abc123", 'Bearer realm="api"'), "auth.scheme-mismatch");
    expect(f.fix).toContain("`Authorization: Bearer …`");
    expect(f.fix).toContain("ApiKey");
  });

  it.each([
    ["the scheme matches case-insensitively", `bearer ${OPAQUE_TOKEN}`, 'BEARER realm="api"', "auth.credentials-rejected"],
    ["the scheme is one of several challenged", `DPoP ${OPAQUE_TOKEN}`, 'Bearer, DPoP algs="ES256"', "auth.credentials-rejected"],
    ["there is no challenge to compare with", `Bearer ${OPAQUE_TOKEN}`, undefined, "auth.credentials-rejected"],
    ["the header is a placeholder (its own finding explains it)", "Bearer undefined", 'Basic realm="x"', "auth.credentials-rejected"],
    ["only cookies were sent", undefined, 'Basic realm="x"', "auth.credentials-rejected"],
    ["nothing was sent", undefined, 'Bearer realm="x"', "auth.no-credentials-sent"],
  ])("is not the verdict when %s", (_label, authorization, challenge, verdict) => {
    const extra: Record<string, string> = _label.startsWith("only cookies") ? { Cookie: "sid=1" } : {};
    expect(codes(run(authorization, challenge, extra))).toEqual([verdict]);
  });
});

describe("auth.scheme-mismatch on a 400 with a challenge naming another scheme", () => {
  const x400 = (authorization: string, challenge: string) =>
    exchangeOf("e1", entry({ url: TARGET, status: 400, requestHeaders: { Authorization: authorization }, responseHeaders: { "WWW-Authenticate": challenge } }));

  it("fires from its own rule (a 400 has no verdict), naming the status", () => {
    // express-oauth2-jwt-bearer answers a header it cannot read with 400 and `Bearer realm="api"`.
    const f = one(ruleOn(schemeMismatchRule, x400(`Token ${REAL_JWT}`, 'Bearer realm="api"')), "auth.scheme-mismatch");
    expect(f.detail).toContain("its 400 challenge");
    expect(f.detail).toContain("only accepts Bearer");
    expect(evidenceValue(f, "Status")).toBe("400");
    expect(f.fix).toContain("Authorization: Bearer <token>");
    expect(ruleOn(credentialVerdictRule, x400(`Token ${REAL_JWT}`, 'Bearer realm="api"'))).toEqual([]);
  });

  it("does not fire when the 400 challenge names the sent scheme", () => {
    expect(ruleOn(schemeMismatchRule, x400(`Bearer ${REAL_JWT}`, 'Bearer error="invalid_request"'))).toEqual([]);
  });

  it("the 401 is still the verdict's, not given twice", () => {
    expect(ruleOn(schemeMismatchRule, exchangeOf("e1", entry({ url: TARGET, status: 401, requestHeaders: { Authorization: `Bearer ${REAL_JWT}` }, responseHeaders: { "WWW-Authenticate": "Basic" } })))).toEqual([]);
  });
});

describe("auth.scheme-mismatch without a challenge: a JWT under another scheme than Bearer", () => {
  const refused = (authorization: string, body?: Record<string, unknown>, status = 401, id = "e2", at = 10) => {
    const e = entry({ url: TARGET, at, status, requestHeaders: { Authorization: authorization } }) as { response: Record<string, unknown> };
    if (body) e.response.content = { size: 0, mimeType: "application/json", text: JSON.stringify(body) };
    return exchangeOf(id, e);
  };
  const acceptedBearer = exchangeOf("e1", entry({ url: `${API_ORIGIN}/v1/profile`, at: 0, status: 200, requestHeaders: { Authorization: `Bearer ${REAL_JWT}` } }));

  it("fires when the same API accepts Bearer elsewhere in the capture, naming that request", () => {
    const findings = runRule(credentialVerdictRule, [acceptedBearer, refused(`Token ${REAL_JWT}`)]).get("e2") ?? [];
    expect(codes(findings)).toEqual(["auth.scheme-mismatch"]);
    const f = one(findings, "auth.scheme-mismatch");
    expect(f.detail).toContain("sent a JWT as `Authorization: Token …`");
    expect(f.detail).toContain("without a challenge");
    expect(f.detail).toContain("GET /v1/profile");
    expect(evidenceValue(f, "Sent scheme")).toBe("Token");
    expect(f.fix).toContain("Authorization: Bearer <token>");
    expect(visibleText(f)).not.toContain(REAL_JWT);
  });

  it.each([
    ["express-jwt", { message: "Format is Authorization: Bearer [token]" }, "express-jwt"],
    ["Flask-JWT-Extended", { msg: "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'" }, "Flask-JWT-Extended"],
    ["@fastify/jwt (no Bearer header found)", { message: "No Authorization was found in request.headers" }, "@fastify/jwt"],
  ])("fires when %s's message says so", (_name, body, source) => {
    const f = one(ruleOn(credentialVerdictRule, refused(`JWT ${REAL_JWT}`, body)), "auth.scheme-mismatch");
    expect(evidenceValue(f, "Message source")).toContain(source);
    expect(f.fix).toContain("`JWT` is not a scheme");
  });

  it("gives it on a 403 instead of 'signed in, but not allowed'", () => {
    expect(codes(ruleOn(credentialVerdictRule, refused(`Token ${REAL_JWT}`, { detail: "Authentication credentials were not provided." }, 403)))).toEqual(["auth.scheme-mismatch"]);
  });

  it.each([
    ["there is no evidence the API takes Bearer", `Token ${REAL_JWT}`, undefined],
    ["the credential is not a JWT", `Token ${OPAQUE_TOKEN}`, { message: "Format is Authorization: Bearer [token]" }],
    ["the scheme is Bearer", `Bearer ${REAL_JWT}`, { message: "Format is Authorization: Bearer [token]" }],
    ["the scheme is DPoP", `DPoP ${REAL_JWT}`, { message: "No authorization token was found" }],
  ])("does not fire when %s", (_label, authorization, body) => {
    expect(codes(ruleOn(credentialVerdictRule, refused(authorization, body)))).not.toContain("auth.scheme-mismatch");
  });

  it("does not take another origin's Bearer success as evidence", () => {
    const elsewhere = exchangeOf("e1", entry({ url: "https://other.example.com/v1/profile", at: 0, status: 200, requestHeaders: { Authorization: `Bearer ${REAL_JWT}` } }));
    expect(codes(runRule(credentialVerdictRule, [elsewhere, refused(`Token ${REAL_JWT}`)]).get("e2") ?? [])).toEqual(["auth.credentials-rejected"]);
  });
});
