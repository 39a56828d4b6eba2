/**
 * auth.token-in-url: credentials in the query string. URLs are kept in browser history, server
 * and proxy access logs, and leave in Referer headers. RFC 6750 §2.3 says a bearer token SHOULD
 * NOT go in the URI unless no other way exists; the OAuth 2.0 Security BCP (RFC 9700 §4.3.2)
 * says clients MUST NOT do it. `code` is deliberately not listed: an authorization code is
 * single-use and belongs in the redirect URI (RFC 6749 §4.1.2).
 */
import { isPreflight } from "../../preflight.ts";
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { maskSecret } from "../../text/mask.ts";
import { isPlaceholderValue } from "../placeholder.ts";
import { hasUrlCredential, type UrlCredential, urlCredential } from "../url-credentials.ts";

export const tokenInUrlRule: Rule = {
  name: "token-in-url",
  run(x, ctx) {
    // A preflight repeats its request's URL: the request itself gets the finding.
    if (isPreflight(x) || !hasUrlCredential(x.request.url)) return [];
    let url: URL;
    try {
      url = new URL(x.request.url);
    } catch {
      return [];
    }
    const found: { name: string; value: string; rule: UrlCredential }[] = [];
    for (const [name, value] of url.searchParams) {
      const rule = urlCredential(name);
      if (!rule || value.length < rule.minLength || isPlaceholderValue(value)) continue;
      found.push({ name, value, rule });
    }
    if (found.length === 0) return [];
    const websocket = url.protocol === "ws:" || url.protocol === "wss:";
    const names = found.map((f) => `\`${f.name}\``).join(", ");
    return [
      finding("auth.token-in-url", {
        detail:
          `${ctx.view(x).label} carries ${found.map((f) => `${f.rule.what} in \`${f.name}\``).join(" and ")} in its URL. ` +
          `URLs are written to browser history, server and proxy access logs, and sent on in Referer headers, so the credential outlives the request (${found.map((f) => f.rule.why).join("; ")}).`,
        evidence: found.map((f) => ({ label: `URL parameter ${f.name}`, value: maskSecret(f.value) })),
        fix: websocket
          ? `Browsers cannot set headers on a WebSocket: instead of ${names}, pass a short-lived single-use ticket obtained over an authenticated fetch, or rely on a cookie.`
          : `Send the credential in a header instead of ${names}: \`Authorization: Bearer <token>\` (RFC 6750 §2.1), or an API-key header; revoke and reissue the ones that were in URLs, since logs keep them.`,
      }),
    ];
  },
};
