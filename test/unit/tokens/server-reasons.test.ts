/**
 * auth.token-audience-mismatch, auth.token-issuer-mismatch, auth.token-key-unknown and
 * auth.token-signature-invalid as the server says them. The libraries installed here
 * (express-oauth2-jwt-bearer, express-jwt, @fastify/jwt, jose) run on loopback and refuse real
 * tokens, so their patterns are proven on their own words; products that cannot run here
 * (Spring Security, ASP.NET Core, Keycloak, golang-jwt, PyJWT) are checked on the messages they
 * document.
 */

import fastifyJwt from "@fastify/jwt";
import express from "express";
import { expressjwt } from "express-jwt";
import { auth as oauth2JwtBearer } from "express-oauth2-jwt-bearer";
import Fastify from "fastify";
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Diagnosis, diagnose } from "../../../src/core/diagnose.ts";
import type { Finding } from "../../../src/core/findings.ts";
import { rankFindings } from "../../../src/core/root-cause.ts";
import { serverReasonRule } from "../../../src/core/tokens/rules/server-reason.ts";
import { SERVER_REASONS } from "../../../src/core/tokens/server-reasons.ts";
import { codes, entry, evidenceValue, exchangeOf, one, ruleOn, T0 } from "../helpers.ts";
import { jsonErrors, loopbackServers } from "../loopback-servers.ts";
import { jws, validClaims } from "./make.ts";

const IDENTITY_CODES = ["auth.token-audience-mismatch", "auth.token-issuer-mismatch", "auth.token-key-unknown", "auth.token-signature-invalid"] as const;

const SECRET = "authlens-test-secret-0123456789abcdef";
const OTHER_SECRET = "another-environment-secret-0123456789";
const ISSUER = "https://id.example.com/";
const STAGING_ISSUER = "https://id.staging.example.com/";
const AUDIENCE = "https://api.example.com";
const OTHER_AUDIENCE = "https://billing.example.com";
const KID = "key-2026-11";
const RETIRED_KID = "key-2026-05";

const servers = loopbackServers();
const origins = { expressJwt: "", fastifyJwt: "", oauth2: "", oauth2Jwks: "", jose: "" };

/** Tokens signed now: the real servers judge them by the real clock. */
const tokens = { valid: "", audience: "", issuer: "", signature: "", expired: "", esValid: "", esUnknownKid: "", esBadSignature: "", esAudience: "" };

function hs256(claims: JWTPayload, secret = SECRET, expiresAt?: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: "user-42", ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now - 3600)
    .setExpirationTime(expiresAt ?? now + 3600)
    .sign(new TextEncoder().encode(secret));
}

type Signer = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

function es256(key: Signer, kid: string, claims: JWTPayload): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: "user-42", ...claims })
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid })
    .setIssuedAt(now - 60)
    .setExpirationTime(now + 3600)
    .sign(key);
}

