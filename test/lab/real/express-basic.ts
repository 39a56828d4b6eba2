/**
 * express 5 + express-basic-auth, behind a correct cors(). The library's `challenge` option
 * defaults to false: out of the box its 401 carries no WWW-Authenticate at all.
 */
import { createServer } from "node:http";
import cors from "cors";
import basicAuth from "express-basic-auth";
import { jsonErrors, labExpressApp, ok } from "./express-app.ts";
import { closeNodeServer, listenOn, watchRequests } from "./listen.ts";
import { originOf } from "./origins.ts";
import type { RealStack } from "./types.ts";

export const BASIC_USER = "lab";
export const BASIC_PASSWORD = "correct-horse";
export const BASIC_WRONG_PASSWORD = "Correct-Horse";
export const BASIC_REALM = "authlens-lab";

export const expressBasic: RealStack = {
  name: "express-basic",
  packages: ["express", "cors", "express-basic-auth"],
  async start(ctx) {
    const { host, port, pageOrigin } = ctx;
    const app = labExpressApp();
    const users = { [BASIC_USER]: BASIC_PASSWORD };
    app.use("/api", cors({ origin: [pageOrigin], exposedHeaders: ["WWW-Authenticate"] }));
    app.get("/api/express-basic-wrong-password", basicAuth({ users, challenge: true, realm: BASIC_REALM }), ok);
    // challenge left at its default (false).
    app.get("/api/express-basic-no-challenge", basicAuth({ users }), ok);
    app.get("/api/express-basic-ok", basicAuth({ users, challenge: true, realm: BASIC_REALM }), ok);
    app.use(jsonErrors);
    const server = createServer(app);
    watchRequests(server, "express-basic", ctx);
    const bound = await listenOn(server, port, host);
    return { origin: originOf(host, bound), tokens: {}, close: () => closeNodeServer(server) };
  },
};
