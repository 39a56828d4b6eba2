/**
 * Help text, generated from the command table so that it cannot drift from what the parser
 * accepts. Layout follows the usual shape of CLI help (usage, description, arguments,
 * options, exit status, examples) in two aligned columns, wrapped to the terminal.
 */
import type { CommandSpec, OptionSpec } from "./args.ts";
import { VERSION } from "./version.ts";
import { wrapIndented } from "./wrap.ts";

const PROGRAM = "authlens";
const TAGLINE = "explains 401, 403 and 407 responses and CORS failures in captured HTTP traffic.";

/** Global options, handled by the dispatcher before any command. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: "--help", short: "-h", description: `Show this help; \`${PROGRAM} <command> --help\` shows a command's help` },
  { name: "--version", short: "-V", description: "Print the version and exit" },
];

const EXIT_STATUS: readonly (readonly [string, string])[] = [
  ["0", "the analysis ran, whatever it found"],
  ["1", "--fail-on was given and a request failed with a root cause of that severity or worse"],
  ["2", "usage error, or the file could not be read or is not a HAR; one line on stderr says why"],
];

const ENVIRONMENT: readonly (readonly [string, string])[] = [
  ["COLUMNS", "the width reports are wrapped to; else the terminal's, else 80 columns (a pipe, a file, a CI log)"],
  ["NO_COLOR", "set and not empty: no colour, even on a terminal (colour is only ever used on a terminal)"],
];

const PRIVACY =
  "Nothing is sent anywhere. The analysis is local: AuthLens reads the file you name and prints here; it makes no network requests and collects no telemetry. Tokens are shown masked, but URLs and other header values appear as captured: review a report before sharing it.";

/** Help is easier to read in a narrow column even on a wide terminal. */
const MAX_HELP_WIDTH = 100;

function optionLabel(o: OptionSpec): string {
  const names = o.short !== undefined ? `${o.short}, ${o.name}` : `    ${o.name}`;
  return o.value !== undefined ? `${names} ${o.value.placeholder}` : names;
}

/** Rows of `  left   right`, the right column wrapped under itself. */
function table(rows: readonly (readonly [string, string])[], width: number): string[] {
  const column = Math.max(...rows.map(([left]) => left.length)) + 4;
  return rows.flatMap(([left, right]) => wrapIndented(right, width, " ".repeat(column), `  ${left.padEnd(column - 2)}`));
}

function section(title: string, lines: readonly string[]): string[] {
  return ["", `${title}:`, ...lines];
}

function usageOf(c: CommandSpec): string {
  const options = c.options
    .filter((o) => o.name !== "--help")
    .map((o) => `[${o.name}${o.value !== undefined ? ` ${o.value.choices?.join("|") ?? o.value.placeholder}` : ""}]`);
  return [PROGRAM, c.name, ...c.arguments.map((a) => a.name), ...options].join(" ");
}

export function topHelp(commands: readonly CommandSpec[], terminalWidth: number): string {
  const width = Math.min(terminalWidth, MAX_HELP_WIDTH);
  const lines = [
    `${PROGRAM} ${VERSION}: ${TAGLINE}`,
    ...section("Usage", [`  ${PROGRAM} <command> [options]`, `  ${PROGRAM} help [<command>]`]),
    ...section(
      "Commands",
      table(
        [
          ...commands.map((c): [string, string] => [`${c.name} ${c.arguments.map((a) => a.name).join(" ")}`.trim(), c.summary]),
          ["help [<command>]", "Show this help, or a command's help"],
        ],
        width,
      ),
    ),
    ...section("Options", table(GLOBAL_OPTIONS.map((o) => [optionLabel(o), o.description]), width)),
    ...section("Exit status", table(EXIT_STATUS, width)),
    ...section("Environment", table(ENVIRONMENT, width)),
    ...section("Privacy", wrapIndented(PRIVACY, width, "  ")),
    "",
    `Run '${PROGRAM} <command> --help' for a command's arguments and options.`,
  ];
  return `${lines.join("\n")}\n`;
}

export function commandHelp(c: CommandSpec, terminalWidth: number): string {
  const width = Math.min(terminalWidth, MAX_HELP_WIDTH);
  const lines = [
    ...wrapIndented(usageOf(c), width, "         ", "Usage: "),
    ...c.description.flatMap((p) => ["", ...wrapIndented(p, width, "")]),
    ...section("Arguments", table(c.arguments.map((a) => [a.name, a.description]), width)),
    ...section("Options", table(c.options.map((o) => [optionLabel(o), o.description]), width)),
    ...(c.sections ?? []).flatMap((s) => section(s.title, s.lines.map((l) => `  ${l}`))),
    ...section("Exit status", table(c.exitStatus ?? EXIT_STATUS, width)),
    ...section("Examples", c.examples.map((e) => `  $ ${e}`)),
    ...section("Privacy", wrapIndented(PRIVACY, width, "  ")),
  ];
  return `${lines.join("\n")}\n`;
}
