/**
 * Real server libraries on loopback for unit tests: each app listens on a free port of
 * 127.0.0.1 and is closed with the others after the file's tests.
 */
import type { AddressInfo } from "node:net";
import type express from "express";
import type { FastifyInstance } from "fastify";

export interface LoopbackServers {
  /** Listens an express app on a free port; its origin. */
  express(app: express.Express): Promise<string>;
  /** Listens a fastify instance (routes and plugins registered) on a free port; its origin. */
  fastify(app: FastifyInstance): Promise<string>;
  closeAll(): Promise<void>;
}

/** The error handler express-jwt's README shows; express-oauth2-jwt-bearer's errors bring their own headers. */
export function jsonErrors(app: express.Express): void {
  app.use((err: { status?: number; code?: string; headers?: Record<string, string>; message: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res
      .status(err.status ?? 500)
      .set(err.headers ?? {})
      .json({ ...(err.code !== undefined ? { code: err.code } : {}), message: err.message });
  });
}

export function loopbackServers(): LoopbackServers {
  const open: { close(): unknown }[] = [];
  return {
    express(app) {
      return new Promise((resolve) => {
        const server = app.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
        open.push(server);
      });
    },
    async fastify(app) {
      await app.listen({ port: 0, host: "127.0.0.1" });
      open.push({ close: () => app.close() });
      return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    },
    async closeAll() {
      for (const s of open.splice(0)) await s.close();
    },
  };
}
