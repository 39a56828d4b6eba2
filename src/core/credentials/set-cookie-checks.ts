/**
 * Why a browser refuses to store a Set-Cookie, per RFC 6265bis §5.7 (Storage Model) and the
 * cookie prefixes of §4.1.3, as data: each check names the rule and, where FINDINGS.md has one,
 * the finding code that reports it.
 */
import type { FindingCode } from "../findings.ts";
import { type ParsedSetCookie, domainMatches } from "./set-cookie.ts";
import { isLoopbackHost } from "./site.ts";

/** Where the Set-Cookie came from. */
export interface SetterUrl {
  readonly scheme: string;
  readonly host: string;
}

export interface CookieRejection {
  /** The finding that reports this refusal, when it has its own code. */
  readonly code?: FindingCode;
  readonly message: string;
}

/** Loopback http counts as secure: browsers treat http://localhost as a secure context. */
export function isSecureOrigin(u: SetterUrl): boolean {
  return u.scheme === "https" || u.scheme === "wss" || isLoopbackHost(u.host);
}

interface Check {
  readonly applies: (c: ParsedSetCookie, u: SetterUrl) => boolean;
  readonly code?: FindingCode;
  readonly message: (c: ParsedSetCookie, u: SetterUrl) => string;
}

/** 6265bis §5.6 step: name plus value longer than 4096 octets is ignored entirely. */
const MAX_PAIR_OCTETS = 4096;

const CHECKS: readonly Check[] = [
  {
    applies: (c) => c.sameSite === "None" && !c.secure,
    code: "cookie.samesite-none-without-secure",
    message: () => "SameSite=None without Secure: browsers ignore the cookie entirely (RFC 6265bis §5.7; Chromium since version 80)",
  },
  {
    applies: (c, u) => c.secure && !isSecureOrigin(u),
    code: "cookie.secure-over-http",
    message: (_c, u) => `Secure, but set by a plain http response from ${u.host}: browsers ignore it, since only secure origins may set Secure cookies (RFC 6265bis §5.7)`,
  },
  {
    applies: (c) => c.name.startsWith("__Secure-") && !c.secure,
    message: () => "the __Secure- prefix requires the Secure attribute (RFC 6265bis §4.1.3.1): browsers ignore the cookie",
  },
  {
    applies: (c) => c.name.startsWith("__Host-") && (!c.secure || c.domain !== undefined || c.path !== "/"),
    message: (c) =>
      `the __Host- prefix requires Secure, no Domain and Path=/ (RFC 6265bis §4.1.3.2), but this one has ${[
        !c.secure ? "no Secure" : "",
        c.domain !== undefined ? `Domain=${c.domain}` : "",
        c.path !== "/" ? (c.path === undefined ? "no Path" : `Path=${c.path}`) : "",
      ]
        .filter(Boolean)
        .join(", ")}: browsers ignore it`,
  },
  {
    applies: (c, u) => c.domain !== undefined && !domainMatches(u.host, c.domain),
    message: (c, u) => `Domain=${c.domain} does not cover the host that set it (${u.host}): browsers ignore the cookie (RFC 6265bis §5.7)`,
  },
  {
    applies: (c) => c.domain !== undefined && !c.domain.includes(".") && c.domain !== "localhost",
    message: (c) => `Domain=${c.domain} is a top-level domain, a public suffix: browsers ignore the cookie (RFC 6265bis §5.7)`,
  },
  {
    applies: (c) => c.partitioned && !c.secure,
    message: () => "Partitioned requires Secure (CHIPS): browsers that support partitioned cookies ignore it",
  },
  {
    applies: (c) => new TextEncoder().encode(c.name + c.value).length > MAX_PAIR_OCTETS,
    message: (c) => `name and value are ${new TextEncoder().encode(c.name + c.value).length} bytes, over the 4096 browsers store (RFC 6265bis §5.6): the cookie is ignored`,
  },
];

/** Every reason the browser would refuse this cookie, in the order above. */
export function rejectionsOf(c: ParsedSetCookie, u: SetterUrl): CookieRejection[] {
  return CHECKS.filter((k) => k.applies(c, u)).map((k) => ({ ...(k.code ? { code: k.code } : {}), message: k.message(c, u) }));
}

/** Things that do not stop the cookie but change what it does. */
export function cookieNotes(c: ParsedSetCookie): string[] {
  const notes: string[] = [];
  if (c.sameSiteInvalid !== undefined) {
    notes.push(`SameSite=${c.sameSiteInvalid} is not Strict, Lax or None: browsers ignore the value and apply their default (Lax in Chromium, RFC 6265bis §5.6.7)`);
  }
  if (c.expiresInvalid !== undefined && c.maxAge === undefined) {
    notes.push(`Expires=${c.expiresInvalid.slice(0, 60)} is not a date browsers can read (RFC 6265bis §5.1.1): it is ignored, so this is a session cookie`);
  }
  return notes;
}