beforeAll(async () => {
  const now = Math.floor(Date.now() / 1000);
  const good = { iss: ISSUER, aud: AUDIENCE };
  tokens.valid = await hs256(good);
  tokens.audience = await hs256({ ...good, aud: OTHER_AUDIENCE });
  tokens.issuer = await hs256({ ...good, iss: STAGING_ISSUER });
  tokens.signature = await hs256(good, OTHER_SECRET);
  tokens.expired = await hs256(good, SECRET, now - 900);

  const current = await generateKeyPair("ES256", { extractable: true });
  const retired = await generateKeyPair("ES256");
  const jwks = { keys: [{ ...(await exportJWK(current.publicKey)), kid: KID, alg: "ES256", use: "sig" }] };
  tokens.esValid = await es256(current.privateKey, KID, good);
  tokens.esUnknownKid = await es256(retired.privateKey, RETIRED_KID, good);
  // The published kid, the other key's signature: a key mix-up between environments.
  tokens.esBadSignature = await es256(retired.privateKey, KID, good);
  tokens.esAudience = await es256(current.privateKey, KID, { ...good, aud: OTHER_AUDIENCE });

  // express-jwt (jsonwebtoken underneath), with a fixed secret and with a key looked up by kid.
  const a = express();
  a.get("/orders", expressjwt({ secret: SECRET, algorithms: ["HS256"], audience: AUDIENCE, issuer: ISSUER }), (_req, res) => {
    res.json({ ok: true });
  });
  const keysByKid: Record<string, string> = { [KID]: SECRET };
  a.get("/by-kid", expressjwt({ secret: (_req, token) => keysByKid[String(token?.header.kid)] ?? "", algorithms: ["HS256"] }), (_req, res) => {
    res.json({ ok: true });
  });
  jsonErrors(a);
  origins.expressJwt = await servers.express(a);

  const f = Fastify();
  await f.register(fastifyJwt, { secret: SECRET, verify: { allowedAud: AUDIENCE, allowedIss: ISSUER } });
  f.get("/orders", async (req) => {
    await req.jwtVerify();
    return { ok: true };
  });
  origins.fastifyJwt = await servers.fastify(f);

  // express-oauth2-jwt-bearer with a shared secret, and with the JWKS it publishes itself.
  const o = express();
  o.get("/orders", oauth2JwtBearer({ issuer: ISSUER, audience: AUDIENCE, secret: SECRET, tokenSigningAlg: "HS256" }), (_req, res) => {
    res.json({ ok: true });
  });
  jsonErrors(o);
  origins.oauth2 = await servers.express(o);

  const j = express();
  let jwksUri = "";
  j.get("/.well-known/jwks.json", (_req, res) => {
    res.json(jwks);
  });
  j.get("/orders", (req, res, next) => oauth2JwtBearer({ issuer: ISSUER, audience: AUDIENCE, jwksUri, tokenSigningAlg: "ES256" })(req, res, next), (_req, res) => {
    res.json({ ok: true });
  });
  jsonErrors(j);
  origins.oauth2Jwks = await servers.express(j);
  jwksUri = `${origins.oauth2Jwks}/.well-known/jwks.json`;

  // jose's jwtVerify against a local JWKS, its error message returned as JSON.
  const localJwks = createLocalJWKSet(jwks);
  const v = express();
  v.get("/orders", async (req, res) => {
    try {
      await jwtVerify((req.headers.authorization ?? "").replace(/^Bearer /, ""), localJwks, { issuer: ISSUER, audience: AUDIENCE });
      res.json({ ok: true });
    } catch (e) {
      res.status(401).json({ error: "invalid_token", message: (e as Error).message });
    }
  });
  origins.jose = await servers.express(v);
});

afterAll(async () => {
  await servers.closeAll();
});

/** Sends the token to `path` and diagnoses the exchange as the browser recorded it, at the time it happened. */
async function diagnosed(origin: string, token: string, path = "/orders"): Promise<Diagnosis & { status: number; text: string }> {
  const url = `${origin}${path}`;
  const sentAt = Date.now();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  const e = entry({
    url,
    at: sentAt - T0,
    status: res.status,
    requestHeaders: { Authorization: `Bearer ${token}` },
    responseHeaders: [...res.headers.entries()],
  }) as { response: Record<string, unknown> };
  e.response.content = { size: text.length, mimeType: res.headers.get("content-type") ?? "", text };
  const d = diagnose([exchangeOf("e1", e)])[0]!;
  return { ...d, status: res.status, text };
}

function supporting(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.role === "supporting").map((f) => f.code);
}

type Library = keyof typeof origins;
type TokenName = keyof typeof tokens;

/** [library, token, path, the code, the words the library answers with (as proven here)] */
const REAL_REFUSALS: readonly (readonly [string, Library, TokenName, string, (typeof IDENTITY_CODES)[number], string])[] = [
  ["express-oauth2-jwt-bearer", "oauth2", "audience", "/orders", "auth.token-audience-mismatch", "Unexpected 'aud' value"],
  ["express-oauth2-jwt-bearer", "oauth2", "issuer", "/orders", "auth.token-issuer-mismatch", "Unexpected 'iss' value"],
  ["express-oauth2-jwt-bearer", "oauth2", "signature", "/orders", "auth.token-signature-invalid", "signature verification failed"],
  ["express-oauth2-jwt-bearer (JWKS)", "oauth2Jwks", "esUnknownKid", "/orders", "auth.token-key-unknown", "no applicable key found in the JSON Web Key Set"],
  ["express-oauth2-jwt-bearer (JWKS)", "oauth2Jwks", "esBadSignature", "/orders", "auth.token-signature-invalid", "signature verification failed"],
  ["express-jwt", "expressJwt", "audience", "/orders", "auth.token-audience-mismatch", `jwt audience invalid. expected: ${AUDIENCE}`],
  ["express-jwt", "expressJwt", "issuer", "/orders", "auth.token-issuer-mismatch", `jwt issuer invalid. expected: ${ISSUER}`],
  ["express-jwt", "expressJwt", "signature", "/orders", "auth.token-signature-invalid", "invalid signature"],
  ["express-jwt (key by kid)", "expressJwt", "esUnknownKid", "/by-kid", "auth.token-key-unknown", "secret or public key must be provided"],
  ["@fastify/jwt", "fastifyJwt", "audience", "/orders", "auth.token-audience-mismatch", "The aud claim value is not allowed"],
  ["@fastify/jwt", "fastifyJwt", "issuer", "/orders", "auth.token-issuer-mismatch", "The iss claim value is not allowed"],
  ["@fastify/jwt", "fastifyJwt", "signature", "/orders", "auth.token-signature-invalid", "The token signature is invalid"],
  ["jose", "jose", "esAudience", "/orders", "auth.token-audience-mismatch", 'unexpected \\"aud\\" claim value'],
  ["jose", "jose", "esUnknownKid", "/orders", "auth.token-key-unknown", "no applicable key found in the JSON Web Key Set"],
  ["jose", "jose", "esBadSignature", "/orders", "auth.token-signature-invalid", "signature verification failed"],
];

