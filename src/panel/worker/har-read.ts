/**
 * A HAR file the user picks or drops, read in the analysis worker: streamed from the File a chunk
 * at a time through core's tokenizer (core/har-stream.ts) into core's importer, each entry an
 * Exchange as soon as it is read, and imported without a diagnosis (the store diagnoses it, once).
 * Neither the file's whole text nor its whole parsed document is ever held. Entries core could not
 * read come back with why; how far the reading is goes to `progress` as it goes.
 */
import { importedFacts, importHarDocument } from "../../core/analyze-har.ts";
import type { Exchange } from "../../core/exchange.ts";
import { type ReadEntry, type SkippedEntry, harImporter } from "../../core/har.ts";
import { HarStream, type HarStreamShape, JsonStreamError } from "../../core/har-stream.ts";
import type { CaptureFacts } from "../../core/rule.ts";
import { credentialMarkReader } from "../../core/sanitized.ts";
import { decoderFor } from "../../core/text/encoding.ts";

/** Larger files would hold the panel's memory hostage; DevTools itself struggles well before this. */
export const MAX_HAR_BYTES = 200 * 1024 * 1024;

/**
 * A file the streaming reader finds malformed is read again whole, up to this size, so that its
 * message is JSON.parse's verdict as before streaming; a larger one gets the tokenizer's verdict.
 */
export const WHOLE_REREAD_BYTES = 64 * 1024 * 1024;

/** What the reader needs of a File (a test hands chunks of its own choosing). */
export type HarSource = Pick<File, "name" | "size" | "stream" | "arrayBuffer">;

/** How far the reading is: entries read so far, and the share of the file's bytes (0–100, floored). */
export interface ReadProgress {
  readonly entries: number;
  readonly percent: number;
}

export type HarReadResult =
  | {
      ok: true;
      exchanges: Exchange[];
      facts: CaptureFacts;
      skipped: readonly SkippedEntry[];
      /**
       * Every exchange went to the reader's `shown` as it was read, ids and order as here, and
       * the last facts it was given: the facts above may differ (then the exchanges are judged again).
       */
      shownWith?: CaptureFacts;
    }
  | { ok: false; error: string };

/**
 * Takes exchanges as they are read, in batches, with the capture facts known so far: the list
 * can show a file's first requests long before its last is read.
 */
export type ShowRead = (batch: readonly Exchange[], facts: CaptureFacts) => void;

/** Said when the tokenizer finds a shape that is not a HAR (importHar's words for the same). */
const SHAPE_ERRORS: Record<Exclude<HarStreamShape, "ok">, string> = {
  "top-not-object": "not a HAR file: the top level is not a JSON object",
  "no-log": 'not a HAR file: there is no "log" object',
  "no-entries": 'not a HAR file: "log.entries" is missing or not a list',
};

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** The stream's verdict: the import, or why the text is not a HAR (the tokenizer's words). */
type Streamed =
  | { kind: "read"; result: HarReadResult }
  | { kind: "malformed"; error: string }
  | { kind: "unreadable" };

/**
 * Reads and imports a HAR file. Streamed (see streamHar); a malformed file small enough is read
 * again whole for JSON.parse's verdict, worded as before (notJsonMessage).
 */
export async function readHarFile(
  file: HarSource,
  progress?: (p: ReadProgress) => void,
  show?: ShowRead,
  /** The clock batches for `show` are timed by. */
  now: () => number = () => performance.now(),
): Promise<HarReadResult> {
  if (file.size > MAX_HAR_BYTES) {
    return { ok: false, error: `${file.name} is ${(file.size / 1024 / 1024).toFixed(0)} MB; AuthLens reads HAR files up to 200 MB.` };
  }
  const streamed = await streamHar(file, progress, show, now);
  if (streamed.kind === "read") return streamed.result;
  if (streamed.kind === "unreadable") return unreadable(file.name);
  if (file.size <= WHOLE_REREAD_BYTES) return await readWhole(file);
  return { ok: false, error: streamed.error };
}

function unreadable(name: string): HarReadResult {
  // The File is a handle on the disk: moved, changed or deleted since it was picked, it reads no more.
  return { ok: false, error: `${name} could not be read: it may have changed or moved since it was picked.` };
}

async function streamHar(file: HarSource, progress: ((p: ReadProgress) => void) | undefined, show: ShowRead | undefined, now: () => number): Promise<Streamed> {
  const importer = harImporter("har-file");
  const early = show ? earlyShow(show, now, () => importer.creatorName) : undefined;
  const stream = new HarStream({
    entry: (value, index) => {
      const read = importer.entry(value, index);
      early?.read(read);
    },
    pages: (value) => importer.pages(value),
    creator: (value) => importer.creator(value),
  });
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = file.stream().getReader();
  } catch {
    return { kind: "unreadable" };
  }
  let decoder: TextDecoder | undefined;
  /** The first bytes, held until there are enough to tell a byte order mark. */
  let head: Uint8Array = new Uint8Array(0);
  let bytes = 0;
  let shown = -1;
  try {
    for (;;) {
      let chunk: Uint8Array;
      try {
        const next = await reader.read();
        if (next.done) break;
        chunk = next.value;
      } catch {
        return { kind: "unreadable" };
      }
      bytes += chunk.byteLength;
      if (decoder === undefined) {
        head = concat(head, chunk);
        if (head.length < 2) continue;
        decoder = decoderFor(head);
        chunk = head;
      }
      stream.feed(decoder.decode(chunk, { stream: true }));
      early?.flush();
      // Once per percent of the file at most: a hundred messages to the page, whatever its size.
      const percent = file.size > 0 ? Math.min(100, Math.floor((bytes * 100) / file.size)) : 100;
      if (percent !== shown) {
        shown = percent;
        progress?.({ entries: stream.count, percent });
      }
    }
    if (decoder === undefined) {
      // Under two bytes in all: no byte order mark to tell.
      decoder = decoderFor(head);
      stream.feed(decoder.decode(head, { stream: true }));
    }
    stream.feed(decoder.decode());
    const shape = stream.end();
    if (shape !== "ok") return { kind: "malformed", error: `${file.name}: ${SHAPE_ERRORS[shape]}` };
    early?.flush(true);
  } catch (error) {
    if (error instanceof JsonStreamError) return { kind: "malformed", error: notJsonFromStream(file.name, error) };
    throw error;
  }
  const har = importer.finish();
  const shownWith = early?.shownWith();
  return {
    kind: "read",
    result: { ok: true, exchanges: har.exchanges, facts: importedFacts(har), skipped: har.skipped, ...(shownWith ? { shownWith } : {}) },
  };
}

