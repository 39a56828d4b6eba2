/** What an explainer may know about the exchange a challenge came from; all of it optional. */
import type { ChallengeHeader } from "./types.ts";

export interface ChallengeContext {
  readonly header: ChallengeHeader;
  /** The response status, when known. */
  readonly status?: number;
  /**
   * The scheme of the credentials the request carried for this challenge: Authorization for
   * WWW-Authenticate, Proxy-Authorization for Proxy-Authenticate (RFC 9110 §11.6.2, §11.7.2).
   */
  readonly sentScheme?: string;
  /** Whether the request carried any credentials at all; undefined when that cannot be known. */
  readonly sentCredentials?: boolean;
  /** The response's DPoP-Nonce header (RFC 9449 §8, §9). */
  readonly dpopNonce?: string;
}

export const ORIGIN_CONTEXT: ChallengeContext = { header: "WWW-Authenticate" };
export const PROXY_CONTEXT: ChallengeContext = { header: "Proxy-Authenticate" };

/** The request header that answers a challenge field. */
export function answerHeader(ctx: ChallengeContext): string {
  return ctx.header === "Proxy-Authenticate" ? "Proxy-Authorization" : "Authorization";
}
