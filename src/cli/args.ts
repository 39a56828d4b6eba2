/**
 * Argument parsing driven by a table of command specs (commands.ts), so that a new command
 * is one more table row: its options, arguments and help text live together, and parsing,
 * validation and help are generated from them. Conventions follow POSIX utility syntax
 * (IEEE Std 1003.1 §12.2) with GNU long options: `--name value`, `--name=value`, and `--`
 * ending the options.
 */
import { CliError, type Io } from "./io.ts";

export interface OptionSpec {
  /** The long form, e.g. "--fail-on". */
  readonly name: string;
  readonly short?: string;
  /** Present when the option takes a value. */
  readonly value?: { readonly placeholder: string; readonly choices?: readonly string[] };
  readonly description: string;
}

export interface ArgumentSpec {
  /** As shown in usage lines, e.g. "<file.har>". */
  readonly name: string;
  readonly description: string;
  /** Only for the last argument: it takes one or more values. */
  readonly variadic?: boolean;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  /** Keyed by long name; `true` for flags. When an option repeats, the last one wins. */
  readonly options: ReadonlyMap<string, string | true>;
}

export interface CommandSpec {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Paragraphs for the command's own help. */
  readonly description: readonly string[];
  /** Required positional arguments, in order. */
  readonly arguments: readonly ArgumentSpec[];
  readonly options: readonly OptionSpec[];
  /** Extra help sections (title → lines), e.g. the JSON schema. */
  readonly sections?: readonly { readonly title: string; readonly lines: readonly string[] }[];
  /** The command's own exit statuses, when they differ from the program's (help.ts). */
  readonly exitStatus?: readonly (readonly [string, string])[];
  readonly examples: readonly string[];
  readonly run: (args: ParsedArgs, io: Io) => Promise<number>;
}

export const HELP_OPTION: OptionSpec = { name: "--help", short: "-h", description: "Show this help and exit" };

/** True when the arguments ask for help (before any `--`). Help wins over every other error. */
export function asksForHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === "--") return false;
    if (arg === HELP_OPTION.name || arg === HELP_OPTION.short) return true;
  }
  return false;
}

function findOption(spec: CommandSpec, token: string): OptionSpec | undefined {
  return spec.options.find((o) => o.name === token || (o.short !== undefined && o.short === token));
}

function checkValue(option: OptionSpec, value: string, command: string): string {
  const choices = option.value?.choices;
  if (choices && !choices.includes(value)) {
    throw new CliError(`${option.name} must be one of ${choices.join(", ")}, not ${quoteArg(value)}`, command);
  }
  return value;
}

/** An argument inside an error message: quoted, cut, and free of control characters. */
export function quoteArg(arg: string): string {
  const shown = arg.length > 60 ? `${arg.slice(0, 57)}...` : arg;
  return JSON.stringify(shown);
}

/** Parses the arguments that follow the command name. Throws a usage CliError on any mistake. */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // "-" alone is an operand, standard input by convention (POSIX.1-2017 §12.2, guideline 13).
    if (onlyPositionals || !arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const token = eq === -1 ? arg : arg.slice(0, eq);
    const option = findOption(spec, token);
    if (!option) throw new CliError(`unknown option ${quoteArg(token)} for '${spec.name}'`, spec.name);

    if (!option.value) {
      if (eq !== -1) throw new CliError(`${option.name} takes no value`, spec.name);
      options.set(option.name, true);
      continue;
    }
    const hint = option.value.choices ? `: ${option.value.choices.join(" or ")}` : "";
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("-")) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === "") throw new CliError(`${option.name} needs a value${hint}`, spec.name);
    options.set(option.name, checkValue(option, value, spec.name));
  }

  const wanted = spec.arguments;
  if (positionals.length < wanted.length) {
    throw new CliError(`'${spec.name}' needs ${wanted.slice(positionals.length).map((a) => a.name).join(" ")}`, spec.name);
  }
  if (positionals.length > wanted.length && !wanted.at(-1)?.variadic) {
    throw new CliError(`unexpected argument ${quoteArg(positionals[wanted.length]!)} for '${spec.name}'`, spec.name);
  }
  return { positionals, options };
}
