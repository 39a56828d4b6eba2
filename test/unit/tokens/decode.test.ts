/** decodeToken, case by case: what each kind of token yields, and each way a token can break. */
import { describe, expect, it } from "vitest";
import { OPAQUE_PREFIXES } from "../../../src/core/tokens/issuers.ts";
import { decodeToken, type FoundToken } from "../../../src/core/tokens/index.ts";
import { TOKEN_LIMITS } from "../../../src/core/tokens/limits.ts";
import { T0 } from "../helpers.ts";
import { ES256_SIGNATURE, T0_SECONDS, b64url, jws, validClaims } from "./make.ts";

const codes = (t: FoundToken) => t.problems.map((p) => p.code);
const problem = (t: FoundToken, code: string) => t.problems.find((p) => p.code === code);

describe("schemes", () => {
  it.each([
    ["a bare JWT", jws(validClaims()), "jws"],
    ["Bearer", `Bearer ${jws(validClaims())}`, "jws"],
    ["DPoP", `DPoP ${jws(validClaims())}`, "jws"],
    ["lower-case bearer with spaces around", `  bearer ${jws(validClaims())}\n`, "jws"],
    ["Basic", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "basic"],
    ["an opaque Bearer token", "Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a9f0dQ3", "opaque"],
  ])("reads %s", (_label, raw, kind) => {
    expect(decodeToken(raw).kind).toBe(kind);
  });

  it("masks the token as its first 4 characters and its length, and hashes the token without its scheme", () => {
    const token = jws(validClaims());
    const t = decodeToken(`Bearer ${token}`);
    expect(t.masked).toBe(`${token.slice(0, 4)}… (${token.length} chars)`);
    expect(t.length).toBe(token.length);
    expect(t.hash).toBe(decodeToken(token).hash);
    expect(t.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each(["Bearer", "Bearer   ", "Basic", "DPoP"])("says %j alone holds no credentials", (raw) => {
    const t = decodeToken(raw);
    expect(t.kind).toBe("malformed");
    expect(problem(t, "token.malformed")?.message).toMatch(/empty/);
  });
});

describe("JWS claims", () => {
  it("decodes header and claims, with meanings for registered claims and 'custom claim' for the rest", () => {
    const t = decodeToken(jws({ ...validClaims(), tenant: "acme" }));
    expect(t.payload).toMatchObject({ sub: "user-42", tenant: "acme" });
    expect(t.claims.find((c) => c.name === "sub")?.meaning).toMatch(/subject/);
    expect(t.claims.find((c) => c.name === "aud")?.meaning).toMatch(/RFC 7519 §4.1.3/);
    expect(t.claims.find((c) => c.name === "tenant")?.meaning).toBe("custom claim");
    expect(t.claims.find((c) => c.name === "exp")?.value).toBe(`${T0_SECONDS + 3600} (2026-11-24T11:00:00Z)`);
  });

  it("never shows a JWT nested in a claim whole", () => {
    const inner = jws({ sub: "x" });
    const t = decodeToken(jws({ sub: "y", act: inner, token: inner }));
    for (const c of t.claims) expect(c.value).not.toContain(inner);
  });

  it("guesses the issuer from iss", () => {
    expect(decodeToken(jws({ iss: "https://sts.windows.net/abc/" })).issuerGuess).toMatch(/Entra ID, v1.0/);
    expect(decodeToken(jws({ iss: "https://kc.example.com/auth/realms/shop" })).issuerGuess).toBe("Keycloak (realm shop)");
    expect(decodeToken(jws({ iss: "https://tenant.eu.auth0.com/" })).issuerGuess).toBe("Auth0");
    expect(decodeToken(jws({ iss: "https://id.example.com" })).issuerGuess).toBeUndefined();
  });

  it("names at+jwt access tokens (RFC 9068) and the required claims they lack", () => {
    const t = decodeToken(jws({ iss: "https://as.example", sub: "u", exp: T0_SECONDS + 60 }, { alg: "ES256", typ: "at+jwt" }));
    expect(t.problems.some((p) => p.message.includes("RFC 9068"))).toBe(true);
    const missing = t.problems.find((p) => p.severity === "warning" && p.message.includes("RFC 9068"))!;
    for (const claim of ["aud", "client_id", "iat", "jti"]) expect(missing.message).toContain(`claim ${claim}`);
    expect(missing.message).not.toContain("claim sub");
  });

  it("reads DPoP proofs (RFC 9449 §4.2): htm, htu, iat, jti, and the jwk they need", () => {
    const proof = jws({ jti: "e1j3V_bKic8-LAEB", htm: "POST", htu: "https://server.example.com/token", iat: T0_SECONDS }, { typ: "dpop+jwt", alg: "ES256", jwk: { kty: "EC" } }, ES256_SIGNATURE);
    const t = decodeToken(proof, T0);
    expect(t.payload).toMatchObject({ htm: "POST", htu: "https://server.example.com/token" });
    expect(t.claims.find((c) => c.name === "htm")?.meaning).toMatch(/RFC 9449/);
    expect(t.problems.filter((p) => p.severity !== "info")).toEqual([]);
    const bare = decodeToken(jws({ htm: "GET" }, { typ: "dpop+jwt", alg: "ES256" }, ES256_SIGNATURE));
    const warning = bare.problems.find((p) => p.severity === "warning")!;
    expect(warning.message).toContain("header jwk");
    expect(warning.message).toContain("claim htu");
  });

  it("follows a nested JWT (cty: JWT, RFC 7519 §5.2) inside a JWS", () => {
    const inner = jws({ sub: "inner-user", exp: T0_SECONDS - 120 });
    const outer = `${b64url(JSON.stringify({ alg: "RS256", cty: "JWT" }))}.${b64url(inner)}.c2ln`;
    const t = decodeToken(outer, T0);
    expect(t.kind).toBe("jws");
    expect(t.payload).toEqual({ sub: "inner-user", exp: T0_SECONDS - 120 });
    expect(t.problems.some((p) => /nested JWT/.test(p.message))).toBe(true);
    // The inner token's times are the ones judged.
    expect(t.problems.find((p) => p.code === "auth.token-expired")?.message).toContain("2 min before this request");
    expect(t.claims.map((c) => c.name)).toEqual(["inner sub", "inner exp"]);
  });

  it("counts SD-JWT disclosures (RFC 9901) and decodes their names, not their values", () => {
    const d1 = b64url(JSON.stringify(["2GLC42sKQveCfGfryNRN9w", "given_name", "John"]));
    const d2 = b64url(JSON.stringify(["eluV5Og3gSNII8EYnsxA_A", "family_name", "Doe"]));
    const d3 = b64url(JSON.stringify(["6Ij7tM-a5iVPGboS5tmvVA", "FR"]));
    const issuer = jws({ iss: "https://issuer.example.com", _sd_alg: "sha-256", _sd: ["a", "b"] }, { alg: "ES256", typ: "dc+sd-jwt" });
    const kb = jws({ iat: T0_SECONDS, aud: "https://verifier.example.org", nonce: "n", sd_hash: "h" }, { alg: "ES256", typ: "kb+jwt" });
    const t = decodeToken(`${issuer}~${d1}~${d2}~${d3}~${kb}`);
    expect(t.kind).toBe("jws");
    const line = t.claims.find((c) => c.name === "(disclosures)")!;
    expect(line.value).toBe("3: given_name, family_name, (array element)");
    expect(line.value).not.toContain("John");
    expect(t.claims.find((c) => c.name === "(key binding)")?.value).toBe("kb+jwt");
    const without = decodeToken(`${issuer}~${d1}~`);
    expect(without.problems.find((p) => p.message.startsWith("SD-JWT (RFC 9901)"))?.message).toMatch(/1 disclosure \(given_name\), without key binding/);
  });

  it("reads fractional NumericDates (RFC 7519 §2)", () => {
    const t = decodeToken(jws({ exp: T0_SECONDS + 0.5 }), T0);
    expect(t.times?.exp?.iso).toBe("2026-11-24T10:00:00.500Z");
    expect(t.times?.exp?.epochSeconds).toBe(T0_SECONDS + 0.5);
  });
});

describe("times against the reference", () => {
  it("expired: names how long before, in the reference's words", () => {
    const t = decodeToken(jws(validClaims({ exp: T0_SECONDS - 12 * 60 })), T0);
    expect(problem(t, "auth.token-expired")).toMatchObject({ severity: "error", message: "expired 12 min before this request (exp 2026-11-24T09:48:00Z)" });
    expect(t.times?.exp).toMatchObject({ state: "past", relative: "12 min before this request" });
    const now = decodeToken(jws(validClaims({ exp: T0_SECONDS - 2 * 3600 - 5 * 60 })), T0, { reference: "now" });
    expect(problem(now, "auth.token-expired")?.message).toContain("2 h 5 min before now");
  });

  it("expired within the leeway is a warning that says so", () => {
    const t = decodeToken(jws(validClaims({ exp: T0_SECONDS - 30 })), T0);
    expect(problem(t, "auth.token-expired")?.severity).toBe("warning");
    expect(problem(t, "auth.token-expired")?.message).toContain("60 s leeway");
    const strict = decodeToken(jws(validClaims({ exp: T0_SECONDS - 30 })), T0, { leewaySeconds: 0 });
    expect(problem(strict, "auth.token-expired")?.severity).toBe("error");
  });

  it("exp exactly at the request time is expired (the time MUST be before exp, RFC 7519 §4.1.4)", () => {
    expect(codes(decodeToken(jws({ exp: T0_SECONDS }), T0, { leewaySeconds: 0 }))).toContain("auth.token-expired");
    expect(codes(decodeToken(jws({ exp: T0_SECONDS + 1 }), T0, { leewaySeconds: 0 }))).not.toContain("auth.token-expired");
  });

  it("not yet valid: nbf after the request", () => {
    const t = decodeToken(jws(validClaims({ nbf: T0_SECONDS + 5 * 60 })), T0);
    expect(problem(t, "auth.token-not-yet-valid")).toMatchObject({ severity: "error" });
    expect(problem(t, "auth.token-not-yet-valid")?.message).toBe("not valid until 2026-11-24T10:05:00Z (nbf), 5 min after this request");
  });

  it("iat in the future beyond the leeway is clock skew", () => {
    const t = decodeToken(jws(validClaims({ iat: T0_SECONDS + 3 * 60 })), T0);
    expect(problem(t, "auth.clock-skew")?.message).toContain("3 min after this request");
    expect(codes(decodeToken(jws(validClaims({ iat: T0_SECONDS + 30 })), T0))).not.toContain("auth.clock-skew");
  });

  it("without a reference time, judges nothing and gives no times", () => {
    const t = decodeToken(jws(validClaims({ exp: 1 })));
    expect(t.times).toBeUndefined();
    expect(codes(t)).not.toContain("auth.token-expired");
  });

  it.each(["exp", "iat", "nbf"])("%s in milliseconds: reported, with its reading in ms, and not judged as seconds", (claim) => {
    const ms = T0 + 3_600_000;
    const t = decodeToken(jws({ [claim]: ms }), T0);
    const p = problem(t, "token.exp-in-milliseconds")!;
    expect(p.message).toContain(`${claim} is ${ms}`);
    expect(p.message).toContain("2026-11-24T11:00:00Z");
    expect(codes(t)).not.toContain("auth.token-not-yet-valid");
    expect(codes(t)).not.toContain("auth.clock-skew");
  });

  it("a string exp is not a NumericDate", () => {
    const t = decodeToken(jws({ exp: String(T0_SECONDS) }), T0);
    expect(t.problems.find((p) => p.message.includes("not a NumericDate"))?.severity).toBe("warning");
  });

  it("exp before iat is reported", () => {
    const t = decodeToken(jws({ iat: T0_SECONDS, exp: T0_SECONDS - 10 }));
    expect(t.problems.some((p) => p.message.includes("expired when issued"))).toBe(true);
  });
});

describe("alg none (RFC 7519 §6)", () => {
  it.each(["none", "None", "NONE"])("alg %j is unsecured", (alg) => {
    const t = decodeToken(`${b64url(JSON.stringify({ alg }))}.${b64url("{}")}.`);
    expect(t.kind).toBe("unsecured");
    expect(problem(t, "token.alg-none")?.message).toContain(JSON.stringify(alg));
    if (alg !== "none") expect(problem(t, "token.alg-none")?.message).toContain("registered spelling");
  });

  it("with a signature part, says it should be empty (RFC 7519 §6.1)", () => {
    const t = decodeToken(`${b64url(JSON.stringify({ alg: "none" }))}.${b64url("{}")}.c2ln`);
    expect(problem(t, "token.alg-none")?.message).toContain("should be empty");
  });

  it("a header without alg is a warning, not malformed", () => {
    const t = decodeToken(`${b64url(JSON.stringify({ typ: "JWT" }))}.${b64url("{}")}.c2ln`);
    expect(t.kind).toBe("jws");
    expect(t.problems.some((p) => p.message.includes("no \"alg\""))).toBe(true);
  });
});

describe("malformed: which part, and why", () => {
  const header = b64url(JSON.stringify({ alg: "HS256" }));
  it.each([
    ["two parts", `${header}.${b64url("{}")}`, /has 2 parts.*signature part is missing/],
    ["four parts", `${header}.${b64url("{}")}.a.b`, /has 4 parts/],
    ["a header that is not base64url", "eyJ!!!.e30.c2ln", /invalid base64 for part #1|invalid json for part #1/],
    ["a header that is not JSON", `eyJub3Q.e30.c2ln`, /invalid json for part #1.*header/],
    ["a payload cut short", `${header}.${b64url('{"sub":"user-42","exp":17')}.c2ln`, /invalid json for part #2.*payload.*cut short/],
    ["a payload with an impossible base64 length", `${header}.eyJzdWIiOiJ4In0x.c2ln`.replace("x.c2ln", "xA.c2ln"), /part #2/],
    ["five parts without enc", `${header}.a.b.c.d`, /no "enc"/],
  ])("%s", (_label, token, reason) => {
    const t = decodeToken(token);
    expect(t.kind).toBe("malformed");
    expect(problem(t, "token.malformed")?.message).toMatch(reason);
  });

  it("a part over the 64 KiB limit is refused with the limit named", () => {
    const huge = `${header}.${"A".repeat(1_000_000)}.c2ln`;
    const t = decodeToken(huge);
    expect(t.kind).toBe("malformed");
    expect(problem(t, "token.malformed")?.message).toContain("1,000,000 characters");
    expect(problem(t, "token.malformed")?.message).toContain(TOKEN_LIMITS.partChars.toLocaleString("en-US"));
  });

  it("a JSON payload that is not an object is a JWS, not a JWT", () => {
    const t = decodeToken(`${header}.${b64url("[1,2]")}.c2ln`);
    expect(t.kind).toBe("jws");
    expect(t.payloadText).toBe("[1,2]");
  });

  it("a binary payload is described by its size", () => {
    const t = decodeToken(`${header}.${b64url(Buffer.from([0, 1, 2, 3, 250]))}.c2ln`);
    expect(t.kind).toBe("jws");
    expect(t.payloadText).toBe("(5 bytes of binary data)");
  });
});

describe("opaque tokens: the issuer's prefix (data table)", () => {
  it.each(OPAQUE_PREFIXES.map((r) => [r.prefix, r.issuer] as const))("%s → %s", (prefix, issuer) => {
    const token = `${prefix}${"a1B2c3D4e5".repeat(3)}`;
    const t = decodeToken(token);
    expect(t.kind).toBe("opaque");
    expect(t.issuerGuess).toBe(issuer);
    expect(t.claims.find((c) => c.name === "prefix")?.value).toBe(prefix);
    expect(problem(t, "token.opaque")?.message).toContain(`${token.length} characters`);
  });

  it("names well-known prefixes as their issuers document them", () => {
    expect(decodeToken("ya29.a0AfH6SMBx").issuerGuess).toMatch(/^Google OAuth 2.0 access token/);
    expect(decodeToken("AKIAIOSFODNN7EXAMPLE").issuerGuess).toMatch(/AWS access key id/);
    expect(decodeToken("xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy").issuerGuess).toBe("Slack bot token");
    expect(decodeToken("glpat-xxxxxxxxxxxxxxxxxxxx").issuerGuess).toMatch(/GitLab/);
  });

  it("says nothing about an issuer it cannot tell, but the shape", () => {
    const t = decodeToken("2YotnFZFEjr1zCsicMWpAA");
    expect(t.issuerGuess).toBeUndefined();
    expect(t.claims.find((c) => c.name === "format")?.value).toMatch(/base64url/);
    expect(decodeToken("550e8400-e29b-41d4-a716-446655440000").claims.find((c) => c.name === "format")?.value).toMatch(/UUID/);
  });
});

describe("Basic (RFC 7617)", () => {
  it("is malformed when it is not base64 or has no colon, with the reason", () => {
    expect(problem(decodeToken("Basic not*base64"), "token.malformed")?.message).toMatch(/not base64/);
    expect(problem(decodeToken(`Basic ${Buffer.from("nocolon").toString("base64")}`), "token.malformed")?.message).toMatch(/no ":"/);
  });

  it("flags control characters (RFC 7617 §2)", () => {
    const t = decodeToken(`Basic ${Buffer.from("user:pa\u0007ss").toString("base64")}`);
    expect(t.problems.some((p) => p.severity === "warning" && p.message.includes("control characters"))).toBe(true);
  });
});
