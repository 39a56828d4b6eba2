/**
 * auth.authorization-stripped-on-redirect: a request sent `Authorization`, was redirected to
 * another origin, and the request to the new URL went out without it and got 401. The Fetch
 * standard's "HTTP-redirect fetch" removes `Authorization` when "request's current URL's origin
 * is not same origin with locationURL's origin" (the step after the method change); Chromium and
 * Firefox do so. The client did send its credential: the redirect lost it, so "no credentials
 * were sent" would send the developer looking in the wrong place (credentials/verdict.ts asks
 * `authorizationStripped` before saying it).
 */
import { hostOf, pathOf, quote, requestLabel } from "../../text/describe.ts";
import { type Exchange, originOf, statusOf } from "../../exchange.ts";
import { isPreflight } from "../../preflight.ts";
import { type Evidence, finding } from "../../findings.ts";
import { redirectChain } from "../../redirect-hops.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import type { AuthorizationValue } from "../authorization.ts";
import { maskSecret } from "../../text/mask.ts";
import { requestHeadersMissed } from "../headers-missed.ts";

export interface StrippedAuthorization {
  /** The hop that carried Authorization and was redirected to another origin. */
  readonly hop: Exchange;
  /** The request made to the redirect's target: the next hop (this exchange, or a later hop leading to it). */
  readonly next: Exchange;
  readonly authorization: AuthorizationValue;
  readonly from: string;
  readonly to: string;
}

/**
 * Why the 401 came without Authorization, when a cross-origin redirect explains it: the nearest
 * earlier hop that carried Authorization, if the very next step left its origin. Undefined when
 * the capture cannot show it (credentials stripped, request headers not recorded) or shows
 * something else (Authorization arrived, no redirect, a same-origin redirect, which keeps it).
 */
export function authorizationStripped(x: Exchange, ctx: RuleContext): StrippedAuthorization | undefined {
  if (statusOf(x) !== 401 || isPreflight(x) || x.preflightFor !== undefined) return undefined;
  if (ctx.facts.credentialsStripped !== undefined || requestHeadersMissed(x)) return undefined;
  if (ctx.credentials(x).authorization !== undefined) return undefined;
  let next = x;
  for (const hop of redirectChain(x, ctx)) {
    const authorization = ctx.credentials(hop).authorization;
    if (authorization === undefined) {
      next = hop;
      continue;
    }
    const from = originOf(hop.request.url);
    const to = originOf(next.request.url);
    // A same-origin redirect keeps Authorization: its absence further on has another cause.
    return from !== undefined && to !== undefined && from !== to ? { hop, next, authorization, from, to } : undefined;
  }
  return undefined;
}

interface Move {
  readonly applies: (from: URL, to: URL) => boolean;
  /** Why the server redirects, and what the client should call instead. */
  readonly advice: (from: URL, to: URL) => string;
}

/** The usual reasons an API redirects to another origin, most specific first. */
const MOVES: readonly Move[] = [
  {
    applies: (f, t) => f.protocol === "http:" && t.protocol === "https:" && f.hostname === t.hostname,
    advice: (_f, t) => `the server upgrades http to https: put https://${t.host} in the client's API base URL, so the first request already goes there`,
  },
  {
    applies: (f, t) => t.hostname === `www.${f.hostname}` || f.hostname === `www.${t.hostname}`,
    advice: (f, t) => `the server sends ${f.host} to its canonical host ${t.host}: use ${t.host} in the client's API base URL`,
  },
  {
    applies: (f, t) => f.hostname === t.hostname && f.protocol === t.protocol,
    advice: (f, t) => `the API answers on port ${t.port || "(default)"}, not ${f.port || "(default)"}: call ${t.origin} directly`,
  },
];

function adviceFor(from: string, to: string): string {
  try {
    const f = new URL(from);
    const t = new URL(to);
    const move = MOVES.find((m) => m.applies(f, t));
    if (move) return move.advice(f, t);
  } catch {
    // Origins come from URLs that parsed: unreachable, and the general advice still holds.
  }
  return `call ${to} directly (the client's API base URL), or have ${hostOf(from)} answer the request itself instead of redirecting it`;
}

function strippedFinding(x: Exchange, s: StrippedAuthorization, ctx: RuleContext) {
  const { hop, next, authorization, from, to } = s;
  const status = hop.response?.status ?? 0;
  const challenge = ctx.view(x).challenge("WWW-Authenticate")?.value;
  const sent = `${authorization.scheme} ${maskSecret(authorization.credentials)}`.trim();
  const target = `${hostOf(next.request.url)}${pathOf(next.request.url)}`;
  const evidence: Evidence[] = [
    { label: "Redirected request", value: `${hop.request.method} ${hostOf(hop.request.url)}${pathOf(hop.request.url)} → ${status}` },
    { label: "Authorization sent", value: sent },
    { label: "Redirected to", value: target },
    { label: "Origin change", value: `${from} → ${to}` },
    { label: "Authorization after the redirect", value: "(removed by the browser)" },
    { label: "Status", value: String(statusOf(x)) },
    ...(challenge !== undefined ? [{ label: "WWW-Authenticate", value: challenge }] : []),
  ];
  return finding("auth.authorization-stripped-on-redirect", {
    detail:
      `${requestLabel(hop)} carried \`Authorization: ${authorization.scheme || "…"} …\` and was answered ${status}, redirecting it to ${target}, another origin (${from} → ${to}). ` +
      `Browsers remove Authorization when a redirect leaves the origin (Fetch standard, “HTTP-redirect fetch”), so ${ctx.view(x).label} went out without it, and the server answered 401` +
      `${challenge !== undefined ? ` with ${quote(challenge)}` : ""}. The client did send its credential; the redirect lost it.`,
    evidence,
    fix: `Send the request to the URL that answers it, so that no redirect stands between the page and the API: ${adviceFor(from, to)}. No redirect can carry Authorization to another origin, whatever the server sends.`,
    related: [hop.id],
  });
}

export const authorizationStrippedRule: Rule = {
  name: "authorization-stripped-on-redirect",
  run(x, ctx) {
    const s = authorizationStripped(x, ctx);
    return s ? [strippedFinding(x, s, ctx)] : [];
  },
};
