/**
 * The Bearer JWT a request carries in Authorization (RFC 6750 §2.1), with its header and claims:
 * what the capture-wide identity indexes read of every accepted request. Cheap to reject (most
 * requests carry none), bounded (claim-values.ts), never throws.
 */
import type { Exchange } from "../../exchange.ts";
import { headerValue } from "../../headers.ts";
import { type JsonObject, jwtPart } from "../claim-values.ts";

const BEARER_JWT = /^\s*bearer\s+(ey[\w-]*\.[\w-]*\.[\w-]*)\s*$/i;

export function bearerJwtText(x: Exchange): string | undefined {
  const auth = headerValue(x.request.headers, "authorization");
  return auth !== undefined ? BEARER_JWT.exec(auth)?.[1] : undefined;
}

export interface BearerJwt {
  readonly header: JsonObject | undefined;
  readonly claims: JsonObject | undefined;
}

export function bearerJwt(x: Exchange): BearerJwt | undefined {
  const token = bearerJwtText(x);
  if (token === undefined) return undefined;
  return { header: jwtPart(token, 0), claims: jwtPart(token, 1) };
}

/** `aud` as a list (RFC 7519 §4.1.3: a string or an array of strings); other shapes give none. */
export function audiencesOf(claims: JsonObject | undefined): readonly string[] {
  const aud = claims?.aud;
  if (typeof aud === "string") return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === "string") : [];
}
