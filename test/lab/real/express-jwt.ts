/**
 * express 5 + express-oauth2-jwt-bearer: an API that verifies ES256 access tokens against the
 * JWKS it publishes itself (`/.well-known/jwks.json`), and the tokens people send it by mistake:
 * expired, for another audience or issuer, signed with a key it never published or with the
 * wrong key, the sign-in's ID token, under the `Token` scheme, without the scope, or none at all.
 */
import { randomUUID } from "node:crypto";
import cors from "cors";
import { auth, requiredScopes } from "express-oauth2-jwt-bearer";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { jsonErrors, labExpressApp, ok } from "./express-app.ts";
import { closeNodeServer, listenFirst } from "./listen.ts";
import { originOf } from "./origins.ts";
import type { RealStack, RealTokenName } from "./types.ts";

export const JWT_AUDIENCE = "https://api.authlens.test";
export const OTHER_AUDIENCE = "https://billing.authlens.test";
export const OTHER_ISSUER = "https://auth.staging.authlens.test/";
export const JWT_SCOPE = "lab:read profile";
/** The SPA the tokens were issued to (RFC 9068 §2.2 `client_id`). */
export const JWT_CLIENT_ID = "authlens-lab-spa";
export const JWKS_PATH = "/.well-known/jwks.json";
const KID = "lab-es256-current";
/** A key the server never published: a rotated-out key, or one from another environment. */
const RETIRED_KID = "lab-es256-retired";
const EXPIRED_AGO_S = 15 * 60;
/**
 * Tokens are minted once, when the lab starts, with the keys made then; a day's validity keeps
 * the valid ones valid for as long as anyone leaves `npm start` running.
 */
const VALID_FOR_S = 24 * 60 * 60;

type Signer = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

/** An RFC 9068 JWT access token: `typ: at+jwt` and every claim §2.2 requires. */
function mint(key: Signer, kid: string, claims: JWTPayload, expiresAt: number, issuedAt: number): Promise<string> {
  return new SignJWT({ scope: JWT_SCOPE, client_id: JWT_CLIENT_ID, ...claims })
    .setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt" })
    .setSubject("lab-user-42")
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(key);
}

/**
 * The ID token the same sign-in returns beside the access token (OIDC Core §2): `typ: JWT`, the
 * client as aud and azp, the nonce of the authorization request, auth_time, and no scope. An SPA
 * that sends `id_token` instead of `access_token` sends this.
 */
function mintIdToken(key: Signer, issuer: string, expiresAt: number, issuedAt: number): Promise<string> {
  return new SignJWT({ azp: JWT_CLIENT_ID, nonce: "lab-nonce-7f3a", auth_time: issuedAt, email: "lab-user@authlens.test" })
    .setProtectedHeader({ alg: "ES256", kid: KID, typ: "JWT" })
    .setIssuer(issuer)
    .setAudience(JWT_CLIENT_ID)
    .setSubject("lab-user-42")
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(key);
}

export const expressJwt: RealStack = {
  name: "express-jwt",
  packages: ["express", "cors", "express-oauth2-jwt-bearer", "jose"],
  async start(ctx) {
    const { host, pageOrigin } = ctx;
    const current = await generateKeyPair("ES256", { extractable: true });
    const retired = await generateKeyPair("ES256");
    const jwks = { keys: [{ ...(await exportJWK(current.publicKey)), kid: KID, alg: "ES256", use: "sig" }] };

    // The issuer is the server itself, known once it listens; the app is built after that.
    const { server, port: bound, serve } = await listenFirst("express-jwt", ctx);
    const origin = originOf(host, bound);
    const issuer = `${origin}/`;

    const app = labExpressApp();
    app.get(JWKS_PATH, (_req, res) => {
      res.json(jwks);
    });
    // cors() first, so preflights are answered before the token check; challenges exposed.
    app.use("/api", cors({ origin: [pageOrigin], exposedHeaders: ["WWW-Authenticate"] }));
    const checkJwt = auth({ issuer, audience: JWT_AUDIENCE, jwksUri: `${origin}${JWKS_PATH}`, tokenSigningAlg: "ES256" });
    for (const name of [
      "express-jwt-expired",
      "express-jwt-wrong-audience",
      "express-jwt-wrong-issuer",
      "express-jwt-unknown-kid",
      "express-jwt-bad-signature",
      "express-jwt-id-token",
      "express-jwt-token-scheme",
      "express-jwt-missing-token",
      "express-jwt-ok",
    ]) {
      app.get(`/api/${name}`, checkJwt, ok);
    }
    app.get("/api/express-jwt-insufficient-scope", checkJwt, requiredScopes("admin"), ok);
    app.use(jsonErrors);
    serve(app);

    const now = Math.floor(Date.now() / 1000);
    const good = { iss: issuer, aud: JWT_AUDIENCE };
    const valid = now + VALID_FOR_S;
    const tokens: Record<Extract<RealTokenName, `jwt${string}`>, string> = {
      jwtValid: await mint(current.privateKey, KID, good, valid, now),
      jwtExpired: await mint(current.privateKey, KID, good, now - EXPIRED_AGO_S, now - EXPIRED_AGO_S - 3600),
      jwtWrongAudience: await mint(current.privateKey, KID, { ...good, aud: OTHER_AUDIENCE }, valid, now),
      jwtWrongIssuer: await mint(current.privateKey, KID, { ...good, iss: OTHER_ISSUER }, valid, now),
      jwtUnknownKid: await mint(retired.privateKey, RETIRED_KID, good, valid, now),
      // The published kid, but the retired key's signature: what a key mix-up produces.
      jwtBadSignature: await mint(retired.privateKey, KID, good, valid, now),
      jwtIdToken: await mintIdToken(current.privateKey, issuer, valid, now),
    };
    return { origin, tokens, close: () => closeNodeServer(server) };
  },
};
