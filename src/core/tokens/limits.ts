/**
 * Bounds on token decoding. Tokens come from the network; a hostile or broken one must cost a
 * bounded amount of work and say what was not decoded (ARCHITECTURE.md, "Untrusted input").
 */
export const TOKEN_LIMITS = {
  /**
   * Characters of one compact-serialization part that are decoded. Real headers and payloads
   * are a few KB (servers refuse request headers beyond 8–16 KB); anything larger is refused
   * with a token.malformed that says so.
   */
  partChars: 65_536,
  /** SD-JWT disclosures read per token (RFC 9901); the rest are counted, not decoded. */
  disclosures: 64,
  /** Characters of a claim value shown in a ClaimLine. */
  claimValueChars: 200,
  /** Characters of a non-JSON JWS payload shown. */
  payloadTextChars: 500,
  /** Nested JWTs (cty: JWT, RFC 7519 §5.2) are followed this many levels deep. */
  nestingDepth: 2,
  /** Tokens looked at per exchange (a request with hundreds of token-shaped values is not worth more). */
  perExchange: 32,
} as const;
