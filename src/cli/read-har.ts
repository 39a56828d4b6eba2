/**
 * A HAR file on disk → a parsed JSON value, or a CliError whose one-line message says what is
 * wrong with the file. Never echoes file content: a "HAR" may be 50 MB of binary garbage or
 * hold credentials, and neither belongs in an error line.
 */
import type { Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { type HarImport, harImporter, importHar } from "../core/har.ts";
import { HarStream, JsonStreamError } from "../core/har-stream.ts";
import { CliError } from "./io.ts";
import { safeLine } from "./terminal-text.ts";
import { decoderFor } from "../core/text/encoding.ts";

/**
 * The largest file read, refused from its size before any of it is read. Files are streamed,
 * but a pipe, or a malformed file re-read for JSON.parse's message, is still one string, and
 * V8 strings stop at 2^29 - 24 characters (~512 Mi).
 */
export const MAX_HAR_BYTES = 512 * 1024 * 1024;

/**
 * The most entries read. Measured with `npm run bench` (bench/cli-scale.bench.ts): a million
 * small entries peak at about 2.5 GB of RSS, within Node's default heap limit (about 4 GB on a
 * 64-bit machine with enough memory); past this count a HAR is refused, at the entry that
 * crosses it, before any analysis.
 */
export const MAX_HAR_ENTRIES = 1_000_000;

/**
 * A regular file that the streaming reader finds malformed is read again whole, up to this size,
 * for JSON.parse's exact message (line and column); a larger one gets the reader's own message.
 */
const WHOLE_REREAD_BYTES = 64 * 1024 * 1024;

const CHUNK_BYTES = 1024 * 1024;

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

function tooLarge(shown: string, bytes?: number): CliError {
  const size = bytes !== undefined ? ` (${mb(bytes)})` : "";
  return new CliError(`${shown} is too large${size}: AuthLens reads HAR files up to ${mb(MAX_HAR_BYTES)}`);
}

function fsError(shown: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return new CliError(`no such file: ${shown}`);
    case "EACCES":
    case "EPERM":
      return new CliError(`cannot read ${shown}: permission denied`);
    case "EISDIR":
      return new CliError(`${shown} is a directory, not a HAR file`);
    case "ELOOP":
      return new CliError(`cannot read ${shown}: too many symbolic links`);
    default:
      return new CliError(`cannot read ${shown}: ${code ?? (error instanceof Error ? safeLine(error.message) : "unknown error")}`);
  }
}

/**
 * Reads a file of unknown size (a pipe such as `<(gunzip -c x.har.gz)` or /dev/stdin) in
 * chunks, stopping as soon as it passes the limit instead of exhausting memory.
 */
async function readBounded(path: string, shown: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_HAR_BYTES) throw tooLarge(shown);
      chunks.push(bytesRead === CHUNK_BYTES ? chunk : chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** What the path is, refused at once when it cannot be a HAR file this reader takes: a directory, or a file over the size limit. */
async function statHar(path: string, shown: string): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw fsError(shown, error);
  }
  if (info.isDirectory()) throw new CliError(`${shown} is a directory, not a HAR file`);
  if (info.isFile() && info.size > MAX_HAR_BYTES) throw tooLarge(shown, info.size);
  return info;
}

async function readFileBytes(path: string, shown: string): Promise<Buffer> {
  const info = await statHar(path, shown);
  try {
    if (!info.isFile()) return await readBounded(path, shown);
    const handle = await open(path, "r");
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw fsError(shown, error);
  }
}

