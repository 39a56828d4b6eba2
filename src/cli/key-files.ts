/**
 * The keys `authlens token` verifies with: a JWKS or JWK file (--jwks), a PEM or JWK file (--key),
 * or an HMAC secret in an environment variable (--secret-env), never on the command line where
 * shell history and `ps` would keep it. Files are read from disk only: nothing is fetched.
 */
import { readFile, stat } from "node:fs/promises";
import { parseJwks, parsePem, secretKey, VERIFY_LIMITS, type KeySet } from "../core/tokens/verify/index.ts";
import { quoteArg } from "./args.ts";
import { CliError, type Io } from "./io.ts";

/** The key options, in the order their help lists them; at most one may be given. */
export const KEY_OPTIONS = ["--jwks", "--key", "--secret-env"] as const;

function fileError(shown: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return new CliError(`no such file: ${shown}`, "token");
  if (code === "EACCES" || code === "EPERM") return new CliError(`cannot read ${shown}: permission denied`, "token");
  return new CliError(`cannot read ${shown}: ${code ?? "unknown error"}`, "token");
}

async function readKeyFile(path: string): Promise<string> {
  const shown = quoteArg(path);
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new CliError(`${shown} is a directory, not a key file`, "token");
    if (info.size > VERIFY_LIMITS.keyTextChars) throw new CliError(`${shown} is ${Math.ceil(info.size / 1024)} KB: key files are read up to ${VERIFY_LIMITS.keyTextChars / 1024} KB`, "token");
    return (await readFile(path, "utf8")).replace(/^\uFEFF/, "");
  } catch (error) {
    throw error instanceof CliError ? error : fileError(shown, error);
  }
}

/** A set with no usable key is an unusable call: one line that says why. */
function usable(set: KeySet, what: string): KeySet {
  if (set.keys.length > 0) return set;
  throw new CliError(`${what} holds no key AuthLens can verify with${set.problems.length > 0 ? `: ${set.problems[0]}` : ""}`);
}

/** The key set the options name, or undefined when none was given. */
export async function keysFromOptions(options: ReadonlyMap<string, string | true>, io: Io): Promise<KeySet | undefined> {
  const given = KEY_OPTIONS.filter((o) => options.has(o));
  if (given.length === 0) return undefined;
  if (given.length > 1) throw new CliError(`give one of ${KEY_OPTIONS.join(", ")}, not ${given.join(" and ")}`, "token");
  const value = String(options.get(given[0]!));
  if (given[0] === "--secret-env") {
    const secret = io.env[value];
    if (secret === undefined || secret === "") throw new CliError(`the environment variable ${quoteArg(value)} named by --secret-env is not set, or empty`, "token");
    return usable(secretKey(secret), `the secret in ${quoteArg(value)}`);
  }
  const text = await readKeyFile(value);
  const shown = quoteArg(value);
  // --key takes a PEM file, or a JWK (JSON) for convenience; --jwks a JWK Set or one JWK.
  if (given[0] === "--key" && !text.trimStart().startsWith("{")) return usable(parsePem(text), shown);
  return usable(parseJwks(text), shown);
}
