/**
 * Sentences and evidence about a token, built in one place for every token finding. Nothing here
 * shows a token whole: only its masked form, its decoded header and claims.
 */
import { requestLabel } from "../text/describe.ts";
import type { Evidence } from "../findings.ts";
import type { Exchange } from "../exchange.ts";
import { isPresented, type TokenSource } from "./sources.ts";
import { TIME_CLAIM_NAMES } from "./time-claims.ts";
import type { ClaimLine, FoundToken, TokenProblem } from "./types.ts";

/**
 * "GET /v1/me on api.example.com sent a JWT in the Authorization header" / "… received … in the
 * response body access_token". `label` is the request's label when the caller has it (its view's).
 */
export function tokenPlace(x: Exchange, source: TokenSource, t: FoundToken, noun: string, label: string = requestLabel(x)): string {
  return `${label} ${isPresented(source) ? "sent" : "received"} ${noun} in the ${t.where}`;
}

function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((e) => typeof e === "string")) return v.join(", ");
  return undefined;
}

/** The part of jwtSummary that does not depend on the reference time: alg, issuer, subject, audience. */
function timelessSummary(t: FoundToken, p: Record<string, unknown>): string {
  const alg = typeof t.header?.alg === "string" ? t.header.alg : "?";
  const parts = [t.kind === "unsecured" ? "unsecured (alg none)" : `${alg}-signed`];
  const iss = str(p.iss);
  if (iss !== undefined) parts.push(`issued by ${iss}${t.issuerGuess ? ` (${t.issuerGuess})` : ""}`);
  const sub = str(p.sub);
  if (sub !== undefined) parts.push(`for ${sub}`);
  const aud = str(p.aud);
  if (aud !== undefined) parts.push(`audience ${aud}`);
  return parts.join(", ");
}

/**
 * Texts already written about tokens in one analysis, by the identity of the decoded objects: a
 * session sends one token with hundreds of requests, each decoded to the same payload, header
 * and claim list (decode.ts shares them), so each text is written once per token. Owned by the
 * analysis (its exchange views hand it to the rules), never by this module.
 */
export interface TokenTextMemo {
  /**
   * timelessSummary by claims set. The header, kind and issuer guess it read are kept with it and
   * compared, so another reading never gets its text.
   */
  readonly summaries: WeakMap<
    Record<string, unknown>,
    { readonly header: FoundToken["header"]; readonly kind: FoundToken["kind"]; readonly issuerGuess: string | undefined; readonly text: string }
  >;
  readonly headerEvidence: WeakMap<Record<string, unknown>, Evidence | null>;
  readonly claimEvidence: WeakMap<readonly ClaimLine[], readonly Evidence[]>;
}

export function newTokenTextMemo(): TokenTextMemo {
  return { summaries: new WeakMap(), headerEvidence: new WeakMap(), claimEvidence: new WeakMap() };
}

/** "RS256-signed, issued by https://id.example.com (Keycloak, realm demo) for user-42, audience api". */
export function jwtSummary(t: FoundToken, memo?: TokenTextMemo): string {
  let head: string;
  if (t.payload) {
    const known = memo?.summaries.get(t.payload);
    if (known && known.header === t.header && known.kind === t.kind && known.issuerGuess === t.issuerGuess) head = known.text;
    else {
      head = timelessSummary(t, t.payload);
      memo?.summaries.set(t.payload, { header: t.header, kind: t.kind, issuerGuess: t.issuerGuess, text: head });
    }
  } else head = timelessSummary(t, {});
  const exp = t.times?.exp;
  return exp ? `${head}, ${exp.state === "past" ? "expired" : "expires"} ${exp.iso} (${exp.relative})` : head;
}

const KEY_CLAIMS = ["iss", "sub", "aud", "azp", "client_id", "scope", "scp", "typ", "token_use"] as const;

const KEY_HEADER_PARAMETERS = ["alg", "typ", "kid", "enc", "cty"] as const;

/** Evidence read from a token's header (built once per token with a memo). */
function headerLine(header: Record<string, unknown>, memo?: TokenTextMemo): Evidence | null {
  let known = memo?.headerEvidence.get(header);
  if (known === undefined) {
    const h = KEY_HEADER_PARAMETERS.filter((k) => header[k] !== undefined).map((k) => `${k}: ${String(header[k])}`);
    known = h.length > 0 ? { label: "Header", value: h.join(", ") } : null;
    memo?.headerEvidence.set(header, known);
  }
  return known;
}

/** Evidence read from a token's claim lines (built once per token with a memo). */
function keyClaimLines(claims: readonly ClaimLine[], memo?: TokenTextMemo): readonly Evidence[] {
  let known = memo?.claimEvidence.get(claims);
  if (!known) {
    const out: Evidence[] = [];
    for (const name of KEY_CLAIMS) {
      const line = claims.find((c) => c.name === name);
      if (line) out.push({ label: name, value: line.value });
    }
    known = out;
    memo?.claimEvidence.set(claims, known);
  }
  return known;
}

export function tokenEvidence(t: FoundToken, memo?: TokenTextMemo): Evidence[] {
  const out: Evidence[] = [
    { label: "Where", value: t.where },
    { label: "Token", value: t.masked },
  ];
  const header = t.header ? headerLine(t.header, memo) : null;
  if (header) out.push(header);
  out.push(...keyClaimLines(t.claims, memo));
  // In the order judgeTimeClaims writes them (exp, nbf, iat).
  if (t.times) {
    for (const name of TIME_CLAIM_NAMES) {
      const time = t.times[name];
      if (time) out.push({ label: name, value: `${time.iso} (${time.local}), ${time.relative}` });
    }
  }
  if (t.issuerGuess) out.push({ label: "Issuer (guess)", value: t.issuerGuess });
  if (t.user !== undefined) out.push({ label: "User", value: t.user });
  return out;
}

const NO_PROBLEMS: readonly TokenProblem[] = [];

/** The token's problems reported under `code`. Most tokens have none: they share one empty list. */
export function problemsOf(t: FoundToken, code: TokenProblem["code"]): readonly TokenProblem[] {
  return t.problems.length === 0 ? NO_PROBLEMS : t.problems.filter((p) => p.code === code);
}