describe("real libraries' refusals, on loopback", () => {
  it.each(REAL_REFUSALS)("%s, %s token: %s%s → %s", async (_name, library, token, path, code, words) => {
    const d = await diagnosed(origins[library], tokens[token], path);
    // The library refused it in these words (the pattern is proven on them, not guessed).
    expect(d.status).toBe(401);
    expect(d.text).toContain(words);
    const f = one(d.findings, code);
    expect(f.detail).toContain(words);
    expect(codes(d.findings).filter((c) => (IDENTITY_CODES as readonly string[]).includes(c))).toEqual([code]);
    // The root cause is the named reason; the refusal words restate it.
    expect(d.rootCause).toBe(code);
    expect(d.findings[0]?.code).toBe(code);
    expect(supporting(d.findings)).toContain("auth.credentials-rejected");
  });

  it.each(REAL_REFUSALS.filter(([, library]) => library === "oauth2" || library === "oauth2Jwks"))(
    "%s, %s token: auth.bearer-invalid-token supports it",
    async (_name, library, token, path, code) => {
      const d = await diagnosed(origins[library], tokens[token], path);
      expect(d.rootCause).toBe(code);
      expect(supporting(d.findings)).toEqual(expect.arrayContaining(["auth.bearer-invalid-token", "auth.credentials-rejected"]));
    },
  );

  it.each([
    ["express-oauth2-jwt-bearer", "oauth2", "valid"],
    ["express-oauth2-jwt-bearer (JWKS)", "oauth2Jwks", "esValid"],
    ["express-jwt", "expressJwt", "valid"],
    ["@fastify/jwt", "fastifyJwt", "valid"],
    ["jose", "jose", "esValid"],
  ] as const)("%s accepts a good token (%s): none of the four", async (_name, library, token) => {
    const d = await diagnosed(origins[library], tokens[token]);
    expect(d.status).toBe(200);
    expect(d.rootCause).toBeNull();
    for (const code of IDENTITY_CODES) expect(codes(d.findings)).not.toContain(code);
  });

  it.each([
    ["express-oauth2-jwt-bearer", "oauth2"],
    ["express-jwt", "expressJwt"],
    ["@fastify/jwt", "fastifyJwt"],
  ] as const)("%s refuses an expired token: auth.token-expired leads, none of the four", async (_name, library) => {
    const d = await diagnosed(origins[library], tokens.expired);
    expect(d.status).toBe(401);
    expect(d.rootCause).toBe("auth.token-expired");
    for (const code of IDENTITY_CODES) expect(codes(d.findings)).not.toContain(code);
  });

  it("names the token's audience beside the one jsonwebtoken expects", async () => {
    const d = await diagnosed(origins.expressJwt, tokens.audience);
    const f = one(d.findings, "auth.token-audience-mismatch");
    expect(f.detail).toContain(`its aud is \`${OTHER_AUDIENCE}\``);
    expect(f.detail).toContain(`the server expects \`${AUDIENCE}\``);
    expect(f.detail).toContain("jsonwebtoken");
    expect(evidenceValue(f, "Expected audience (server)")).toBe(AUDIENCE);
    expect(evidenceValue(f, "aud")).toBe(OTHER_AUDIENCE);
    expect(f.fix).toContain("RFC 8707");
    expect(f.fix).toContain(AUDIENCE);
  });

  it("names the staging issuer beside the one jsonwebtoken expects", async () => {
    const d = await diagnosed(origins.expressJwt, tokens.issuer);
    const f = one(d.findings, "auth.token-issuer-mismatch");
    expect(f.detail).toContain(`its iss is \`${STAGING_ISSUER}\``);
    expect(f.detail).toContain(`the server expects \`${ISSUER}\``);
    expect(f.fix).toMatch(/environment/);
  });

  it("names the kid the JWKS lacks", async () => {
    const d = await diagnosed(origins.oauth2Jwks, tokens.esUnknownKid);
    const f = one(d.findings, "auth.token-key-unknown");
    expect(f.detail).toContain(`its kid is \`${RETIRED_KID}\``);
    expect(f.detail).toContain("its alg is `ES256`");
    expect(evidenceValue(f, "Message source")).toContain("express-oauth2-jwt-bearer");
    expect(f.fix).toMatch(/rotat/);
    expect(f.fix).toContain("JWKS");
  });

  it("names the alg and kid of a token whose signature does not verify", async () => {
    const d = await diagnosed(origins.oauth2Jwks, tokens.esBadSignature);
    const f = one(d.findings, "auth.token-signature-invalid");
    expect(f.detail).toContain("its alg is `ES256`");
    expect(f.detail).toContain(`its kid is \`${KID}\``);
    expect(f.fix).toMatch(/another environment/);
    expect(f.fix).toMatch(/changed on its way/);
  });
});

