/**
 * Whether the server answered a request that carried `Authorization` as if none had arrived.
 * Two signs, each read from what the server itself said:
 *
 * - RFC 6750 §3.1: "If the request lacks any authentication information …, the resource server
 *   SHOULD NOT include an error code". A 401 whose Bearer (or DPoP, RFC 9449 §7.1) challenge has
 *   no `error` is that answer; a token that arrived and failed gets error="invalid_token".
 * - A known "no token" message (server-messages.ts).
 *
 * Only for the token schemes these signs speak of: a request that sent Basic and got a bare
 * Bearer challenge was answered correctly (auth.scheme-mismatch), and a placeholder instead of
 * a token (`Bearer undefined`) is its own finding.
 */
import { challengeField } from "../challenge/exchange-challenges.ts";
import type { ParsedChallenge } from "../challenge/parse.ts";
import { param } from "../challenge/schemes/types.ts";
import { type Exchange, statusOf } from "../exchange.ts";
import type { AttachedCredentials } from "./attached.ts";
import { findPlaceholder } from "./placeholder.ts";
import type { ExchangeView } from "../view/exchange-view.ts";
import { type MessageMatch, findServerMessage } from "./server-messages.ts";
import { NO_TOKEN_MESSAGES } from "../vendors/index.ts";

const TOKEN_SCHEMES: ReadonlySet<string> = new Set(["bearer", "dpop"]);

export type NotReceivedSign =
  /** A 401 challenge of the sent scheme without `error`. */
  | { readonly kind: "challenge"; readonly challenge: ParsedChallenge; readonly raw: string }
  /** A known "no token" message. */
  | { readonly kind: "message"; readonly match: MessageMatch };

function bareChallenge(x: Exchange, sent: string, view?: ExchangeView): NotReceivedSign | undefined {
  if (statusOf(x) !== 401) return undefined;
  const field = view ? view.challenge("WWW-Authenticate") : challengeField(x, "WWW-Authenticate");
  if (!field) return undefined;
  const oauth = field.parse.challenges.filter((pc) => TOKEN_SCHEMES.has(pc.challenge.scheme.toLowerCase()));
  // Any error code at all means the server saw a token (or a malformed request) and judged it.
  if (oauth.some((pc) => param(pc.challenge, "error") !== undefined)) return undefined;
  const same = oauth.find((pc) => pc.challenge.scheme.toLowerCase() === sent);
  return same ? { kind: "challenge", challenge: same, raw: field.value.slice(same.start, same.end) } : undefined;
}

/** The server's sign that the Authorization header did not reach it, or undefined (rules pass the exchange's view). */
export function authorizationNotReceived(x: Exchange, c: AttachedCredentials, view?: ExchangeView): NotReceivedSign | undefined {
  const status = statusOf(x);
  if (status !== 401 && status !== 403) return undefined;
  const auth = c.authorization;
  if (!auth || c.visibility === "stripped" || (view ? view.placeholder : findPlaceholder(auth))) return undefined;
  const sent = auth.scheme.toLowerCase();
  if (!TOKEN_SCHEMES.has(sent)) return undefined;
  const challenge = bareChallenge(x, sent, view);
  if (challenge) return challenge;
  const match = findServerMessage(x, NO_TOKEN_MESSAGES, view);
  return match ? { kind: "message", match } : undefined;
}
