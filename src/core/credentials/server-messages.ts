/**
 * What well-known servers, gateways and libraries say when a request has no token they can use,
 * with their source. A server that says so about a request that did carry `Authorization` either
 * never received the header (something in between dropped it) or did not recognise its scheme.
 * Found in the response body or in the challenge's `error_description`.
 */
import { type Exchange, statusOf } from "../exchange.ts";
import { challengeField } from "../challenge/exchange-challenges.ts";
import { param } from "../challenge/schemes/types.ts";
import type { ExchangeView } from "../view/exchange-view.ts";

export interface ServerMessage {
  readonly pattern: RegExp;
  /** Who answers with it, and under which name. */
  readonly source: string;
}

/** "The header must say Bearer": the library found Authorization under another scheme or shape. */
export const BEARER_FORMAT_MESSAGES: readonly ServerMessage[] = [
  { pattern: /Format is Authorization: Bearer \[token\]/i, source: "express-jwt (credentials_bad_scheme) or @fastify/jwt (FST_JWT_BAD_REQUEST)" },
  { pattern: /Missing 'Bearer' type in 'Authorization' header/i, source: "Flask-JWT-Extended" },
];

/** How much of a body is searched: these messages come first in small error bodies. */
const SEARCHED_CHARS = 8_192;

export interface MessageMatch<M extends ServerMessage = ServerMessage> {
  readonly message: M;
  /** The text that matched, as the server wrote it. */
  readonly text: string;
  /** Where: "body" or "error_description". */
  readonly where: "response body" | "error_description";
  /** The pattern's named groups that matched (a value the server names, such as the audience it expects). */
  readonly groups?: Readonly<Record<string, string>>;
}

/** The texts a server explains itself in: its challenges' error_description and its body. */
function explanations(x: Exchange, view?: ExchangeView): { text: string; where: MessageMatch["where"] }[] {
  const out: { text: string; where: MessageMatch["where"] }[] = [];
  const field = view ? view.challenge("WWW-Authenticate") : challengeField(x, "WWW-Authenticate");
  for (const pc of field?.parse.challenges ?? []) {
    const d = param(pc.challenge, "error_description");
    if (d !== undefined) out.push({ text: d.slice(0, SEARCHED_CHARS), where: "error_description" });
  }
  const body = x.response?.body;
  if (body) out.push({ text: body.text.slice(0, SEARCHED_CHARS), where: "response body" });
  return out;
}

/**
 * The first of `messages` the server's answer holds (only 4xx answers explain a refusal). Rules
 * pass the exchange's view, whose challenge is read once per analysis.
 */
export function findServerMessage<M extends ServerMessage>(x: Exchange, messages: readonly M[], view?: ExchangeView): MessageMatch<M> | undefined {
  const status = statusOf(x);
  if (status < 400 || status > 499) return undefined;
  for (const { text, where } of explanations(x, view)) {
    for (const message of messages) {
      const m = message.pattern.exec(text);
      if (m) return { message, text: m[0], where, ...(m.groups ? { groups: matchedGroups(m.groups) } : {}) };
    }
  }
  return undefined;
}

/** The named groups that took part in the match (an alternative's unused group is undefined). */
function matchedGroups(groups: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(groups)) if (value !== undefined && value !== "") out[name] = value;
  return out;
}
