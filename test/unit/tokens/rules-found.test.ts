/** The token-found findings: token.jwt, token.jwe, token.alg-none, token.malformed, token.exp-in-milliseconds, token.basic, token.opaque. */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/core/findings.ts";
import { algNoneRule } from "../../../src/core/tokens/rules/alg-none.ts";
import { basicFoundRule } from "../../../src/core/tokens/rules/basic-found.ts";
import { expInMillisecondsRule } from "../../../src/core/tokens/rules/exp-milliseconds.ts";
import { jweFoundRule } from "../../../src/core/tokens/rules/jwe-found.ts";
import { jwtFoundRule } from "../../../src/core/tokens/rules/jwt-found.ts";
import { malformedRule } from "../../../src/core/tokens/rules/malformed.ts";
import { opaqueFoundRule } from "../../../src/core/tokens/rules/opaque-found.ts";
import type { Rule } from "../../../src/core/rule.ts";
import { API_ORIGIN, OPAQUE_TOKEN, T0, chromeEntry, evidenceValue, exchangeOf, one, ruleOn, visibleText } from "../helpers.ts";
import { T0_SECONDS, b64url, jws, validClaims } from "./make.ts";

const JWE =
  "eyJhbGciOiJSU0ExXzUiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.QR1Owv2ug2WyPBnbQrRARTeEk9kDO2w8qDcjiHnSJflSdv1iNqhWXaKH4MqAkQtMoNfABIPJaZm0HaA415sv3aeuBWnD8J-Ui7Ah6cWafs3ZwwFKDFUUsWHSK-IPKxLGTkND09XyjORj_CHAgOPJ-Sd8ONQRnJvWn_hXV1BNMHzUjPyYwEsRhDhzjAD26imasOTsgruobpYGoQcXUwFDn7moXPRfDE8-NoQX7N7ZYMmpUDkR-Cx9obNGwJQ3nM52YCitxoQVPzjbl7WBuB7AohdBoZOdZ24WlN1lVIeh8v1K4krB8xgKvRU8kgFrEn_a1rZgN5TiysnmzTROF869lQ.AxY8DCtDaGlsbGljb3RoZQ.MKOle7UQrG6nSxTLX6Mqwt0orbHvAKeWnDYvpIAeZ72deHxz3roJDXQyhxx0wKaMHDjUEOKIwrtkHthpqEanSBNYHZgmNOV7sln1Eu9g3J8.fiK51VwhsxJ-siBMR-YFiA";

function withAuth(rule: Rule, authorization: string, status = 200): readonly Finding[] {
  return ruleOn(rule, exchangeOf("e1", chromeEntry({ url: `${API_ORIGIN}/v1/me`, status, requestHeaders: { Authorization: authorization } })));
}

/** No finding text shows a token whole. */
function expectMasked(f: Finding, token: string): void {
  expect(visibleText(f)).not.toContain(token);
}

