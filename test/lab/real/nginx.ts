/**
 * Debian's nginx (package nginx-light) as a real server for the scenario lab: started
 * unprivileged on a free loopback port from the config in ./nginx/, rendered into a temp dir that
 * holds everything nginx writes. Each location under /nginx/ is one misconfiguration users hit
 * (see NGINX_LOCATIONS).
 *
 *   const nginx = await startNginx({ upstream: "http://127.0.0.1:4000", pageOrigin });
 *   await fetch(`${nginx.origin}/nginx/basic`);   // 401, WWW-Authenticate: Basic realm="AuthLens lab"
 *   await nginx.stop();                              // nginx gone, temp dir removed
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { FindingCode } from "../../../src/core/findings.ts";
import { freeLoopbackPort, LOOPBACK } from "./free-port.ts";
import { checkedOrigin } from "./origin.ts";

export const NGINX_BINARY = "/usr/sbin/nginx";
export const NGINX_NOT_INSTALLED = "nginx is not installed: apt-get install nginx-light";

/** The one account in the generated htpasswd file. */
export const NGINX_BASIC_USER = "lab-user";
export const NGINX_BASIC_PASSWORD = "lab-password";
export const NGINX_REALM = "AuthLens lab";

/** The body every protected location answers 200 with once the password is right. */
export const NGINX_OK_BODY = { ok: true, server: "nginx" } as const;

export const NGINX_PATHS = {
  health: "/nginx/health",
  basic: "/nginx/basic",
  basicPreflight: "/nginx/basic-preflight",
  basicPreflightOk: "/nginx/basic-preflight-ok",
  noAlways: "/nginx/no-always",
  /** A prefix: `/nginx/strip-auth/<path>` is proxied to `<upstream>/<path>`. */
  stripAuth: "/nginx/strip-auth/",
  /** A prefix: `/nginx/pass-auth/<path>` is proxied to `<upstream>/<path>`. */
  passAuth: "/nginx/pass-auth/",
} as const;

export interface NginxLocation {
  path: string;
  /** What is configured there, in nginx's words. */
  config: string;
  /** The OPTIONS preflight's answer. */
  preflight: string;
  /** The actual request's answer, without and with the right credentials. */
  answers: string;
  /** The finding codes this location's failing exchanges should get; empty for a correct location. */
  findings: readonly FindingCode[];
}

/** What each location reproduces, as data for the lab page's scenario list. */
export const NGINX_LOCATIONS: readonly NginxLocation[] = [
  {
    path: NGINX_PATHS.basic,
    config: "auth_basic + auth_basic_user_file; CORS add_header ... always; OPTIONS answered before auth",
    preflight: "204 with CORS headers",
    answers: "401 + WWW-Authenticate: Basic realm and CORS headers (readable cross-origin); 200 JSON with the right password",
    findings: ["auth.no-credentials-sent", "auth.credentials-rejected"],
  },
  {
    path: NGINX_PATHS.basicPreflight,
    config: "auth_basic also applies to OPTIONS; CORS add_header ... always",
    preflight: "401 + WWW-Authenticate: Basic with CORS headers: not an ok status, the browser fails the preflight",
    answers: "never sent by a browser (the preflight failed); 401 / 200 as /nginx/basic when sent directly",
    findings: ["cors.preflight-blocked-by-auth", "cors.preflight-failed-status"],
  },
  {
    path: NGINX_PATHS.basicPreflightOk,
    config: "if ($request_method = OPTIONS) { return 204; } before auth_basic; CORS add_header ... always",
    preflight: "204 with CORS headers",
    answers: "401 + WWW-Authenticate: Basic with CORS headers; 200 JSON with the right password",
    findings: [],
  },
  {
    path: NGINX_PATHS.noAlways,
    config: "add_header Access-Control-Allow-Origin ... without always, in front of auth_basic",
    preflight: "204 with CORS headers",
    answers: "401 + WWW-Authenticate: Basic WITHOUT CORS headers (the browser hides it behind a CORS error); 200 with CORS headers",
    findings: ["cors.missing-allow-origin", "cors.error-hidden-by-cors"],
  },
  {
    path: NGINX_PATHS.stripAuth,
    config: 'proxy_pass <upstream>/; proxy_set_header Authorization "";',
    preflight: "204 with CORS headers (nginx answers it)",
    answers: "whatever the upstream answers without Authorization, even when the browser sent it",
    findings: ["auth.authorization-not-received"],
  },
  {
    path: NGINX_PATHS.passAuth,
    config: "proxy_pass <upstream>/; (Authorization passed through)",
    preflight: "204 with CORS headers (nginx answers it)",
    answers: "whatever the upstream answers with the browser's Authorization",
    findings: [],
  },
];

