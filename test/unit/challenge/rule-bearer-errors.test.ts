/** auth.bearer-invalid-token, auth.bearer-invalid-request, auth.bearer-insufficient-scope */
import { describe, expect, it } from "vitest";
import { bearerInsufficientScopeRule } from "../../../src/core/challenge/rules/bearer-insufficient-scope.ts";
import { bearerInvalidRequestRule } from "../../../src/core/challenge/rules/bearer-invalid-request.ts";
import { bearerInvalidTokenRule } from "../../../src/core/challenge/rules/bearer-invalid-token.ts";
import { OPAQUE_TOKEN, codes, evidenceValue, one, ruleOn, visibleText } from "../helpers.ts";
import { fetchExchange, jwt, secondsAt } from "./rule-helpers.ts";

describe("auth.bearer-invalid-token", () => {
  it("fires on error=invalid_token, quoting error_description and the realm", () => {
    const token = jwt({ iss: "https://id.example.com/", aud: "api", exp: secondsAt() - 300 });
    const x = fetchExchange({
      status: 401,
      requestHeaders: { Authorization: `Bearer ${token}` },
      responseHeaders: { "WWW-Authenticate": 'Bearer realm="example", error="invalid_token", error_description="The access token expired"' },
    });
    const f = one(ruleOn(bearerInvalidTokenRule, x), "auth.bearer-invalid-token");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain('"The access token expired"');
    expect(f.detail).toContain('realm "example"');
    expect(f.detail).toContain("GET /v1/orders");
    expect(f.detail).toContain("expired");
    expect(f.detail).toContain("5 minutes before the request");
    expect(evidenceValue(f, "error_description")).toBe("The access token expired");
    expect(evidenceValue(f, "Token exp")).toBe(new Date((secondsAt() - 300) * 1000).toISOString());
    expect(visibleText(f)).not.toContain(token);
  });

  it("points at aud and iss when the token has not expired", () => {
    const x = fetchExchange({
      status: 401,
      requestHeaders: { Authorization: `Bearer ${jwt({ iss: "https://id.example.com/", aud: "other-api", exp: secondsAt() + 3600 })}` },
      responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
    });
    const f = one(ruleOn(bearerInvalidTokenRule, x), "auth.bearer-invalid-token");
    expect(f.detail).toContain('aud="other-api"');
    expect(f.detail).toContain('iss="https://id.example.com/"');
  });

  it("says when no token was sent at all (Azure AD's 'access token is missing')", () => {
    const x = fetchExchange({
      status: 401,
      responseHeaders: {
        "WWW-Authenticate":
          'Bearer authorization_uri="https://login.microsoftonline.com/contoso.com/oauth2/authorize",  error="invalid_token",  error_description="The access token is missing.",',
      },
    });
    const f = one(ruleOn(bearerInvalidTokenRule, x), "auth.bearer-invalid-token");
    expect(f.detail).toContain("no Authorization header");
    expect(f.detail).toContain("The access token is missing.");
    expect(f.fix).toContain("Authorization: Bearer <token>");
  });

  it("also reads DPoP challenges, and notes a status other than 401", () => {
    const x = fetchExchange({
      status: 403,
      requestHeaders: { Authorization: `DPoP ${OPAQUE_TOKEN}` },
      responseHeaders: { "WWW-Authenticate": 'DPoP error="invalid_token", error_description="Invalid DPoP key binding", algs="ES256"' },
    });
    const f = one(ruleOn(bearerInvalidTokenRule, x), "auth.bearer-invalid-token");
    expect(f.detail).toContain("DPoP challenge");
    expect(f.detail).toContain("Invalid DPoP key binding");
    expect(f.detail).toContain("answered 403");
  });

  it.each([
    ["another error", 'Bearer error="insufficient_scope"'],
    ["no error", 'Bearer realm="api"'],
    ["another scheme", 'Newauth error="invalid_token"'],
  ])("does not fire for %s", (_label, challenge) => {
    expect(ruleOn(bearerInvalidTokenRule, fetchExchange({ status: 401, responseHeaders: { "WWW-Authenticate": challenge } }))).toEqual([]);
  });
});

