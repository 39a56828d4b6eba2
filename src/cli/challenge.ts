/**
 * `authlens challenge [--proxy] [--json] <field-value>...`: reads WWW-Authenticate (or, with
 * --proxy, Proxy-Authenticate) field lines as RFC 9110 §11 defines them and explains each
 * challenge. Each argument is one field line, as a server would send several.
 */
import { explainChallenges } from "../core/challenge/explain.ts";
import { parseChallenges } from "../core/challenge/parse.ts";
import { ORIGIN_CONTEXT, PROXY_CONTEXT } from "../core/challenge/context.ts";
import type { Challenge, ChallengeExplanation, ChallengeProblem, ProblemSeverity } from "../core/challenge/types.ts";
import { reportWidth } from "./analyze.ts";
import { type CommandSpec, HELP_OPTION, type ParsedArgs } from "./args.ts";
import { EXIT, type Io } from "./io.ts";
import { jsonText } from "./json-text.ts";
import { type Style, styleFor } from "./style.ts";
import { safeLine, safeProse } from "./terminal-text.ts";
import { wrapIndented } from "./wrap.ts";

/** The JSON contract: challenges (strict, empty when it fails), problems, lenient. */
interface JsonChallenge {
  scheme: string;
  token68?: string;
  params: Record<string, string>;
}

interface JsonOutput {
  challenges: JsonChallenge[];
  problems: { code: string; severity: ProblemSeverity; message: string }[];
  lenient: JsonChallenge[];
}

function jsonChallenge(c: Challenge): JsonChallenge {
  return { scheme: c.scheme, ...(c.token68 !== undefined ? { token68: c.token68 } : {}), params: { ...c.params } };
}

const LABEL: Record<ProblemSeverity, string> = { error: "ERROR", warning: "WARN ", info: "INFO " };

const CARD = "  ";
const ITEM = "    ";
const MEANING = "        ";

function problemLines(problems: readonly ChallengeProblem[], width: number, style: Style): string[] {
  return problems.flatMap((p) => {
    const label = LABEL[p.severity];
    const text = `${safeProse(p.message)} (at character ${p.offset})`;
    return wrapIndented(text, width, `${ITEM}${" ".repeat(label.length + 1)}`, `${ITEM}${label} `).map((line, i) =>
      i === 0 ? `${ITEM}${style.severity(p.severity, label)}${line.slice(ITEM.length + label.length)}` : line,
    );
  });
}

function card(e: ChallengeExplanation, index: number, total: number, width: number, style: Style): string[] {
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
  if (e.problems.length > 0) lines.push("", `${CARD}Problems:`, ...problemLines(e.problems, width, style));
  if (e.next.length > 0) {
    lines.push("", `${CARD}Next:`);
    for (const step of e.next) lines.push(...wrapIndented(safeProse(step), width, `${ITEM}  `, `${ITEM}- `));
  }
  return lines;
}

function textReport(lines: readonly string[], proxy: boolean, width: number, style: Style): string {
  const header = proxy ? PROXY_CONTEXT.header : ORIGIN_CONTEXT.header;
  const parse = parseChallenges(lines);
  const explained = explainChallenges(lines, proxy ? PROXY_CONTEXT : ORIGIN_CONTEXT);
  const count = parse.lenient.length;
  const verdict = parse.ok
    ? `${header}: ${count} challenge${count === 1 ? "" : "s"}, well-formed (RFC 9110 §11).`
    : `${header}: does not parse under RFC 9110 §11; shown as a client would most likely read it (${count} challenge${count === 1 ? "" : "s"}).`;
  const out = [...wrapIndented(verdict, width, "")];
  explained.forEach((e, i) => {
    out.push("", ...card(e, i, explained.length, width, style));
  });
  return `${out.join("\n")}\n`;
}

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const lines = args.positionals;
  const proxy = args.options.has("--proxy");
  if (args.options.has("--json")) {
    const parse = parseChallenges(lines);
    const output: JsonOutput = {
      challenges: parse.strict.map(jsonChallenge),
      problems: parse.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message })),
      lenient: parse.lenient.map(jsonChallenge),
    };
    io.stdout(`${jsonText(output)}\n`);
  } else {
    io.stdout(textReport(lines, proxy, reportWidth(io), styleFor(io)));
  }
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
        ' "problems":   [{"code", "severity", "message"}],',
        ' "lenient":    [<challenges as a client would most likely read them>]}',
        "challenges is the strict RFC 9110 reading, empty when it fails; severity is error (the",
        "grammar is broken), warning or info. The exit status is 0 whenever the value was read.",
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
