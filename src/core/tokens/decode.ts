/**
 * One token string → a FoundToken: the dispatcher between Basic credentials, JOSE objects
 * (JWS, JWE, SD-JWT) and opaque tokens. Never throws; the work is bounded by TOKEN_LIMITS.
 */
import { maskSecret, maskBasic } from "../text/mask.ts";
import { DEFAULT_OPTIONS } from "../options.ts";
import { readBasic } from "./basic.ts";
import { fnv1a64 } from "./hash.ts";
import { looksLikeJose, readCompact } from "./jose.ts";
import { decodeHeaderPart } from "./jwt-part.ts";
import { TOKEN_LIMITS } from "./limits.ts";
import { malformed, type ReadingContext, type TokenReading } from "./reading.ts";
import { isSdJwt, readSdJwt } from "./sd-jwt.ts";
import { judgeTimeClaims } from "./time-claims.ts";
import type { InstantMemo } from "./time.ts";
import { readOpaque } from "./opaque.ts";
import type { FoundToken, TokenProblem } from "./types.ts";

export interface DecodeOptions {
  /** Where the token was found, for FoundToken.where; "token" by default. */
  readonly where?: string;
  /** How the reference time is called in sentences: "this request" (default), "now", an ISO time. */
  readonly reference?: string;
  readonly leewaySeconds?: number;
  /**
   * Remove line breaks and spaces inside a JWT, as a token copied from a log or a wrapped terminal
   * has them, and say so in a note (true by default: decodeToken reads what a person pasted).
   * Values taken from a capture are read as sent.
   */
  readonly unwrap?: boolean;
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

/** What a token string yields wherever and whenever it is sent: its reading, hash and masked form. */
interface TimelessToken {
  readonly reading: TokenReading;
  readonly hash: string;
  readonly masked: string;
}

/**
 * Tokens already decoded in one analysis. A session sends the same access token with every
 * request: its header and claims are decoded, hashed and masked once, its times judged per
 * request (with their written-out instants shared too).
 */
export interface ReadingMemo {
  /** By lower-case scheme ("" for none), then by the token string itself, never copied into a key. */
  readonly tokens: Map<string, Map<string, TimelessToken>>;
  readonly instants: InstantMemo;
  /**
   * The token found last. Consecutive requests mostly carry the same token: comparing it with
   * this one is cheaper than hashing its hundreds of characters for the map.
   */
  last?: { readonly token: string; readonly schemeKey: string; readonly found: TimelessToken };
}

export function newReadingMemo(): ReadingMemo {
  return { tokens: new Map(), instants: new Map() };
}

/** The reading of a token without a reference time: the same wherever and whenever it is sent. */
function timeless(token: string, scheme: string | undefined, ctx: ReadingContext, memo?: ReadingMemo): TimelessToken {
  const schemeKey = scheme?.toLowerCase() ?? "";
  const last = memo?.last;
  if (last && last.token === token && last.schemeKey === schemeKey) return last.found;
  let byToken = memo?.tokens.get(schemeKey);
  let found = byToken?.get(token);
  if (!found) {
    const { at: _unused, ...timelessCtx } = ctx;
    found = {
      reading: read(token, scheme, timelessCtx),
      hash: fnv1a64(token),
      masked: schemeKey === "basic" ? maskBasic(token) : maskSecret(token),
    };
    if (memo) {
      if (!byToken) {
        byToken = new Map();
        memo.tokens.set(schemeKey, byToken);
      }
      byToken.set(token, found);
    }
  }
  if (memo) memo.last = { token, schemeKey, found };
  return found;
}

function hasReferenceTime(ctx: ReadingContext): ctx is ReadingContext & { readonly at: number } {
  return ctx.at !== undefined;
}

/**
 * Places a token where it was found, with its times judged against ctx.at when there is one.
 * The object is built in one literal whose spread comes after its first properties: V8 builds
 * a literal that starts with a spread on a slow path, and this runs for every token of a capture.
 */
function placed(token: string, known: TimelessToken, where: string, ctx: ReadingContext, memo?: ReadingMemo): FoundToken {
  const { reading, hash, masked } = known;
  // A token that does not decode as a whole shows the claims it could read, but is not judged on them.
  const time = hasReferenceTime(ctx) && reading.payload && reading.kind !== "malformed" ? judgeTimeClaims(reading.payload, ctx, memo?.instants) : undefined;
  if (!time || (!time.times && time.problems.length === 0)) return { where, hash, masked, length: token.length, ...reading };
  return {
    where,
    hash,
    masked,
    length: token.length,
    ...reading,
    ...(time.times ? { times: time.times } : {}),
    problems: [...reading.problems, ...time.problems],
  };
}

/** Whitespace of any kind, as a log, an e-mail or a terminal wraps a long token. */
const WHITESPACE = /\s+/g;

/**
 * A JWT broken over lines or by spaces, joined again: RFC 7519 §7.2 step 9 allows no whitespace
 * inside one, so text that looks like a JOSE object once its whitespace is gone was one. The
 * scheme, when a known one starts the text, stays apart ("Bearer eyJ…\n…").
 */
function unwrapPasted(text: string): { scheme?: string; credentials: string; removed: number } | undefined {
  if (!/\s/.test(text)) return undefined;
  const split = splitScheme(text);
  const known = split.scheme !== undefined && KNOWN_SCHEMES.has(split.scheme.toLowerCase());
  const body = known ? split.credentials : text;
  const joined = body.replace(WHITESPACE, "");
  if (joined === body || !looksLikeJose(joined) || unencodedPayload(joined)) return undefined;
  const removed = body.length - joined.length;
  return known ? { scheme: split.scheme!, credentials: joined, removed } : { credentials: joined, removed };
}

/** RFC 7797: with b64 false the middle part is the payload as is, and its spaces are content. */
function unencodedPayload(token: string): boolean {
  const dot = token.indexOf(".");
  if (dot <= 0 || dot > TOKEN_LIMITS.partChars) return false;
  try {
    const header = decodeHeaderPart(token.slice(0, dot)) as { b64?: unknown } | null;
    return typeof header === "object" && header !== null && header.b64 === false;
  } catch {
    return false;
  }
}

function unwrapNote(found: FoundToken, removed: number): FoundToken {
  const note: TokenProblem = {
    code: found.kind === "jwe" ? "token.jwe" : found.kind === "malformed" ? "token.malformed" : "token.jwt",
    severity: "info",
    message: `the pasted token held ${removed} whitespace character${removed === 1 ? "" : "s"} (line breaks or spaces, as a log or a terminal wraps it); AuthLens removed them to decode it. Sent that way, it is refused: a JWT has no whitespace (RFC 7519 §7.2 step 9)`,
  };
  return { ...found, problems: [note, ...found.problems] };
}

/**
 * Decodes a token as a user pasted it: bare, or with its scheme ("Bearer …", "Basic …"), and
 * unwrapped when it was copied over several lines (DecodeOptions.unwrap).
 * `at` is the reference time in ms; without it, times are not judged and `times` is absent.
 */
export function decodeToken(raw: string, at?: number, options: DecodeOptions = {}): FoundToken {
  const trimmed = raw.trim();
  const unwrapped = options.unwrap === false ? undefined : unwrapPasted(trimmed);
  const { scheme, credentials } = unwrapped ?? splitScheme(trimmed);
  const ctx: ReadingContext = {
    ...(at !== undefined && Number.isFinite(at) ? { at } : {}),
    reference: options.reference ?? "this request",
    leewaySeconds: options.leewaySeconds ?? DEFAULT_OPTIONS.leewaySeconds,
    depth: 0,
  };
  const found = decodeFound(credentials, scheme, options.where ?? "token", ctx);
  return unwrapped ? unwrapNote(found, unwrapped.removed) : found;
}

/** Decodes a token already separated from its scheme, as the capture scanners find them. */
export function decodeFound(token: string, scheme: string | undefined, where: string, ctx: ReadingContext, memo?: ReadingMemo): FoundToken {
  return placed(token, timeless(token, scheme, ctx, memo), where, ctx, memo);
}
