/** What every real express stack shares: the lab's cache setting and an ordinary error handler. */
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";

/**
 * An express app with the lab's own cache setting in front: `no-store` and no ETag, so a second
 * run in the same browser sends the same request again instead of revalidating it into a 304.
 * This is the lab's setting, not part of any scenario's mistake.
 */
export function labExpressApp(): Express {
  const app = express();
  app.set("etag", false);
  app.set("x-powered-by", false);
  app.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  return app;
}

/** The 200 of a scenario whose request got through: names the route, as the lab API does. */
export const ok: RequestHandler = (req, res) => {
  res.json({ ok: true, scenario: req.path.replace(/^\/api\//, "") });
};

interface HttpError {
  status?: number;
  statusCode?: number;
  code?: string;
  name?: string;
  message?: string;
  headers?: Record<string, string>;
}

/**
 * The error handler an express API ends with: the status and headers the failing middleware put
 * on its error (express-oauth2-jwt-bearer's errors carry their WWW-Authenticate in `headers`)
 * and a JSON body with its code and message. Express's own fallback would do the same but send
 * an HTML page with a stack trace outside production.
 */
export const jsonErrors: ErrorRequestHandler = (err: HttpError, _req, res, _next) => {
  const status = err.status ?? err.statusCode ?? 500;
  if (err.headers) res.set(err.headers);
  res.status(status).json({ error: err.code || err.name || "error", message: err.message ?? "" });
};
