/**
 * oauth.state-mismatch: the authorization response came back without the state its
 * authorization request sent, or with another (RFC 6749 §4.1.2: state is REQUIRED in the
 * response when it was in the request, with the exact value; §10.12: the client checks it
 * against CSRF). A client that checks it rejects the sign-in; one that does not is open to
 * login CSRF. Reported on the first exchange that carried the response.
 */
import type { Exchange } from "../../exchange.ts";
import { type Finding, finding } from "../../findings.ts";
import type { Rule, RuleContext } from "../../rule.ts";
import { quote } from "../../text/describe.ts";
import { responseInAttempt } from "../sign-in-flow.ts";
import { authorizeEvidence, carrierText, relatedOf, shown, startedText } from "./flow-text.ts";

function run(x: Exchange, ctx: RuleContext): Finding[] {
  const info = responseInAttempt(x, ctx);
  // Reported on the first exchange that carried the response; the others get a copy.
  if (!info || info.carriers[0]?.exchange.id !== x.id) return [];
  const { authorize, response: r, carriers } = info;
  const sent = authorize?.request.state;
  if (!authorize || sent === undefined || r.state === sent) return [];
  const returned = r.state !== undefined ? `state ${quote(shown(r.state))}` : "no state at all";
  const first = carriers[0]!;
  return [
    finding("oauth.state-mismatch", {
      detail:
        `${ctx.view(x).label} carried the authorization response with ${returned}, in ${carrierText(first)}, but its authorization request sent state ${quote(shown(sent))}. ` +
        "RFC 6749 §4.1.2 requires the exact value back; a client checking it (§10.12) rejects this sign-in, and one that does not is open to login CSRF. " +
        `${startedText(authorize, ctx)} ` +
        (r.state === undefined
          ? "A provider or proxy that drops parameters on the way back, or a redirect through another page that keeps only the code, loses it."
          : "Two sign-ins in flight (two tabs, a double click, a silent renewal racing an interactive one) overwrite each other's stored state; a state that is not URL-encoded can be cut at a `+` or `&`."),
      evidence: [
        { label: "state sent", value: shown(sent) },
        { label: "state returned", value: r.state !== undefined ? shown(r.state) : "(none)" },
        { label: "Carried in", value: carrierText(first) },
        ...authorizeEvidence(authorize),
      ],
      fix: "Store the state (with its code_verifier and nonce) per attempt, keyed by the state itself, and URL-encode it; start one interactive sign-in at a time.",
      related: relatedOf(carriers, x.id),
    }),
  ];
}

export const stateMismatchRule: Rule = { name: "oauth-state-mismatch", run };
