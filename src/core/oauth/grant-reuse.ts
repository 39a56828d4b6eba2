/**
 * Whether the capture shows the same authorization code or refresh token sent to the token
 * endpoint before. Codes are single-use (RFC 6749 §4.1.2), and with refresh token rotation a
 * refresh token is void once exchanged (RFC 9700 §4.14.2): an earlier use is the cause of an
 * invalid_grant, shown instead of guessed. Values are compared, never shown.
 */
import type { Exchange } from "../exchange.ts";
import { listIndex } from "../analysis/capture-index.ts";
import type { RuleContext } from "../rule.ts";
import { GRANT } from "./token-errors.ts";
import { type TokenRequest, tokenRequestOf } from "./token-request.ts";

/** The parameter that carries the single-use grant, per grant type. */
export const GRANT_PARAM: Readonly<Record<string, string>> = {
  [GRANT.code]: "code",
  [GRANT.refresh]: "refresh_token",
};

function keyOf(grant: string, value: string): string {
  return `${grant}\u0000${value}`;
}

/** The single-use grant a request's token parameters carry, as a key; undefined when none. */
function grantOf(x: Exchange, req: TokenRequest = tokenRequestOf(x)): string | undefined {
  const param = req.grantType !== undefined && Object.hasOwn(GRANT_PARAM, req.grantType) ? GRANT_PARAM[req.grantType]! : undefined;
  const value = param !== undefined ? req.params.get(param) : undefined;
  if (req.grantType === undefined || value === undefined || value === "") return undefined;
  return keyOf(req.grantType, value);
}

/** Token requests (POST, RFC 6749 §3.2) by the code or refresh token they sent. */
const GRANTS = listIndex("grant", (x) => (x.request.method === "POST" && x.request.body ? grantOf(x) : undefined));

export interface EarlierUse {
  readonly exchange: Exchange;
  /** Its status, 0 when no answer was captured. */
  readonly status: number;
}

/** The latest earlier request that sent the same code or refresh token, if the capture has one. */
export function earlierUse(x: Exchange, ctx: RuleContext): EarlierUse | undefined {
  const key = grantOf(x, ctx.view(x).tokenRequest);
  if (key === undefined) return undefined;
  const same = ctx.lookup(GRANTS, key);
  let found: Exchange | undefined;
  for (const other of same) {
    if (other === x || other.id === x.id) break;
    if (other.observedAt <= x.observedAt) found = other;
  }
  return found ? { exchange: found, status: found.response?.status ?? 0 } : undefined;
}

/** Every request of the capture that sent this code or refresh token (grant_type per GRANT_PARAM), in capture order. */
export function grantUses(grantType: string, value: string, ctx: Pick<RuleContext, "lookup">): readonly Exchange[] {
  return value === "" ? [] : ctx.lookup(GRANTS, keyOf(grantType, value));
}
