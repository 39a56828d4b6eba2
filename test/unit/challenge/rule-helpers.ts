/** Exchanges and tokens for the challenge rule tests. */
import type { Exchange } from "../../../src/core/exchange.ts";
import { API_ORIGIN, type EntrySpec, T0, chromeEntry, entry, exchangeOf } from "../helpers.ts";

export const TARGET = `${API_ORIGIN}/v1/orders`;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A JWS-shaped token with these claims; the signature is never checked. */
export function jwt(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: "RS256", typ: "JWT" }): string {
  return `${b64url(header)}.${b64url(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

/** Seconds since the epoch at T0 + `offsetMs`. */
export const secondsAt = (offsetMs = 0) => Math.floor((T0 + offsetMs) / 1000);

/** A fetch() from the page to the API, as Chromium records it. */
export function fetchExchange(spec: EntrySpec, id = "e1"): Exchange {
  return exchangeOf(id, chromeEntry({ url: TARGET, ...spec }));
}

/** An entry whose response has a JSON body (an authorization server's error). */
export function withJsonBody(e: Record<string, unknown>, body: unknown): Record<string, unknown> {
  const response = e.response as Record<string, unknown>;
  return { ...e, response: { ...response, content: { size: 0, mimeType: "application/json", text: JSON.stringify(body) } } };
}

export { entry };
