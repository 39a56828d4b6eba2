/** cookie.samesite-none-without-secure: browsers ignore such a cookie entirely (RFC 6265bis §5.7). */
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { maskSecret } from "../../text/mask.ts";
import { parseSetCookie, } from "../set-cookie.ts";

export const sameSiteNoneWithoutSecureRule: Rule = {
  name: "cookie-samesite-none-without-secure",
  run(x, ctx) {
    return ctx.view(x).setCookieLines.flatMap((line) => {
      const c = parseSetCookie(line);
      if (c.sameSite !== "None" || c.secure) return [];
      const attributes = c.attributes.map((a) => (a.value === undefined ? a.name : `${a.name}=${a.value}`)).join("; ");
      return [
        finding("cookie.samesite-none-without-secure", {
          detail:
            `The response to ${ctx.view(x).label} sets cookie \`${c.name}\` with SameSite=None but without Secure. ` +
            "Browsers ignore such a cookie entirely (RFC 6265bis §5.7; Chromium since version 80), so it is never stored and never sent back: " +
            `every later request that relies on \`${c.name}\` goes out without it.`,
          evidence: [
            { label: "Cookie", value: `${c.name}=${maskSecret(c.value)}` },
            { label: "Attributes", value: attributes || "(none)" },
          ],
          fix: `Add Secure: \`Set-Cookie: ${c.name}=…; ${attributes ? `${attributes}; ` : ""}Secure\`, and serve the site over https. If the cookie is not needed on cross-site requests, use SameSite=Lax instead.`,
        }),
      ];
    });
  },
};
