/**
 * Does a server reflect the request's Origin into Access-Control-Allow-Origin? Only then does
 * its response vary by Origin and need `Vary: Origin` (Fetch §3.2.5, "CORS protocol and HTTP
 * caches"). One response cannot tell: an ACAO equal to the Origin may be a fixed setting
 * (`@fastify/cors` with `origin: "https://app.example.com"` sends exactly that, without Vary).
 * The capture proves reflection when the same server answered two different Origins each with
 * its own. A warning on a request that worked needs that proof (FINDINGS.md v2).
 */
import { type Exchange, originOf } from "../exchange.ts";
import { headerValue } from "../headers.ts";
import type { CaptureLookup } from "../capture-lookup.ts";
import type { CaptureIndex } from "../analysis/capture-index.ts";

/** The server an exchange shows echoing its request's Origin into ACAO, when it does. */
function echoingServer(x: Exchange): string | undefined {
  const acao = x.response ? headerValue(x.response.headers, "access-control-allow-origin")?.trim() : undefined;
  if (acao === undefined || acao === "*" || acao === "null") return undefined;
  const origin = headerValue(x.request.headers, "origin")?.trim();
  return origin !== undefined && origin === acao ? originOf(x.request.url) : undefined;
}

/** Per server origin: whether it echoed at least two different request Origins. */
const ECHOES: CaptureIndex<boolean> = {
  name: "origin-echo",
  keysOf: echoingServer,
  derive(filed) {
    const first = headerValue(filed[0]?.request.headers ?? [], "origin")?.trim();
    return filed.some((x) => headerValue(x.request.headers, "origin")?.trim() !== first);
  },
};

/** True when the capture shows the server of `x` echoing at least two different Origins. */
export function reflectsOrigin(x: Exchange, ctx: Pick<CaptureLookup, "lookup">): boolean {
  const server = originOf(x.request.url);
  return server !== undefined && ctx.lookup(ECHOES, server);
}
