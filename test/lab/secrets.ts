/**
 * The lab's secrets page (`/secrets.html`): requests that carry a marked secret in every place
 * AuthLens must hide while *Show secrets* is off — URL parameters, a Referer's query, custom
 * credential headers, a response header, secret pairs inside a JSON string, a random token
 * under an unknown JSON key, a 19-character Bearer token — and hostile text: bidi controls in a
 * JWT claim, a challenge parameter and a header, and a header name of 3,000 characters.
 *
 * Every secret starts with SECRETMARK and is distinct per place, so a test can say which place
 * leaked. They are drawn once per process: the lab and the tests that import this module in
 * the same worker see the same values.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export const SECRET_PREFIX = "SECRETMARK";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `SECRETMARK` and `n` random letters and digits. */
function mark(n: number): string {
  const bytes = randomBytes(n);
  let s = SECRET_PREFIX;
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

/** One marked secret per place the page puts one. */
export const SECRET_MARKS = {
  pageAccessToken: mark(12), // the page's own URL, hence every Referer
  urlAccessToken: mark(12),
  urlCode: mark(12),
  urlState: mark(12),
  urlApiKey: mark(12),
  xApiKey: mark(12),
  apiKey: mark(12),
  xAuthToken: mark(12),
  xCsrfToken: mark(12),
  xSession: mark(12),
  responseXAuthToken: mark(12),
  notePassword: mark(12),
  noteClientSecret: mark(12),
  unknownKeyToken: mark(32), // a long random token under a key no rule names
  bearer19: mark(9), // 19 characters: a mask must show at most 4 of them
  responseAccessToken: mark(12),
  responseNoteRefresh: mark(12),
} as const;

export type SecretPlace = keyof typeof SECRET_MARKS;

/** The claim, challenge parameter and header value carrying a right-to-left override: read raw, "\u202Egnp.exe" shows as "exe.png". */
export const BIDI_TEXT = "\u202Egnp.exe";
/** How AuthLens shows it (src/core/text/visible.ts). */
export const BIDI_SHOWN = "⟨U+202E⟩gnp.exe";
/** A header name of 3,000 characters with no break point. */
export const LONG_HEADER_NAME = `X-Long-${"A".repeat(3_000 - 7)}`;

function b64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/** A JWS whose `name` claim holds the bidi text; the signature is random (never verified). */
export function bidiJwt(): string {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify({ sub: "lab-user", name: BIDI_TEXT, exp: Math.floor(Date.now() / 1000) + 3600 }));
  return `${header}.${payload}.${randomBytes(32).toString("base64url")}`;
}

