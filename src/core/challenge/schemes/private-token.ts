/**
 * PrivateToken (RFC 9577): Privacy Pass. The server names an issuer and a challenge; the client
 * redeems a token from that issuer, unlinkable to the user who obtained it.
 */
import { decodeBase64 } from "../../base64.ts";
import { isomorphicDecode } from "../isomorphic.ts";
import type { ChallengeProblem } from "../types.ts";
import { secondsReading, short } from "./read.ts";
import { type SchemeExplainer, param, schemeProblem } from "./types.ts";

/** The IANA "Privacy Pass Token Types" registry entries of RFC 9578. */
const TOKEN_TYPES: Readonly<Record<number, string>> = {
  1: "VOPRF (P-384, SHA-384), privately verifiable",
  2: "Blind RSA (SHA-384, 2048-bit), publicly verifiable",
};

export interface TokenChallenge {
  readonly tokenType: number;
  readonly issuer: string;
  readonly originInfo?: string;
}

/** RFC 9577 §2.1.1: token_type (2 bytes), issuer_name<1..2^16-1>, redemption_context<0..32>, origin_info<0..2^16-1>. */
export function readTokenChallenge(value: string): TokenChallenge | undefined {
  const b = decodeBase64(value);
  if (!b || b.length < 4) return undefined;
  const tokenType = (b[0]! << 8) | b[1]!;
  const issuerLength = (b[2]! << 8) | b[3]!;
  const issuerEnd = 4 + issuerLength;
  if (issuerLength === 0 || issuerEnd + 1 > b.length) return undefined;
  const issuer = isomorphicDecode(b.subarray(4, issuerEnd));
  const contextEnd = issuerEnd + 1 + b[issuerEnd]!;
  if (contextEnd + 2 > b.length) return { tokenType, issuer };
  const originLength = (b[contextEnd]! << 8) | b[contextEnd + 1]!;
  const origin = contextEnd + 2 + originLength <= b.length ? isomorphicDecode(b.subarray(contextEnd + 2, contextEnd + 2 + originLength)) : "";
  return { tokenType, issuer, ...(origin !== "" ? { originInfo: origin } : {}) };
}

export const privateToken: SchemeExplainer = {
  family: "PrivateToken",
  spec: "RFC 9577",
  params: {
    challenge: {
      meaning: "The TokenChallenge, base64url: token type, issuer, redemption context and origins (RFC 9577 §2.1).",
      read: (v) => {
        const t = readTokenChallenge(v);
        return t
          ? `token type ${t.tokenType} (${TOKEN_TYPES[t.tokenType] ?? "unregistered"}), issuer ${short(t.issuer, 80)}${t.originInfo ? `, for ${short(t.originInfo, 80)}` : ""}`
          : "not a TokenChallenge";
      },
    },
    "token-key": { meaning: "The issuer's public key, base64url; the token must verify against it (RFC 9577 §2.1)." },
    "max-age": { meaning: "For how many seconds the challenge is accepted (RFC 9577 §2.1).", read: secondsReading },
    realm: { meaning: "The protection space (RFC 9110 §11.5)." },
  },
  required: ["challenge"],
  token68: "unexpected",
  summary(input) {
    const t = readTokenChallenge(param(input.challenge, "challenge") ?? "");
    return `The server wants a Privacy Pass token (RFC 9577)${t ? ` from issuer ${short(t.issuer, 80)}` : ""}: proof, from an issuer it trusts, that the client passed a check (an attestation or a payment), without saying who the user is.`;
  },
  next: () => [
    "Redeem a token for this challenge from the issuer and send it as `Authorization: PrivateToken token=\"…\"` (RFC 9577 §2.2); this needs a client with Privacy Pass support (Safari, or a Privacy Pass extension).",
  ],
  check(input) {
    const value = param(input.challenge, "challenge");
    const problems: ChallengeProblem[] = [];
    if (value !== undefined && !readTokenChallenge(value)) {
      problems.push(schemeProblem("undecodable-token", "warning", "The challenge parameter is not a base64url TokenChallenge (RFC 9577 §2.1.1)."));
    }
    return problems;
  },
};
