/**
 * The answers of real server libraries (express-jwt, @fastify/jwt, express-oauth2-jwt-bearer),
 * run on loopback, diagnosed as AuthLens sees them. "Dropped" means the browser sent
 * `Authorization: Bearer …` and a proxy removed it: the server gets the request without it, and
 * the capture shows the header as the browser sent it.
 */

import fastifyJwt from "@fastify/jwt";
import express from "express";
import { expressjwt } from "express-jwt";
import { auth as oauth2JwtBearer } from "express-oauth2-jwt-bearer";
import Fastify from "fastify";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Finding } from "../../../src/core/findings.ts";
import { codes, entry, exchangeOf } from "../helpers.ts";
import { loopbackServers } from "../loopback-servers.ts";

const SECRET = "authlens-test-secret-0123456789abcdef";
const ISSUER = "https://id.example.com/";
const AUDIENCE = "https://api.example.com";

let jwt: string;
const servers = loopbackServers();
const origins: Record<"expressJwt" | "fastifyJwt" | "oauth2", string> = { expressJwt: "", fastifyJwt: "", oauth2: "" };

beforeAll(async () => {
  jwt = await new SignJWT({ sub: "user-42" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(SECRET));

  // express-jwt with the error handler its README shows.
  const a = express();
  a.get("/orders", expressjwt({ secret: SECRET, algorithms: ["HS256"] }), (_req, res) => {
    res.json({ ok: true });
  });
  a.use((err: { status?: number; code?: string; message: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(err.status ?? 500).json({ code: err.code, message: err.message });
  });
  origins.expressJwt = await servers.express(a);

  const f = Fastify();
  await f.register(fastifyJwt, { secret: SECRET });
  f.get("/orders", async (req) => {
    await req.jwtVerify();
    return { ok: true };
  });
  origins.fastifyJwt = await servers.fastify(f);

  // express-oauth2-jwt-bearer: its errors carry their own status and WWW-Authenticate.
  const o = express();
  o.get("/orders", oauth2JwtBearer({ issuer: ISSUER, audience: AUDIENCE, secret: SECRET, tokenSigningAlg: "HS256" }), (_req, res) => {
    res.json({ ok: true });
  });
  o.use((err: { status?: number; headers?: Record<string, string>; message: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(err.status ?? 500).set(err.headers ?? {}).json({ message: err.message });
  });
  origins.oauth2 = await servers.express(o);
});

afterAll(async () => {
  await servers.closeAll();
});

/**
 * Sends `onWire` as the Authorization header (none when undefined), and diagnoses the exchange
 * as the browser recorded it, carrying `sent`.
 */
async function diagnosed(origin: string, sent: string, onWire: string | undefined): Promise<readonly Finding[]> {
  const res = await fetch(`${origin}/orders`, { headers: onWire !== undefined ? { Authorization: onWire } : {} });
  const text = await res.text();
  const e = entry({
    url: `${origin}/orders`,
    status: res.status,
    requestHeaders: { Authorization: sent },
    responseHeaders: [...res.headers.entries()],
  }) as { response: Record<string, unknown> };
  e.response.content = { size: text.length, mimeType: res.headers.get("content-type") ?? "", text };
  return diagnose([exchangeOf("e1", e)])[0]!.findings;
}

describe("a dropped Authorization header, as real libraries answer it", () => {
  it.each([
    ["express-jwt", "expressJwt"],
    ["@fastify/jwt", "fastifyJwt"],
    ["express-oauth2-jwt-bearer", "oauth2"],
  ] as const)("%s: auth.authorization-not-received beside auth.credentials-rejected", async (_name, key) => {
    const found = codes(await diagnosed(origins[key], `Bearer ${jwt}`, undefined));
    expect(found).toContain("auth.authorization-not-received");
    expect(found).toContain("auth.credentials-rejected");
  });

  it.each([
    ["express-jwt", "expressJwt"],
    ["@fastify/jwt", "fastifyJwt"],
    ["express-oauth2-jwt-bearer", "oauth2"],
  ] as const)("%s: a token that arrives gets neither finding", async (_name, key) => {
    const found = codes(await diagnosed(origins[key], `Bearer ${jwt}`, `Bearer ${jwt}`));
    expect(found).not.toContain("auth.authorization-not-received");
    expect(found).not.toContain("auth.scheme-mismatch");
  });
});

describe("a JWT under another scheme, as real libraries answer it", () => {
  it.each([
    ["express-jwt (401, Format is Authorization: Bearer [token])", "expressJwt", "JWT"],
    ["@fastify/jwt (401, No Authorization was found in request.headers)", "fastifyJwt", "Token"],
    ["express-oauth2-jwt-bearer (400 with a Bearer challenge)", "oauth2", "Token"],
  ] as const)("%s: auth.scheme-mismatch", async (_name, key, scheme) => {
    const found = codes(await diagnosed(origins[key], `${scheme} ${jwt}`, `${scheme} ${jwt}`));
    expect(found).toContain("auth.scheme-mismatch");
    expect(found).not.toContain("auth.authorization-not-received");
  });
});