describe("auth.bearer-invalid-request", () => {
  it("fires on error=invalid_request and shows the token sent twice", () => {
    const x = fetchExchange({
      url: `https://api.example.com/v1/orders?access_token=${OPAQUE_TOKEN}`,
      status: 400,
      requestHeaders: { Authorization: `Bearer ${OPAQUE_TOKEN}` },
      responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_request", error_description="Multiple methods used to include access token"' },
    });
    const f = one(ruleOn(bearerInvalidRequestRule, x), "auth.bearer-invalid-request");
    expect(f.detail).toContain("Multiple methods used to include access token");
    expect(f.detail).toContain("the Authorization header and access_token in the URL");
    expect(f.fix).toContain("exactly once");
    expect(f.detail).not.toContain("pairs this error with 400");
  });

  it("notes a 401 where RFC 6750 says 400", () => {
    const x = fetchExchange({ status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_request"' } });
    expect(one(ruleOn(bearerInvalidRequestRule, x), "auth.bearer-invalid-request").detail).toContain("answered 401");
  });

  it("does not fire for other errors", () => {
    expect(codes(ruleOn(bearerInvalidRequestRule, fetchExchange({ status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' } })))).toEqual([]);
  });
});

describe("auth.bearer-insufficient-scope", () => {
  const challenge = 'Bearer realm="api", error="insufficient_scope", scope="orders:read orders:write"';

  it("names the scopes asked for, those the token has and those it lacks", () => {
    const x = fetchExchange({
      status: 403,
      requestHeaders: { Authorization: `Bearer ${jwt({ scope: "openid orders:read" })}` },
      responseHeaders: { "WWW-Authenticate": challenge },
    });
    const f = one(ruleOn(bearerInsufficientScopeRule, x), "auth.bearer-insufficient-scope");
    expect(f.detail).toContain('scope "orders:read orders:write"');
    expect(f.detail).toContain('"openid orders:read"');
    expect(f.detail).toContain('lacks "orders:write"');
    expect(f.fix).toContain('"orders:write"');
    expect(evidenceValue(f, "Scope asked for")).toBe("orders:read orders:write");
    expect(evidenceValue(f, "Token scopes")).toBe("openid orders:read");
  });

  it("reads an array scp claim (Okta) and a 401 where 403 belongs", () => {
    const x = fetchExchange({
      status: 401,
      requestHeaders: { Authorization: `Bearer ${jwt({ scp: ["orders:read"] })}` },
      responseHeaders: { "WWW-Authenticate": challenge },
    });
    const f = one(ruleOn(bearerInsufficientScopeRule, x), "auth.bearer-insufficient-scope");
    expect(f.detail).toContain('lacks "orders:write"');
    expect(f.detail).toContain("answered 401");
  });

  it("says an opaque token's scopes cannot be read", () => {
    const x = fetchExchange({ status: 403, requestHeaders: { Authorization: `Bearer ${OPAQUE_TOKEN}` }, responseHeaders: { "WWW-Authenticate": challenge } });
    const f = one(ruleOn(bearerInsufficientScopeRule, x), "auth.bearer-insufficient-scope");
    expect(f.detail).toContain("cannot read the token's scopes");
    expect(f.fix).toContain('scope "orders:read orders:write"');
  });

  it("says when the server did not name a scope (Keycloak)", () => {
    const x = fetchExchange({ status: 403, responseHeaders: { "WWW-Authenticate": 'Bearer realm="master", error="insufficient_scope", error_description="Missing openid scope"' } });
    const f = one(ruleOn(bearerInsufficientScopeRule, x), "auth.bearer-insufficient-scope");
    expect(f.detail).toContain("Missing openid scope");
    expect(f.detail).toContain("did not say which scope");
  });

  it("does not fire for other errors", () => {
    expect(ruleOn(bearerInsufficientScopeRule, fetchExchange({ status: 401, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' } }))).toEqual([]);
  });
});