/**
 * Bytes → text. JSON is UTF-8 (RFC 8259 §8.1), and "implementations MUST NOT add a byte order
 * mark … but MAY ignore the presence of one": Windows tools write EF BB BF, so it is dropped.
 * PowerShell 5's `>` and `Out-File` write UTF-16 with a BOM; decode that too rather than
 * reporting a HAR full of NUL bytes as "not JSON".
 */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString("utf8", 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString("utf16le", 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return bytes.toString("utf8");
}

/** 1-based line and column of a character offset, as editors count them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * JSON.parse's message → a sentence that never contains the input. V8 puts a snippet of the
 * input in "Unexpected token" messages ("… "garbage" is not valid JSON"); only the reason and
 * the position are kept.
 */
export function describeJsonError(message: string, text: string): string {
  const where = (offset: number) => {
    const { line, column } = lineAndColumn(text, offset);
    return `at line ${line}, column ${column} (character ${offset})`;
  };
  const at = /^(.*?) in JSON at position (\d+)/.exec(message);
  if (at) {
    const offset = Number(at[2]);
    // "Unterminated string" at the very end is how V8 reports a file cut inside a string.
    const truncated = offset >= text.trimEnd().length ? "; the file looks truncated" : "";
    return `not valid JSON: ${at[1]!.replace(/^\w/, (c) => c.toLowerCase())} ${where(offset)}${truncated}`;
  }
  if (/^Unexpected end of JSON input/.test(message)) {
    return `not valid JSON: it ends before the JSON is complete ${where(text.length)}; the file looks truncated`;
  }
  const token = /^Unexpected token '(.+?)', /su.exec(message);
  if (token) {
    // V8 gives no position here; when the very first character is the culprit, say so.
    const first = text.search(/\S/);
    const position = first !== -1 && text.startsWith(token[1]!, first) ? ` ${where(first)}` : "";
    return `not valid JSON: unexpected character ${safeLine(JSON.stringify(token[1]!))}${position}`;
  }
  return "not valid JSON";
}

/** Reads and parses a HAR file. Throws a CliError with a one-line message on any failure. */
export async function readJsonFile(path: string): Promise<unknown> {
  const shown = safeLine(path);
  const bytes = await readFileBytes(path, shown);
  let text: string;
  try {
    text = decodeText(bytes);
  } catch {
    // ERR_STRING_TOO_LONG: the decoded text exceeds V8's maximum string length.
    throw tooLarge(shown, bytes.length);
  }
  if (text.search(/\S/) === -1) throw new CliError(`${shown} is empty, not a HAR file`);
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    throw new CliError(`${shown}: ${describeJsonError(message, text)}`);
  }
}

function tooManyEntries(shown: string): CliError {
  return new CliError(`${shown} has more than ${MAX_HAR_ENTRIES.toLocaleString("en-US")} entries: AuthLens reads HAR files of up to ${MAX_HAR_ENTRIES.toLocaleString("en-US")} entries and ${mb(MAX_HAR_BYTES)}`);
}

/** A HAR file read and imported: its exchanges, and `log.creator` as the file has it. */
export interface HarFile {
  readonly har: HarImport;
  readonly creator: unknown;
}

const SHAPE_ERRORS = {
  "top-not-object": "not a HAR file: the top level is not a JSON object",
  "no-log": 'not a HAR file: there is no "log" object',
  "no-entries": 'not a HAR file: "log.entries" is missing or not a list',
} as const;

/**
 * Streams a regular file through HarStream into the importer: the text is decoded a megabyte at
 * a time and each entry becomes an Exchange as soon as it is read, so memory follows the
 * exchanges kept, not the size of the document. Returns undefined when the file is malformed and
 * small enough to be read again whole for the exact message.
 */
async function streamHarFile(path: string, shown: string, size: number): Promise<HarFile | undefined> {
  const importer = harImporter("har-file");
  let creator: unknown;
  const stream = new HarStream({
    entry(value, index) {
      if (index >= MAX_HAR_ENTRIES) throw tooManyEntries(shown);
      importer.entry(value, index);
    },
    pages: (value) => importer.pages(value),
    creator(value) {
      creator = value;
      importer.creator(value);
    },
  });
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw fsError(shown, error);
  }
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let decoder: TextDecoder | undefined;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      decoder ??= decoderFor(chunk);
      stream.feed(decoder.decode(chunk.subarray(0, bytesRead), { stream: true }));
    }
    if (decoder) stream.feed(decoder.decode());
    const shape = stream.end();
    if (shape !== "ok") {
      if (size <= WHOLE_REREAD_BYTES) return undefined;
      throw new CliError(`${shown}: ${SHAPE_ERRORS[shape]}`);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (!(error instanceof JsonStreamError)) throw fsError(shown, error);
    if (size <= WHOLE_REREAD_BYTES) return undefined;
    throw new CliError(`${shown}: not valid JSON: ${error.message} at character ${error.offset}`);
  } finally {
    await handle.close();
  }
  return { har: importer.finish(), creator };
}

/**
 * Reads and imports a HAR file. A regular file is streamed (see streamHarFile); a pipe, or a
 * malformed file small enough, is read whole and parsed by JSON.parse, whose messages say where
 * the JSON breaks. Throws a CliError with a one-line message on any failure.
 */
export async function readHarFile(path: string): Promise<HarFile> {
  const shown = safeLine(path);
  const info = await statHar(path, shown);
  if (info.isFile()) {
    const streamed = await streamHarFile(path, shown, info.size);
    if (streamed !== undefined) return streamed;
  }
  const doc = await readJsonFile(path);
  const imported = importHar(doc);
  if (!imported.ok) throw new CliError(`${shown}: ${safeLine(imported.error)}`);
  if (imported.har.exchanges.length + imported.har.skipped.length > MAX_HAR_ENTRIES) throw tooManyEntries(shown);
  const creator = (doc as { log?: { creator?: unknown } }).log?.creator;
  return { har: imported.har, creator };
}
