import { describe, expect, it } from "vitest";
import { parseAuthorization } from "../../src/core/credentials/authorization.ts";
import { findPlaceholder } from "../../src/core/credentials/placeholder.ts";
import { tokenPlaceholderRule } from "../../src/core/credentials/rules/token-placeholder.ts";
import { API_ORIGIN, OPAQUE_TOKEN, REAL_JWT, entry, evidenceValue, exchangeOf, one, ruleOn, visibleText } from "./helpers.ts";

const TARGET = `${API_ORIGIN}/v1/orders`;

function run(authorization: string, status = 401) {
  return ruleOn(tokenPlaceholderRule, exchangeOf("e1", entry({ url: TARGET, status, requestHeaders: { Authorization: authorization } })));
}

// Built by concatenation so that the source holds the literal text a client sent, not a template.
const DOLLAR_TEMPLATE = "Bearer $" + "{TOKEN}";

/** [what the client sent, a part of it the finding must quote] */
const PLACEHOLDERS: readonly (readonly [string, string])[] = [
  ["Bearer undefined", "undefined"],
  ["Bearer null", "null"],
  ["Bearer ", "Bearer"],
  // Fetch strips trailing whitespace from header values, so the browser sends `Bearer ` as `Bearer`.
  ["Bearer", "Bearer"],
  ["Bearer [object Object]", "[object Object]"],
  ["bearer UNDEFINED", "UNDEFINED"],
  [`Bearer Bearer ${REAL_JWT}`, "Bearer"],
  ['Bearer "abc123"', "abc123"],
  [`Bearer "${OPAQUE_TOKEN}"`, "Bearer"],
  ["undefined", "undefined"],
  ["null", "null"],
  ["Bearer {{token}}", "{{token}}"],
  [DOLLAR_TEMPLATE, "{TOKEN}"],
  ["Basic undefined", "undefined"],
];

describe("auth.token-placeholder", () => {
  it.each(PLACEHOLDERS)("fires on `Authorization: %s`", (value, quoted) => {
    expect(findPlaceholder(parseAuthorization(value))).toBeDefined();
    const f = one(run(value), "auth.token-placeholder");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("GET /v1/orders");
    expect(f.detail).toContain("api.example.com");
    expect(f.detail).toContain(quoted);
    expect(evidenceValue(f, "Authorization")).toBeDefined();
    expect(evidenceValue(f, "Defect")).toMatch(/\S/);
    expect(f.fix).toContain("Authorization: Bearer");
  });

  it("says what the defect is", () => {
    const scheme = findPlaceholder(parseAuthorization(`Bearer Bearer ${REAL_JWT}`));
    expect(scheme?.what).toMatch(/twice/);
    const quoted = findPlaceholder(parseAuthorization('Bearer "abc123"'));
    expect(quoted?.what).toMatch(/quote/);
    const object = findPlaceholder(parseAuthorization("Bearer [object Object]"));
    expect(object?.cause).toMatch(/object/);
    const alone = findPlaceholder(parseAuthorization("undefined"));
    expect(alone?.what).toContain("undefined");
  });

  it.each([400, 403, 500, 0])("fires on a request that failed with status %i", (status) => {
    expect(one(run("Bearer undefined", status), "auth.token-placeholder").code).toBe("auth.token-placeholder");
  });

  // A success proves the server took the request as it was: advising on it would be a guess.
  it.each([
    ["a bare scheme without credentials", "basics"],
    ["a bare Bearer", "Bearer"],
    ["Bearer undefined", "Bearer undefined"],
  ])("says nothing when %s is answered 200", (_label, value) => {
    expect(findPlaceholder(parseAuthorization(value))).toBeDefined();
    expect(run(value, 200)).toEqual([]);
  });

  it("fires on a bare scheme without credentials when the request failed", () => {
    const f = one(run("basics", 401), "auth.token-placeholder");
    expect(f.detail).toContain("Authorization: basics");
    expect(evidenceValue(f, "Defect")).toBe("an empty basics credential");
  });

  // Regression test for a fixed bug: `Bearer Bearer` (the scheme interpolated where the token belongs, e.g. `token_type`,
  // or `Bearer Bearer ` after Fetch strips the trailing space) holds no token at all, yet
  // placeholder.ts matches "scheme written twice" only when a space follows the second scheme.
  it("fires on `Authorization: Bearer Bearer`", () => {
    expect(findPlaceholder(parseAuthorization("Bearer Bearer"))).toBeDefined();
  });

  it.each([
    ["a real JWT", `Bearer ${REAL_JWT}`],
    ["a real opaque token", `Bearer ${OPAQUE_TOKEN}`],
    ["Basic credentials", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="],
    ["a DPoP-bound token", `DPoP ${REAL_JWT}`],
    [
      "Digest auth-params",
      'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", response="8ca523f5e9506fed4657c9700eebdbec", nonce="7ypf"',
    ],
    [
      "an AWS SigV4 signature",
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261124/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
    ],
    ["a token that merely contains a literal", "Bearer undefined-but-real-9f8e7d6c5b4a"],
  ])("does not fire on %s", (_label, value) => {
    expect(findPlaceholder(parseAuthorization(value))).toBeUndefined();
    expect(run(value)).toEqual([]);
  });

  it("does not fire without an Authorization header", () => {
    expect(ruleOn(tokenPlaceholderRule, exchangeOf("e1", entry({ status: 401 })))).toEqual([]);
  });

  it.each([
    ["the scheme written twice", `Bearer Bearer ${REAL_JWT}`, REAL_JWT],
    ["a quoted token", `Bearer "${REAL_JWT}"`, REAL_JWT],
    ["a token with a trailing newline", `Bearer ${OPAQUE_TOKEN}\n`, OPAQUE_TOKEN],
    ["a token with a tab inside", `Bearer ${OPAQUE_TOKEN.slice(0, 20)}\t${OPAQUE_TOKEN.slice(20)}`, OPAQUE_TOKEN.slice(0, 20)],
  ])("never shows a real token whole inside a defect: %s", (_label, value, secret) => {
    const f = one(run(value), "auth.token-placeholder");
    expect(visibleText(f)).not.toContain(secret);
    expect(f.fix ?? "").not.toContain(secret);
  });

  // Regression test for a fixed bug: `Authorization: <token>` without a scheme parses as scheme=<token>, credentials="";
  // placeholder.ts then reports "an empty <token> credential" and shows auth.raw, so the whole
  // token appears in detail and in both evidence values.
  it("never shows a token sent without a scheme whole", () => {
    for (const f of run(REAL_JWT)) expect(visibleText(f)).not.toContain(REAL_JWT);
  });
});
