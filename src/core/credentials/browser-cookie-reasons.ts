/**
 * Chromium's own reasons for a cookie it did not send (CDP `Network.CookieBlockedReason`, in
 * `requestWillBeSentExtraInfo.associatedCookies[].blockedReasons`) or a Set-Cookie it refused to
 * store (`Network.SetCookieBlockedReason`, in `responseReceivedExtraInfo.blockedCookies`), in
 * plain words with their fix. The rules in RFC 6265bis: §5.8.3 (which cookies a request
 * carries: Domain, Path, Secure, SameSite), §5.7 (storing: Domain, prefixes, SameSite=None needs
 * Secure), §4.1.3 (`__Secure-` / `__Host-`).
 */

/** What the texts may name: the cookie, the request's host and path, the page it came from. */
export interface CookieReasonContext {
  readonly cookie: string;
  readonly host: string;
  readonly path: string;
  /** The site the request was made from, `scheme://host`, when the capture says. */
  readonly from?: string;
}

export interface CookieReason {
  /** Why, as a clause: "it is Secure and the request went over http". */
  readonly why: (c: CookieReasonContext) => string;
  readonly fix: (c: CookieReasonContext) => string;
}

type Side = "sent" | "set";

const crossSite = (c: CookieReasonContext) => `the request is cross-site (from ${c.from ?? "another site"} to ${c.host})`;
const SAMESITE_NONE_FIX = (c: CookieReasonContext) =>
  `If \`${c.cookie}\` must go with cross-site requests, set it with \`SameSite=None; Secure\` over https (and expect browsers that block third-party cookies to withhold it still); better, serve the API from the same site as the page.`;
const SCHEMEFUL = (c: CookieReasonContext) =>
  `the page and ${c.host} are the same site but not the same scheme (http and https count as different sites for SameSite)`;
const HTTPS_FIX = (c: CookieReasonContext) => `Serve the page and ${c.host} both over https, so they are one site.`;
const THIRD_PARTY_FIX = (c: CookieReasonContext) =>
  `Do not rely on third-party cookies: serve ${c.host} from the page's own site (a subdomain of it, or a path proxied by its server), or send a token in an Authorization header instead; a \`Partitioned\` (CHIPS) cookie is an option for embedded content.`;

