/**
 * What each API accepted: the audiences, issuers and signing keys of the Bearer JWTs its
 * successful answers (2xx) took, each with the first request that shows it. A refused token
 * whose aud, iss or kid is none of these is, by the API's own behaviour, not one it takes
 * (FINDINGS.md auth.token-audience-mismatch, auth.token-issuer-mismatch). Derived only when a
 * refused request asks, so a busy capture of accepted calls costs one cheap test per request.
 */
import type { CaptureIndex } from "../../analysis/capture-index.ts";
import { type Exchange, statusOf } from "../../exchange.ts";
import { stringClaim } from "../claim-values.ts";
import { apiOf } from "./api.ts";
import { audiencesOf, bearerJwt, bearerJwtText } from "./bearer.ts";

export interface AcceptedIdentity {
  /** Each value, with the first accepted request that carried it. */
  readonly aud: ReadonlyMap<string, Exchange>;
  readonly iss: ReadonlyMap<string, Exchange>;
  readonly kid: ReadonlyMap<string, Exchange>;
}

function note(map: Map<string, Exchange>, value: string | undefined, x: Exchange): void {
  if (value !== undefined && !map.has(value)) map.set(value, x);
}

export const ACCEPTED_IDENTITY: CaptureIndex<AcceptedIdentity> = {
  name: "accepted-token-identity",
  keysOf(x) {
    const status = statusOf(x);
    if (status < 200 || status > 299 || bearerJwtText(x) === undefined) return undefined;
    return apiOf(x.request.url);
  },
  derive(filed) {
    const aud = new Map<string, Exchange>();
    const iss = new Map<string, Exchange>();
    const kid = new Map<string, Exchange>();
    for (const x of filed) {
      const jwt = bearerJwt(x);
      if (!jwt) continue;
      for (const a of audiencesOf(jwt.claims)) note(aud, a, x);
      note(iss, stringClaim(jwt.claims, "iss"), x);
      note(kid, stringClaim(jwt.header, "kid"), x);
    }
    return { aud, iss, kid };
  },
};