export interface NginxOptions {
  /** The origin of the app the /nginx/strip-auth/ and /nginx/pass-auth/ locations proxy to. */
  upstream: string;
  /** The origin CORS headers allow (the lab page's). */
  pageOrigin: string;
  /** The nginx executable; default /usr/sbin/nginx. */
  binary?: string;
  /** A fixed port; absent or 0 for a free one (start then retries if another process takes it). */
  port?: number;
  /**
   * Further exact paths, each answered by one of the locations above as that location answers
   * its own path: `{ "/api/x": "/nginx/basic" }`; a proxy location's target may name the rest
   * of the path (`/nginx/strip-auth/api/x` proxies to `<upstream>/api/x`).
   */
  rewrites?: Readonly<Record<string, string>>;
  /** Called once per request nginx logged (its access log, sent as JSON over loopback syslog). */
  onAccess?: (entry: NginxAccess) => void;
}

/** One access-log entry; header values nginx did not receive are empty strings. */
export interface NginxAccess {
  method: string;
  /** The request target as the client sent it (`$request_uri`), before any rewrite. */
  uri: string;
  status: number;
  origin: string;
  authorization: string;
  cookie: string;
}

export interface RunningNginx {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** As `nginx -v` prints it, e.g. "1.22.1". */
  version: string;
  /** The master process; its workers exit before it does. */
  pid: number;
  /** The temp dir holding the rendered config, htpasswd, pid file, logs and temp files. */
  prefix: string;
  /** Stops nginx (SIGTERM, waits for the master to exit) and removes the temp dir. */
  stop(): Promise<void>;
}

const TEMPLATE_DIR = fileURLToPath(new URL("./nginx/", import.meta.url));
const TEMPLATES = ["nginx.conf", "cors-always.conf", "cors-preflight.conf", "cors-hide-upstream.conf", "lab-no-store.conf"] as const;
const PORT_ATTEMPTS = 5;
/** Bounds a start that neither answers nor exits; a healthy nginx answers on the first polls. */
const HEALTH_POLLS = 400;
const HEALTH_POLL_MS = 25;
const STOP_GRACE_MS = 5_000;
const STDERR_KEPT = 8_192;

/** `Basic <base64(user:password)>` (RFC 7617 §2). */
export function basicAuthorization(user = NGINX_BASIC_USER, password = NGINX_BASIC_PASSWORD): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

/** The installed nginx's version, e.g. "1.22.1"; throws NGINX_NOT_INSTALLED when it is missing. */
export function nginxVersion(binary = NGINX_BINARY): Promise<string> {
  return new Promise((resolveVersion, rejectVersion) => {
    // `nginx -v` prints "nginx version: nginx/1.22.1" on stderr.
    execFile(binary, ["-v"], (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === "ENOENT") return rejectVersion(new Error(NGINX_NOT_INSTALLED));
      if (err) return rejectVersion(err);
      const match = /nginx\/(\S+)/.exec(`${stderr}${stdout}`);
      if (!match?.[1]) return rejectVersion(new Error(`Unexpected \`${binary} -v\` output: ${stderr}${stdout}`));
      resolveVersion(match[1]);
    });
  });
}

