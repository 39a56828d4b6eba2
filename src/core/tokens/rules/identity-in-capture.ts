/**
 * auth.token-key-unknown, auth.token-signature-invalid, auth.token-audience-mismatch and
 * auth.token-issuer-mismatch from the capture (identity/evidence.ts), when a 401 does not say why
 * in words AuthLens knows: the issuer's key set the page fetched (and an RS256, PS256 or ES256
 * signature checked against it), the tokens the same API accepted, its protected resource
 * metadata, the environments both hosts name. What the server says (server-reason.ts) comes
 * first: a code it names is not said again here.
 */
import { clipped } from "../../challenge/rules/shared.ts";
import { findServerMessage } from "../../credentials/server-messages.ts";
import { statusOf } from "../../exchange.ts";
import { finding } from "../../findings.ts";
import { isPreflight } from "../../preflight.ts";
import type { Rule } from "../../rule.ts";
import { tokensIn } from "../in-context.ts";
import { identityInCapture } from "../identity/evidence.ts";
import { SERVER_REASONS } from "../server-reasons.ts";
import { tokenEvidence } from "../token-text.ts";
import { TEXT } from "./server-reason.ts";

export const identityInCaptureRule: Rule = {
  name: "token-identity-in-capture",
  run(x, ctx) {
    if (statusOf(x) !== 401 || isPreflight(x) || x.preflightFor !== undefined || ctx.facts.credentialsStripped !== undefined) return [];
    // A Bearer token (RFC 6750 §2.1), as the accepted ones are: under another scheme the API
    // never read it (auth.scheme-mismatch says so).
    if (ctx.credentials(x).authorization?.scheme.toLowerCase() !== "bearer") return [];
    const sent = tokensIn(x, ctx).find((l) => l.source === "authorization" && l.token.kind === "jws" && l.token.payload !== undefined)?.token;
    if (!sent) return [];
    const reasons = identityInCapture(x, sent, ctx, ctx.credentials(x).authorization?.credentials.trim());
    if (reasons.length === 0) return [];
    const said = findServerMessage(x, SERVER_REASONS, ctx.view(x))?.message.code;
    const challenge = ctx.view(x).challenge("WWW-Authenticate")?.value;
    return reasons
      .filter((r) => r.code !== said)
      .map((r) =>
        finding(r.code, {
          detail: `${ctx.view(x).label} was refused with 401. ${r.sentence}`,
          evidence: [
            { label: "Status", value: "401" },
            ...(challenge !== undefined ? [{ label: "WWW-Authenticate", value: clipped(challenge) }] : []),
            { label: "The token's value", value: r.seen },
            { label: "Expected (as the capture shows)", value: r.expected },
            r.learned,
            ...tokenEvidence(sent, ctx.view(x).tokenText),
          ],
          fix: TEXT[r.code].fix(r.instead),
        }),
      );
  },
};
