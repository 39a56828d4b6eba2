/**
 * cookie.secure-over-http: a Secure cookie set by a plain-http response. RFC 6265bis §5.7 has the
 * browser ignore it unless the origin is "secure" as the browser defines it; Chromium and Firefox
 * count loopback (http://localhost, 127.0.0.1) as potentially trustworthy and keep it there. So
 * on loopback nothing failed: a note (info) that the same setup needs https elsewhere, never a
 * warning on a request that worked (FINDINGS.md v2: no advice on a healthy request from a guess).
 */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { maskSecret } from "../../text/mask.ts";
import { setterOf } from "../set-cookie-breakdown.ts";
import { parseSetCookie, } from "../set-cookie.ts";
import { isLoopbackHost } from "../site.ts";

export const secureOverHttpRule: Rule = {
  name: "cookie-secure-over-http",
  run(x, ctx) {
    const lines = ctx.view(x).setCookieLines;
    if (lines.length === 0 || !/^(http|ws):/i.test(x.request.url)) return [];
    const setter = setterOf(x.request.url);
    if (!setter) return [];
    const loopback = isLoopbackHost(setter.host);
    return lines.flatMap((line) => {
      const c = parseSetCookie(line);
      if (!c.secure) return [];
      const fate = loopback
        ? `Browsers treat loopback as a secure context and keep it here, but the same response from any other http host would have \`${c.name}\` ignored (RFC 6265bis §5.7).`
        : `Only secure origins may set Secure cookies, so browsers ignore it (RFC 6265bis §5.7): \`${c.name}\` is never stored and never sent back.`;
      return [
        finding("cookie.secure-over-http", {
          detail: `The response to ${ctx.view(x).label}, served over plain http, sets cookie \`${c.name}\` with Secure. ${fate}`,
          evidence: [
            { label: "Cookie", value: `${c.name}=${maskSecret(c.value)}` },
            { label: "Set by", value: `${setter.scheme}://${setter.host}` },
          ],
          fix: loopback
            ? `Serve the deployed site over https; keep Secure, since it is right there.`
            : `Serve ${setter.host} over https (and redirect http to https); for local development use http://localhost, which browsers treat as secure.`,
          ...(loopback ? { severity: "info" as const } : {}),
        }),
      ];
    });
  },
};