function render(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`nginx template placeholder {{${name}}} has no value`);
    return value;
  });
}

/** A `{SSHA}` line, one of the schemes auth_basic_user_file reads (ngx_http_auth_basic_module). */
function htpasswdLine(user: string, password: string): string {
  const salt = randomBytes(8);
  const digest = createHash("sha1").update(password, "utf8").update(salt).digest();
  return `${user}:{SSHA}${Buffer.concat([digest, salt]).toString("base64")}\n`;
}

interface Launch {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
}

/** `rewrite` lines for NginxOptions.rewrites; each path is matched whole, its dots escaped. */
function rewriteLines(rewrites: Readonly<Record<string, string>>): string {
  const pathSyntax = /^\/[A-Za-z0-9._~/-]*$/;
  return Object.entries(rewrites)
    .map(([from, to]) => {
      if (!pathSyntax.test(from) || !pathSyntax.test(to)) throw new Error(`nginx rewrite ${from} → ${to}: plain paths only`);
      return `        rewrite ^${from.replace(/\./g, "\\.")}$ ${to} last;`;
    })
    .join("\n");
}

/**
 * A loopback UDP socket nginx sends its access log to (`access_log syslog:server=…`): each
 * datagram is one syslog line (RFC 3164 framing, `<pri>date tag: message`) whose message is a
 * JSON object in the `lab` log format. Syslog rather than /dev/stdout: Node's stdio "pipe" is a
 * socket, which nginx cannot open by path.
 */
async function accessLogReceiver(onAccess: (entry: NginxAccess) => void): Promise<{ address: string; close(): Promise<void> }> {
  const socket = createSocket("udp4");
  socket.on("message", (datagram) => {
    const line = datagram.toString("utf8");
    const json = line.slice(line.indexOf("{"));
    try {
      onAccess(JSON.parse(json) as NginxAccess);
    } catch (err) {
      console.error(`[nginx] unreadable access log line ${JSON.stringify(line)}:`, err);
    }
  });
  await new Promise<void>((resolveBind, rejectBind) => {
    socket.once("error", rejectBind);
    socket.bind(0, LOOPBACK, () => {
      socket.off("error", rejectBind);
      resolveBind();
    });
  });
  return {
    address: `${LOOPBACK}:${socket.address().port}`,
    close: () => new Promise<void>((resolveClose) => socket.close(() => resolveClose())),
  };
}

