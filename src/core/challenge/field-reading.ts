/**
 * A challenge field read whole: the strict and lenient readings, each challenge explained, every
 * problem in one list (the parser's grammar problems and what each scheme's specification adds)
 * and one verdict worded from that same list. Whatever shows a field (the CLI's text and its
 * JSON) prints from this, so a headline cannot call a value well-formed while listing an error.
 */
import { type ChallengeContext, ORIGIN_CONTEXT } from "./context.ts";
import { explainParsed } from "./explain.ts";
import { type DetailedParse, parseDetailed } from "./parse.ts";
import type { ChallengeExplanation, ChallengeParse, ChallengeProblem, ProblemSeverity } from "./types.ts";

export interface FieldProblem extends ChallengeProblem {
  /** Index into the lenient reading of the challenge it lies in; null when the field holds none. */
  readonly challenge: number | null;
}

/**
 * - "does-not-parse": the strict RFC 9110 §11 reading fails (a grammar error);
 * - "parses-with-errors": it parses, but a scheme's specification is broken (Basic without realm);
 * - "parses-with-warnings": it parses, with sender requirements broken that clients tolerate;
 * - "well-formed": nothing worse than an informational note.
 */
export type FieldVerdict = "does-not-parse" | "parses-with-errors" | "parses-with-warnings" | "well-formed";

export interface FieldReading {
  readonly parse: ChallengeParse;
  /** One per challenge of the lenient reading (at most MAX_EXPLAINED), or one saying none is readable. */
  readonly explained: readonly ChallengeExplanation[];
  /** Every problem, challenge by challenge: the parser's first, then the scheme's. */
  readonly problems: readonly FieldProblem[];
  readonly verdict: FieldVerdict;
  /** One sentence naming the field, how many challenges it holds, and the verdict. */
  readonly headline: string;
}

/** Counted words, in the order a headline lists them. */
const SEVERITY_WORDS: readonly (readonly [ProblemSeverity, string, string])[] = [
  ["error", "error", "errors"],
  ["warning", "warning", "warnings"],
  ["info", "note", "notes"],
];

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 problems (1 error, 1 warning, 1 note)" */
function problemCount(problems: readonly FieldProblem[]): string {
  const parts = SEVERITY_WORDS.map(([severity, one, many]) => [problems.filter((p) => p.severity === severity).length, one, many] as const)
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => counted(n, one, many));
  return `${counted(problems.length, "problem", "problems")} (${parts.join(", ")})`;
}

function verdictOf(parse: ChallengeParse, problems: readonly FieldProblem[]): FieldVerdict {
  if (!parse.ok) return "does-not-parse";
  if (problems.some((p) => p.severity === "error")) return "parses-with-errors";
  if (problems.some((p) => p.severity === "warning")) return "parses-with-warnings";
  return "well-formed";
}

/** How each verdict is said; `n` is the number of challenges read. */
const HEADLINES: Readonly<Record<FieldVerdict, (header: string, n: number, problems: readonly FieldProblem[]) => string>> = {
  "does-not-parse": (header, n, problems) =>
    `${header}: does not parse under RFC 9110 §11, with ${problemCount(problems)}; ` +
    (n === 0 ? "no challenge can be read from it." : `shown as a client would most likely read it (${counted(n, "challenge", "challenges")}).`),
  "parses-with-errors": (header, n, problems) =>
    `${header}: ${counted(n, "challenge", "challenges")}; parses under RFC 9110 §11, with ${problemCount(problems)}.`,
  "parses-with-warnings": (header, n, problems) =>
    `${header}: ${counted(n, "challenge", "challenges")}; parses under RFC 9110 §11, with ${problemCount(problems)}.`,
  "well-formed": (header, n, problems) =>
    `${header}: ${counted(n, "challenge", "challenges")}, well-formed (RFC 9110 §11)` +
    (problems.length > 0 ? `, with ${counted(problems.length, "note", "notes")}.` : "."),
};

/**
 * The problems of the challenges past MAX_EXPLAINED, which have no explanation: the parser's
 * only, offsets made relative to each challenge as in an explanation.
 */
function unexplainedProblems(parsed: DetailedParse, from: number): FieldProblem[] {
  return parsed.challenges.slice(from).flatMap((pc, k) =>
    pc.problems.map((p) => ({ ...p, offset: Math.max(0, Math.min(p.offset - pc.start, pc.end - pc.start)), challenge: from + k })),
  );
}

/** A parsed field read whole; `ctx` says what is known of the exchange. Never throws. */
export function readParsedField(parsed: DetailedParse, ctx: ChallengeContext = ORIGIN_CONTEXT): FieldReading {
  const lenient = parsed.challenges.map((c) => c.challenge);
  const parse: ChallengeParse = { strict: parsed.ok ? lenient : [], lenient, problems: parsed.problems, ok: parsed.ok };
  const explained = explainParsed(parsed, ctx);
  const readable = parsed.challenges.length > 0;
  const problems: FieldProblem[] = [
    ...explained.flatMap((e, i) => e.problems.map((p) => ({ ...p, challenge: readable ? i : null }))),
    ...(readable ? unexplainedProblems(parsed, explained.length) : []),
  ];
  const verdict = verdictOf(parse, problems);
  return { parse, explained, problems, verdict, headline: HEADLINES[verdict](ctx.header, lenient.length, problems) };
}

/** Field lines (each as received) read whole. */
export function readChallengeField(fieldLines: readonly string[], ctx: ChallengeContext = ORIGIN_CONTEXT): FieldReading {
  return readParsedField(parseDetailed(fieldLines), ctx);
}
