/**
 * Runs the built CLI the way users do: `node dist/cli/authlens.mjs …` in a child process,
 * with stdout a pipe (so no colour) and COLUMNS=100, the width the reports' expected layouts
 * are written for, unless the test gives its own (undefined: no COLUMNS, so 80 columns).
 */
import { execFile, execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CLI = join(ROOT, "dist", "cli", "authlens.mjs");

let built = false;

/** Builds the CLI once per test process (the build script writes atomically, so parallel files are safe). */
export function buildCli(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs")], { cwd: ROOT, stdio: "pipe" });
  built = true;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `input` on its standard input (closed at once when there is none). */
export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}, input = ""): Promise<CliResult> {
  const childEnv: Record<string, string> = {};
  // The width is the test's to choose, never the COLUMNS of the shell that runs the tests.
  for (const [k, v] of Object.entries({ ...process.env, COLUMNS: "100", ...env })) if (v !== undefined) childEnv[k] = v;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, env: childEnv, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // A command that never reads its input may exit before it is written: that is not a failure.
    child.stdin?.on("error", () => {});
    child.stdin?.end(input);
  });
}

/** What every failure must look like: exit 2, nothing on stdout, one `authlens: ` line on stderr. */
export function expectOneLineFailure(r: CliResult): string {
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  if (r.code !== 2) throw new Error(`expected exit 2, got ${r.code}; stderr: ${r.stderr}`);
  if (r.stdout !== "") throw new Error(`expected no stdout, got: ${r.stdout.slice(0, 200)}`);
  if (lines.length !== 1) throw new Error(`expected one stderr line, got ${lines.length}: ${r.stderr.slice(0, 500)}`);
  const line = lines[0]!;
  if (!line.startsWith("authlens: ")) throw new Error(`stderr does not start with "authlens: ": ${line}`);
  if (/\n\s+at |Error:|node:internal/.test(r.stderr)) throw new Error(`stack trace on stderr: ${r.stderr}`);
  return line;
}