// ── Products that cannot run here, on the messages they answer with ─────────────────────────

const API = "https://api.example.com/v1/orders";
const TOKEN = jws(validClaims({ aud: "spa-client", iss: "https://login.example.com/dev" }), { alg: "RS256", typ: "JWT", kid: "k-old" });

interface Refusal {
  readonly status?: number;
  readonly challenge?: string;
  readonly body?: string;
  readonly authorization?: string;
}

function refused(r: Refusal) {
  const e = entry({
    url: API,
    status: r.status ?? 401,
    requestHeaders: r.authorization === "" ? {} : { Authorization: r.authorization ?? `Bearer ${TOKEN}` },
    responseHeaders: r.challenge !== undefined ? { "WWW-Authenticate": r.challenge } : {},
  }) as { response: Record<string, unknown> };
  if (r.body !== undefined) e.response.content = { size: r.body.length, mimeType: "application/json", text: r.body };
  return exchangeOf("x1", e);
}

/** [source named in the finding, how the server answers, the code, a value the finding must name] */
const DOCUMENTED: readonly (readonly [string, Refusal, (typeof IDENTITY_CODES)[number], string])[] = [
  [
    "Spring Security",
    { challenge: 'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: The aud claim is not valid", error_uri="https://tools.ietf.org/html/rfc6750#section-3.1"' },
    "auth.token-audience-mismatch",
    "spa-client",
  ],
  [
    "Spring Security",
    { challenge: 'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: The iss claim is not valid"' },
    "auth.token-issuer-mismatch",
    "https://login.example.com/dev",
  ],
  [
    "Spring Security",
    { challenge: 'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: Signed JWT rejected: Another algorithm expected, or no matching key(s) found"' },
    "auth.token-key-unknown",
    "k-old",
  ],
  [
    "Spring Security",
    { challenge: 'Bearer error="invalid_token", error_description="An error occurred while attempting to decode the Jwt: Signed JWT rejected: Invalid signature"' },
    "auth.token-signature-invalid",
    "RS256",
  ],
  ["ASP.NET Core", { challenge: `Bearer error="invalid_token", error_description="The audience 'spa-client' is invalid"` }, "auth.token-audience-mismatch", "spa-client"],
  ["ASP.NET Core", { challenge: `Bearer error="invalid_token", error_description="The issuer 'https://login.example.com/dev' is invalid"` }, "auth.token-issuer-mismatch", "https://login.example.com/dev"],
  ["ASP.NET Core", { challenge: 'Bearer error="invalid_token", error_description="The signature key was not found"' }, "auth.token-key-unknown", "k-old"],
  ["ASP.NET Core", { challenge: 'Bearer error="invalid_token", error_description="The signature is invalid"' }, "auth.token-signature-invalid", "RS256"],
  ["Microsoft.IdentityModel", { body: '{"message":"IDX10214: Audience validation failed. Audiences: \'spa-client\'."}' }, "auth.token-audience-mismatch", "spa-client"],
  ["Microsoft.IdentityModel", { body: '{"message":"IDX10205: Issuer validation failed."}' }, "auth.token-issuer-mismatch", "https://login.example.com/dev"],
  ["Microsoft.IdentityModel", { body: '{"message":"IDX10501: Signature validation failed. Unable to match key: kid: \'k-old\'."}' }, "auth.token-key-unknown", "k-old"],
  ["Microsoft.IdentityModel", { body: '{"message":"IDX10503: Signature validation failed."}' }, "auth.token-signature-invalid", "RS256"],
  ["Keycloak", { body: '{"error":"invalid_token","error_description":"Invalid token issuer. Expected \'https://login.example.com/prod\'"}' }, "auth.token-issuer-mismatch", "https://login.example.com/prod"],
  ["Keycloak", { body: '{"error":"invalid_token","error_description":"Expected audience not available in the token"}' }, "auth.token-audience-mismatch", "spa-client"],
  ["Keycloak", { body: '{"error":"invalid_token","error_description":"Invalid token signature"}' }, "auth.token-signature-invalid", "RS256"],
  ["golang-jwt", { body: "token has invalid audience\n" }, "auth.token-audience-mismatch", "spa-client"],
  ["golang-jwt", { body: "token has invalid issuer\n" }, "auth.token-issuer-mismatch", "https://login.example.com/dev"],
  ["golang-jwt", { body: "token signature is invalid: crypto/rsa: verification error\n" }, "auth.token-signature-invalid", "RS256"],
  ["keyfunc", { body: "the given key ID was not found in the JWKS" }, "auth.token-key-unknown", "k-old"],
  ["PyJWT", { body: '{"detail":"Invalid audience"}', status: 403 }, "auth.token-audience-mismatch", "spa-client"],
  ["PyJWT", { body: '{"detail":"Invalid issuer"}', status: 403 }, "auth.token-issuer-mismatch", "https://login.example.com/dev"],
  ["jwks-rsa", { body: `{"message":"Unable to find a signing key that matches 'k-old'"}` }, "auth.token-key-unknown", "k-old"],
];

