/**
 * What each API accepted: the audiences and issuers of the Bearer JWTs its
 * successful answers (2xx) took, each with the first request that shows it. A refused token
 * whose aud or iss is none of these is, by the API's own behaviour, not one it takes
 * (FINDINGS.md auth.token-audience-mismatch, auth.token-issuer-mismatch). Derived only when a
 * refused request asks, so a busy capture of accepted calls costs one cheap test per request.
 */
import type { CaptureIndex } from "../../analysis/capture-index.ts";
import { type Exchange, statusOf } from "../../exchange.ts";
import { jwtPart, stringClaim } from "../claim-values.ts";
import { apiOf } from "./api.ts";
import { audiencesOf, bearerJwtText } from "./bearer.ts";

export interface AcceptedIdentity {
  /** Each value, with the first accepted request that carried it. */
  readonly aud: ReadonlyMap<string, Exchange>;
  readonly iss: ReadonlyMap<string, Exchange>;
  /** What each token read so far names: a session sends one token on many calls, and it is read once. */
  readonly read: ReadonlyMap<string, TokenIdentity>;
}

interface TokenIdentity {
  readonly aud: readonly string[];
  readonly iss: string | undefined;
}

function identityOf(x: Exchange, read: Map<string, TokenIdentity>): TokenIdentity | undefined {
  const token = bearerJwtText(x);
  if (token === undefined) return undefined;
  let id = read.get(token);
  if (!id) {
    const claims = jwtPart(token, 1);
    id = { aud: audiencesOf(claims), iss: stringClaim(claims, "iss") };
    read.set(token, id);
  }
  return id;
}

/** The identities of these exchanges' tokens, added to the maps; false when none was new. */
function collect(into: { aud: Map<string, Exchange>; iss: Map<string, Exchange> }, filed: readonly Exchange[], read: Map<string, TokenIdentity>): boolean {
  let grew = false;
  for (const x of filed) {
    const id = identityOf(x, read);
    if (!id) continue;
    for (const a of id.aud) {
      if (!into.aud.has(a)) {
        into.aud.set(a, x);
        grew = true;
      }
    }
    if (id.iss !== undefined && !into.iss.has(id.iss)) {
      into.iss.set(id.iss, x);
      grew = true;
    }
  }
  return grew;
}

export const ACCEPTED_IDENTITY: CaptureIndex<AcceptedIdentity> = {
  name: "accepted-token-identity",
  keysOf(x) {
    const status = statusOf(x);
    if (status < 200 || status > 299 || bearerJwtText(x) === undefined) return undefined;
    return apiOf(x.request.url);
  },
  derive(filed, _key, previous) {
    const into = { aud: new Map<string, Exchange>(), iss: new Map<string, Exchange>() };
    const read = new Map(previous?.read);
    collect(into, filed, read);
    return { ...into, read };
  },
  // Accepted calls whose tokens name identities already known change nothing: the same value
  // back, and the refused requests that read it are not judged again.
  extend(previous, appended) {
    const read = previous.read as Map<string, TokenIdentity>;
    const into = { aud: new Map(previous.aud), iss: new Map(previous.iss) };
    return collect(into, appended, read) ? { ...into, read } : previous;
  },
  // The same values, first seen on the same requests (a re-linked preflight derives anew).
  same: (a, b) => sameFirsts(a.aud, b.aud) && sameFirsts(a.iss, b.iss),
};

function sameFirsts(a: ReadonlyMap<string, Exchange>, b: ReadonlyMap<string, Exchange>): boolean {
  if (a.size !== b.size) return false;
  for (const [value, x] of a) if (b.get(value)?.id !== x.id) return false;
  return true;
}
