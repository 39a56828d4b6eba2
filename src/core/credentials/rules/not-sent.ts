/**
 * cookie.not-sent: a request answered 401 went out without cookies, although earlier responses
 * in the capture set cookies for its host (or its site). Says which cookies, and which attribute
 * most likely kept each back: refused when set, expired, Domain, Path, Secure, SameSite, or the
 * fetch credentials mode. Not judged on captures that cannot see cookies.
 */
import { hostOf, requestLabel, requestRef } from "../../text/describe.ts";
import { type Exchange, originOf, statusOf } from "../../exchange.ts";
import { isPreflight } from "../../preflight.ts";
import { finding } from "../../findings.ts";
import { headerValue } from "../../headers.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import { isoOf, relativeOf } from "../../text/time.ts";
import { type JarCookie, jarBefore } from "../cookie-jar.ts";
import { cookieVisibility } from "../cookie-visibility.ts";
import { domainMatches, pathMatches } from "../set-cookie.ts";
import { type Site, isLoopbackHost, registrableDomain, sameSite, siteOf } from "../site.ts";

interface Target {
  readonly x: Exchange;
  readonly url: URL;
  readonly host: string;
  readonly site: Site | undefined;
  /** The site the request was made from (Origin, page, Referer), when the capture says. */
  readonly from?: { readonly url: string; readonly site: Site };
  readonly crossOrigin: boolean;
  readonly scripted: boolean;
}

/** Why a cookie may not have gone out; checks run in this order, the first is the likeliest. */
interface Reason {
  readonly attribute: string;
  readonly explain: (c: JarCookie, t: Target) => string | undefined;
}

const REASONS: readonly Reason[] = [
  {
    attribute: "refused when set",
    explain: (c) => (c.rejected.length > 0 ? `the browser never stored it: ${c.rejected[0]!.message}` : undefined),
  },
  {
    attribute: "expiry",
    explain: (c, t) =>
      c.expiresAt !== undefined && c.expiresAt <= t.x.observedAt
        ? `it expired at ${isoOf(c.expiresAt)}, ${relativeOf(c.expiresAt, t.x.observedAt, "this request")}`
        : undefined,
  },
  {
    attribute: "Domain",
    explain: (c, t) => {
      if (c.hostOnly ? c.host === t.host : domainMatches(t.host, c.domain)) return undefined;
      return c.hostOnly
        ? `it is host-only (set by ${c.host} without a Domain attribute), so it goes to ${c.host} alone, not to ${t.host}`
        : `Domain=${c.domain} does not cover ${t.host}`;
    },
  },
  {
    attribute: "Path",
    explain: (c, t) => (pathMatches(t.url.pathname, c.path) ? undefined : `Path=${c.path} does not cover ${t.url.pathname}`),
  },
  {
    attribute: "Secure",
    explain: (c, t) =>
      c.cookie.secure && t.url.protocol !== "https:" && t.url.protocol !== "wss:" && !isLoopbackHost(t.host)
        ? `it is Secure and this request used ${t.url.protocol.replace(":", "")}, not https`
        : undefined,
  },
  {
    attribute: "SameSite",
    explain: (c, t) => {
      if (!t.from || !t.site || sameSite(t.from.site, t.site)) return undefined;
      const from = `${t.from.site.scheme}://${t.from.site.domain}`;
      const navigation = t.x.resourceType === "document" && (t.x.request.method === "GET" || t.x.request.method === "HEAD");
      if (c.cookie.sameSite === "Strict") return `it is SameSite=Strict and the request is cross-site (from ${from})`;
      if (c.cookie.sameSite === "Lax" && !navigation) return `it is SameSite=Lax and the request is a cross-site ${t.x.request.method} ${t.scripted ? "fetch/XHR" : "subresource request"} (from ${from}), which Lax excludes`;
      if (c.cookie.sameSite === undefined && !navigation) {
        return `it has no SameSite, which Chromium treats as Lax, and the request is cross-site (from ${from}); Firefox and Safari would send it unless they block third-party cookies`;
      }
      if (c.cookie.sameSite === "None") return `it is SameSite=None, which allows cross-site use, but browsers that block third-party cookies (Safari, Firefox, Chrome with third-party cookies blocked) still withhold it on this cross-site request (from ${from})`;
      return undefined;
    },
  },
  {
    attribute: "credentials mode",
    explain: (_c, t) =>
      t.crossOrigin && t.scripted
        ? `the request is cross-origin and made from script: fetch() sends cookies only with credentials: "include" (XHR: withCredentials = true)`
        : undefined,
  },
];

function fromOf(x: Exchange): Target["from"] {
  const candidates = [headerValue(x.request.headers, "origin"), x.pageUrl, headerValue(x.request.headers, "referer")];
  for (const url of candidates) {
    if (url === undefined || url === "null") continue;
    const site = siteOf(url);
    if (site) return { url, site };
  }
  return undefined;
}

function targetOf(x: Exchange): Target | undefined {
  let url: URL;
  try {
    url = new URL(x.request.url);
  } catch {
    return undefined;
  }
  const from = fromOf(x);
  const site = siteOf(x.request.url);
  const fromOrigin = from ? originOf(from.url) : undefined;
  return {
    x,
    url,
    host: url.hostname.toLowerCase(),
    site,
    ...(from ? { from } : {}),
    crossOrigin: fromOrigin !== undefined && fromOrigin !== url.origin,
    scripted: x.resourceType === "fetch" || x.resourceType === "xhr" || x.initiatorType === "script",
  };
}

