/**
 * A HAR of many small entries (about 250 bytes each), written straight to a file so that a
 * million of them never exist as one string: API calls with and without a bearer token, 401s
 * with and without a challenge, 403s, CORS preflights and failed requests, in a fixed mix from
 * a seeded generator, so every run reads the same file. Used by cli-scale.bench.ts.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { prng } from "./prng.ts";


const START = Date.parse("2025-11-20T08:00:00.000Z");
const API = "https://api.shop.example";
const APP = "https://app.shop.example";
const PATHS = ["/v1/cart", "/v1/orders", "/v1/me", "/v1/products", "/v1/wishlist"];

type H = [string, string][];
const headers = (hs: H) => JSON.stringify(hs.map(([name, value]) => ({ name, value })));

function entryJson(at: number, method: string, url: string, req: H, status: number, res: H): string {
  return (
    `{"startedDateTime":"${new Date(at).toISOString()}","time":12,` +
    `"request":{"method":"${method}","url":"${url}","headers":${headers(req)}},` +
    `"response":{"status":${status},"headers":${headers(res)}}}`
  );
}

/** Writes a HAR of exactly `count` entries to `path`; resolves with its size in bytes. */
export async function writeSmallHar(path: string, count: number, seed = 0x5eed): Promise<number> {
  const random = prng(seed);
  const out = createWriteStream(path);
  let bytes = 0;
  let pending: string[] = [];
  const flush = async () => {
    const chunk = pending.join("");
    pending = [];
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  };
  const push = (s: string) => {
    pending.push(s);
  };
  push(`{"log":{"version":"1.2","creator":{"name":"AuthLens bench","version":"1"},"entries":[\n`);
  let at = START;
  let written = 0;
  let token = 1;
  const emit = (json: string) => {
    push(written === 0 ? json : `,\n${json}`);
    written++;
  };
  while (written < count) {
    at += Math.floor(random() * 50);
    const url = `${API}${PATHS[Math.floor(random() * PATHS.length)]!}/${Math.floor(random() * 9000)}`;
    const bearer: H = [["authorization", `Bearer t${token}.${Math.floor(random() * 1e6)}`]];
    if (random() < 0.0005) token++;
    const roll = random();
    if (roll < 0.8) emit(entryJson(at, "GET", url, bearer, 200, [["content-type", "application/json"]]));
    else if (roll < 0.86) emit(entryJson(at, "GET", url, bearer, 401, [["www-authenticate", 'Bearer error="invalid_token"']]));
    else if (roll < 0.9) emit(entryJson(at, "GET", url, [], 401, [["content-type", "application/json"]]));
    else if (roll < 0.93) emit(entryJson(at, "POST", url, bearer, 403, [["www-authenticate", 'Bearer error="insufficient_scope"']]));
    else if (roll < 0.97 && written + 1 < count) {
      // A preflight and the request it let through.
      emit(entryJson(at, "OPTIONS", url, [["origin", APP], ["access-control-request-method", "PUT"]], 204, [["access-control-allow-origin", APP], ["access-control-allow-methods", "PUT"]]));
      emit(entryJson(at + 5, "PUT", url, [["origin", APP], ...bearer], 200, [["access-control-allow-origin", APP]]));
    } else emit(entryJson(at, "GET", url, [["origin", APP]], 0, []));
    if (pending.length >= 2048) await flush();
  }
  push("\n]}}\n");
  await flush();
  out.end();
  await once(out, "finish");
  return bytes;
}
