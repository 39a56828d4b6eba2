/**
 * JWT profiles told apart by the header's `typ` (RFC 8725 §3.11 "explicit typing"): each names
 * the claims its specification requires. A missing required claim is a warning inside token.jwt.
 */
import type { TokenProblem } from "./types.ts";

interface Profile {
  /** Lower-case `typ` values, with and without the "application/" prefix (RFC 7515 §4.1.9). */
  readonly typ: readonly string[];
  readonly what: string;
  readonly required: readonly string[];
  readonly spec: string;
  readonly headerRequired?: readonly string[];
}

export const PROFILES: readonly Profile[] = [
  {
    typ: ["at+jwt", "application/at+jwt"],
    what: "an OAuth 2.0 access token in JWT format",
    required: ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"],
    spec: "RFC 9068 §2.2",
  },
  {
    typ: ["dpop+jwt"],
    what: "a DPoP proof: it proves possession of the key in its header for one request",
    required: ["jti", "htm", "htu", "iat"],
    headerRequired: ["jwk"],
    spec: "RFC 9449 §4.2",
  },
  {
    typ: ["kb+jwt"],
    what: "an SD-JWT key binding JWT",
    required: ["iat", "aud", "nonce", "sd_hash"],
    spec: "RFC 9901 §4",
  },
  {
    typ: ["vc+sd-jwt", "dc+sd-jwt"],
    what: "an SD-JWT verifiable credential",
    required: ["iss", "vct"],
    spec: "SD-JWT VC §3.2.2",
  },
  {
    typ: ["logout+jwt"],
    what: "an OpenID Connect back-channel logout token",
    required: ["iss", "aud", "iat", "jti", "events"],
    spec: "OIDC Back-Channel Logout §2.4",
  },
];

export function profileOf(header: Record<string, unknown>): Profile | undefined {
  const typ = typeof header.typ === "string" ? header.typ.toLowerCase() : undefined;
  return typ === undefined ? undefined : PROFILES.find((p) => p.typ.includes(typ));
}

export function profileProblems(header: Record<string, unknown>, payload: Record<string, unknown>): TokenProblem[] {
  const profile = profileOf(header);
  if (!profile) return [];
  const missing = profile.required.filter((c) => payload[c] === undefined);
  const missingHeader = (profile.headerRequired ?? []).filter((h) => header[h] === undefined);
  const problems: TokenProblem[] = [{ code: "token.jwt", severity: "info", message: `typ ${String(header.typ)}: ${profile.what} (${profile.spec})` }];
  if (missing.length > 0 || missingHeader.length > 0) {
    const names = [...missing.map((c) => `claim ${c}`), ...missingHeader.map((h) => `header ${h}`)];
    problems.push({ code: "token.jwt", severity: "warning", message: `${profile.spec} requires ${names.join(", ")}, missing here: recipients that follow it reject the token` });
  }
  return problems;
}
