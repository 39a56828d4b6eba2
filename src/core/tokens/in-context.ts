/**
 * The tokens of an exchange as the rules see them, shared by every token rule: read from the
 * exchange's view (view/exchange-view.ts), which decodes them once per analysis and leaves out,
 * on a capture stripped of credentials, the stripping tool's marks.
 */
import type { Exchange } from "../exchange.ts";
import type { RuleContext } from "../rule.ts";
import type { LocatedToken } from "./tokens-of.ts";

/** The exchange's tokens. Most exchanges carry none: token rules return at once on an empty list. */
export function tokensIn(x: Exchange, ctx: RuleContext): readonly LocatedToken[] {
  return ctx.view(x).tokens;
}