function launch(binary: string, prefix: string, conf: string): Launch {
  const child = spawn(
    binary,
    ["-p", `${prefix}/`, "-c", conf, "-e", "stderr", "-g", `daemon off; pid ${prefix}/nginx.pid; error_log stderr;`],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  const exited = new Promise<number | null>((resolveExit) => {
    child.once("exit", (code) => resolveExit(code));
    child.once("error", () => resolveExit(null));
  });
  return { child, exited, stderr: () => stderr };
}

/** Polls the health location until it answers 200 or nginx exits; false when nginx exited. */
async function answers(origin: string, nginx: Launch): Promise<boolean> {
  let exited = false;
  void nginx.exited.then(() => {
    exited = true;
  });
  for (let poll = 0; poll < HEALTH_POLLS; poll++) {
    if (exited) return false;
    try {
      const res = await fetch(`${origin}${NGINX_PATHS.health}`);
      await res.arrayBuffer();
      // The Server header tells this nginx from anything else that took the port meanwhile.
      if (res.ok && res.headers.get("server")?.startsWith("nginx")) return true;
    } catch {
      // Not listening yet.
    }
    await delay(HEALTH_POLL_MS);
  }
  throw new Error(`nginx did not answer ${origin}${NGINX_PATHS.health}: ${nginx.stderr()}`);
}

async function stopLaunch(nginx: Launch): Promise<void> {
  if (nginx.child.exitCode !== null || nginx.child.signalCode !== null) return;
  // SIGTERM is nginx's fast shutdown: the master stops its workers and exits after them.
  nginx.child.kill("SIGTERM");
  const timer = setTimeout(() => nginx.child.kill("SIGKILL"), STOP_GRACE_MS);
  await nginx.exited;
  clearTimeout(timer);
}

export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const upstream = checkedOrigin("upstream", options.upstream);
  const pageOrigin = checkedOrigin("pageOrigin", options.pageOrigin);
  const binary = options.binary ?? NGINX_BINARY;
  const version = await nginxVersion(binary);

  const prefix = await mkdtemp(join(tmpdir(), "authlens-nginx-"));
  let receiver: Awaited<ReturnType<typeof accessLogReceiver>> | undefined;
  try {
    await mkdir(join(prefix, "www"));
    await writeFile(join(prefix, "www", "ok.json"), `${JSON.stringify(NGINX_OK_BODY)}\n`);
    await writeFile(join(prefix, "htpasswd"), htpasswdLine(NGINX_BASIC_USER, NGINX_BASIC_PASSWORD));
    const templates = await Promise.all(TEMPLATES.map((name) => readFile(join(TEMPLATE_DIR, name), "utf8")));

    receiver = options.onAccess === undefined ? undefined : await accessLogReceiver(options.onAccess);
    const fixedPort = options.port !== undefined && options.port !== 0 ? options.port : undefined;
    // A fixed port gets one attempt: another port would not be the one asked for.
    const attempts = fixedPort === undefined ? PORT_ATTEMPTS : 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const port = fixedPort ?? (await freeLoopbackPort());
      const values: Record<string, string> = {
        prefix,
        port: String(port),
        upstream,
        pageOrigin,
        realm: NGINX_REALM,
        // Without a reader the log stays in the temp dir.
        accessLog: receiver === undefined ? `${prefix}/access.log` : `syslog:server=${receiver.address},nohostname,tag=nginx lab`,
        rewrites: rewriteLines(options.rewrites ?? {}),
        // A root master would run its workers as `nobody`, who cannot read the 0700 temp dir;
        // an unprivileged master ignores `user` (and warns), so it is only written for root.
        user: process.getuid?.() === 0 ? `user ${userInfo().username};` : "",
      };
      await Promise.all(TEMPLATES.map((name, i) => writeFile(join(prefix, name), render(templates[i] ?? "", values))));

      const nginx = launch(binary, prefix, join(prefix, "nginx.conf"));
      const origin = `http://${LOOPBACK}:${port}`;
      // A test that dies before stop() must not leave nginx running. SIGTERM, not SIGKILL: the
      // master then stops its workers itself, after this process is gone.
      const killOnExit = () => nginx.child.kill("SIGTERM");
      process.once("exit", killOnExit);
      const up = await answers(origin, nginx).catch(async (err: unknown) => {
        await stopLaunch(nginx);
        process.off("exit", killOnExit);
        throw err;
      });
      if (!up) {
        process.off("exit", killOnExit);
        // Another process took the port between the probe and nginx's bind: try another.
        if (/Address already in use/.test(nginx.stderr()) && attempt < attempts) continue;
        throw new Error(`nginx exited during start: ${nginx.stderr().trim()}`);
      }
      const pid = nginx.child.pid;
      if (pid === undefined) throw new Error("nginx started without a pid");
      return {
        origin,
        version,
        pid,
        prefix,
        stop: async () => {
          await stopLaunch(nginx);
          process.off("exit", killOnExit);
          await receiver?.close();
          await rm(prefix, { recursive: true, force: true });
        },
      };
    }
    throw new Error(`nginx found no free port in ${PORT_ATTEMPTS} attempts`);
  } catch (err) {
    await receiver?.close();
    await rm(prefix, { recursive: true, force: true });
    throw err;
  }
}
