/**
 * auth.basic-prompt-risk: a Basic challenge answering a script request. Browsers act on Basic
 * themselves: for a same-origin fetch or XHR that includes credentials they show their native
 * sign-in dialog before the page sees the 401 (Fetch standard, HTTP-network-or-cache fetch,
 * the 401 step). For CORS requests the standard does not prompt, but the same endpoint does
 * whenever it is called from its own origin or opened directly.
 */
import { quote, } from "../../text/describe.ts";
import { statusOf } from "../../exchange.ts";
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { param } from "../schemes/types.ts";
import { challengesIn, isCrossOrigin, isScriptRequest, rawOf, requestingOrigin } from "./shared.ts";

export const basicPromptRule: Rule = {
  name: "basic-prompt-risk",
  run(x, ctx) {
    if (statusOf(x) !== 401 || !isScriptRequest(x)) return [];
    const pc = challengesIn(ctx.view(x)).find((p) => p.challenge.scheme.toLowerCase() === "basic");
    if (!pc) return [];
    const realm = param(pc.challenge, "realm");
    const raw = rawOf(ctx.view(x), pc);
    const kind = x.resourceType === "xhr" ? "an XMLHttpRequest" : x.resourceType === "fetch" ? "a fetch()" : "a script request";
    const cross = isCrossOrigin(x);
    return [
      finding("auth.basic-prompt-risk", {
        detail:
          `${ctx.view(x).label} is ${kind} answered 401 with a Basic challenge (${quote(raw)}). ` +
          (cross
            ? `Browsers following the Fetch standard do not prompt for a cross-origin request like this one (from ${requestingOrigin(x)}), but the same endpoint shows the browser's native sign-in dialog whenever it is called from ${ctx.view(x).host} itself or opened in a tab.`
            : "Browsers answer it themselves with their native sign-in dialog: the page's code sees the 401 only after the user cancels, and cannot style or suppress the prompt."),
        evidence: [
          { label: "WWW-Authenticate", value: raw },
          { label: "Request type", value: x.resourceType ?? "unknown (has an Origin header)" },
          ...(realm !== undefined ? [{ label: "realm", value: realm }] : []),
        ],
        fix: `If this endpoint serves page scripts, do not send Basic to them: answer 401 with a challenge the browser does not act on, e.g. \`WWW-Authenticate: Bearer realm="${realm ?? ctx.view(x).host}"\`, or send the Basic challenge only to clients that ask for it (not to requests with \`X-Requested-With: XMLHttpRequest\`).`,
      }),
    ];
  },
};
