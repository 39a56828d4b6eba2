/**
 * AN IMITATION, not Kong: a small express app that answers as Kong Gateway's key-auth plugin
 * (with the cors plugin in front) answers, because no API-key gateway runs in the lab (Kong
 * itself is an OpenResty service, not an npm package). Every other real stack runs the real
 * library; this one only copies an answer Kong documents, and the lab labels its scenarios so.
 *
 * What it copies (Kong's key-auth handler, kong/plugins/key-auth/handler.lua, 3.x): no key in the
 * `apikey` header (the default key_names) → 401 `{"message":"No API key found in request"}` with
 * `WWW-Authenticate: Key realm="kong"` and Kong's `Server` header; a key no consumer owns → 401
 * `{"message":"Unauthorized"}`; a known key → the upstream's answer. The cors plugin answers the
 * preflight itself (run_on_preflight off), before key-auth.
 */
import { createServer } from "node:http";
import type { RequestHandler } from "express";
import { labExpressApp, ok } from "./express-app.ts";
import { closeNodeServer, listenOn, watchRequests } from "./listen.ts";
import { originOf } from "./origins.ts";
import type { RealStack } from "./types.ts";

/** The consumer's key, as the page sends it in the `apikey` header. */
export const KONG_API_KEY = "lab-consumer-key-4f1c9a";
export const KONG_SERVER = "kong/3.9.1";
export const KONG_CHALLENGE = 'Key realm="kong"';

export const kongImitation: RealStack = {
  name: "kong-imitation",
  packages: ["express"],
  async start(ctx) {
    const { host, port, pageOrigin } = ctx;
    const app = labExpressApp();
    // Kong's cors plugin: the page's origin, credentials, the headers the page asks for.
    app.use((req, res, next) => {
      res.set({ Server: KONG_SERVER, "Access-Control-Allow-Origin": pageOrigin, "Access-Control-Allow-Credentials": "true", Vary: "Origin" });
      res.set("Access-Control-Expose-Headers", "WWW-Authenticate");
      if (req.method === "OPTIONS") {
        res.set({
          "Access-Control-Allow-Methods": "GET,HEAD,PUT,PATCH,POST,DELETE,OPTIONS,TRACE,CONNECT",
          "Access-Control-Allow-Headers": req.get("Access-Control-Request-Headers") ?? "",
        });
        res.status(204).end();
        return;
      }
      next();
    });
    const keyAuth: RequestHandler = (req, res, next) => {
      const key = req.get("apikey");
      if (key === undefined || key === "") {
        res.set("WWW-Authenticate", KONG_CHALLENGE).status(401).json({ message: "No API key found in request" });
      } else if (key !== KONG_API_KEY) {
        res.set("WWW-Authenticate", KONG_CHALLENGE).status(401).json({ message: "Unauthorized" });
      } else {
        next();
      }
    };
    for (const name of ["kong-key-auth-wrong-header", "kong-key-auth-ok"]) app.get(`/api/${name}`, keyAuth, ok);

    const server = createServer(app);
    watchRequests(server, "kong-imitation", ctx);
    const origin = originOf(host, await listenOn(server, port, host));
    return { origin, tokens: {}, close: () => closeNodeServer(server) };
  },
};