describe("documented messages of other servers", () => {
  it.each(DOCUMENTED)("%s: %j → %s", (source, r, code, value) => {
    const d = diagnose([refused(r)])[0]!;
    const f = one(d.findings, code);
    expect(evidenceValue(f, "Message source")).toContain(source);
    expect(f.detail).toContain(source);
    expect(f.detail).toContain(value);
    expect(d.rootCause).toBe(code);
    // auth.credentials-rejected is the verdict on a 401 (FINDINGS.md); a 403 has none to fold.
    if ((r.status ?? 401) === 401) expect(supporting(d.findings)).toContain("auth.credentials-rejected");
  });

  it("Spring Security's invalid_token challenge: auth.bearer-invalid-token and auth.credentials-rejected support the root", () => {
    const d = diagnose([refused(DOCUMENTED[0]![1])])[0]!;
    expect(d.rootCause).toBe("auth.token-audience-mismatch");
    expect(supporting(d.findings)).toEqual(expect.arrayContaining(["auth.bearer-invalid-token", "auth.credentials-rejected"]));
  });

  it("rankFindings makes the server's named reason the root of the refusal words", () => {
    const d = diagnose([refused(DOCUMENTED[4]![1])])[0]!;
    const ranked = rankFindings(d.exchange, [...d.findings].reverse());
    expect(ranked.rootCause).toBe("auth.token-audience-mismatch");
    expect(ranked.findings[0]?.code).toBe("auth.token-audience-mismatch");
  });

  it("names the value ASP.NET Core read from the token", () => {
    const f = one(diagnose([refused(DOCUMENTED[4]![1])])[0]!.findings, "auth.token-audience-mismatch");
    expect(f.detail).toContain("the server read `spa-client` from the token");
    expect(evidenceValue(f, "The token's audience (server)")).toBe("spa-client");
  });

  it("names the issuer Keycloak expects beside the token's own", () => {
    const f = one(diagnose([refused(DOCUMENTED[12]![1])])[0]!.findings, "auth.token-issuer-mismatch");
    expect(f.detail).toContain("its iss is `https://login.example.com/dev`");
    expect(f.detail).toContain("the server expects `https://login.example.com/prod`");
    expect(f.fix).toContain("https://login.example.com/prod");
  });

  it("reads the token's kid from jwks-rsa's words too", () => {
    const f = one(diagnose([refused(DOCUMENTED[21]![1])])[0]!.findings, "auth.token-key-unknown");
    expect(evidenceValue(f, "The token's key id (server)")).toBe("k-old");
  });
});

