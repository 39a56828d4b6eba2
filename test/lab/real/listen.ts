/** Listening and request logging shared by the real stacks built on node:http servers. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RealStackContext, RealStackName, RequestLogEntry } from "./types.ts";

/** Listens on loopback (the lab's host) and resolves with the bound port. */
export function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function closeNodeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    // A browser's keep-alive sockets would otherwise hold close() open.
    server.closeAllConnections();
  });
}

/**
 * Hands each request to the lab's `intercept` before the library sees it, and reports each
 * finished response to the lab's log. A second `request` listener sees every
 * request the library's own handler gets, without wrapping or changing that handler. It goes
 * first: a handler that answers synchronously (cors() ending a preflight) would otherwise
 * finish the response before a later listener could wait for it.
 */
/** The log entry of an answered request; `url` as it arrived (middleware may rewrite req.url). */
export function requestLogEntry<S extends string>(server: S, req: IncomingMessage, res: ServerResponse, url: string): RequestLogEntry<S> {
  const q = url.indexOf("?");
  const dpop = req.headers.dpop;
  return {
    server,
    method: req.method ?? "",
    path: q === -1 ? url : url.slice(0, q),
    query: q === -1 ? "" : url.slice(q + 1),
    status: res.statusCode,
    time: Date.now(),
    origin: req.headers.origin,
    authorization: req.headers.authorization,
    dpop: typeof dpop === "string" ? dpop : undefined,
    cookie: req.headers.cookie,
  };
}

export function watchRequests(server: Server, name: RealStackName, ctx: Pick<RealStackContext, "onRequest" | "intercept">): void {
  const { onRequest, intercept } = ctx;
  if (intercept !== undefined) server.prependListener("request", intercept);
  if (onRequest === undefined) return;
  server.prependListener("request", (req, res) => {
    // Read now: express rewrites req.url inside middleware mounted on a path.
    const url = req.url ?? "/";
    res.on("finish", () => {
      try {
        onRequest(requestLogEntry(name, req, res, url));
      } catch (err) {
        console.error(`[lab ${name}] onRequest threw:`, err);
      }
    });
  });
}

/**
 * A node:http server that listens before its handler exists: a stack whose issuer is the server
 * itself (its own origin in `iss` and `jwks_uri`) builds its app once it knows where it listens.
 * Requests before `serve` is called get 503.
 */
export async function listenFirst(
  name: RealStackName,
  ctx: Pick<RealStackContext, "host" | "port" | "onRequest" | "intercept">,
): Promise<{ server: Server; port: number; serve(handler: (req: IncomingMessage, res: ServerResponse) => void): void }> {
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handle) handle(req, res);
    else res.writeHead(503).end();
  });
  watchRequests(server, name, ctx);
  const port = await listenOn(server, ctx.port, ctx.host);
  return {
    server,
    port,
    serve: (handler) => {
      handle = handler;
    },
  };
}