/** Cookies that could have gone to this host: for it, or for another host of its registrable domain. */
function explicitPort(url: string): string {
  try {
    return new URL(url).port;
  } catch {
    return "";
  }
}

function relevant(c: JarCookie, t: Target): boolean {
  // A host-only cookie set on another explicit port of the same host belongs to another service
  // (two dev servers on localhost): browsers would send it, but it says nothing of what this API
  // expects. (http and https on their default ports are one site's two faces, and do count.)
  if (c.hostOnly && c.host === t.host) {
    const setPort = explicitPort(c.setBy.request.url);
    return setPort === "" || t.url.port === "" || setPort === t.url.port;
  }
  if (!c.hostOnly && domainMatches(t.host, c.domain)) return true;
  return registrableDomain(c.host) === registrableDomain(t.host);
}

function explain(c: JarCookie, t: Target): { attribute: string; text: string } {
  for (const r of REASONS) {
    const text = r.explain(c, t);
    if (text !== undefined) return { attribute: r.attribute, text };
  }
  return {
    attribute: "unknown",
    text: "no attribute explains it: it may have been cleared, replaced by another response the capture missed, or withheld by a browser setting",
  };
}

function notSent(x: Exchange, ctx: RuleContext) {
  if (statusOf(x) !== 401 || isPreflight(x) || x.preflightFor !== undefined) return [];
  // A challenge asks for an Authorization header of its scheme (RFC 9110 §11.6.1): the server
  // says what it wants, and missing cookies are not the story (auth.no-credentials-sent is).
  const challenge = x.response ? headerValue(x.response.headers, "www-authenticate") : undefined;
  if (challenge !== undefined && challenge.trim() !== "") return [];
  if (ctx.facts.credentialsStripped !== undefined) return [];
  if (ctx.credentials(x).cookieNames.length > 0 || cookieVisibility(x, ctx).visibility !== "visible") return [];
  const t = targetOf(x);
  if (!t) return [];
  const cookies = jarBefore(x, t.host, ctx).filter((c) => relevant(c, t));
  if (cookies.length === 0) return [];

  const explained = cookies.map((c) => ({ c, why: explain(c, t) }));
  const names = [...new Set(cookies.map((c) => c.cookie.name))];
  const top = explained[0]!;
  const attributes = [...new Set(explained.map((e) => e.why.attribute))];
  const setters = [...new Set(cookies.map((c) => requestRef(c.setBy)))];
  return [
    finding("cookie.not-sent", {
      detail:
        `${requestLabel(x)} got 401 and carried no cookies, although earlier responses set ${names.length === 1 ? "cookie" : "cookies"} ${names.map((n) => `\`${n}\``).join(", ")} for ${hostOf(x.request.url)} or its site (${setters.join(", ")}). ` +
        `Most likely ${attributes.length === 1 ? "cause" : "causes"}: ${explained
          .slice(0, 5)
          .map((e) => `\`${e.c.cookie.name}\`: ${e.why.text}`)
          .join("; ")}.`,
      evidence: explained.slice(0, 10).map((e) => ({
        label: `${e.c.cookie.name} (set by ${requestRef(e.c.setBy)}, ${e.c.host})`,
        value: `${e.why.attribute}: ${e.why.text}`,
      })),
      // The setting responses are named, not linked: a login response would otherwise carry a
      // copy of this finding for every 401 that followed it.
      fix: fixFor(top.why.attribute, top.c, t),
    }),
  ];
}

function fixFor(attribute: string, c: JarCookie, t: Target): string {
  const name = c.cookie.name;
  switch (attribute) {
    case "refused when set":
      return `Fix the Set-Cookie of \`${name}\` so the browser stores it (see the Set-Cookie findings on ${requestRef(c.setBy)}).`;
    case "expiry":
      return `Sign in again or refresh the session before \`${name}\` expires; give the cookie a lifetime that matches the server session.`;
    case "Domain":
      return `Set \`${name}\` with Domain=${registrableDomain(t.host)} so it covers ${t.host}, or send the request to ${c.host}.`;
    case "Path":
      return `Set \`${name}\` with Path=/ (or a path that covers ${t.url.pathname}).`;
    case "Secure":
      return `Call ${t.host} over https: Secure cookies are never sent over plain http.`;
    case "SameSite":
      return `If \`${name}\` must be sent on cross-site requests, set it with SameSite=None; Secure (and expect third-party cookie blocking in some browsers); better, serve the API from the same site as the page.`;
    case "credentials mode":
      return `Call fetch with credentials: "include" (XHR: withCredentials = true); the server must then answer with Access-Control-Allow-Credentials: true and its exact origin in Access-Control-Allow-Origin.`;
    default:
      return `Check in the browser's Application → Cookies panel whether \`${name}\` is stored for ${t.host}, and whether the browser blocks it.`;
  }
}

export const cookieNotSentRule: Rule = { name: "cookie-not-sent", run: notSent };
