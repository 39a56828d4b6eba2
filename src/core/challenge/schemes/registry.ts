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

export function explainerFor(scheme: string): SchemeExplainer {
  const key = scheme.toLowerCase();
  return Object.hasOwn(SCHEMES, key) ? SCHEMES[key]! : unknownScheme;
}
