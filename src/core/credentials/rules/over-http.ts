/**
 * auth.credentials-over-http: Authorization, a token header or a session cookie sent in clear
 * text to a host that is not loopback. Loopback (127.0.0.0/8, ::1, localhost, *.localhost) never
 * leaves the machine, so local development is not flagged.
 */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { isTokenHeader } from "../../tokens/sources.ts";
import { maskAuthorization, maskSecret } from "../../text/mask.ts";
import { isPlaceholderValue } from "../placeholder.ts";
import { isLoopbackHost } from "../site.ts";

/** Cookie names that hold a session or a token by convention. */
const SESSION_COOKIE = /sess|sid$|^sid|auth|token|jwt|login|remember|identity|^connect\.sid$|^JSESSIONID$|^PHPSESSID$|^ASP\.NET_SessionId$|^laravel_session$|^_session_id$/i;

export const credentialsOverHttpRule: Rule = {
  name: "credentials-over-http",
  run(x, ctx) {
    if (!/^(http|ws):\/\//i.test(x.request.url) || ctx.facts.credentialsStripped !== undefined) return [];
    let host: string;
    try {
      host = new URL(x.request.url).hostname;
    } catch {
      return [];
    }
    if (isLoopbackHost(host)) return [];
    const c = ctx.credentials(x);
    const sent: { label: string; value: string }[] = [];
    if (c.authorization && !isPlaceholderValue(c.authorization.credentials)) {
      const basic = c.authorization.scheme.toLowerCase() === "basic";
      sent.push({
        label: "Authorization",
        value: `${maskAuthorization(c.authorization)}${basic ? " (a user and password in base64, readable by anyone on the path)" : ""}`,
      });
    }
    for (const h of x.request.headers) {
      if (isTokenHeader(h.name.toLowerCase()) && !isPlaceholderValue(h.value)) sent.push({ label: h.name, value: maskSecret(h.value) });
    }
    const sessions = c.cookieNames.filter((n) => SESSION_COOKIE.test(n));
    if (sessions.length > 0) sent.push({ label: "Session cookies", value: sessions.join(", ") });
    if (sent.length === 0) return [];
    const scheme = x.request.url.slice(0, x.request.url.indexOf(":")).toLowerCase();
    return [
      finding("auth.credentials-over-http", {
        detail:
          `${ctx.view(x).label} sent ${sent.map((s) => s.label).join(", ")} over plain ${scheme}:// to ${ctx.view(x).host}, which is not a loopback address: ` +
          "anyone on the network path (Wi-Fi, proxy, ISP) can read and replay them.",
        evidence: [{ label: "URL scheme", value: `${scheme}://` }, ...sent],
        fix: `Serve ${ctx.view(x).host} over https (wss for WebSockets), redirect http to it and enable HSTS; mark session cookies Secure so browsers never send them over http. Rotate credentials that already went out in clear text.`,
      }),
    ];
  },
};
