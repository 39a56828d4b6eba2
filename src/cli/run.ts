/**
 * The dispatcher: argv → a command from the table → an exit code. Every failure the user can
 * act on becomes one stderr line `authlens: <message>` and exit status 2; usage errors name
 * the help to read on the same line.
 */
import { asksForHelp, parseCommandArgs, quoteArg } from "./args.ts";
import { reportWidth } from "./analyze.ts";
import { COMMANDS, findCommand } from "./commands.ts";
import { commandHelp, GLOBAL_OPTIONS, topHelp } from "./help.ts";
import { CliError, EXIT, type Io } from "./io.ts";
import { safeLine } from "./terminal-text.ts";
import { VERSION } from "./version.ts";

/** Edit distance, to suggest `analyze` for `analyse` or `anlyze`. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function unknownCommand(name: string): CliError {
  if (/\.(har|json)$/i.test(name)) {
    return new CliError(`unknown command ${quoteArg(name)}; to analyse a file, run 'authlens analyze ${safeLine(name)}'`, "");
  }
  const near = COMMANDS.find((c) => distance(c.name, name.toLowerCase()) <= 2);
  const hint = near ? `; did you mean '${near.name}'?` : "";
  return new CliError(`unknown command ${quoteArg(name)}${hint}`, "");
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const width = reportWidth(io);
  const [first, ...rest] = argv;
  if (first === undefined) throw new CliError("missing command", "");

  if (first === "help") {
    const topic = rest[0];
    if (topic === undefined) io.stdout(topHelp(COMMANDS, width));
    else {
      const command = findCommand(topic);
      if (!command) throw unknownCommand(topic);
      io.stdout(commandHelp(command, width));
    }
    return EXIT.ok;
  }
  if (first.startsWith("-")) {
    const global = GLOBAL_OPTIONS.find((o) => o.name === first || o.short === first);
    if (global?.name === "--help") {
      io.stdout(topHelp(COMMANDS, width));
      return EXIT.ok;
    }
    if (global?.name === "--version") {
      io.stdout(`authlens ${VERSION}\n`);
      return EXIT.ok;
    }
    throw new CliError(`unknown option ${quoteArg(first)}`, "");
  }

  const command = findCommand(first);
  if (!command) throw unknownCommand(first);
  if (asksForHelp(rest)) {
    io.stdout(commandHelp(command, width));
    return EXIT.ok;
  }
  return command.run(parseCommandArgs(command, rest), io);
}

/** Runs the CLI. Resolves to the exit status; rejects only on a bug (main.ts reports it). */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const help = error.helpFor === undefined ? "" : `; run 'authlens ${error.helpFor ? `${error.helpFor} ` : ""}--help' for usage`;
    io.stderr(`authlens: ${safeLine(error.message)}${help}\n`);
    return EXIT.failure;
  }
}
