/**
 * The command table. A command is one entry: its spec drives parsing, validation and help
 * (args.ts, help.ts), so adding one never touches the dispatcher.
 */
import { analyzeCommand } from "./analyze.ts";
import type { CommandSpec } from "./args.ts";
import { challengeCommand } from "./challenge.ts";
import { tokenCommand } from "./token.ts";

export const COMMANDS: readonly CommandSpec[] = [analyzeCommand, challengeCommand, tokenCommand];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
