/**
 * express 5 + express-jwt 8 (jsonwebtoken), the "production" API of a dev-token-to-prod mistake:
 * it verifies ES256 access tokens with the key its issuer publishes, found by the token's kid
 * through jose's `createRemoteJWKSet`, against the issuer's discovery document and JWK Set,
 * which it serves itself on loopback (`/.well-known/openid-configuration` → `jwks_uri`).
 *
 * Its error handler is the one express-jwt's README shows (`res.status(401).send("invalid
 * token...")`), as many APIs have it: every refusal is the same 401 with no challenge and no
 * reason, so what AuthLens says comes from the capture (the JWK Set the page fetched, the tokens
 * this API accepted), not from the server's words.
 */
import { KeyObject, randomUUID } from "node:crypto";
import cors from "cors";
import type { ErrorRequestHandler } from "express";
import { expressjwt } from "express-jwt";
import { createRemoteJWKSet, errors, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { labExpressApp, ok } from "./express-app.ts";
import { closeNodeServer, listenFirst } from "./listen.ts";
import { originOf } from "./origins.ts";
import type { RealStack, RealTokenName } from "./types.ts";

export const JWKS_API_AUDIENCE = "https://orders.authlens.test";
/** Another API of the same issuer: a token the SPA asked for the wrong audience. */
export const JWKS_API_OTHER_AUDIENCE = "https://inventory.authlens.test";
export const DISCOVERY_PATH = "/.well-known/openid-configuration";
/** Not the usual `/.well-known/jwks.json`: the page finds it through the discovery document. */
export const JWKS_API_KEYS_PATH = "/oauth/keys";
const PROD_KID = "orders-prod-es256-2026";
/** The kid of the development environment's signing key, which production never published. */
export const DEV_KID = "orders-dev-es256";
const VALID_FOR_S = 24 * 60 * 60;

type Signer = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

function mint(key: Signer, kid: string, claims: JWTPayload, expiresAt: number, issuedAt: number): Promise<string> {
  return new SignJWT({ scope: "orders:read", client_id: "authlens-lab-spa", ...claims })
    .setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt" })
    .setSubject("lab-user-42")
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(key);
}

/** express-jwt's README error handler, word for word. */
const readmeErrors: ErrorRequestHandler = (err: { name?: string }, _req, res, next) => {
  if (err.name === "UnauthorizedError") {
    res.status(401).send("invalid token...");
  } else {
    next(err);
  }
};

export const expressJwtJwks: RealStack = {
  name: "express-jwt-jwks",
  packages: ["express", "cors", "express-jwt", "jose"],
  async start(ctx) {
    const { host, pageOrigin } = ctx;
    const prod = await generateKeyPair("ES256", { extractable: true });
    const dev = await generateKeyPair("ES256");
    const jwks = { keys: [{ ...(await exportJWK(prod.publicKey)), kid: PROD_KID, alg: "ES256", use: "sig" }] };

    const { server, port: bound, serve } = await listenFirst("express-jwt-jwks", ctx);
    const origin = originOf(host, bound);
    const issuer = `${origin}/`;

    const app = labExpressApp();
    // The page reads the issuer's metadata and keys cross-origin, as an OIDC client does.
    app.use(cors({ origin: [pageOrigin], exposedHeaders: ["WWW-Authenticate"] }));
    app.get(DISCOVERY_PATH, (_req, res) => {
      res.json({ issuer, jwks_uri: `${origin}${JWKS_API_KEYS_PATH}`, id_token_signing_alg_values_supported: ["ES256"] });
    });
    app.get(JWKS_API_KEYS_PATH, (_req, res) => {
      res.json(jwks);
    });
    const keySet = createRemoteJWKSet(new URL(`${origin}${JWKS_API_KEYS_PATH}`));
    const checkJwt = expressjwt({
      // The key for the token's kid from the issuer's JWK Set; none when it has no such key, so
      // jsonwebtoken refuses the token (an UnauthorizedError) rather than the lookup failing the request.
      secret: async (_req, token) => {
        try {
          return KeyObject.from(await keySet(token?.header as Parameters<typeof keySet>[0]));
        } catch (err) {
          if (err instanceof errors.JWKSNoMatchingKey) return undefined;
          throw err;
        }
      },
      algorithms: ["ES256"],
      audience: JWKS_API_AUDIENCE,
      issuer,
    });
    for (const name of ["jwks-api-ok", "jwks-api-dev-token", "jwks-api-bad-signature", "jwks-api-wrong-audience"]) {
      app.get(`/api/${name}`, checkJwt, ok);
    }
    app.use(readmeErrors);
    serve(app);

    const now = Math.floor(Date.now() / 1000);
    const good = { iss: issuer, aud: JWKS_API_AUDIENCE };
    const valid = now + VALID_FOR_S;
    const tokens: Record<Extract<RealTokenName, `jwks${string}`>, string> = {
      jwksValid: await mint(prod.privateKey, PROD_KID, good, valid, now),
      // Minted by the development environment's key, with the issuer name both environments share.
      jwksDevToken: await mint(dev.privateKey, DEV_KID, good, valid, now),
      // Production's kid, the development key's signature: a signing key swapped under the same kid.
      jwksBadSignature: await mint(dev.privateKey, PROD_KID, good, valid, now),
      jwksWrongAudience: await mint(prod.privateKey, PROD_KID, { ...good, aud: JWKS_API_OTHER_AUDIENCE }, valid, now),
    };
    return { origin, tokens, close: () => closeNodeServer(server) };
  },
};
