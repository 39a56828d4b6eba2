/**
 * One token followed across a capture: where it was issued (a token endpoint's JSON, a
 * Set-Cookie), every request that presented it, when it expired, the 401s that came after, and
 * refresh calls where the capture shows them. Tokens are told apart by hash (FNV-1a 64); the
 * timeline keeps only that hash and the masked form, never the token.
 *
 * A refresh call is recognised by `grant_type=refresh_token` in its URL. Token requests usually
 * send it in a form body, which the Exchange model does not carry: such calls still show up as
 * "issued" events (the new tokens in their JSON answer), without being labelled refreshes.
 */
import type { CaptureIndex } from "../analysis/capture-index.ts";
import { type Exchange, statusOf } from "../exchange.ts";
import { DEFAULT_OPTIONS } from "../options.ts";
import type { CaptureLookup as Lookup } from "../capture-lookup.ts";
import { newReadingMemo } from "./decode.ts";
import { isoOf } from "../text/time.ts";
import { MILLISECONDS_THRESHOLD } from "./time-claims.ts";
import { type LocatedToken, locatedTokensOf } from "./tokens-of.ts";
import { isPresented } from "./sources.ts";
import type { FoundToken, TokenKind } from "./types.ts";

export type TimelineEventKind = "issued" | "used" | "refresh";

export interface TimelineEvent {
  readonly kind: TimelineEventKind;
  readonly exchangeId: string;
  /** The exchange's start, ms since the epoch (the capture's clock). */
  readonly at: number;
  readonly iso: string;
  /** Where the token was in that exchange: "Authorization header", "response body access_token"… */
  readonly where: string;
  readonly method: string;
  readonly url: string;
  /** The response status, 0 where none came. */
  readonly status: number;
  /** The token had expired when this request started. */
  readonly afterExpiry: boolean;
  /** For "issued": the exchange was a refresh call (grant_type=refresh_token in its URL). */
  readonly viaRefresh?: boolean;
}

export interface TimelineEntry {
  readonly hash: string;
  readonly kind: TokenKind;
  readonly masked: string;
  /** "RS256 JWT for user-42 from https://id.example.com", "opaque token (GitHub OAuth app access token)". */
  readonly label: string;
  /** The first exchange that issued it, when the capture shows its issuance. */
  readonly issuedIn?: string;
  /** When it expires: from the JWT's exp, or from the token endpoint's expires_in. */
  readonly expiresAt?: { readonly ms: number; readonly iso: string; readonly from: "exp" | "expires_in" };
  readonly events: readonly TimelineEvent[];
  /** Requests that presented it. */
  readonly uses: number;
  /** 401 answers to requests that presented it after it had expired. */
  readonly rejectedAfterExpiry: readonly string[];
  /** Refresh calls that presented it (a refresh token) or issued it. */
  readonly refreshes: readonly string[];
}

const REFRESH_GRANT = /[?&]grant_type=refresh_token(&|$)/;

function labelOf(t: FoundToken): string {
  if (t.kind === "basic") return `Basic credentials for ${JSON.stringify(t.user ?? "")}`;
  if (t.kind === "opaque") return `opaque token (${t.issuerGuess ?? `${t.length} characters`})`;
  if (t.kind === "jwe") return `encrypted JWT (${String(t.header?.enc ?? "?")})`;
  if (t.kind === "malformed") return "token that does not decode";
  const p = t.payload ?? {};
  const alg = typeof t.header?.alg === "string" ? t.header.alg : "?";
  return `${alg} JWT${typeof p.sub === "string" ? ` for ${p.sub}` : ""}${typeof p.iss === "string" ? ` from ${p.iss}` : ""}`;
}

function expiryOf(l: LocatedToken): TimelineEntry["expiresAt"] {
  const exp = l.token.payload?.exp;
  if (typeof exp === "number" && Number.isFinite(exp) && Math.abs(exp) < MILLISECONDS_THRESHOLD) return { ms: exp * 1000, iso: isoOf(exp * 1000), from: "exp" };
  if (l.expiresAt !== undefined) return { ms: l.expiresAt, iso: isoOf(l.expiresAt), from: "expires_in" };
  return undefined;
}

interface Building {
  hash: string;
  kind: TokenKind;
  masked: string;
  label: string;
  issuedIn?: string;
  expiresAt?: TimelineEntry["expiresAt"];
  events: TimelineEvent[];
}

