/** tokensOf: every place a token travels in an exchange, and the checks that need the request. */
import { describe, expect, it } from "vitest";
import { tokensOf } from "../../../src/core/tokens/index.ts";
import { API_ORIGIN, OPAQUE_TOKEN, REAL_JWT, chromeEntry, exchangeOf } from "../helpers.ts";
import { ES256_SIGNATURE, T0_SECONDS, jws, validClaims } from "./make.ts";

const JWT = jws(validClaims());

function x(spec: Parameters<typeof chromeEntry>[0], body?: { text: string; mimeType: string }) {
  const e = chromeEntry(spec) as { response: { content: unknown } };
  if (body) e.response.content = { size: body.text.length, ...body };
  return exchangeOf("e1", e);
}

const wheres = (found: ReturnType<typeof tokensOf>) => found.map((t) => t.where);

describe("Authorization", () => {
  it.each([
    [`Bearer ${JWT}`, "jws"],
    [`DPoP ${JWT}`, "jws"],
    [`Bearer ${OPAQUE_TOKEN}`, "opaque"],
    ["Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "basic"],
    [JWT, "jws"],
    [`Bearer Bearer ${JWT}`, "jws"],
    [`Bearer "${JWT}"`, "jws"],
  ])("%s", (value, kind) => {
    const found = tokensOf(x({ requestHeaders: { Authorization: value } }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ where: "Authorization header", kind });
  });

  it.each(["Bearer undefined", "Bearer null", "Bearer [object Object]", "Bearer ", "Bearer Bearer", "Bearer {{token}}", 'Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXagMDAu', 'Digest username="Mufasa", realm="x"'])(
    "finds no token in %j",
    (value) => {
      expect(tokensOf(x({ requestHeaders: { Authorization: value } }))).toEqual([]);
    },
  );

  it("judges times against the request's start (observedAt), not the analyser's clock", () => {
    const [t] = tokensOf(x({ at: 5 * 60_000, requestHeaders: { Authorization: `Bearer ${jws(validClaims({ exp: T0_SECONDS }))}` } }));
    expect(t!.times?.exp?.relative).toBe("5 min before this request");
    expect(t!.problems.find((p) => p.code === "auth.token-expired")?.severity).toBe("error");
  });
});

describe("other headers", () => {
  it("reads token headers and DPoP proofs, not anti-forgery or paging tokens", () => {
    const found = tokensOf(
      x({
        requestHeaders: [
          ["X-Access-Token", JWT],
          ["X-Auth-Token", OPAQUE_TOKEN],
          ["Foo-Token", OPAQUE_TOKEN],
          ["X-CSRF-Token", "csrf-abcdef123456"],
          ["X-XSRF-TOKEN", "xsrf-abcdef123456"],
          ["X-Page-Token", "page-2"],
        ],
      }),
    );
    expect(wheres(found)).toEqual(["X-Access-Token header", "X-Auth-Token header", "Foo-Token header"]);
  });

  it("checks a DPoP proof against the request (RFC 9449 §4.3)", () => {
    const proof = (htm: string, htu: string) => jws({ jti: "j", htm, htu, iat: T0_SECONDS }, { typ: "dpop+jwt", alg: "ES256", jwk: { kty: "EC" } }, ES256_SIGNATURE);
    const ok = tokensOf(x({ method: "POST", url: `${API_ORIGIN}/token?x=1`, requestHeaders: { DPoP: proof("POST", `${API_ORIGIN}/token`) } }));
    expect(ok[0]!.where).toBe("DPoP header");
    expect(ok[0]!.problems.filter((p) => p.severity === "warning")).toEqual([]);
    const bad = tokensOf(x({ method: "GET", url: `${API_ORIGIN}/v1/orders`, requestHeaders: { DPoP: proof("POST", `${API_ORIGIN}/token`) } }));
    const warnings = bad[0]!.problems.filter((p) => p.severity === "warning").map((p) => p.message);
    expect(warnings.some((m) => m.includes("htm is POST, but the request is GET"))).toBe(true);
    expect(warnings.some((m) => m.includes(`htu is ${API_ORIGIN}/token`) && m.includes("/v1/orders"))).toBe(true);
  });
});

describe("aud is never compared with the request's host (FINDINGS.md v2: no advice from a guess)", () => {
  const send = (aud: unknown) => tokensOf(x({ url: `${API_ORIGIN}/v1/me`, requestHeaders: { Authorization: `Bearer ${jws(validClaims({ aud }))}` } }))[0]!;
  it.each([
    ["https://billing.example.com/"],
    ["https://api.example.com"],
    [["https://billing.example.com", "https://api.example.com/"]],
    ["api"],
    ["api://b14a7505"],
    [["https://billing.example.com", "my-client"]],
  ])(
    "says nothing for aud %j",
    (aud) => {
      expect(send(aud).problems.filter((p) => p.severity === "warning")).toEqual([]);
    },
  );
});

describe("cookies", () => {
  it("reads JWTs in cookies, quoted or URL-encoded, and opaque values of token-named cookies only", () => {
    const found = tokensOf(
      x({ requestHeaders: { Cookie: `sid=8f14e45fceea167a5a36dedd4bea2543; id_token="${JWT}"; jwt=${encodeURIComponent(JWT)}; access_token=${OPAQUE_TOKEN}; theme=dark` } }),
    );
    expect(wheres(found)).toEqual(["cookie id_token", "cookie jwt", "cookie access_token"]);
    expect(found.map((t) => t.kind)).toEqual(["jws", "jws", "opaque"]);
  });

  it("falls back to HAR request.cookies when there is no Cookie header", () => {
    expect(wheres(tokensOf(x({ cookies: [{ name: "session", value: JWT }] })))).toEqual(["cookie session"]);
  });

  it("reads tokens being set (Set-Cookie), never deletions", () => {
    const found = tokensOf(x({ responseHeaders: [["Set-Cookie", `session=${JWT}; Path=/; Secure; HttpOnly`], ["Set-Cookie", "token=; Max-Age=0"]] }));
    expect(wheres(found)).toEqual(["Set-Cookie session"]);
  });
});

describe("URL parameters", () => {
  it("reads credential parameters and JWT-valued ones, not the authorization code", () => {
    const url = `${API_ORIGIN}/cb?code=SplxlOBeZQQYbYS6WxSbIA&access_token=${OPAQUE_TOKEN}&state=${JWT}`;
    expect(wheres(tokensOf(x({ url })))).toEqual(["URL parameter access_token", "URL parameter state"]);
  });
});

describe("token endpoint responses (RFC 6749 §5.1)", () => {
  it("reads access_token, id_token and refresh_token, with the access token's expires_in", () => {
    const body = JSON.stringify({ access_token: OPAQUE_TOKEN, token_type: "Bearer", expires_in: 3600, id_token: REAL_JWT, refresh_token: "tGzv3JOkF0XG5Qx2TlKWIA" });
    const found = tokensOf(x({ method: "POST", url: "https://id.example.com/oauth/token" }, { text: body, mimeType: "application/json" }));
    expect(wheres(found)).toEqual(["response body access_token", "response body id_token", "response body refresh_token"]);
    // T0 + 3600 s.
    expect(found[0]!.claims.find((c) => c.name === "expires_in")?.value).toBe("3600 s (1 h), until about 2026-11-24T11:00:00Z");
  });

  it("ignores bodies that are not a JSON object", () => {
    expect(tokensOf(x({}, { text: "[1,2]", mimeType: "application/json" }))).toEqual([]);
    expect(tokensOf(x({}, { text: "{not json", mimeType: "application/json" }))).toEqual([]);
    expect(tokensOf(x({}, { text: JSON.stringify({ access_token: JWT }), mimeType: "text/html" }))).toEqual([]);
  });
});
