/**
 * The challenge fields of an exchange's response and their explanations (fields.ts reads them).
 * Rules read them through the exchange's view, which reads them once per analysis.
 */
import type { AttachedCredentials } from "../credentials/attached.ts";
import { attachedCredentials, carriesCredentials } from "../credentials/attached.ts";
import { type Exchange, statusOf } from "../exchange.ts";
import { fieldNames, headerValue, headerValueLists } from "../headers.ts";
import type { RuleContext } from "../rule.ts";
import type { ChallengeContext } from "./context.ts";
import { explainParsed } from "./explain.ts";
import { CHALLENGE_HEADERS, type ChallengeField, readChallengeField } from "./fields.ts";
import type { ChallengeExplanation, ChallengeHeader } from "./types.ts";

export type { ChallengeField } from "./fields.ts";

const CHALLENGE_FIELDS = fieldNames(CHALLENGE_HEADERS);

/**
 * The response's non-empty WWW-Authenticate or Proxy-Authenticate field, parsed, for a reader
 * outside the rules (the detail view); rules read ctx.view(x).challenge(header), read once.
 */
export function challengeField(x: Exchange, header: ChallengeHeader): ChallengeField | undefined {
  if (!x.response) return undefined;
  const values = headerValueLists(x.response.headers, CHALLENGE_FIELDS);
  return readChallengeField(header, values[CHALLENGE_HEADERS.indexOf(header)]);
}

/** What the explainers may know about this exchange for one challenge field. */
export function challengeContext(x: Exchange, header: ChallengeHeader, ctx?: RuleContext): ChallengeContext {
  const stripped = ctx?.facts.credentialsStripped !== undefined;
  const sent: AttachedCredentials = ctx ? ctx.view(x).credentials : attachedCredentials(x, false);
  const proxy = header === "Proxy-Authenticate";
  const answer = proxy ? sent.proxyAuthorization : sent.authorization;
  const nonce = ctx ? ctx.view(x).response.value("dpop-nonce") : x.response ? headerValue(x.response.headers, "dpop-nonce") : undefined;
  return {
    header,
    status: statusOf(x),
    ...(!stripped && answer?.scheme ? { sentScheme: answer.scheme } : {}),
    ...(!stripped ? { sentCredentials: proxy ? answer !== undefined : carriesCredentials(sent) } : {}),
    ...(nonce !== undefined ? { dpopNonce: nonce } : {}),
  };
}

/**
 * Every challenge of an exchange's response (WWW-Authenticate or Proxy-Authenticate), explained;
 * a 407's proxy challenges first. [] when the response carries neither field.
 */
export function explainExchangeChallenges(x: Exchange, ctx?: RuleContext): ChallengeExplanation[] {
  if (!x.response) return [];
  const order: readonly ChallengeHeader[] = statusOf(x) === 407 ? ["Proxy-Authenticate", "WWW-Authenticate"] : CHALLENGE_HEADERS;
  const out: ChallengeExplanation[] = [];
  for (const header of order) {
    const field = ctx ? ctx.view(x).challenge(header) : challengeField(x, header);
    if (field) out.push(...explainParsed(field.parse, challengeContext(x, header, ctx)));
  }
  return out;
}