/** Every token of the capture, grouped by hash, in the order each was first seen. */
export function tokenTimeline(exchanges: readonly Exchange[]): TimelineEntry[] {
  const byHash = new Map<string, Building>();
  const memo = newReadingMemo();
  for (const x of exchanges) {
    const refresh = REFRESH_GRANT.test(x.request.url);
    for (const l of locatedTokensOf(x, DEFAULT_OPTIONS, memo)) {
      const t = l.token;
      let entry = byHash.get(t.hash);
      if (!entry) {
        entry = { hash: t.hash, kind: t.kind, masked: t.masked, label: labelOf(t), events: [] };
        byHash.set(t.hash, entry);
      }
      entry.expiresAt ??= expiryOf(l);
      const presented = isPresented(l.source);
      if (!presented) entry.issuedIn ??= x.id;
      const kind: TimelineEventKind = presented ? (refresh ? "refresh" : "used") : "issued";
      const last = entry.events[entry.events.length - 1];
      // One event per exchange and kind: a token sent both as header and cookie is one use.
      if (last && last.exchangeId === x.id && last.kind === kind) continue;
      entry.events.push({
        kind,
        exchangeId: x.id,
        at: x.observedAt,
        iso: isoOf(x.observedAt),
        where: t.where,
        method: x.request.method,
        url: x.request.url,
        status: statusOf(x),
        afterExpiry: entry.expiresAt !== undefined && x.observedAt >= entry.expiresAt.ms,
        ...(kind === "issued" && refresh ? { viaRefresh: true } : {}),
      });
    }
  }
  return [...byHash.values()].map((b) => ({
    hash: b.hash,
    kind: b.kind,
    masked: b.masked,
    label: b.label,
    ...(b.issuedIn !== undefined ? { issuedIn: b.issuedIn } : {}),
    ...(b.expiresAt !== undefined ? { expiresAt: b.expiresAt } : {}),
    events: b.events,
    uses: b.events.filter((e) => e.kind !== "issued").length,
    rejectedAfterExpiry: b.events.filter((e) => e.kind !== "issued" && e.afterExpiry && e.status === 401).map((e) => e.exchangeId),
    refreshes: b.events.filter((e) => e.kind === "refresh" || e.viaRefresh === true).map((e) => e.exchangeId),
  }));
}

/** The distinct tokens an exchange carries or receives, as located, in order. */
function hashesIn(x: Exchange): string[] {
  return [...new Set(locatedTokensOf(x, DEFAULT_OPTIONS, newReadingMemo()).map((l) => l.token.hash))];
}

/**
 * Exchanges by the tokens they carry or receive: each token's timeline is built from the
 * exchanges that hold it (no other exchange adds to it), once per change of them.
 */
const TOKEN_TIMELINES: CaptureIndex<TimelineEntry | undefined> = {
  name: "token",
  keysOf: (x) => {
    const hashes = hashesIn(x);
    return hashes.length > 0 ? hashes : undefined;
  },
  derive: (filed, hash) => tokenTimeline(filed).find((e) => e.hash === hash),
};

type CaptureLookup = Pick<Lookup, "lookup" | "exchange" | "precedes">;

/** The timeline of one token, by its hash (FoundToken.hash), when the capture holds it. */
export function timelineOfHash(hash: string, ctx: Pick<Lookup, "lookup">): TimelineEntry | undefined {
  return ctx.lookup(TOKEN_TIMELINES, hash);
}

/** Orders timelines as the capture first shows their tokens (then as located in that exchange). */
function firstSeen(entries: TimelineEntry[], ctx: CaptureLookup): TimelineEntry[] {
  const firstOf = (t: TimelineEntry) => ctx.exchange(t.events[0]?.exchangeId ?? "");
  const located = new Map<string, string[]>();
  const at = (x: Exchange, hash: string) => {
    let hashes = located.get(x.id);
    if (!hashes) {
      hashes = hashesIn(x);
      located.set(x.id, hashes);
    }
    return hashes.indexOf(hash);
  };
  return entries.sort((a, b) => {
    const xa = firstOf(a);
    const xb = firstOf(b);
    if (!xa || !xb) return 0;
    if (xa.id === xb.id) return at(xa, a.hash) - at(xa, b.hash);
    return ctx.precedes(xa, xb) ? -1 : 1;
  });
}

/** The timelines of the tokens `x` carries or receives, in the order the capture first shows them. */
export function timelinesOf(x: Exchange, ctx: CaptureLookup): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const hash of hashesIn(x)) {
    const t = ctx.lookup(TOKEN_TIMELINES, hash);
    if (t) entries.push(t);
  }
  return firstSeen(entries, ctx);
}

/** The masked token an exchange presented: of those it presented, the one the capture shows first. */
export function presentedIn(x: Exchange, ctx: CaptureLookup): string | undefined {
  const presented = timelinesOf(x, ctx).filter((t) => t.events.some((e) => e.exchangeId === x.id && e.kind !== "issued"));
  return presented[0]?.masked;
}
