/**
 * express 5 + cors: four CORS setups people get wrong, and one done right. Each route carries
 * its own cors() configuration, as an API that grew route by route does.
 */
import { createServer } from "node:http";
import cors from "cors";
import { auth } from "express-oauth2-jwt-bearer";
import { LAB_AUDIENCE, LAB_JWT_SECRET } from "../tokens.ts";
import { jsonErrors, labExpressApp, ok } from "./express-app.ts";
import { closeNodeServer, listenOn, watchRequests } from "./listen.ts";
import { localhostVariant, originOf } from "./origins.ts";
import type { RealStack } from "./types.ts";

export const expressCors: RealStack = {
  name: "express-cors",
  packages: ["express", "cors", "express-oauth2-jwt-bearer"],
  async start(ctx) {
    const { host, port, pageOrigin, apiOrigin } = ctx;
    const app = labExpressApp();
    // The lab API's own HS256 tokens (tokens.ts) pass this check: the page already holds them.
    const requireToken = auth({ issuer: apiOrigin, audience: LAB_AUDIENCE, secret: LAB_JWT_SECRET, tokenSigningAlg: "HS256" });

    // The allow-list names the page as `localhost`, the browser sends `127.0.0.1`: cors() finds
    // no match and, for a list, sends no Access-Control-Allow-Origin at all (only Vary: Origin).
    app.get("/api/express-cors-origin-not-listed", cors({ origin: [localhostVariant(pageOrigin)] }), ok);

    // cors() with no options: `Access-Control-Allow-Origin: *`, fine for a public API, never
    // for a request that carries cookies (Fetch §3.2.5, CORS check step 3).
    app.get("/api/express-cors-wildcard-credentials", cors(), ok);

    // allowedHeaders lists Content-Type only, so the preflight's Access-Control-Allow-Headers
    // leaves out the Authorization the page sends. The route is never reached.
    const noAuthorization = cors({ origin: [pageOrigin], allowedHeaders: ["Content-Type"] });
    app.options("/api/express-cors-authorization-not-allowed", noAuthorization);
    app.get("/api/express-cors-authorization-not-allowed", noAuthorization, requireToken, ok);

    // The auth middleware comes first, so it answers the preflight (which never carries
    // credentials, Fetch §4.8) with 401 and no CORS headers; cors() below never runs for it.
    app.use("/api/express-cors-after-auth", requireToken, cors({ origin: [pageOrigin] }));
    app.get("/api/express-cors-after-auth", ok);

    // Done right: cors() before the auth middleware, the page's exact origin, challenges exposed.
    app.use("/api/express-cors-ok", cors({ origin: [pageOrigin], exposedHeaders: ["WWW-Authenticate"] }), requireToken);
    app.get("/api/express-cors-ok", ok);

    app.use(jsonErrors);
    const server = createServer(app);
    watchRequests(server, "express-cors", ctx);
    const bound = await listenOn(server, port, host);
    return { origin: originOf(host, bound), tokens: {}, close: () => closeNodeServer(server) };
  },
};
