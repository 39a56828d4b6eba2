/**
 * The CLI's contact with the outside world, as data: commands write through an Io and return
 * an exit code, so every command runs the same under Node and under test, and main.ts is the
 * only module that touches `process`.
 */

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colour and the terminal width follow stdout, the stream the report goes to. */
  readonly stdoutIsTTY: boolean;
  /** Terminal width when stdout is a TTY. */
  readonly columns: number | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Standard input as text, up to `maxChars` (more is an error the caller words), for commands
   * that take "-" for an argument. Absent where there is no standard input to read.
   */
  readonly readStdin?: (maxChars: number) => Promise<string>;
}

/** Exit statuses, documented in `authlens --help`. */
export const EXIT = {
  /** The command ran (whatever it found). */
  ok: 0,
  /** `--fail-on` matched a finding. */
  findings: 1,
  /** Usage error, unreadable input, or an internal failure. */
  failure: 2,
} as const;

/**
 * A failure the user can act on. Its message becomes the single stderr line
 * `authlens: <message>`; a usage error also points to the relevant help.
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** Set for usage errors: the command whose help to point to ("" for the top level). */
    readonly helpFor?: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}
