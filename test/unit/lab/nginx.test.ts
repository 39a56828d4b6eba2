/**
 * Debian's nginx, started by test/lab/real/nginx.ts, answers each lab location the way the
 * misconfiguration it reproduces does: these are nginx's own answers, not a model of them.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  basicAuthorization,
  NGINX_BASIC_PASSWORD,
  NGINX_BASIC_USER,
  NGINX_NOT_INSTALLED,
  NGINX_OK_BODY,
  NGINX_PATHS,
  NGINX_REALM,
  type NginxAccess,
  type RunningNginx,
  startNginx,
} from "../../lab/real/nginx.ts";

const PAGE_ORIGIN = "http://127.0.0.1:5173";
const BASIC_CHALLENGE = `Basic realm="${NGINX_REALM}"`;
const WRONG_PASSWORD = basicAuthorization(NGINX_BASIC_USER, `${NGINX_BASIC_PASSWORD}-wrong`);
const APP_TOKEN = "Bearer lab-app-token";

interface AppRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

/**
 * The proxied app: a Bearer API that answers a request without Authorization with a challenge
 * that has no error code (RFC 6750 §3.1), and sets its own wildcard CORS header, which nginx
 * must hide behind its own.
 */
function startApp(seen: AppRequest[]): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
    const headers = { "Access-Control-Allow-Origin": "*", "Content-Type": "application/json" };
    if (req.headers.authorization === undefined) {
      res.writeHead(401, { ...headers, "WWW-Authenticate": 'Bearer realm="api"' });
      res.end(JSON.stringify({ error: "no token" }));
      return;
    }
    res.writeHead(200, headers);
    res.end(JSON.stringify({ ok: true, path: req.url }));
  });
  return new Promise((resolveApp) => {
    server.listen(0, "127.0.0.1", () => {
      resolveApp({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}

/** What a browser sends before a cross-origin GET that carries Authorization (Fetch §4.8). */
function preflight(origin: string, path: string): Promise<Response> {
  return fetch(`${origin}${path}`, {
    method: "OPTIONS",
    headers: { Origin: PAGE_ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" },
  });
}

function get(origin: string, path: string, authorization?: string): Promise<Response> {
  return fetch(`${origin}${path}`, {
    headers: { Origin: PAGE_ORIGIN, ...(authorization === undefined ? {} : { Authorization: authorization }) },
  });
}

function expectCors(res: Response): void {
  expect(res.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
  expect(res.headers.get("access-control-allow-credentials")).toBe("true");
  expect(res.headers.get("access-control-expose-headers")).toContain("WWW-Authenticate");
}

function expectPreflightAllowed(res: Response): void {
  expect(res.status).toBe(204);
  expectCors(res);
  expect(res.headers.get("access-control-allow-methods")).toContain("GET");
  expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
}

/** Processes whose parent is `pid` (nginx's workers), read from /proc. */
function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name, which is parenthesised and may hold spaces: state ppid ...
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return children;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

describe("nginx lab locations", () => {
  const seen: AppRequest[] = [];
  let app: Server;
  let nginx: RunningNginx;

  beforeAll(async () => {
    const started = await startApp(seen);
    app = started.server;
    nginx = await startNginx({ upstream: started.origin, pageOrigin: PAGE_ORIGIN });
  });

  afterAll(async () => {
    await nginx?.stop();
    await new Promise((resolveClose) => app?.close(resolveClose));
  });

  it("runs Debian's nginx 1.22 on loopback", async () => {
    expect(nginx.version).toMatch(/^1\.22\./);
    expect(nginx.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await get(nginx.origin, NGINX_PATHS.health);
    expect(res.headers.get("server")).toBe(`nginx/${nginx.version}`);
  });

  it("/nginx/basic: a readable 401 with a Basic challenge and CORS headers, 200 with the password", async () => {
    expectPreflightAllowed(await preflight(nginx.origin, NGINX_PATHS.basic));

    for (const authorization of [undefined, WRONG_PASSWORD]) {
      const denied = await get(nginx.origin, NGINX_PATHS.basic, authorization);
      expect(denied.status).toBe(401);
      expect(denied.headers.get("www-authenticate")).toBe(BASIC_CHALLENGE);
      expectCors(denied);
    }

    const ok = await get(nginx.origin, NGINX_PATHS.basic, basicAuthorization());
    expect(ok.status).toBe(200);
    expectCors(ok);
    expect(await ok.json()).toEqual(NGINX_OK_BODY);
  });

  it("/nginx/basic-preflight: auth_basic answers the preflight 401 (cors.preflight-blocked-by-auth)", async () => {
    const res = await preflight(nginx.origin, NGINX_PATHS.basicPreflight);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(BASIC_CHALLENGE);
    // The CORS headers are all there; the status alone fails the preflight.
    expectCors(res);
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");

    const ok = await get(nginx.origin, NGINX_PATHS.basicPreflight, basicAuthorization());
    expect(ok.status).toBe(200);
  });

  it("/nginx/basic-preflight-ok: the preflight answered 204 before auth_basic, the request still guarded", async () => {
    expectPreflightAllowed(await preflight(nginx.origin, NGINX_PATHS.basicPreflightOk));

    const denied = await get(nginx.origin, NGINX_PATHS.basicPreflightOk, WRONG_PASSWORD);
    expect(denied.status).toBe(401);
    expect(denied.headers.get("www-authenticate")).toBe(BASIC_CHALLENGE);
    expectCors(denied);

    expect((await get(nginx.origin, NGINX_PATHS.basicPreflightOk, basicAuthorization())).status).toBe(200);
  });

  it("/nginx/no-always: the 401 goes out without CORS headers, the 200 with them", async () => {
    expectPreflightAllowed(await preflight(nginx.origin, NGINX_PATHS.noAlways));

    const denied = await get(nginx.origin, NGINX_PATHS.noAlways, WRONG_PASSWORD);
    expect(denied.status).toBe(401);
    expect(denied.headers.get("www-authenticate")).toBe(BASIC_CHALLENGE);
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
    expect(denied.headers.get("access-control-expose-headers")).toBeNull();

    const ok = await get(nginx.origin, NGINX_PATHS.noAlways, basicAuthorization());
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
  });

  it("/nginx/strip-auth/: the app answers as if no token arrived (auth.authorization-not-received)", async () => {
    seen.length = 0;
    expectPreflightAllowed(await preflight(nginx.origin, `${NGINX_PATHS.stripAuth}orders`));

    const res = await get(nginx.origin, `${NGINX_PATHS.stripAuth}orders`, APP_TOKEN);
    expect(res.status).toBe(401);
    const challenge = res.headers.get("www-authenticate");
    expect(challenge).toBe('Bearer realm="api"');
    expect(challenge).not.toContain("error=");
    // nginx's CORS headers, not the app's wildcard.
    expectCors(res);

    // nginx answered the preflight itself; the app saw one GET, without the token.
    expect(seen).toEqual([{ method: "GET", url: "/orders", authorization: undefined }]);
  });

  it("/nginx/pass-auth/: the same proxy passing Authorization through", async () => {
    seen.length = 0;
    expectPreflightAllowed(await preflight(nginx.origin, `${NGINX_PATHS.passAuth}orders`));

    const res = await get(nginx.origin, `${NGINX_PATHS.passAuth}orders`, APP_TOKEN);
    expect(res.status).toBe(200);
    expectCors(res);
    expect(await res.json()).toEqual({ ok: true, path: "/orders" });
    expect(seen).toEqual([{ method: "GET", url: "/orders", authorization: APP_TOKEN }]);
  });
});

describe("nginx options the lab uses", () => {
  it("answers a rewritten path as its location, and reports each request with the path the client sent", async () => {
    const seen: AppRequest[] = [];
    const started = await startApp(seen);
    const access: NginxAccess[] = [];
    const nginx = await startNginx({
      upstream: started.origin,
      pageOrigin: PAGE_ORIGIN,
      rewrites: { "/api/x-basic": NGINX_PATHS.basicPreflight, "/api/x-strip": `${NGINX_PATHS.stripAuth}api/x-strip` },
      onAccess: (entry) => access.push(entry),
    });
    try {
      // auth_basic catches the preflight on the rewritten path too.
      const pre = await preflight(nginx.origin, "/api/x-basic");
      await pre.arrayBuffer();
      expect(pre.status).toBe(401);
      expect(pre.headers.get("www-authenticate")).toBe(BASIC_CHALLENGE);
      expect(pre.headers.get("cache-control")).toBe("no-store");
      const stripped = await get(nginx.origin, "/api/x-strip", APP_TOKEN);
      await stripped.arrayBuffer();
      expect(stripped.status).toBe(401);
      expect(seen).toEqual([{ method: "GET", url: "/api/x-strip", authorization: undefined }]);
      await expect.poll(() => access.length).toBe(2);
      expect(access[0]).toMatchObject({ method: "OPTIONS", uri: "/api/x-basic", status: 401, origin: PAGE_ORIGIN, authorization: "" });
      expect(access[1]).toMatchObject({ method: "GET", uri: "/api/x-strip", status: 401, origin: PAGE_ORIGIN, authorization: APP_TOKEN });
    } finally {
      await nginx.stop();
      await new Promise((resolveClose) => started.server.close(resolveClose));
    }
  });
});

describe("nginx lifecycle", () => {
  it("stop() ends the master and its workers and removes the temp dir", async () => {
    const nginx = await startNginx({ upstream: "http://127.0.0.1:9", pageOrigin: PAGE_ORIGIN });
    const workers = childPids(nginx.pid);
    expect(workers.length).toBeGreaterThan(0);
    expect(isRunning(nginx.pid)).toBe(true);
    expect(existsSync(`${nginx.prefix}/nginx.pid`)).toBe(true);

    await nginx.stop();

    expect(isRunning(nginx.pid)).toBe(false);
    for (const pid of workers) expect(isRunning(pid)).toBe(false);
    expect(existsSync(nginx.prefix)).toBe(false);
  });

  it("says how to install nginx when the binary is missing", async () => {
    await expect(
      startNginx({ upstream: "http://127.0.0.1:9", pageOrigin: PAGE_ORIGIN, binary: "/nonexistent/sbin/nginx" }),
    ).rejects.toThrow(NGINX_NOT_INSTALLED);
  });

  it("refuses an origin that is not one (nothing else may reach the config)", async () => {
    await expect(
      startNginx({ upstream: "http://127.0.0.1:9/; evil", pageOrigin: PAGE_ORIGIN }),
    ).rejects.toThrow(/upstream must be an http\(s\) origin/);
    await expect(
      startNginx({ upstream: "http://127.0.0.1:9", pageOrigin: 'http://a" always; x' }),
    ).rejects.toThrow(/pageOrigin must be an http\(s\) origin/);
  });
});
