/**
 * One token string → a FoundToken: the dispatcher between Basic credentials, JOSE objects
 * (JWS, JWE, SD-JWT) and opaque tokens. Never throws; the work is bounded by TOKEN_LIMITS.
 */
import { maskSecret } from "../credentials/mask.ts";
import { DEFAULT_OPTIONS } from "../rule.ts";
import { maskBasic, readBasic } from "./basic.ts";
import { fnv1a64 } from "./hash.ts";
import { looksLikeJose, readCompact } from "./jose.ts";
import { malformed, type ReadingContext, type TokenReading } from "./reading.ts";
import { isSdJwt, readSdJwt } from "./sd-jwt.ts";
import { judgeTimeClaims } from "./time-claims.ts";
import { readOpaque } from "./opaque.ts";
import type { FoundToken } from "./types.ts";

export interface DecodeOptions {
  /** Where the token was found, for FoundToken.where; "token" by default. */
  readonly where?: string;
  /** How the reference time is called in sentences: "this request" (default), "now", an ISO time. */
  readonly reference?: string;
  readonly leewaySeconds?: number;
}

/** `<scheme> <credentials>`: the first word, when it looks like an auth-scheme (RFC 9110 §11.1). */
const SCHEME = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,30})[ \t]+([\s\S]*)$/;

/** Splits "Bearer eyJ…", "Basic dXNlcjo=", "DPoP …"; a bare token has no scheme. */
export function splitScheme(raw: string): { scheme?: string; credentials: string } {
  const m = SCHEME.exec(raw);
  return m ? { scheme: m[1]!, credentials: m[2]!.trim() } : { credentials: raw };
}

/** Schemes whose credentials are a token (RFC 6750, RFC 9449) or Basic (RFC 7617). */
const KNOWN_SCHEMES: ReadonlySet<string> = new Set(["bearer", "basic", "dpop", "jwt", "token"]);

function read(token: string, scheme: string | undefined, ctx: ReadingContext): TokenReading {
  if (scheme === undefined && KNOWN_SCHEMES.has(token.toLowerCase())) return malformed(`only the scheme "${token}" was given: the credentials are empty`);
  if (scheme?.toLowerCase() === "basic") return readBasic(token);
  if (token === "") return malformed(`the ${scheme ?? "token"} credentials are empty`);
  if (isSdJwt(token) && looksLikeJose(token.slice(0, token.indexOf("~")))) return readSdJwt(token, ctx);
  if (looksLikeJose(token)) return readCompact(token, ctx);
  return readOpaque(token);
}

/**
 * Readings of token strings already decoded in one analysis. A session sends the same access
 * token with every request; its header and claims are decoded once, its times judged per request.
 */
export type ReadingMemo = Map<string, TokenReading>;

/** The reading of a token without a reference time: the same wherever and whenever it is sent. */
function staticReading(token: string, scheme: string | undefined, ctx: ReadingContext, memo?: ReadingMemo): TokenReading {
  const key = `${scheme?.toLowerCase() ?? ""} ${token}`;
  const known = memo?.get(key);
  if (known) return known;
  const { at: _unused, ...timeless } = ctx;
  const reading = read(token, scheme, timeless);
  memo?.set(key, reading);
  return reading;
}

/** A reading with its times placed and judged against ctx.at, when there is one. */
function judged(reading: TokenReading, ctx: ReadingContext): TokenReading {
  if (ctx.at === undefined || !reading.payload) return reading;
  const time = judgeTimeClaims(reading.payload, { ...ctx, at: ctx.at });
  if (!time.times && time.problems.length === 0) return reading;
  return { ...reading, ...(time.times ? { times: time.times } : {}), problems: [...reading.problems, ...time.problems] };
}

/** Places a reading: where, hash and masked form (never the token itself). */
export function placed(token: string, reading: TokenReading, where: string, basic: boolean): FoundToken {
  return {
    where,
    hash: fnv1a64(token),
    masked: basic ? maskBasic(token) : maskSecret(token),
    length: token.length,
    ...reading,
  };
}

/**
 * Decodes a token as a user pasted it: bare, or with its scheme ("Bearer …", "Basic …").
 * `at` is the reference time in ms; without it, times are not judged and `times` is absent.
 */
export function decodeToken(raw: string, at?: number, options: DecodeOptions = {}): FoundToken {
  const trimmed = raw.trim();
  const { scheme, credentials } = splitScheme(trimmed);
  const ctx: ReadingContext = {
    ...(at !== undefined && Number.isFinite(at) ? { at } : {}),
    reference: options.reference ?? "this request",
    leewaySeconds: options.leewaySeconds ?? DEFAULT_OPTIONS.leewaySeconds,
    depth: 0,
  };
  return decodeFound(credentials, scheme, options.where ?? "token", ctx);
}

/** Decodes a token already separated from its scheme, as the capture scanners find them. */
export function decodeFound(token: string, scheme: string | undefined, where: string, ctx: ReadingContext, memo?: ReadingMemo): FoundToken {
  return placed(token, judged(staticReading(token, scheme, ctx, memo), ctx), where, scheme?.toLowerCase() === "basic");
}
