/**
 * Mutual (RFC 8120, experimental): a password-based key exchange in which the server proves it
 * knows the password too, so a phishing server learns nothing. §4.1 defines the challenge.
 */
import type { ChallengeProblem } from "../types.ts";
import { short } from "./read.ts";
import { type SchemeExplainer, param, schemeProblem } from "./types.ts";

/** The `reason` values of RFC 8120 §4.1. */
const REASONS: Readonly<Record<string, string>> = {
  initial: "no authentication was attempted yet",
  "stale-session": "the session expired; authenticate again",
  "auth-failed": "authentication failed",
  "reauth-needed": "the server asks for a new authentication",
  "invalid-parameters": "the request's authentication parameters were invalid",
  "internal-error": "the server failed internally",
  "user-unknown": "the user is not known",
  "invalid-credential": "the password (or other credential) is wrong",
  "authz-failed": "authenticated, but not authorized",
};

export const mutual: SchemeExplainer = {
  family: "Mutual",
  spec: "RFC 8120",
  params: {
    version: { meaning: "The protocol version (RFC 8120 §4.1)." },
    algorithm: { meaning: "The key-exchange algorithm, e.g. iso-kam3-dl-2048-sha256 (RFC 8120 §4.1, RFC 8121)." },
    validation: { meaning: "How the host is bound into the exchange: host, tls-server-end-point or tls-unique (RFC 8120 §4.1)." },
    "auth-scope": { meaning: "The host names the authentication is valid for (RFC 8120 §4.1)." },
    realm: { meaning: "The protection space (RFC 8120 §4.1)." },
    reason: { meaning: "Why the server sent this challenge (RFC 8120 §4.1).", read: (v) => REASONS[v.toLowerCase()] ?? "not a reason RFC 8120 defines" },
    sid: { meaning: "The session the server refers to (RFC 8120 §4.1)." },
  },
  token68: "unexpected",
  summary(input) {
    const reason = param(input.challenge, "reason");
    const why = reason !== undefined && REASONS[reason.toLowerCase()] ? `; reason: ${REASONS[reason.toLowerCase()]}` : "";
    const realm = param(input.challenge, "realm");
    return `The server wants Mutual authentication (RFC 8120, experimental)${realm !== undefined ? ` for realm "${short(realm, 80)}"` : ""}: a password-based key exchange in which the server proves it knows the password too${why}.`;
  },
  next: () => ["Answer with a Mutual key-exchange request (RFC 8120 §4.2); this needs a client that implements RFC 8120, which mainstream browsers do not."],
  check(input) {
    const reason = param(input.challenge, "reason");
    const problems: ChallengeProblem[] = [];
    if (reason !== undefined && !Object.hasOwn(REASONS, reason.toLowerCase())) {
      problems.push(schemeProblem("invalid-parameter-value", "warning", `reason=${short(reason, 40)} is not a reason RFC 8120 §4.1 defines.`));
    }
    return problems;
  },
};