describe("token.jwt", () => {
  it("describes a JWT where it was, with its real claims and times", () => {
    const token = jws(validClaims());
    const f = one(withAuth(jwtFoundRule, `Bearer ${token}`), "token.jwt");
    expect(f.severity).toBe("info");
    expect(f.detail).toContain("GET /v1/me on api.example.com sent a JWT in the Authorization header");
    expect(f.detail).toContain("RS256-signed, issued by https://id.example.com, for user-42, audience api");
    expect(f.detail).toContain("expires 2026-11-24T11:00:00Z (1 h after this request)");
    expect(evidenceValue(f, "exp")).toMatch(/^2026-11-24T11:00:00Z \(.* UTC[+-]\d\d:\d\d\), 1 h after this request$/);
    expect(evidenceValue(f, "Header")).toBe("alg: RS256, typ: JWT");
    expectMasked(f, token);
  });

  it("one finding per JWT: a cookie and a header each get theirs", () => {
    const found = ruleOn(jwtFoundRule, exchangeOf("e1", chromeEntry({ requestHeaders: { Authorization: `Bearer ${jws(validClaims())}`, Cookie: `id_token=${jws({ sub: "b" })}` } })));
    expect(found.map((f) => f.detail.match(/in the (.*?):/)?.[1])).toEqual(["Authorization header", "cookie id_token"]);
  });

  it("stays a note when the audience names another host: an audience is not a host to guess from", () => {
    const f = one(withAuth(jwtFoundRule, `Bearer ${jws(validClaims({ aud: "https://billing.example.com" }))}`), "token.jwt");
    expect(f.severity).toBe("info");
    expect(f.detail).toContain("https://billing.example.com");
    expect(f.fix).toBeUndefined();
  });

  it.each([["an opaque token", `Bearer ${OPAQUE_TOKEN}`], ["a JWE", `Bearer ${JWE}`], ["Basic", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="]])("not for %s", (_l, value) => {
    expect(withAuth(jwtFoundRule, value)).toEqual([]);
  });

  it("skips the Authorization header of a capture stripped of credentials", () => {
    const x = exchangeOf("e1", chromeEntry({ requestHeaders: { Authorization: `Bearer ${jws(validClaims())}` } }));
    expect(ruleOn(jwtFoundRule, x, { credentialsStripped: "test" })).toEqual([]);
  });
});

describe("token.jwe", () => {
  it("says what is encrypted and how (RFC 7519 A.1)", () => {
    const f = one(withAuth(jweFoundRule, `Bearer ${JWE}`), "token.jwe");
    expect(f.detail).toContain("sent an encrypted JWT (JWE) in the Authorization header");
    expect(f.detail).toContain("A128CBC-HS256");
    expect(f.detail).toContain("RSA1_5");
    expect(evidenceValue(f, "Header")).toBe("alg: RSA1_5, enc: A128CBC-HS256");
    expectMasked(f, JWE);
  });
  it("not for a JWS", () => {
    expect(withAuth(jweFoundRule, `Bearer ${jws(validClaims())}`)).toEqual([]);
  });
});

describe("token.alg-none", () => {
  const unsecured = `${b64url(JSON.stringify({ alg: "none" }))}.${b64url(JSON.stringify({ sub: "admin" }))}.`;
  it("fires on an unsecured JWT and says anyone can forge it", () => {
    const f = one(withAuth(algNoneRule, `Bearer ${unsecured}`), "token.alg-none");
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain('alg is "none"');
    expect(f.detail).toContain("anyone can forge");
    expect(f.fix).toContain("RFC 8725");
  });
  it("not for a signed JWT", () => {
    expect(withAuth(algNoneRule, `Bearer ${jws(validClaims())}`)).toEqual([]);
  });
});

describe("token.malformed", () => {
  it("says which part fails and why", () => {
    const cut = `${b64url(JSON.stringify({ alg: "HS256" }))}.${b64url('{"sub":"user-42","ex')}.c2ln`;
    const f = one(withAuth(malformedRule, `Bearer ${cut}`), "token.malformed");
    expect(f.detail).toContain("Authorization header");
    expect(evidenceValue(f, "Reason")).toMatch(/invalid json for part #2.*the payload/);
    expectMasked(f, cut);
  });
  it("a JWT missing its signature part", () => {
    const f = one(withAuth(malformedRule, `Bearer ${b64url('{"alg":"HS256"}')}.${b64url("{}")}`), "token.malformed");
    expect(f.detail).toContain("has 2 parts");
  });
  it("not for a valid JWT, nor for an opaque token", () => {
    expect(withAuth(malformedRule, `Bearer ${jws(validClaims())}`)).toEqual([]);
    expect(withAuth(malformedRule, `Bearer ${OPAQUE_TOKEN}`)).toEqual([]);
  });
});

describe("token.exp-in-milliseconds", () => {
  it("names the claim, its value and both readings", () => {
    const exp = T0 + 3_600_000;
    const f = one(withAuth(expInMillisecondsRule, `Bearer ${jws({ sub: "u", exp })}`), "token.exp-in-milliseconds");
    expect(f.detail).toContain(`exp is ${exp}`);
    expect(f.detail).toContain("2026-11-24T11:00:00Z");
    expect(f.fix).toContain("seconds");
  });
  it("not for seconds", () => {
    expect(withAuth(expInMillisecondsRule, `Bearer ${jws({ exp: T0_SECONDS + 60 })}`)).toEqual([]);
  });
});

describe("token.basic", () => {
  it("shows the user, never the password (RFC 7617 §2 example)", () => {
    const f = one(withAuth(basicFoundRule, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="), "token.basic");
    expect(f.detail).toContain('user "Aladdin"');
    expect(f.detail).toContain("11 characters");
    expect(visibleText(f)).not.toContain("open sesame");
    expect(visibleText(f)).not.toContain("QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    // The base64's last characters encode the password's last bytes: not shown either.
    expect(visibleText(f)).not.toContain("ZQ==");
  });
  it("not for a Bearer token", () => {
    expect(withAuth(basicFoundRule, `Bearer ${OPAQUE_TOKEN}`)).toEqual([]);
  });
});

describe("token.opaque", () => {
  it("gives length, prefix and the issuer the prefix names", () => {
    const f = one(withAuth(opaqueFoundRule, `Bearer ${OPAQUE_TOKEN}`), "token.opaque");
    expect(f.detail).toContain(`${OPAQUE_TOKEN.length} characters`);
    expect(f.detail).toContain("GitHub OAuth app access token");
    expect(evidenceValue(f, "prefix")).toBe("gho_");
    expectMasked(f, OPAQUE_TOKEN);
  });
  it("not for a JWT", () => {
    expect(withAuth(opaqueFoundRule, `Bearer ${jws(validClaims())}`)).toEqual([]);
  });
});
