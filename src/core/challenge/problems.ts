/**
 * Every problem the parser reports, as data: code → severity and how to say it. Errors are
 * violations of the RFC 9110 grammar (the strict reading fails); warnings break a sender
 * requirement that recipients tolerate; info notes are harmless oddities worth knowing.
 */
import type { ChallengeProblem, ProblemSeverity } from "./types.ts";

/** The real values a message names; each message uses the ones it needs. */
export interface ProblemArgs {
  readonly scheme?: string;
  readonly name?: string;
  readonly value?: string;
  /** A character, already described (describeChar), or a word, already quoted. */
  readonly char?: string;
  readonly count?: number;
}

interface ProblemEntry {
  readonly severity: ProblemSeverity;
  readonly message: (a: ProblemArgs) => string;
}

const shown = (v: string | undefined, max = 60) => {
  const s = v ?? "";
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

export const PARSE_PROBLEMS = {
  "empty-field": {
    severity: "error",
    message: () =>
      "The field holds no challenge. A 401 or 407 must name at least one scheme, e.g. `Bearer realm=\"api\"` (RFC 9110 §11.6.1, §11.7.1).",
  },
  "empty-list-element": {
    severity: "info",
    message: () => "A stray comma (an empty list element): recipients skip it (RFC 9110 §5.6.1), senders should not send it.",
  },
  "obs-fold": {
    severity: "warning",
    message: () => "A line break continues the field on the next line (obs-fold, deprecated by RFC 9112 §5.2); it was read as spaces.",
  },
  "control-character": {
    severity: "error",
    message: (a) => `The field value contains ${a.char}, which no field value may hold (RFC 9110 §5.5); it was read as a space.`,
  },
  "invalid-scheme": {
    severity: "error",
    message: (a) =>
      `${a.char} cannot start a challenge: each challenge begins with its scheme name, a token (RFC 9110 §11.1). Skipped up to the next comma.`,
  },
  "invalid-after-scheme": {
    severity: "error",
    message: (a) =>
      `${a.char} directly after the scheme ${a.scheme}: a space must separate the scheme from its parameters (RFC 9110 §11.3). Skipped up to the next comma.`,
  },
  "htab-after-scheme": {
    severity: "error",
    message: (a) =>
      `A tab separates the scheme ${a.scheme} from its parameters; RFC 9110 §11.3 allows only spaces there. It was read as a space.`,
  },
  "expected-param": {
    severity: "error",
    message: (a) =>
      `After "${a.scheme} " comes neither a token68 nor name=value parameters (RFC 9110 §11.3). Skipped up to the next comma.`,
  },
  "missing-value": {
    severity: "error",
    message: (a) => `${a.name}= has no value; an empty value is written ${a.name}="" (RFC 9110 §11.2).`,
  },
  "invalid-token-value": {
    severity: "error",
    message: (a) =>
      `The unquoted value of ${a.name} contains ${a.char}, which a token cannot hold (RFC 9110 §5.6.2); it needs quotes: ${a.name}="${shown(a.value)}".`,
  },
  "unquoted-space": {
    severity: "error",
    message: (a) =>
      `The unquoted value of ${a.name} runs on after a space; only a quoted-string can hold spaces (RFC 9110 §5.6.4): ${a.name}="${shown(a.value)}".`,
  },
  "unterminated-quoted-string": {
    severity: "error",
    message: (a) => `The quoted value of ${a.name} has no closing quote; it was read to the end of the field.`,
  },
  "invalid-quoted-character": {
    severity: "error",
    message: (a) => `The quoted value of ${a.name} contains ${a.char}, which a quoted-string cannot hold (RFC 9110 §5.6.4).`,
  },
  "unexpected-after-value": {
    severity: "error",
    message: (a) =>
      `${a.char} follows the value of ${a.name}; parameters are separated by commas (RFC 9110 §11.2). Skipped up to the next comma.`,
  },
  "missing-comma": {
    severity: "error",
    message: (a) =>
      `A comma is missing before ${a.name}: challenges and their parameters are comma-separated (RFC 9110 §11.6.1). It was read as if the comma were there.`,
  },
  "duplicate-parameter": {
    severity: "error",
    message: (a) =>
      `${a.name} appears more than once in the ${a.scheme} challenge; each parameter may appear once (RFC 9110 §11.2). Clients disagree on which one counts (Firefox takes the first, Chromium the last); the first, "${shown(a.value)}", is shown.`,
  },
  "param-after-token68": {
    severity: "error",
    message: (a) =>
      `${a.name}=… follows the token68 of the ${a.scheme} challenge: a challenge carries a token68 or parameters, never both (RFC 9110 §11.3).`,
  },
  "param-after-bare-scheme": {
    severity: "error",
    message: (a) =>
      `${a.name}=… follows "${a.scheme},": the comma right after the scheme ended that challenge, so the parameter belongs to none and is ignored. Write "${a.scheme} ${a.name}=…" without the comma.`,
  },
  "param-without-challenge": {
    severity: "error",
    message: (a) => `${a.name}=… comes before any scheme: parameters belong to the challenge whose scheme precedes them. It is ignored.`,
  },
  "unquoted-realm": {
    severity: "warning",
    message: (a) =>
      `realm is sent without quotes; senders must quote it (RFC 9110 §11.5): realm="${shown(a.value)}". Most clients accept it.`,
  },
  "too-many-challenges": {
    severity: "warning",
    message: (a) => `More than ${a.count} challenges in one field; only the first ${a.count} are kept (real servers send a handful).`,
  },
  "too-many-parameters": {
    severity: "warning",
    message: (a) => `The ${a.scheme} challenge has more than ${a.count} parameters; only the first ${a.count} are kept.`,
  },
  "too-many-problems": {
    severity: "info",
    message: (a) => `More than ${a.count} problems; the rest are not listed.`,
  },
} as const satisfies Record<string, ProblemEntry>;

export type ParseProblemCode = keyof typeof PARSE_PROBLEMS;

export function parseProblem(code: ParseProblemCode, offset: number, args: ProblemArgs = {}): ChallengeProblem {
  const entry: ProblemEntry = PARSE_PROBLEMS[code];
  return { code, severity: entry.severity, message: entry.message(args), offset };
}
