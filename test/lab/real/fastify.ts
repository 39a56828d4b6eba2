/**
 * fastify 5 + @fastify/cors + @fastify/jwt: an API that verifies ES256 tokens in an onRequest
 * hook (the plugin's documented pattern), and a route whose CORS origin names the page as
 * `localhost` while the page runs on 127.0.0.1.
 */
import cors from "@fastify/cors";
import fastifyJwt from "@fastify/jwt";
import Fastify from "fastify";
import { exportPKCS8, exportSPKI, generateKeyPair, SignJWT } from "jose";
import { closeNodeServer, watchRequests } from "./listen.ts";
import { localhostVariant, originOf } from "./origins.ts";
import type { RealStack } from "./types.ts";

const EXPIRED_AGO_S = 15 * 60;
/** Minted once at lab start; a day keeps the valid token valid through a long session. */
const VALID_FOR_S = 24 * 60 * 60;

export const fastifyStack: RealStack = {
  name: "fastify",
  packages: ["fastify", "@fastify/cors", "@fastify/jwt", "jose"],
  async start(ctx) {
    const { host, port, pageOrigin } = ctx;
    const keys = await generateKeyPair("ES256", { extractable: true });
    const app = Fastify({ logger: false });
    watchRequests(app.server, "fastify", ctx);
    // The lab's cache setting (see express-app.ts), not part of any scenario.
    app.addHook("onRequest", async (_request, reply) => {
      reply.header("Cache-Control", "no-store");
    });
    await app.register(fastifyJwt, {
      secret: { private: await exportPKCS8(keys.privateKey), public: await exportSPKI(keys.publicKey) },
      sign: { algorithm: "ES256" },
      verify: { algorithms: ["ES256"] },
    });

    // Done right: the page's origin in a list (so Vary: Origin), challenges exposed, and the
    // token check in a hook that @fastify/cors's own onRequest hook, registered first, precedes.
    await app.register(async (api) => {
      await api.register(cors, { origin: [pageOrigin], exposedHeaders: ["WWW-Authenticate"] });
      api.addHook("onRequest", async (request) => {
        await request.jwtVerify();
      });
      api.get("/fastify-jwt-expired", async () => ({ ok: true, scenario: "fastify-jwt-expired" }));
      api.get("/fastify-ok", async () => ({ ok: true, scenario: "fastify-ok" }));
    }, { prefix: "/api" });

    // A fixed string origin is sent as it is, whatever the request's Origin.
    await app.register(async (api) => {
      await api.register(cors, { origin: localhostVariant(pageOrigin) });
      api.get("/", async () => ({ ok: true, scenario: "fastify-cors-localhost-origin" }));
    }, { prefix: "/api/fastify-cors-localhost-origin" });

    await app.listen({ port, host });
    const address = app.server.address();
    const bound = typeof address === "object" && address !== null ? address.port : port;

    const now = Math.floor(Date.now() / 1000);
    const mint = (exp: number, iat: number) =>
      new SignJWT({ scope: "lab:read" })
        .setProtectedHeader({ alg: "ES256", typ: "JWT" })
        .setSubject("lab-user-42")
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(keys.privateKey);
    return {
      origin: originOf(host, bound),
      tokens: {
        fastifyValid: await mint(now + VALID_FOR_S, now),
        fastifyExpired: await mint(now - EXPIRED_AGO_S, now - EXPIRED_AGO_S - 3600),
      },
      close: async () => {
        await closeNodeServer(app.server);
        await app.close();
      },
    };
  },
};
