/**
 * A parsed challenge + its scheme's explainer → a ChallengeExplanation: the summary and next
 * steps the explainer words, each parameter with its meaning, and the problems — the parser's
 * and those the scheme's specification adds (required parameters, quoting, forms).
 */
import { type ChallengeContext, ORIGIN_CONTEXT } from "./context.ts";
import { utf8Reading } from "./isomorphic.ts";
import { type DetailedParse, type ParsedChallenge, parseDetailed } from "./parse.ts";
import { explainerFor } from "./schemes/registry.ts";
import { short } from "./schemes/read.ts";
import { type SchemeExplainer, type SchemeInput, param, schemeProblem } from "./schemes/types.ts";
import { unknownScheme } from "./schemes/unknown.ts";
import type { ChallengeExplanation, ChallengeProblem, ExplainedParam } from "./types.ts";

/** Challenges explained per field; a real response has one to four. */
export const MAX_EXPLAINED = 32;
/** Longest raw challenge or parameter value kept in an explanation. */
export const MAX_SHOWN_CHARS = 4_096;
/** Parameters listed per challenge. */
const MAX_PARAMS = 64;
/** Parameters given a second, UTF-8 reading. */
const MAX_ENCODING_NOTES = 3;

const clip = (v: string) => (v.length > MAX_SHOWN_CHARS ? `${v.slice(0, MAX_SHOWN_CHARS - 1)}…` : v);

function withUtf8(meaning: string, value: string): string {
  const utf8 = utf8Reading(value);
  return utf8 === undefined ? meaning : `${meaning} Read as UTF-8: "${short(utf8)}".`;
}

function paramRows(ex: SchemeExplainer, input: SchemeInput): ExplainedParam[] {
  const c = input.challenge;
  const rows: ExplainedParam[] = [];
  if (c.token68 !== undefined) {
    rows.push({
      name: "token68",
      value: clip(c.token68),
      meaning:
        ex === unknownScheme
          ? "The challenge's token68 value, as sent."
          : ex.token68 === "payload"
            ? `The ${ex.family} token (base64).`
            : `A token68 value, which ${ex.spec} does not define for ${c.scheme}.`,
    });
    rows.push(...(ex.decodeToken68?.(c.token68) ?? []));
  }
  for (const [name, value] of Object.entries(c.params).slice(0, MAX_PARAMS)) {
    const doc = Object.hasOwn(ex.params, name) ? ex.params[name] : undefined;
    const read = doc?.read?.(value, input);
    const meaning = doc
      ? `${doc.meaning}${read ? ` Here: ${read.replace(/\.$/, "")}.` : ""}`
      : ex === unknownScheme
        ? "A parameter of this scheme, as sent."
        : `Not a parameter of ${ex.spec}; clients ignore parameters they do not know.`;
    rows.push({ name, value: clip(value), meaning: withUtf8(meaning, value) });
  }
  return rows;
}