/**
 * Entries held back before they are shown: exports list requests by start time, give or take a
 * few that started within the same milliseconds (a redirect, a preflight), and the held ones are
 * shown in start-time order. Wider disorder ends the early showing.
 */
const REORDER_WINDOW = 64;

/**
 * After the first batch (shown at once), the least time between two: each batch costs the
 * analysis a step and the list an update, and a file is read in hundreds of chunks.
 */
const SHOW_EVERY_MS = 100;

/**
 * Hands exchanges to `show` as they are read, with the ids and in the order the import will give
 * them (harImporter's finish: by start time, then file order, e1…): each is held until
 * REORDER_WINDOW later entries are read, then shown in that order. Only while no entry starts
 * before one already shown and each entry's page is known, which is how browsers write HAR
 * files; a file that is not stops being shown early, and the import lists it once read.
 */
function earlyShow(show: ShowRead, now: () => number, creator: () => string | undefined) {
  const marks = credentialMarkReader();
  let on = true;
  let index = 0;
  /** Read, not shown yet, in (t, index) order. */
  const held: { t: number; index: number; exchange: Exchange }[] = [];
  let shownT = Number.NEGATIVE_INFINITY;
  let count = 0;
  let batch: Exchange[] = [];
  let facts: CaptureFacts | undefined;
  let shownAt = Number.NEGATIVE_INFINITY;
  const release = (keep: number) => {
    while (held.length > keep) {
      const next = held.shift()!;
      shownT = next.t;
      // A copy: the importer gives its own object the same id when it finishes.
      const x = { ...next.exchange, id: `e${++count}` };
      marks.see(x);
      batch.push(x);
    }
  };
  return {
    read(entry: ReadEntry | undefined): void {
      if (entry === undefined || !on) return;
      if (entry.pageLate || entry.t < shownT) {
        on = false;
        held.length = 0;
        batch = [];
        return;
      }
      const item = { t: entry.t, index: index++, exchange: entry.exchange };
      let at = held.length;
      while (at > 0 && held[at - 1]!.t > item.t) at--;
      held.splice(at, 0, item);
    },
    /** Shows what the window lets go; `all` at the end of the file. */
    flush(all = false): void {
      if (!on) return;
      release(all ? 0 : REORDER_WINDOW);
      if (batch.length === 0 || (!all && now() - shownAt < SHOW_EVERY_MS)) return;
      shownAt = now();
      const reason = marks.provisional(creator());
      facts = reason !== undefined ? { credentialsStripped: reason } : {};
      show(batch, facts);
      batch = [];
    },
    /** The facts the last batch went with, when every exchange was shown. */
    shownWith(): CaptureFacts | undefined {
      return on ? (facts ?? {}) : undefined;
    },
  };
}

/** The tokenizer's verdict in notJsonMessage's words for JSON.parse's (never the file's bytes). */
function notJsonFromStream(name: string, error: JsonStreamError): string {
  const truncated = /ends before|unterminated string/.test(error.message);
  return truncated
    ? `${name} is not a HAR file: its JSON ends too early (the file looks truncated).`
    : `${name} is not a HAR file: it is not valid JSON.`;
}

/** The file as one text, parsed by JSON.parse: how a malformed file is judged (see WHOLE_REREAD_BYTES). */
async function readWhole(file: HarSource): Promise<HarReadResult> {
  let text: string;
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    text = decoderFor(bytes).decode(bytes);
  } catch {
    return unreadable(file.name);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: notJsonMessage(file.name, error) };
  }
  const result = importHarDocument(doc);
  if (!result.ok) return { ok: false, error: `${file.name}: ${result.error}` };
  return { ok: true, exchanges: result.har.exchanges, facts: result.facts, skipped: result.har.skipped };
}

/**
 * One sentence for a file that is not JSON. JSON.parse's own message quotes bytes of the file
 * ("Unexpected token 'g', "garbage" is not valid JSON"), which may be anything: it is never shown.
 */
export function notJsonMessage(name: string, error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  const truncated = /Unexpected end of JSON input|Unterminated string/.test(message);
  return truncated
    ? `${name} is not a HAR file: its JSON ends too early (the file looks truncated).`
    : `${name} is not a HAR file: it is not valid JSON.`;
}
