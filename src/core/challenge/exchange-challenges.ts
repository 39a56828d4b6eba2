/**
 * The challenge fields of an exchange's response, read once and shared by every rule (a
 * capture can hold thousands of 401s). Captures differ in how they deliver repeated field
 * lines: Chromium lists each line, Firefox joins them with a line feed. A bare line feed can
 * never be part of a field value (RFC 9110 §5.5), so it is read as a line boundary here.
 */
import type { AttachedCredentials } from "../credentials/attached.ts";
import { attachedCredentials, carriesCredentials } from "../credentials/attached.ts";
import { type Exchange, statusOf } from "../exchange.ts";
import { fieldNames, headerValue, headerValueLists } from "../headers.ts";
import { TRUNCATION_MARK } from "../limits.ts";
import type { RuleContext } from "../rule.ts";
import type { ChallengeContext } from "./context.ts";
import { explainParsed } from "./explain.ts";
import { type DetailedParse, parseDetailed } from "./parse.ts";
import type { ChallengeExplanation, ChallengeHeader } from "./types.ts";

export interface ChallengeField {
  readonly header: ChallengeHeader;
  /** The field lines, as received. */
  readonly lines: readonly string[];
  /** The lines combined (RFC 9110 §5.3). */
  readonly value: string;
  readonly parse: DetailedParse;
  /** The capture cut the value (LIMITS.headerValueChars): its end is missing. */
  readonly clipped: boolean;
}

const CHALLENGE_HEADERS: readonly ChallengeHeader[] = ["WWW-Authenticate", "Proxy-Authenticate"];
const CHALLENGE_FIELDS = fieldNames(CHALLENGE_HEADERS);
const LINE_BOUNDARY = /\r?\n(?![ \t])/;

const cache = new WeakMap<Exchange, ReadonlyMap<ChallengeHeader, ChallengeField>>();

/** Most responses carry neither field: they all share this empty map (and are not cached). */
const NO_FIELDS: ReadonlyMap<ChallengeHeader, ChallengeField> = new Map();

/**
 * The exchange asked about last: the challenge rules ask about each exchange in turn, a dozen
 * times, and reading its response headers again each time would cost more than the rules.
 */
let last: { readonly x: Exchange; readonly fields: ReadonlyMap<ChallengeHeader, ChallengeField> } | undefined;

function readField(header: ChallengeHeader, values: readonly string[] | undefined): ChallengeField | undefined {
  if (values === undefined || values.length === 0) return undefined;
  let clipped = false;
  const lines = values.flatMap((v) => {
    if (v.endsWith(TRUNCATION_MARK)) {
      clipped = true;
      v = v.slice(0, -TRUNCATION_MARK.length);
    }
    return v.split(LINE_BOUNDARY);
  });
  if (lines.every((l) => l.trim() === "")) return undefined;
  const parse = parsedLines(lines);
  return { header, lines, value: parse.value, parse, clipped };
}

/**
 * The field lines parsed last and their reading: the challenged responses of a capture mostly
 * carry the same challenge, one after another, and comparing it costs less than parsing it.
 */
let lastParse: { readonly lines: readonly string[]; readonly parse: DetailedParse } | undefined;

function parsedLines(lines: readonly string[]): DetailedParse {
  const known = lastParse;
  if (known && known.lines.length === lines.length && known.lines.every((l, i) => l === lines[i])) return known.parse;
  const parse = parseDetailed(lines);
  lastParse = { lines, parse };
  return parse;
}

function fieldsOf(x: Exchange): ReadonlyMap<ChallengeHeader, ChallengeField> {
  if (last?.x === x) return last.fields;
  let fields = cache.get(x);
  if (!fields) {
    const map = new Map<ChallengeHeader, ChallengeField>();
    // Both fields in one pass over the response headers: most responses carry neither.
    const values = x.response ? headerValueLists(x.response.headers, CHALLENGE_FIELDS) : [];
    for (let i = 0; i < CHALLENGE_HEADERS.length; i++) {
      const header = CHALLENGE_HEADERS[i]!;
      const field = readField(header, values[i]);
      if (field) map.set(header, field);
    }
    fields = map.size > 0 ? map : NO_FIELDS;
    if (map.size > 0) cache.set(x, fields);
  }
  last = { x, fields };
  return fields;
}

/** The response's non-empty WWW-Authenticate or Proxy-Authenticate field, parsed. */
export function challengeField(x: Exchange, header: ChallengeHeader): ChallengeField | undefined {
  return x.response ? fieldsOf(x).get(header) : undefined;
}

/** What the explainers may know about this exchange for one challenge field. */
export function challengeContext(x: Exchange, header: ChallengeHeader, ctx?: RuleContext): ChallengeContext {
  const stripped = ctx?.facts.credentialsStripped !== undefined;
  const sent: AttachedCredentials = ctx ? ctx.credentials(x) : attachedCredentials(x, false);
  const proxy = header === "Proxy-Authenticate";
  const answer = proxy ? sent.proxyAuthorization : sent.authorization;
  const nonce = x.response ? headerValue(x.response.headers, "dpop-nonce") : undefined;
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
    const field = challengeField(x, header);
    if (field) out.push(...explainParsed(field.parse, challengeContext(x, header, ctx)));
  }
  return out;
}
