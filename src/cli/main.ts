/**
 * The `authlens` executable: binds the CLI to this process. The last line of defence against
 * stack traces lives here: whatever escapes run() is reported as one line and exit status 2.
 */
import type { Io } from "./io.ts";
import { EXIT } from "./io.ts";
import { run } from "./run.ts";
import { safeLine } from "./terminal-text.ts";

function internalError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`authlens: internal error: ${safeLine(message).slice(0, 300)}\n`);
  process.exit(EXIT.failure);
}

// `authlens analyze x.har | head`: the reader went away, which is not an error worth a word.
// Keep an exit status already decided (a --fail-on result), else 0.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? EXIT.ok);
  internalError(error);
});
process.on("uncaughtException", internalError);
process.on("unhandledRejection", internalError);

const io: Io = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  stdoutIsTTY: process.stdout.isTTY === true,
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  env: process.env,
  readStdin: (maxChars) =>
    new Promise((resolve, reject) => {
      let text = "";
      process.stdin.setEncoding("utf8");
      process.stdin.on("data", (chunk: string) => {
        text += chunk;
        if (text.length > maxChars) {
          process.stdin.destroy();
          reject(new RangeError(`standard input is over ${maxChars} characters`));
        }
      });
      process.stdin.on("end", () => resolve(text));
      process.stdin.on("error", reject);
    }),
};

run(process.argv.slice(2), io).then((code) => {
  // exitCode rather than exit(): lets a large report finish flushing to a pipe.
  process.exitCode = code;
}, internalError);