describe("when the token cannot be read", () => {
  it("an opaque token: the server's words still name the reason, with what cannot be shown", () => {
    const f = one(ruleOn(serverReasonRule, refused({ authorization: "Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a9f0dQ3", body: '{"message":"jwt issuer invalid. expected: https://id.example.com/"}' })), "auth.token-issuer-mismatch");
    expect(f.detail).toContain("not a JWT AuthLens can read");
    expect(f.detail).toContain("The server expects `https://id.example.com/`");
    expect(evidenceValue(f, "Authorization (sent)")).toMatch(/^Bearer gho_/);
  });

  it("a capture stripped of credentials: the finding says the token is not shown", () => {
    const x = refused({ authorization: "", challenge: `Bearer error="invalid_token", error_description="Unexpected 'aud' value"` });
    const f = one(ruleOn(serverReasonRule, x, { credentialsStripped: "the HAR was sanitized" }), "auth.token-audience-mismatch");
    expect(f.detail).toContain("does not show the token");
  });
});

describe("never without a refusal that carried a token", () => {
  it("a healthy 200 whose body speaks of signatures", () => {
    const e = entry({ url: API, status: 200, requestHeaders: { Authorization: `Bearer ${TOKEN}` } }) as { response: Record<string, unknown> };
    const body = '{"docs":"A token with an invalid signature or Unexpected \'aud\' value is refused"}';
    e.response.content = { size: body.length, mimeType: "application/json", text: body };
    const d = diagnose([exchangeOf("ok", e)])[0]!;
    for (const code of IDENTITY_CODES) expect(codes(d.findings)).not.toContain(code);
    expect(d.rootCause).toBeNull();
  });

  it("a 400 or a 500 with the same words", () => {
    for (const status of [400, 500]) {
      const found = ruleOn(serverReasonRule, refused({ status, body: '{"message":"invalid signature"}' }));
      expect(found, String(status)).toEqual([]);
    }
  });

  it("a request that carried no credentials", () => {
    const d = diagnose([refused({ authorization: "", body: '{"message":"jwt audience invalid. expected: api"}' })])[0]!;
    for (const code of IDENTITY_CODES) expect(codes(d.findings)).not.toContain(code);
    expect(codes(d.findings)).toContain("auth.no-credentials-sent");
  });

  it("Basic credentials, which have no audience, issuer or key", () => {
    const basic = `Basic ${Buffer.from("alice:secret").toString("base64")}`;
    const found = ruleOn(serverReasonRule, refused({ authorization: basic, challenge: 'Basic realm="api"', body: '{"message":"invalid signature"}' }));
    expect(found).toEqual([]);
  });

  it("a placeholder instead of a token", () => {
    const d = diagnose([refused({ authorization: "Bearer undefined", body: '{"message":"invalid signature"}' })])[0]!;
    for (const code of IDENTITY_CODES) expect(codes(d.findings)).not.toContain(code);
  });

  it("an expiry message on an opaque token: left to auth.bearer-invalid-token, which quotes it", () => {
    const x = refused({
      authorization: "Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a9f0dQ3",
      challenge: `Bearer error="invalid_token", error_description="'exp' claim timestamp check failed"`,
    });
    const d = diagnose([x])[0]!;
    for (const code of IDENTITY_CODES) expect(codes(d.findings)).not.toContain(code);
    expect(d.rootCause).toBe("auth.bearer-invalid-token");
    expect(one(d.findings, "auth.bearer-invalid-token").detail).toContain("'exp' claim timestamp check failed");
  });

  it.each(["jwt expired", "Authorization token expired", "Jwt expired at 2026-11-24T09:00:00Z", "The token expired at '11/24/2026 09:00:00'", "token has invalid claims: token is expired"])(
    "expiry in other words (%s) is none of the four",
    (words) => {
      expect(ruleOn(serverReasonRule, refused({ body: JSON.stringify({ message: words }) }))).toEqual([]);
    },
  );
});

describe("the table", () => {
  it("gives every entry a code of the four and a source", () => {
    for (const r of SERVER_REASONS) {
      expect(IDENTITY_CODES, String(r.pattern)).toContain(r.code);
      expect(r.source.length).toBeGreaterThan(0);
      expect(r.pattern.flags, String(r.pattern)).not.toMatch(/[gy]/);
    }
  });
});
