/**
 * setCookiesOf: each Set-Cookie of a response as a reader wants it: name, masked value, every
 * attribute with what it does, when it expires relative to the response, and what is wrong.
 * Times come from the exchange's observedAt (the capture's clock), never from the analyser.
 */
import type { Exchange } from "../exchange.ts";
import { headerValues } from "../headers.ts";
import { isoOf, relativeOf } from "../text/time.ts";
import { maskSecret } from "../text/mask.ts";
import { cookieNotes, rejectionsOf, type SetterUrl } from "./set-cookie-checks.ts";
import { MAX_COOKIE_AGE_MS, type ParsedSetCookie, defaultPath, expiryOf, parseSetCookie } from "./set-cookie.ts";

export interface SetCookieBreakdown {
  readonly name: string;
  readonly maskedValue: string;
  readonly attributes: readonly { readonly name: string; readonly value?: string; readonly meaning: string }[];
  readonly expires?: { readonly iso: string; readonly relative: string };
  readonly problems: readonly string[];
}

/** The scheme and host a response came from, when its URL parses. */
export function setterOf(url: string): (SetterUrl & { path: string }) | undefined {
  try {
    const u = new URL(url);
    return { scheme: u.protocol.replace(/:$/, ""), host: u.hostname.toLowerCase(), path: u.pathname };
  } catch {
    return undefined;
  }
}

type Attribute = SetCookieBreakdown["attributes"][number];

/** The seven attributes of RFC 6265bis §5.6 plus CHIPS' Partitioned, each with what it does here. */
function known(c: ParsedSetCookie, u: SetterUrl & { path: string }): Attribute[] {
  const written = (name: string) => c.attributes.filter((a) => a.name.toLowerCase() === name).pop();
  const withValue = (name: string, meaning: string): Attribute => {
    const a = written(name.toLowerCase());
    return { name, ...(a?.value !== undefined ? { value: a.value } : {}), meaning };
  };
  return [
    withValue(
      "Domain",
      c.domain !== undefined ? `sent to ${c.domain} and every subdomain of it` : `absent: host-only, sent to ${u.host} only (not its subdomains)`,
    ),
    withValue("Path", c.path !== undefined ? `sent with requests to ${c.path} and below` : `absent: defaults to ${defaultPath(u.path)} (the directory of the URL that set it)`),
    withValue("Expires", c.expires !== undefined ? (c.maxAge !== undefined ? "ignored: Max-Age wins" : "when the browser deletes it") : c.expiresInvalid !== undefined ? "not a readable date: ignored" : "absent"),
    withValue("Max-Age", c.maxAge !== undefined ? (c.maxAge <= 0 ? "0 or less: deletes the cookie now" : `lifetime in seconds from now (wins over Expires)`) : "absent"),
    withValue(
      "SameSite",
      c.sameSite === "Strict"
        ? "sent only on same-site requests, never on cross-site ones, not even links"
        : c.sameSite === "Lax"
          ? "sent on same-site requests and cross-site top-level GET navigations, not on cross-site fetch, XHR, iframes or POSTs"
          : c.sameSite === "None"
            ? "sent on cross-site requests too (requires Secure; third-party cookie blocking may still withhold it)"
            : "absent or invalid: Chromium applies Lax; Firefox and Safari send it cross-site unless they block third-party cookies",
    ),
    withValue("Secure", c.secure ? "sent only over https (and to loopback hosts)" : "absent: also sent over plain http"),
    withValue("HttpOnly", c.httpOnly ? "hidden from page JavaScript (document.cookie)" : "absent: page JavaScript can read it"),
    withValue("Partitioned", c.partitioned ? "kept per top-level site (CHIPS): a separate copy for each site that embeds this one" : "absent: not partitioned"),
  ].filter((a) => a.value !== undefined || a.meaning !== "absent");
}

const KNOWN = new Set(["domain", "path", "expires", "max-age", "samesite", "secure", "httponly", "partitioned"]);

function expiresOf(c: ParsedSetCookie, setAt: number): { breakdown?: SetCookieBreakdown["expires"]; problems: string[] } {
  const e = expiryOf(c, setAt);
  if (e === undefined) return { problems: [] };
  if (e.at === Number.NEGATIVE_INFINITY) return { breakdown: { iso: isoOf(setAt), relative: "immediately: Max-Age 0 or less deletes the cookie" }, problems: [] };
  const breakdown = { iso: isoOf(e.at), relative: relativeOf(e.at, setAt, "this response") };
  const problems = e.capped ? [`its lifetime is capped at 400 days (RFC 6265bis §5.6.1, §5.6.2): it expires ${isoOf(setAt + MAX_COOKIE_AGE_MS)}, not later`] : [];
  if (e.at <= setAt && c.maxAge === undefined) problems.push("Expires is in the past: this deletes the cookie (the usual way to log out)");
  return { breakdown, problems };
}

export function breakdownOf(line: string, setter: SetterUrl & { path: string }, setAt: number): SetCookieBreakdown {
  const c = parseSetCookie(line);
  const extra = c.attributes.filter((a) => !KNOWN.has(a.name.toLowerCase())).map((a) => ({ ...a, meaning: "not a cookie attribute: browsers ignore it" }));
  const exp = expiresOf(c, setAt);
  return {
    name: c.name,
    maskedValue: maskSecret(c.value),
    attributes: [...known(c, setter), ...extra],
    ...(exp.breakdown ? { expires: exp.breakdown } : {}),
    problems: [...rejectionsOf(c, setter).map((r) => r.message), ...cookieNotes(c), ...exp.problems],
  };
}

/** Every Set-Cookie line of the exchange's response (they never combine, RFC 6265bis §3). */
export function setCookiesOf(x: Exchange): SetCookieBreakdown[] {
  const setter = setterOf(x.request.url) ?? { scheme: "https", host: "", path: "/" };
  return headerValues(x.response?.headers ?? [], "set-cookie").map((line) => breakdownOf(line, setter, x.observedAt));
}