/** What every explainer's data implies: required parameters, quoting, token68, proxy use, encoding. */
function specProblems(ex: SchemeExplainer, input: SchemeInput): ChallengeProblem[] {
  const c = input.challenge;
  const problems: ChallengeProblem[] = [];
  for (const name of ex.required ?? []) {
    if (param(c, name) === undefined) {
      problems.push(schemeProblem("missing-parameter", "error", `The ${c.scheme} challenge has no ${name} parameter, which ${ex.spec} requires.`));
    }
  }
  // realm is already reported by the parser (RFC 9110 §11.5 applies to every scheme).
  for (const name of ex.mustQuote ?? []) {
    if (name !== "realm" && param(c, name) !== undefined && !input.quoted.has(name)) {
      problems.push(schemeProblem("must-be-quoted", "warning", `${name} is sent without quotes; ${ex.spec} says senders must quote it: ${name}="${short(param(c, name) ?? "", 60)}".`));
    }
  }
  for (const name of ex.mustNotQuote ?? []) {
    if (param(c, name) !== undefined && input.quoted.has(name)) {
      problems.push(schemeProblem("must-not-be-quoted", "warning", `${name} is sent quoted; ${ex.spec} says senders must not quote it: ${name}=${short(param(c, name) ?? "", 60)}.`));
    }
  }
  if (c.token68 !== undefined && ex.token68 === "unexpected") {
    problems.push(schemeProblem("unexpected-token68", "warning", `${ex.spec} defines ${c.scheme} with parameters only; the token68 "${short(c.token68, 40)}" means nothing to a client.`));
  }
  if (ex.originOnly && input.ctx.header === "Proxy-Authenticate") {
    problems.push(schemeProblem("not-for-proxy", "error", `${c.scheme} is for origin servers only and must not be used in Proxy-Authenticate (${ex.spec}).`));
  }
  let notes = 0;
  for (const [name, value] of Object.entries(c.params)) {
    if (notes >= MAX_ENCODING_NOTES) break;
    const utf8 = utf8Reading(value);
    if (utf8 === undefined) continue;
    notes++;
    problems.push(
      schemeProblem(
        "ambiguous-encoding",
        "info",
        `${name} reads "${short(utf8, 60)}" as UTF-8 and "${short(value, 60)}" byte for byte (ISO-8859-1); nothing in the challenge says which the server meant (RFC 9110 §5.5).`,
      ),
    );
  }
  return problems;
}

function explainOne(pc: ParsedChallenge, value: string, ctx: ChallengeContext): ChallengeExplanation {
  const c = pc.challenge;
  const raw = clip(value.slice(pc.start, pc.end));
  const parseProblems = pc.problems.map((p) => ({ ...p, offset: Math.max(0, Math.min(p.offset - pc.start, raw.length)) }));
  const input: SchemeInput = { challenge: c, quoted: pc.quoted, ctx };
  const build = (ex: SchemeExplainer, extra: readonly ChallengeProblem[] = []): ChallengeExplanation => ({
    scheme: c.scheme,
    family: ex.family,
    summary: ex.summary(input),
    params: paramRows(ex, input),
    next: [...ex.next(input)],
    problems: [...parseProblems, ...specProblems(ex, input), ...(ex.check?.(input) ?? []), ...extra],
    raw,
  });
  try {
    return build(explainerFor(c.scheme));
  } catch (error) {
    // An explainer bug must not cost the user the challenge itself: show it generically.
    const message = error instanceof Error ? error.message : String(error);
    return build(unknownScheme, [schemeProblem("explainer-failed", "info", `AuthLens could not explain this ${c.scheme} challenge in detail (${short(message, 120)}).`)]);
  }
}

function unreadable(parsed: DetailedParse, ctx: ChallengeContext): ChallengeExplanation {
  return {
    scheme: "",
    family: "Unknown",
    summary: `The ${ctx.header} field holds no challenge AuthLens can read, so a client cannot tell which credentials to send.`,
    params: [],
    next: [`Make the server send at least one challenge, e.g. \`${ctx.header}: Bearer realm="api"\` (RFC 9110 §11.6.1).`],
    problems: parsed.problems,
    raw: clip(parsed.value),
  };
}

/** Every challenge of a parsed field, explained (at most MAX_EXPLAINED). */
export function explainParsed(parsed: DetailedParse, ctx: ChallengeContext = ORIGIN_CONTEXT): ChallengeExplanation[] {
  if (parsed.challenges.length === 0) return [unreadable(parsed, ctx)];
  return parsed.challenges.slice(0, MAX_EXPLAINED).map((pc) => explainOne(pc, parsed.value, ctx));
}

/** Every challenge in these field lines, explained; `ctx` says what is known of the exchange. */
export function explainChallenges(fieldLines: readonly string[], ctx: ChallengeContext = ORIGIN_CONTEXT): ChallengeExplanation[] {
  return explainParsed(parseDetailed(fieldLines), ctx);
}
