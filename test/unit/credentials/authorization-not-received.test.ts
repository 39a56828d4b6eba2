/** auth.authorization-not-received: Authorization was sent, and the server answered as if none arrived. */
import { describe, expect, it } from "vitest";
import { authorizationNotReceivedRule } from "../../../src/core/credentials/rules/authorization-not-received.ts";
import { credentialVerdictRule } from "../../../src/core/credentials/verdict.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Exchange } from "../../../src/core/exchange.ts";
import { API_ORIGIN, OPAQUE_TOKEN, REAL_JWT, codes, entry, evidenceValue, exchangeOf, one, ruleOn, visibleText } from "../helpers.ts";

const TARGET = `${API_ORIGIN}/v1/orders`;

interface Spec {
  readonly authorization?: string;
  readonly status?: number;
  readonly challenge?: string;
  /** A JSON body, or text. */
  readonly body?: Record<string, unknown> | string;
}

function exchange(spec: Spec): Exchange {
  const e = entry({
    url: TARGET,
    status: spec.status ?? 401,
    requestHeaders: spec.authorization !== undefined ? { Authorization: spec.authorization } : {},
    responseHeaders: spec.challenge !== undefined ? { "WWW-Authenticate": spec.challenge } : {},
  }) as { response: Record<string, unknown> };
  if (spec.body !== undefined) {
    const json = typeof spec.body !== "string";
    const text = json ? JSON.stringify(spec.body) : (spec.body as string);
    e.response.content = { size: text.length, mimeType: json ? "application/json" : "text/plain", text };
  }
  return exchangeOf("e1", e);
}

const run = (spec: Spec) => ruleOn(authorizationNotReceivedRule, exchange(spec));

describe("auth.authorization-not-received", () => {
  // express-oauth2-jwt-bearer's answer to a request without a token: 401 `Bearer realm="api"`.
  it("fires on a 401 whose Bearer challenge has no error although a Bearer token was sent (RFC 6750 §3.1)", () => {
    const f = one(run({ authorization: `Bearer ${REAL_JWT}`, challenge: 'Bearer realm="api"' }), "auth.authorization-not-received");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("GET /v1/orders on api.example.com");
    expect(f.detail).toContain("Authorization: Bearer");
    expect(f.detail).toContain('Bearer realm="api"');
    expect(f.detail).toContain("RFC 6750 §3.1");
    expect(f.fix).toContain('proxy_set_header Authorization ""');
    expect(f.fix).toContain("CGIPassAuth On");
    expect(f.fix).toMatch(/load balancer, CDN/);
    expect(evidenceValue(f, "WWW-Authenticate")).toBe('Bearer realm="api"');
    expect(visibleText(f)).not.toContain(REAL_JWT);
  });

  it("fires for DPoP the same way", () => {
    expect(codes(run({ authorization: `DPoP ${REAL_JWT}`, challenge: 'DPoP algs="ES256"' }))).toEqual(["auth.authorization-not-received"]);
  });

  it.each([
    ["express-jwt", { message: "No authorization token was found" }, "express-jwt"],
    ["@fastify/jwt", { statusCode: 401, code: "FST_JWT_NO_AUTHORIZATION_IN_HEADER", error: "Unauthorized", message: "No Authorization was found in request.headers" }, "@fastify/jwt"],
    ["Envoy", "Jwt is missing", "Envoy"],
    ["Flask-JWT-Extended", { msg: "Missing Authorization Header" }, "Flask-JWT-Extended"],
    ["Django REST framework", { detail: "Authentication credentials were not provided." }, "Django REST framework"],
  ])("fires on %s's no-token message in the body, naming its source", (_name, body, source) => {
    const f = one(run({ authorization: `Bearer ${OPAQUE_TOKEN}`, body }), "auth.authorization-not-received");
    expect(f.detail).toContain("response body says");
    expect(evidenceValue(f, "Message source")).toContain(source);
  });

  it("reads the message in error_description too", () => {
    const f = one(
      run({ authorization: `Bearer ${OPAQUE_TOKEN}`, challenge: 'Bearer error="invalid_request", error_description="Jwt is missing"', status: 401 }),
      "auth.authorization-not-received",
    );
    expect(f.detail).toContain("error_description says `Jwt is missing`");
  });

  it("fires on a 403 with a no-token message, and the 403 verdict no longer says the caller was recognised", () => {
    const x = exchange({ authorization: `Bearer ${OPAQUE_TOKEN}`, status: 403, body: { detail: "Authentication credentials were not provided." } });
    expect(codes(ruleOn(authorizationNotReceivedRule, x))).toEqual(["auth.authorization-not-received"]);
    expect(ruleOn(credentialVerdictRule, x)).toEqual([]);
  });

  it("stands beside auth.credentials-rejected, which still fires", () => {
    const found = codes(diagnose([exchange({ authorization: `Bearer ${REAL_JWT}`, challenge: 'Bearer realm="api"' })])[0]!.findings);
    expect(found).toContain("auth.authorization-not-received");
    expect(found).toContain("auth.credentials-rejected");
  });

  it.each([
    ["the challenge has an error code (the token arrived and failed)", { authorization: `Bearer ${REAL_JWT}`, challenge: 'Bearer realm="api", error="invalid_token"' }],
    ["another challenge carries an error", { authorization: `DPoP ${REAL_JWT}`, challenge: 'DPoP algs="ES256", Bearer error="invalid_token"' }],
    ["nothing was sent", { challenge: 'Bearer realm="api"' }],
    ["Basic was sent (a bare Bearer challenge is then the right answer)", { authorization: "Basic dXNlcjpwYXNz", challenge: 'Bearer realm="api"' }],
    ["a placeholder was sent (its own finding explains it)", { authorization: "Bearer undefined", challenge: 'Bearer realm="api"' }],
    ["the status is not 401/403", { authorization: `Bearer ${REAL_JWT}`, status: 400, challenge: 'Bearer realm="api"' }],
    ["a bare challenge on a 403", { authorization: `Bearer ${REAL_JWT}`, status: 403, challenge: 'Bearer realm="api"' }],
    ["the body holds an unrelated message", { authorization: `Bearer ${REAL_JWT}`, body: { message: "Token expired" } }],
    ["the request succeeded", { authorization: `Bearer ${REAL_JWT}`, status: 200, body: { message: "No authorization token was found" } }],
  ])("does not fire when %s", (_label, spec) => {
    expect(run(spec as Spec)).toEqual([]);
  });

  it("claims nothing on a sanitized capture", () => {
    expect(ruleOn(authorizationNotReceivedRule, exchange({ authorization: `Bearer ${REAL_JWT}`, challenge: 'Bearer realm="api"' }), { credentialsStripped: "Chrome's sanitized export" })).toEqual([]);
  });
});