/** Reasons both sides share, with words for each side where they differ. */
const SHARED: Readonly<Record<string, Readonly<Record<Side, CookieReason>>>> = {
  SecureOnly: {
    sent: {
      why: (c) => `it is Secure, and this request to ${c.host} did not go over https`,
      fix: (c) => `Call ${c.host} over https: a Secure cookie is never sent over plain http.`,
    },
    set: {
      why: (c) => `it has the Secure attribute but came over plain http from ${c.host}, and only a secure connection may set a Secure cookie`,
      fix: (c) => `Serve ${c.host} over https, or drop Secure from \`${c.cookie}\` for a local http setup only.`,
    },
  },
  SameSiteStrict: {
    sent: { why: (c) => `it is SameSite=Strict and ${crossSite(c)}`, fix: SAMESITE_NONE_FIX },
    set: { why: (c) => `it is SameSite=Strict and came in a response to a cross-site request (from ${c.from ?? "another site"})`, fix: SAMESITE_NONE_FIX },
  },
  SameSiteLax: {
    sent: { why: (c) => `it is SameSite=Lax and ${crossSite(c)}, which Lax allows only for top-level navigations`, fix: SAMESITE_NONE_FIX },
    set: { why: (c) => `it is SameSite=Lax and came in a response to a cross-site request (from ${c.from ?? "another site"})`, fix: SAMESITE_NONE_FIX },
  },
  SameSiteUnspecifiedTreatedAsLax: {
    sent: { why: (c) => `it has no SameSite attribute, which Chromium treats as Lax, and ${crossSite(c)}`, fix: SAMESITE_NONE_FIX },
    set: { why: (c) => `it has no SameSite attribute, which Chromium treats as Lax, and came in a response to a cross-site request (from ${c.from ?? "another site"})`, fix: SAMESITE_NONE_FIX },
  },
  SameSiteNoneInsecure: {
    sent: {
      why: () => "it is SameSite=None without Secure, which Chromium never sends",
      fix: (c) => `Set \`${c.cookie}\` with \`SameSite=None; Secure\` and serve the site over https.`,
    },
    set: {
      why: () => "it is SameSite=None without Secure, and a SameSite=None cookie must be Secure (RFC 6265bis §5.7)",
      fix: (c) => `Add Secure to \`${c.cookie}\` (\`SameSite=None; Secure\`) and serve the site over https; if it is not needed on cross-site requests, use SameSite=Lax instead.`,
    },
  },
  SchemefulSameSiteStrict: {
    sent: { why: (c) => `it is SameSite=Strict and ${SCHEMEFUL(c)}`, fix: HTTPS_FIX },
    set: { why: (c) => `it is SameSite=Strict and ${SCHEMEFUL(c)}`, fix: HTTPS_FIX },
  },
  SchemefulSameSiteLax: {
    sent: { why: (c) => `it is SameSite=Lax and ${SCHEMEFUL(c)}`, fix: HTTPS_FIX },
    set: { why: (c) => `it is SameSite=Lax and ${SCHEMEFUL(c)}`, fix: HTTPS_FIX },
  },
  SchemefulSameSiteUnspecifiedTreatedAsLax: {
    sent: { why: (c) => `it has no SameSite attribute (treated as Lax) and ${SCHEMEFUL(c)}`, fix: HTTPS_FIX },
    set: { why: (c) => `it has no SameSite attribute (treated as Lax) and ${SCHEMEFUL(c)}`, fix: HTTPS_FIX },
  },
  UserPreferences: {
    sent: {
      why: () => "the browser's cookie settings block it (third-party cookies blocked, or a site exception)",
      fix: (c) => `Check the browser's cookie settings for ${c.host}; a site must not depend on cookies the user may block — send a token in an Authorization header instead.`,
    },
    set: {
      why: () => "the browser's cookie settings block it (third-party cookies blocked, or a site exception)",
      fix: (c) => `Check the browser's cookie settings for ${c.host}; a site must not depend on cookies the user may block — send a token in an Authorization header instead.`,
    },
  },
  ThirdPartyPhaseout: {
    sent: { why: (c) => `it is a third-party cookie on this page (${c.host} is another site than ${c.from ?? "the page"}), and Chromium blocks third-party cookies`, fix: THIRD_PARTY_FIX },
    set: { why: (c) => `it would be a third-party cookie on this page (${c.host} is another site than ${c.from ?? "the page"}), and Chromium blocks third-party cookies`, fix: THIRD_PARTY_FIX },
  },
  ThirdPartyBlockedInFirstPartySet: {
    sent: { why: (c) => `it is a third-party cookie (${c.host} is another site than ${c.from ?? "the page"}), blocked although both sites are in one Related Website Set`, fix: THIRD_PARTY_FIX },
    set: { why: (c) => `it would be a third-party cookie (${c.host} is another site than ${c.from ?? "the page"}), blocked although both sites are in one Related Website Set`, fix: THIRD_PARTY_FIX },
  },
  NameValuePairExceedsMaxSize: {
    sent: {
      why: () => "its name and value together exceed 4096 bytes",
      fix: (c) => `Keep \`${c.cookie}\` under 4096 bytes: store a session id in it, not the data (or a large token).`,
    },
    set: {
      why: () => "its name and value together exceed 4096 bytes (RFC 6265bis §5.6)",
      fix: (c) => `Keep \`${c.cookie}\` under 4096 bytes: store a session id in it, not the data (or a large token).`,
    },
  },
};

