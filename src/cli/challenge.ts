/**
 * `authlens challenge [--proxy] [--json] <field-value>...`: reads WWW-Authenticate (or, with
 * --proxy, Proxy-Authenticate) field lines as RFC 9110 §11 defines them and explains each
 * challenge. Each argument is one field line, as a server would send several.
 */
import { ORIGIN_CONTEXT, PROXY_CONTEXT } from "../core/challenge/context.ts";
import { type FieldProblem, type FieldReading, type FieldVerdict, readChallengeField } from "../core/challenge/field-reading.ts";
import type { Challenge, ChallengeExplanation, ProblemSeverity } from "../core/challenge/types.ts";
import { reportWidth } from "./analyze.ts";
import { type CommandSpec, HELP_OPTION, type ParsedArgs } from "./args.ts";
import { EXIT, type Io } from "./io.ts";
import { jsonText } from "./json-text.ts";
import { type Style, styleFor } from "./style.ts";
import { safeLine, safeProse } from "./terminal-text.ts";
import { wrapIndented } from "./wrap.ts";

/**
 * The JSON contract: challenges (strict, empty when it fails), problems (the same list the text
 * prints, parse and scheme problems alike), lenient, and the verdict the text's headline says.
 */
interface JsonChallenge {
  scheme: string;
  token68?: string;
  params: Record<string, string>;
}

interface JsonProblem {
  code: string;
  severity: ProblemSeverity;
  message: string;
  /** Index into lenient; null when no challenge can be read. */
  challenge: number | null;
  /** Into that challenge as sent, as the text's "(at character N)". */
  offset: number;
}

interface JsonOutput {
  challenges: JsonChallenge[];
  problems: JsonProblem[];
  lenient: JsonChallenge[];
  verdict: FieldVerdict;
  /** True exactly when verdict is "well-formed": no problem worse than a note. */
  wellFormed: boolean;
  /** The text output's first line. */
  headline: string;
}

function jsonChallenge(c: Challenge): JsonChallenge {
  return { scheme: c.scheme, ...(c.token68 !== undefined ? { token68: c.token68 } : {}), params: { ...c.params } };
}

const LABEL: Record<ProblemSeverity, string> = { error: "ERROR", warning: "WARN ", info: "INFO " };

const CARD = "  ";
const ITEM = "    ";
const MEANING = "        ";

function problemLines(problems: readonly FieldProblem[], width: number, style: Style): string[] {
  return problems.flatMap((p) => {
    const label = LABEL[p.severity];
    const text = `${safeProse(p.message)} (at character ${p.offset})`;
    return wrapIndented(text, width, `${ITEM}${" ".repeat(label.length + 1)}`, `${ITEM}${label} `).map((line, i) =>
      i === 0 ? `${ITEM}${style.severity(p.severity, label)}${line.slice(ITEM.length + label.length)}` : line,
    );
  });
}

function card(e: ChallengeExplanation, problems: readonly FieldProblem[], index: number, total: number, width: number, style: Style): string[] {
  const family = e.family !== "Unknown" && e.family.toLowerCase() !== e.scheme.toLowerCase() ? ` (${e.family})` : "";
  const title = e.scheme === "" ? "No readable challenge" : `Challenge ${index + 1} of ${total}: ${safeLine(e.scheme)}${family}`;
  const lines = [style.bold(title), ...wrapIndented(safeProse(e.summary), width, CARD)];
  if (e.raw !== "") lines.push("", `${CARD}${style.dim("As sent:")}`, ...wrapIndented(safeLine(e.raw), width, ITEM));
  if (e.params.length > 0) {
    lines.push("", `${CARD}Parameters:`);
    for (const p of e.params) {
      lines.push(...wrapIndented(`${safeLine(p.name)} = ${safeLine(JSON.stringify(p.value))}`, width, MEANING, ITEM));
      lines.push(...wrapIndented(safeProse(p.meaning), width, MEANING));
    }
  }
  if (problems.length > 0) lines.push("", `${CARD}Problems:`, ...problemLines(problems, width, style));
  if (e.next.length > 0) {
    lines.push("", `${CARD}Next:`);
    for (const step of e.next) lines.push(...wrapIndented(safeProse(step), width, `${ITEM}  `, `${ITEM}- `));
  }
  return lines;
}

