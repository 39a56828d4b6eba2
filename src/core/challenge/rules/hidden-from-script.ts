/**
 * auth.challenge-hidden-from-script: a cross-origin 401 that passed CORS but does not expose
 * WWW-Authenticate. It is not a CORS-safelisted response header (Fetch standard §3.2.6), so
 * unless Access-Control-Expose-Headers names it, `response.headers.get("WWW-Authenticate")`
 * returns null and the app's refresh or step-up logic never sees the challenge (RFC 9449 §7.1
 * makes the same point for DPoP).
 */
import { quote, } from "../../text/describe.ts";
import { statusOf } from "../../exchange.ts";
import { finding } from "../../findings.ts";
import { hasHeader, headerValue } from "../../headers.ts";
import type { Rule } from "../../rule.ts";
import { clipped, exposedHeaders, exposedToScript, isCrossOrigin, isScriptRequest, requestingOrigin } from "./shared.ts";

export const challengeHiddenRule: Rule = {
  name: "challenge-hidden-from-script",
  run(x, ctx) {
    if (statusOf(x) !== 401 || !x.response || !isScriptRequest(x) || !isCrossOrigin(x)) return [];
    // Without Access-Control-Allow-Origin the whole response is blocked: the CORS rules say so.
    if (!hasHeader(x.response.headers, "access-control-allow-origin")) return [];
    const field = ctx.view(x).challenge("WWW-Authenticate");
    if (!field) return [];
    const exposed = exposedHeaders(x);
    const stripped = ctx.facts.credentialsStripped !== undefined;
    // "*" exposes everything only to requests without credentials; a stripped capture cannot tell.
    if (stripped && exposed.includes("*")) return [];
    const credentialed = !stripped && ctx.credentials(x).cookieNames.length > 0;
    if (exposedToScript(x, "www-authenticate", credentialed)) return [];

    const aceh = headerValue(x.response.headers, "access-control-expose-headers");
    const alsoNonce = hasHeader(x.response.headers, "dpop-nonce") && !exposedToScript(x, "dpop-nonce", credentialed);
    const names = [...(aceh ? aceh.split(",").map((h) => h.trim()).filter((h) => h !== "" && h !== "*") : []), "WWW-Authenticate", ...(alsoNonce ? ["DPoP-Nonce"] : [])];
    const wildcard = exposed.includes("*") && credentialed;
    return [
      finding("auth.challenge-hidden-from-script", {
        detail:
          `${ctx.view(x).label} is a cross-origin request from ${requestingOrigin(x)}, and its 401 carries a challenge (${quote(field.value)}) that the page's JavaScript cannot read: ` +
          `WWW-Authenticate is not listed in Access-Control-Expose-Headers (${aceh !== undefined ? `"${aceh}"` : "absent"}), so response.headers.get("WWW-Authenticate") returns null and token-refresh or step-up code never sees it.` +
          (wildcard ? ' The "*" does not help: this request carried cookies, and for credentialed requests "*" is just a header name (Fetch standard).' : "") +
          (alsoNonce ? " The same goes for its DPoP-Nonce header." : ""),
        evidence: [
          { label: "Origin", value: requestingOrigin(x) ?? "(unknown)" },
          { label: "WWW-Authenticate", value: clipped(field.value) },
          { label: "Access-Control-Expose-Headers", value: aceh ?? "(absent)" },
          ...(credentialed ? [{ label: "Credentials", value: "cookies were sent" }] : []),
        ],
        fix: `Expose it on the response: \`Access-Control-Expose-Headers: ${names.join(", ")}\`.`,
      }),
    ];
  },
};