/** Reasons only a request gives: the cookie is stored, but does not belong to this request. */
const SENT_ONLY: Readonly<Record<string, CookieReason>> = {
  NotOnPath: {
    why: (c) => `its Path attribute does not cover ${c.path}`,
    fix: (c) => `Set \`${c.cookie}\` with \`Path=/\` (or a path that covers ${c.path}).`,
  },
  DomainMismatch: {
    why: (c) => `its domain does not cover ${c.host} (it is host-only, or its Domain names another host)`,
    fix: (c) => `Set \`${c.cookie}\` with a Domain attribute that covers ${c.host} (the parent domain both hosts share), or call the host that set it.`,
  },
  PortMismatch: {
    why: (c) => `it was set by another port than this request's to ${c.host}, and Chromium binds cookies to their port`,
    fix: (c) => `Call ${c.host} on the port that set \`${c.cookie}\`, or set it with a Domain attribute (domain cookies are not bound to a port).`,
  },
  SchemeMismatch: {
    why: (c) => `it was set over another scheme (http or https) than this request's to ${c.host}, and Chromium binds cookies to their scheme`,
    fix: (c) => `Use one scheme for ${c.host} (https) for both the response that sets \`${c.cookie}\` and the requests that need it.`,
  },
  AnonymousContext: {
    why: () => "the request comes from a credentialless iframe (or another anonymous context), which sends no cookies",
    fix: () => "Load the frame without the `credentialless` attribute if it needs the user's cookies.",
  },
};

/** Reasons only a Set-Cookie gives: the line itself is refused. */
const SET_ONLY: Readonly<Record<string, CookieReason>> = {
  SyntaxError: {
    why: () => "the Set-Cookie line does not parse (no `name=value`, or a control character)",
    fix: (c) => `Send \`${c.cookie}\` as \`Set-Cookie: name=value; attributes\` with the value encoded (base64url or percent-encoding) if it holds special characters.`,
  },
  DisallowedCharacter: {
    why: () => "its name or value holds a character a cookie may not contain",
    fix: (c) => `Encode the value of \`${c.cookie}\` (base64url or percent-encoding) before setting it.`,
  },
  NoCookieContent: {
    why: () => "the Set-Cookie line has neither a name nor a value",
    fix: () => "Remove the empty Set-Cookie line, or give it a name and a value.",
  },
  SchemeNotSupported: {
    why: () => "the response's URL scheme does not allow cookies",
    fix: () => "Set the cookie from an http or https response.",
  },
  OverwriteSecure: {
    why: (c) => `a Secure cookie named \`${c.cookie}\` is already stored for ${c.host}, and a line from plain http may not replace it`,
    fix: (c) => `Set \`${c.cookie}\` from https (with Secure), or delete the existing Secure cookie from https first.`,
  },
  InvalidDomain: {
    why: (c) => `its Domain attribute does not cover ${c.host}, the host that sent it (a server may only set cookies for its own domain or a parent of it)`,
    fix: (c) => `Set \`${c.cookie}\` with a Domain that ${c.host} belongs to (its own host or a parent domain, never a public suffix), or leave Domain out for a host-only cookie.`,
  },
  InvalidPrefix: {
    why: () => "its `__Secure-` or `__Host-` prefix demands attributes it lacks (Secure, https; for `__Host-` also Path=/ and no Domain)",
    fix: (c) => `Give \`${c.cookie}\` what its prefix requires: Secure over https; for \`__Host-\` also \`Path=/\` and no Domain (RFC 6265bis §4.1.3).`,
  },
};

/** The words for one reason on one side; an unknown reason (a newer Chromium) is named as it is. */
export function cookieReason(reason: string, side: Side): CookieReason | undefined {
  if (Object.hasOwn(SHARED, reason)) return SHARED[reason]![side];
  const own = side === "sent" ? SENT_ONLY : SET_ONLY;
  return Object.hasOwn(own, reason) ? own[reason] : undefined;
}
