/**
 * auth.token-placeholder: `Bearer undefined` and its relatives (placeholder.ts holds the table),
 * reported on a request that failed, with the defect named and any real token masked.
 */
import { type Exchange, statusOf } from "../../exchange.ts";
import { finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { maskSecret } from "../../text/mask.ts";

/**
 * The request failed: no answer at all, or a 4xx/5xx status. A success proves the server did not
 * need the header (or accepted what it holds: `Authorization: basics` answered 200), and
 * FINDINGS.md never advises on a healthy request from a guess.
 */
function failed(x: Exchange): boolean {
  const status = statusOf(x);
  return status === 0 || status >= 400;
}

/** `auth.token-placeholder` on a request that failed; a success gets nothing (see `failed`). */
export const tokenPlaceholderRule: Rule = {
  name: "token-placeholder",
  run(x, ctx) {
    // A stripped capture's "[REDACTED]" is the tool's mark, not the client's bug.
    if (ctx.facts.credentialsStripped !== undefined || !failed(x)) return [];
    const auth = ctx.credentials(x).authorization;
    if (!auth) return [];
    const match = ctx.view(x).placeholder;
    if (!match) return [];
    // The defect may wrap a real token ("Bearer Bearer eyJ…"): never show that token whole.
    const shown = auth.credentials.length > 16 ? `${auth.scheme} ${maskSecret(auth.credentials)}` : auth.raw;
    return [
      finding("auth.token-placeholder", {
        detail: `${ctx.view(x).label} sent \`Authorization: ${JSON.stringify(shown).slice(1, -1)}\`: ${match.what} instead of a token. Usually ${match.cause}.`,
        evidence: [
          { label: "Authorization", value: JSON.stringify(shown) },
          { label: "Defect", value: match.what },
        ],
        fix: "Only add the Authorization header once the token is known, and build it from the token string itself: `Authorization: Bearer <access token>` where the token is a non-empty string (not an object, not already prefixed, not JSON-encoded).",
      }),
    ];
  },
};