/** HTTP field values are bytes: the UTF-8 of `text`, one byte per character as Node writes them. */
function utf8Bytes(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/**
 * A browser decodes header bytes as Latin-1 (Fetch's "isomorphic decode"), so the UTF-8 bidi
 * text the lab sends arrives in a live capture as mojibake, never as U+202E. HAR files written
 * by other tools can hold it as such: this one-entry HAR carries it in a challenge parameter and
 * a header, for the panel's Import.
 */
export function hostileHar(apiOrigin: string): string {
  const entry = {
    startedDateTime: new Date().toISOString(),
    time: 12,
    request: {
      method: "GET",
      url: `${apiOrigin}/secrets/bidi-imported`,
      httpVersion: "HTTP/1.1",
      headers: [{ name: "Authorization", value: `Bearer ${bidiJwt()}` }, { name: "X-Lab-Note", value: BIDI_TEXT }],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 401,
      statusText: "Unauthorized",
      httpVersion: "HTTP/1.1",
      headers: [
        { name: "WWW-Authenticate", value: `Bearer realm="lab", error="invalid_token", error_description="${BIDI_TEXT}"` },
        { name: "X-Lab-Note", value: BIDI_TEXT },
        { name: LONG_HEADER_NAME, value: "a header name of 3,000 characters" },
      ],
      cookies: [],
      content: { size: 0, mimeType: "text/plain" },
      redirectURL: "",
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 12, receive: 0 },
  };
  return JSON.stringify({ log: { version: "1.2", creator: { name: "AuthLens lab", version: "1" }, entries: [entry] } }, null, 2);
}

export const SECRETS_PAGE_PATH = "/secrets.html";

/** The page's own URL carries a token, as an implicit-flow callback would: every Referer repeats it. */
export function secretsPageUrl(pageOrigin: string): string {
  return `${pageOrigin}${SECRETS_PAGE_PATH}?access_token=${SECRET_MARKS.pageAccessToken}`;
}

export function secretsPageHtml(apiOrigin: string): string {
  const config = {
    apiOrigin,
    marks: SECRET_MARKS,
    bidiJwt: bidiJwt(),
    bidiHeader: utf8Bytes(BIDI_TEXT),
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AuthLens lab: secrets and hostile text</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#1d2330}code{font-family:ui-monospace,monospace}</style></head>
<body>
<h1>Secrets and hostile text</h1>
<p>Requests carrying a marked secret (<code>${SECRET_PREFIX}…</code>) in every place AuthLens hides, and text that must stay inert.</p>
<p id="status">Running…</p>
<script id="secrets-config" type="application/json">${JSON.stringify(config).replace(/</g, "\\u003c")}</script>
<script src="/secrets.js"></script>
</body></html>`;
}

/** The page's script: the requests, one after another, then `body[data-secrets-done="1"]`. */
export const SECRETS_PAGE_JS = `"use strict";
(async () => {
  const c = JSON.parse(document.getElementById("secrets-config").textContent);
  const m = c.marks;
  const api = c.apiOrigin;
  const quiet = (p) => p.then((r) => r.text()).catch(() => undefined);
  // Referer: the full page URL, query included (the default policy would keep only the origin cross-origin).
  await quiet(fetch(api + "/secrets/query?access_token=" + m.urlAccessToken + "&code=" + m.urlCode + "&state=" + m.urlState + "&api_key=" + m.urlApiKey + "&page=1", {
    referrerPolicy: "unsafe-url",
    headers: { "X-Api-Key": m.xApiKey, "Api-Key": m.apiKey, "X-Auth-Token": m.xAuthToken, "X-CSRF-Token": m.xCsrfToken, "X-Session": m.xSession },
  }));
  await quiet(fetch(api + "/secrets/body", {
    method: "POST",
    referrerPolicy: "unsafe-url",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + m.bearer19 },
    body: JSON.stringify({ note: "password=" + m.notePassword + "&client_secret=" + m.noteClientSecret, profile: { nickname: "lab", blob: m.unknownKeyToken } }),
  }));
  await quiet(fetch(api + "/secrets/bidi", { headers: { Authorization: "Bearer " + c.bidiJwt, "X-Lab-Note": c.bidiHeader } }));
  document.getElementById("status").textContent = "Done.";
  document.body.dataset.secretsDone = "1";
})();
`;

type Send = (status: number, headers: Record<string, string>, body: string) => void;

/** The API side of the page, under /secrets/. Returns false for any other path. */
export function handleSecretsApi(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if (!pathname.startsWith("/secrets/")) return false;
  const origin = typeof req.headers.origin === "string" ? req.headers.origin : "*";
  const cors = { "Access-Control-Allow-Origin": origin, Vary: "Origin" };
  const send: Send = (status, headers, body) => {
    res.writeHead(status, { "Cache-Control": "no-store", ...cors, ...headers, "Content-Length": String(Buffer.byteLength(body)) });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  if (req.method === "OPTIONS") {
    const asked = req.headers["access-control-request-headers"];
    send(204, { "Access-Control-Allow-Methods": "GET, POST", ...(typeof asked === "string" ? { "Access-Control-Allow-Headers": asked } : {}), "Access-Control-Max-Age": "0" }, "");
    return true;
  }
  switch (pathname) {
    case "/secrets/query":
      send(401, { "WWW-Authenticate": 'Bearer realm="lab-secrets"', "X-Auth-Token": SECRET_MARKS.responseXAuthToken, "Content-Type": "text/plain" }, "Unauthorized\n");
      return true;
    case "/secrets/body":
      send(
        200,
        { "Content-Type": "application/json" },
        JSON.stringify({ access_token: SECRET_MARKS.responseAccessToken, token_type: "Bearer", note: `refresh_token=${SECRET_MARKS.responseNoteRefresh}` }),
      );
      return true;
    case "/secrets/bidi":
      send(
        401,
        {
          "WWW-Authenticate": utf8Bytes(`Bearer realm="lab", error="invalid_token", error_description="${BIDI_TEXT}"`),
          "X-Lab-Note": utf8Bytes(BIDI_TEXT),
          [LONG_HEADER_NAME]: "a header name of 3,000 characters",
          "Content-Type": "text/plain",
        },
        "Unauthorized\n",
      );
      return true;
    default:
      send(404, { "Content-Type": "text/plain" }, "Not found\n");
      return true;
  }
}