/** The problems of challenges past the last card (more than MAX_EXPLAINED), so none is left unprinted. */
function unshownLines(problems: readonly FieldProblem[], width: number, style: Style): string[] {
  const byChallenge = new Map<number, FieldProblem[]>();
  for (const p of problems) {
    const index = p.challenge ?? 0;
    const list = byChallenge.get(index) ?? [];
    list.push(p);
    byChallenge.set(index, list);
  }
  return [...byChallenge].flatMap(([index, list]) => ["", style.bold(`Challenge ${index + 1} (not explained)`), `${CARD}Problems:`, ...problemLines(list, width, style)]);
}

function textReport(reading: FieldReading, width: number, style: Style): string {
  const { explained, problems } = reading;
  const total = reading.parse.lenient.length;
  const out = [...wrapIndented(reading.headline, width, "")];
  explained.forEach((e, i) => {
    const own = problems.filter((p) => (p.challenge ?? 0) === i);
    out.push("", ...card(e, own, i, total, width, style));
  });
  out.push(...unshownLines(problems.filter((p) => (p.challenge ?? 0) >= explained.length), width, style));
  return `${out.join("\n")}\n`;
}

function jsonOutput(reading: FieldReading): JsonOutput {
  return {
    challenges: reading.parse.strict.map(jsonChallenge),
    problems: reading.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, challenge: p.challenge, offset: p.offset })),
    lenient: reading.parse.lenient.map(jsonChallenge),
    verdict: reading.verdict,
    wellFormed: reading.verdict === "well-formed",
    headline: reading.headline,
  };
}

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const reading = readChallengeField(args.positionals, args.options.has("--proxy") ? PROXY_CONTEXT : ORIGIN_CONTEXT);
  if (args.options.has("--json")) io.stdout(`${jsonText(jsonOutput(reading))}\n`);
  else io.stdout(textReport(reading, reportWidth(io), styleFor(io)));
  return EXIT.ok;
}

export const challengeCommand: CommandSpec = {
  name: "challenge",
  summary: "Explain a WWW-Authenticate or Proxy-Authenticate value",
  description: [
    "Reads the challenge a server sent with a 401 (WWW-Authenticate) or a 407 (Proxy-Authenticate) exactly as RFC 9110 §11 defines it, lists every place it breaks the grammar, shows how a client would most likely read it anyway, and explains each challenge: what the scheme is, what every parameter means, and what the client should do next.",
    "Each argument is one field line; give several when the server sent several (they combine in order, as RFC 9110 §5.3 says). Quote each value for the shell.",
  ],
  arguments: [{ name: "<field-value>...", description: "One field line, e.g. 'Bearer realm=\"api\", error=\"invalid_token\"'", variadic: true }],
  options: [
    { name: "--proxy", description: "Read the values as Proxy-Authenticate (a 407) instead of WWW-Authenticate" },
    { name: "--json", description: "Print the parse as JSON on stdout, and nothing else" },
    HELP_OPTION,
  ],
  sections: [
    {
      title: "JSON output",
      lines: [
        '{"challenges": [{"scheme", "token68"?, "params": {<lower-case name>: <value>}}],',
        ' "problems":   [{"code", "severity", "message", "challenge", "offset"}],',
        ' "lenient":    [<challenges as a client would most likely read them>],',
        ' "verdict":    "does-not-parse" | "parses-with-errors" | "parses-with-warnings" | "well-formed",',
        ' "wellFormed": <true exactly when verdict is "well-formed">,',
        ' "headline":   <the text output\'s first line>}',
        "challenges is the strict RFC 9110 reading, empty when it fails. problems is the list the",
        "text prints: the grammar's and each scheme's (Digest without nonce, Basic without realm);",
        "severity is error, warning or info; challenge is an index into lenient (null when none can",
        "be read) and offset counts characters into that challenge as sent. An info note alone",
        "leaves a value well-formed. The exit status is 0 whenever the value was read.",
      ],
    },
  ],
  examples: [
    "authlens challenge 'Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The access token expired\"'",
    "authlens challenge Negotiate NTLM                       # two field lines, as IIS sends them",
    "authlens challenge --proxy 'Basic realm=\"corp-proxy\"'",
    "authlens challenge --json 'Basic realm=foo, realm=bar'",
  ],
  run,
};
