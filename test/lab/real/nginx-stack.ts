/**
 * Debian's nginx (nginx.ts) in front of a small express app: the lab's "nginx" stack. nginx
 * answers its own locations (auth_basic, CORS add_header with and without `always`) and proxies
 * /nginx/strip-auth/ and /nginx/pass-auth/ to the app, which checks the lab's HS256 tokens with
 * express-jwt the way an API behind a reverse proxy does. Each scenario's `/api/<name>` path is
 * a server-level rewrite to the location it shows, so nginx answers it as it answers that
 * location. nginx's access log (sent over loopback syslog) feeds the lab's request log.
 */
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { expressjwt } from "express-jwt";
import { LAB_AUDIENCE, LAB_JWT_SECRET } from "../tokens.ts";
import { jsonErrors, labExpressApp, ok } from "./express-app.ts";
import { closeNodeServer, listenOn } from "./listen.ts";
import { NGINX_BINARY, NGINX_NOT_INSTALLED, NGINX_PATHS, startNginx } from "./nginx.ts";
import { originOf } from "./origins.ts";
import { type RealStack, StackUnavailableError } from "./types.ts";

/** The app behind nginx's two proxy locations answers these paths. */
export const NGINX_UPSTREAM_PATHS = ["/api/nginx-strip-auth", "/api/nginx-pass-auth"] as const;

/** Each nginx scenario's path, and the location (or proxied path) that answers it. */
export const NGINX_SCENARIO_REWRITES: Readonly<Record<string, string>> = {
  "/api/nginx-basic-wrong-password": NGINX_PATHS.basic,
  "/api/nginx-basic-preflight": NGINX_PATHS.basicPreflight,
  "/api/nginx-no-always": NGINX_PATHS.noAlways,
  "/api/nginx-strip-auth": `${NGINX_PATHS.stripAuth}api/nginx-strip-auth`,
  "/api/nginx-basic-preflight-ok": NGINX_PATHS.basicPreflightOk,
  "/api/nginx-pass-auth": `${NGINX_PATHS.passAuth}api/nginx-pass-auth`,
};

export const nginxStack: RealStack = {
  name: "nginx",
  packages: ["express", "express-jwt"],
  async start(ctx) {
    const { host, port, pageOrigin, apiOrigin, onRequest } = ctx;
    if (!existsSync(NGINX_BINARY)) throw new StackUnavailableError(NGINX_NOT_INSTALLED);

    // The app nginx proxies to: express-jwt with credentialsRequired (its default), so a request
    // that reaches it without Authorization gets 401 "No authorization token was found". Only
    // nginx talks to it, so it sends no CORS headers (nginx owns CORS on its proxy locations)
    // and takes a free port whatever the lab's ports are: no browser ever sees its origin.
    const app = labExpressApp();
    const checkJwt = expressjwt({ secret: LAB_JWT_SECRET, algorithms: ["HS256"], audience: LAB_AUDIENCE, issuer: apiOrigin });
    for (const path of NGINX_UPSTREAM_PATHS) app.get(path, checkJwt, ok);
    app.use(jsonErrors);
    const upstreamServer = createServer(app);
    const upstream = originOf(host, await listenOn(upstreamServer, 0, host));

    try {
      const nginx = await startNginx({
        upstream,
        pageOrigin,
        port,
        rewrites: NGINX_SCENARIO_REWRITES,
        onAccess:
          onRequest === undefined
            ? undefined
            : (entry) => {
                const q = entry.uri.indexOf("?");
                onRequest({
                  server: "nginx",
                  method: entry.method,
                  path: q === -1 ? entry.uri : entry.uri.slice(0, q),
                  query: q === -1 ? "" : entry.uri.slice(q + 1),
                  status: entry.status,
                  time: Date.now(),
                  origin: entry.origin || undefined,
                  authorization: entry.authorization || undefined,
                  cookie: entry.cookie || undefined,
                });
              },
      });
      return {
        origin: nginx.origin,
        tokens: {},
        close: async () => {
          await nginx.stop();
          await closeNodeServer(upstreamServer);
        },
      };
    } catch (err) {
      await closeNodeServer(upstreamServer);
      throw err;
    }
  },
};
