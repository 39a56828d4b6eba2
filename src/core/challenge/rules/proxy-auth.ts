/**
 * auth.proxy-auth-required: a 407 with Proxy-Authenticate (RFC 9110 §15.5.8): a proxy between
 * the client and the server wants credentials before it forwards anything. Page scripts cannot
 * answer it (Proxy-Authorization is a forbidden request header); the browser or the OS must.
 *
 * Also the 407 Chromium refuses: one that did not come from the proxy the browser is set to use
 * (the server itself, or a transparent proxy the browser does not know of) fails the request with
 * net::ERR_UNEXPECTED_PROXY_AUTH, no status, and page script sees only "Failed to fetch".
 */
import { type Exchange, originOf, statusOf } from "../../exchange.ts";
import { type Finding, finding } from "../../findings.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import { param } from "../schemes/types.ts";
import { clipped } from "./shared.ts";

/** How to give a proxy what each scheme family asks for. */
const HOW: Readonly<Record<string, string>> = {
  basic:
    "configure the proxy's user name and password where the proxy is set up: browsers ask in a dialog or use the system's proxy settings; command-line tools take them in the proxy URL (HTTPS_PROXY=http://user:password@proxy:port) or --proxy-user",
  digest: "configure the proxy's user name and password in the browser or the system's proxy settings; curl: --proxy-digest --proxy-user user:password",
  negotiate:
    "the proxy wants Windows integrated authentication: sign in to the domain on this machine and allow the proxy host for integrated authentication (Chrome, Edge: AuthServerAllowlist); curl: --proxy-negotiate -U :",
  ntlm: "the proxy wants NTLM: sign in to the domain on this machine and allow the proxy host for integrated authentication; curl: --proxy-ntlm --proxy-user user:password",
};

const FALLBACK = "configure the credentials this proxy expects in the browser's or the system's proxy settings";

/** Chromium's net error for a 407 from anything but its configured proxy (net/base/net_error_list.h). */
const UNEXPECTED_PROXY_AUTH = /ERR_UNEXPECTED_PROXY_AUTH/i;

function unexpectedProxyAuth(x: Exchange, ctx: RuleContext): Finding {
  const host = ctx.view(x).host;
  return finding("auth.proxy-auth-required", {
    detail:
      `Chromium refused ${ctx.view(x).label} with ${x.error}: the answer was a 407 Proxy Authentication Required, but it did not come from a proxy the browser is set to use. ` +
      `A 407 and its Proxy-Authenticate are for proxies only (RFC 9110 §15.5.8); answered by ${host} itself (or by a transparent proxy the browser does not know of), Chromium fails the request instead of asking for proxy credentials, records no status, and page script sees only "TypeError: Failed to fetch".`,
    evidence: [
      { label: "Browser error", value: x.error ?? "" },
      { label: "Status", value: "0 (no response handed over)" },
      { label: "Target", value: originOf(x.request.url) ?? host },
    ],
    fix:
      `If ${host} wants credentials of its own, make it answer 401 with WWW-Authenticate (407 and Proxy-Authenticate are a proxy's). ` +
      "If a proxy is meant to ask, configure that proxy in the browser's or the system's proxy settings (or the PAC file), so that its 407 comes from the proxy Chromium uses; on a network with an intercepting proxy, ask its administrators to exempt this host.",
  });
}

export const proxyAuthRule: Rule = {
  name: "proxy-auth-required",
  run(x, ctx) {
    if (!x.response && x.error !== undefined && UNEXPECTED_PROXY_AUTH.test(x.error)) return [unexpectedProxyAuth(x, ctx)];
    if (statusOf(x) !== 407) return [];
    const field = ctx.view(x).challenge("Proxy-Authenticate");
    if (!field) return [];
    const challenges = field.parse.challenges.map((pc) => pc.challenge);
    const offered = challenges.map((c) => {
      const realm = param(c, "realm");
      return realm !== undefined ? `${c.scheme} (realm "${realm}")` : c.scheme;
    });
    const sent = ctx.facts.credentialsStripped === undefined ? ctx.credentials(x).proxyAuthorization : undefined;
    const known = [...new Set(challenges.map((c) => c.scheme.toLowerCase()))].filter((s) => Object.hasOwn(HOW, s));
    const ways = known.length > 0 ? known.map((s) => HOW[s]!) : [FALLBACK];
    return [
      finding("auth.proxy-auth-required", {
        detail:
          `A proxy stopped ${ctx.view(x).label} with 407: it wants ${offered.length > 0 ? offered.join(", ") : "credentials"} before it forwards the request to the server.` +
          (sent
            ? ` The request carried Proxy-Authorization (${sent.scheme || "no scheme"}), which the proxy refused.`
            : " The request carried no Proxy-Authorization.") +
          " Page scripts cannot answer a proxy: Proxy-Authorization is a forbidden request header for fetch and XHR.",
        evidence: [
          { label: "Status", value: "407" },
          { label: "Proxy-Authenticate", value: clipped(field.value) },
          { label: "Proxy-Authorization", value: sent ? `${sent.scheme} (sent)` : "(not sent)" },
        ],
        fix: `${ways.map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join("; or ")}.`,
      }),
    ];
  },
};
