/** The explainers, keyed by lower-case scheme name (RFC 9110 §11.1: scheme names are case-insensitive). */
import { basic } from "./basic.ts";
import { bearer } from "./bearer.ts";
import { digest } from "./digest.ts";
import { dpop } from "./dpop.ts";
import { hoba } from "./hoba.ts";
import { mutual } from "./mutual.ts";
import { negotiate } from "./negotiate.ts";
import { ntlm } from "./ntlm.ts";
import { privateToken } from "./private-token.ts";
import { scram } from "./scram.ts";
import type { SchemeExplainer } from "./types.ts";
import { unknownScheme } from "./unknown.ts";

export const SCHEMES: Readonly<Record<string, SchemeExplainer>> = {
  basic,
  bearer,
  digest,
  dpop,
  hoba,
  mutual,
  negotiate,
  ntlm,
  privatetoken: privateToken,
  "scram-sha-1": scram,
  "scram-sha-256": scram,
};

/** The longest registered scheme name ("scram-sha-256"): a longer word is none of them. */
export const LONGEST_SCHEME = Math.max(...Object.keys(SCHEMES).map((k) => k.length));

/**
 * Whether AuthLens knows this scheme (case-insensitive). The parser's lenient reading starts a
 * new challenge at such a name when a comma is missing before it (`Basic realm=foo Digest …`).
 */
export function isRegisteredScheme(scheme: string): boolean {
  return scheme.length <= LONGEST_SCHEME && Object.hasOwn(SCHEMES, scheme.toLowerCase());
}

export function explainerFor(scheme: string): SchemeExplainer {
  const key = scheme.toLowerCase();
  return Object.hasOwn(SCHEMES, key) ? SCHEMES[key]! : unknownScheme;
}
