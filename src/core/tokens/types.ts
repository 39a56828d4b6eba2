/**
 * Tokens as AuthLens reads them: plain, serialisable data for the panel, the CLI and the rules.
 * A FoundToken never holds the token itself beyond its masked form, and never a password.
 */
import type { FindingCode, Severity } from "../findings.ts";

/**
 * jws: a signed JWT (RFC 7515 compact serialization); jwe: an encrypted one (RFC 7516), whose
 * header alone is readable; unsecured: `alg: none` (RFC 7519 §6); basic: RFC 7617 credentials;
 * opaque: anything that is not a JOSE object; malformed: looks like a JWT but does not decode.
 */
export type TokenKind = "jws" | "jwe" | "basic" | "opaque" | "unsecured" | "malformed";

/** A NumericDate claim (RFC 7519 §2) placed in time. */
export interface TokenTime {
  /** As written in the token: seconds since the epoch, possibly fractional. */
  readonly epochSeconds: number;
  /** UTC, ISO 8601 ("2011-03-22T18:43:00Z"), or a note when the value is beyond representable dates. */
  readonly iso: string;
  /** The same instant in the local time zone of whoever runs AuthLens, with its UTC offset. */
  readonly local: string;
  /** "12 min before this request", "3 h 5 min after now", "at the time of this request". */
  readonly relative: string;
  readonly state: "past" | "future";
}

/**
 * Something worth saying about a token. `code` is the catalogue code of the finding that reports
 * it (FINDINGS.md); notes that only refine a finding carry that finding's code (token.jwt…).
 */
export interface TokenProblem {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  /** What to do about it, when the problem alone says enough to know. */
  readonly fix?: string;
}

/** One claim or header parameter, rendered for reading: the value as text and what it means. */
export interface ClaimLine {
  readonly name: string;
  readonly value: string;
  readonly meaning: string;
}

export interface FoundToken {
  /** "Authorization header", "cookie sid", "URL parameter access_token", "response body access_token". */
  readonly where: string;
  readonly kind: TokenKind;
  /** FNV-1a 64 of the token string (hex): tells tokens apart and follows one across a capture. */
  readonly hash: string;
  /** First 6 and last 4 characters with the length (text/mask.ts); for Basic, the user only. */
  readonly masked: string;
  readonly length: number;
  /** The JOSE header, decoded (JWS, JWE, unsecured). */
  readonly header?: Record<string, unknown>;
  /** The JWT claims set, decoded (JWS and unsecured, when the payload is a JSON object). */
  readonly payload?: Record<string, unknown>;
  /** A JWS payload that is not a JSON object (RFC 7520 §4 signs plain text), cut to a readable length. */
  readonly payloadText?: string;
  readonly claims: readonly ClaimLine[];
  /** Present when a reference time was given (the request's, or the CLI's --at / now). */
  readonly times?: { readonly exp?: TokenTime; readonly nbf?: TokenTime; readonly iat?: TokenTime };
  /** The Basic user-id (never the password). */
  readonly user?: string;
  /** Who probably issued it: from the opaque token's prefix, or the JWT's `iss`. */
  readonly issuerGuess?: string;
  readonly problems: readonly TokenProblem[];
}
