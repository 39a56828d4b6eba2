/**
 * The worker's streaming HAR reader (panel/worker/har-read.ts): however the file's bytes come in
 * chunks, whatever byte order mark it starts with, it imports what core imports from the parsed
 * document, keeps each unreadable entry with why, reports how far it is, and says in one sentence
 * (none of the file's bytes) why a file is refused.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importHarDocument } from "../../../src/core/analyze-har.ts";
import { type HarSource, MAX_HAR_BYTES, notJsonMessage, type ReadProgress, readHarFile, WHOLE_REREAD_BYTES } from "../../../src/panel/worker/har-read.ts";
import { API_ORIGIN, entry, harOf } from "../helpers.ts";

/** A file whose stream delivers `bytes` cut at `cuts` (offsets, any order); `size` may claim another size. */
function source(bytes: Uint8Array, cuts: readonly number[] = [], opts: { size?: number; wholeRead?: boolean } = {}): HarSource & { streams: number } {
  const at = [...new Set(cuts.map((c) => Math.max(0, Math.min(c, bytes.length))))].sort((a, b) => a - b);
  const out = {
    name: "capture.har",
    size: opts.size ?? bytes.length,
    streams: 0,
    stream() {
      out.streams++;
      return new ReadableStream<Uint8Array>({
        start(controller) {
          let from = 0;
          for (const c of [...at, bytes.length]) {
            controller.enqueue(bytes.slice(from, c));
            from = c;
          }
          controller.close();
        },
      }) as ReturnType<File["stream"]>;
    },
    async arrayBuffer() {
      if (opts.wholeRead === false) throw new Error("the file is read whole");
      return bytes.slice().buffer;
    },
  };
  return out;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function utf16(text: string, order: "le" | "be"): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(order === "le" ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i + (order === "le" ? 0 : 1)] = c & 0xff;
    out[2 + 2 * i + (order === "le" ? 1 : 0)] = c >> 8;
  }
  return out;
}

/** A capture with non-ASCII text (two-, three- and four-byte UTF-8), a 401 and three entries no importer can read. */
function captureText(): string {
  const entries: unknown[] = [];
  for (let i = 0; i < 12; i++) {
    entries.push(
      entry({
        url: `${API_ORIGIN}/v1/café/${i}?q=日本語😀`,
        at: 12 - i,
        status: i % 4 === 0 ? 401 : 200,
        requestHeaders: { authorization: "Bearer abc.def.ghi", "x-note": 'a "quoted" \\ value ]}' },
        responseHeaders: i % 4 === 0 ? { "www-authenticate": 'Bearer error="invalid_token"' } : {},
      }),
    );
  }
  entries.splice(3, 0, "not an entry", { startedDateTime: "2024-01-01T00:00:00Z" }, { request: { method: "POST", url: "" } });
  return JSON.stringify(harOf(entries), null, 1);
}

async function read(file: HarSource) {
  const progress: ReadProgress[] = [];
  const result = await readHarFile(file, (p) => progress.push(p));
  return { result, progress };
}

describe("readHarFile (streamed)", () => {
  const text = captureText();
  const whole = importHarDocument(JSON.parse(text));
  if (!whole.ok) throw new Error(whole.error);

  it("imports what core imports from the parsed document, however the bytes are cut", async () => {
    const bytes = utf8(text);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(bytes.length), { maxLength: 40 }), async (cuts) => {
        const { result } = await read(source(bytes, cuts));
        if (!result.ok) throw new Error(result.error);
        expect(result.exchanges).toEqual(whole.har.exchanges);
        expect(result.skipped).toEqual(whole.har.skipped);
        expect(result.facts).toEqual(whole.facts);
      }),
      { numRuns: 60 },
    );
    // A byte at a time: every character split across chunks, multi-byte ones included.
    const { result } = await read(source(bytes, [...bytes.keys()]));
    expect(result.ok && result.exchanges).toEqual(whole.har.exchanges);
  });

  it("keeps each entry it could not read, with where and why", async () => {
    const { result } = await read(source(utf8(text), [100, 2000]));
    if (!result.ok) throw new Error(result.error);
    expect(result.exchanges).toHaveLength(12);
    expect([...result.skipped].sort((a, b) => a.index - b.index)).toEqual([
      { index: 3, reason: "the entry is not an object" },
      { index: 4, reason: "the entry has no request" },
      { index: 5, reason: "the request has no URL", method: "POST" },
    ]);
  });

  it.each([
    ["UTF-8 with a byte order mark", new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(captureText())])],
    ["UTF-16LE with a byte order mark", utf16(captureText(), "le")],
    ["UTF-16BE with a byte order mark", utf16(captureText(), "be")],
  ])("reads %s, the mark split across chunks or not", async (_, bytes) => {
    for (const cuts of [[], [1], [1, 2], [2, 3], [...bytes.keys()].filter((i) => i % 7 === 1)]) {
      const { result } = await read(source(bytes, cuts));
      if (!result.ok) throw new Error(result.error);
      expect(result.exchanges).toEqual(whole.har.exchanges);
    }
  });

  it("reports the entries read and the share of the file as it goes, counting up to all of it", async () => {
    const bytes = utf8(text);
    const { progress } = await read(source(bytes, Array.from({ length: 400 }, (_, i) => Math.floor((bytes.length * i) / 400))));
    expect(progress.length).toBeGreaterThan(10);
    // Once per percent at most.
    expect(progress.length).toBeLessThanOrEqual(101);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.entries).toBeGreaterThanOrEqual(progress[i - 1]!.entries);
      expect(progress[i]!.percent).toBeGreaterThan(progress[i - 1]!.percent);
    }
    expect(progress.at(-1)).toEqual({ entries: 15, percent: 100 });
    expect(progress.some((p) => p.entries > 0 && p.entries < 15)).toBe(true);
  });

  it.each([
    ["garbage <img src=x onerror=alert(1)> \u202e", "capture.har is not a HAR file: it is not valid JSON."],
    ['{"log": {"entries": [{"request": {"url": "https://x', "capture.har is not a HAR file: its JSON ends too early (the file looks truncated)."],
    ['{"log": {"entries": [], }}', "capture.har is not a HAR file: it is not valid JSON."],
    ["", "capture.har is not a HAR file: its JSON ends too early (the file looks truncated)."],
    ['{"log": 1}', 'capture.har: not a HAR file: there is no "log" object'],
    ['{"log": {"entries": {}}}', 'capture.har: not a HAR file: "log.entries" is missing or not a list'],
    ["[1, 2]", "capture.har: not a HAR file: the top level is not a JSON object"],
  ])("refuses %j with one sentence, the same whether the file is re-read whole or too large to be", async (bad, message) => {
    const bytes = utf8(bad);
    // Small: re-read whole, judged by JSON.parse as before streaming.
    const small = await read(source(bytes, [3]));
    expect(small.result).toEqual({ ok: false, error: message });
    let parseError: unknown;
    try {
      JSON.parse(bad);
    } catch (error) {
      parseError = error;
    }
    if (parseError !== undefined) expect(message).toBe(notJsonMessage("capture.har", parseError));
    // Too large to read whole: the tokenizer's verdict, in the same words.
    const large = await read(source(bytes, [3], { size: WHOLE_REREAD_BYTES + 1, wholeRead: false }));
    expect(large.result).toEqual({ ok: false, error: message });
    for (const fragment of ["garbage", "onerror", "\u202e", "https://x"]) expect(message).not.toContain(fragment);
  });

  it("refuses a file over the size limit before reading any of it", async () => {
    const file = source(utf8(text), [], { size: MAX_HAR_BYTES + 1, wholeRead: false });
    const { result, progress } = await read(file);
    expect(result).toEqual({ ok: false, error: "capture.har is 200 MB; AuthLens reads HAR files up to 200 MB." });
    expect(file.streams).toBe(0);
    expect(progress).toEqual([]);
  });

  it("says so when the file can no longer be read (moved or changed since it was picked)", async () => {
    const file: HarSource = {
      name: "capture.har",
      size: 100,
      stream: () =>
        new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.error(new DOMException("changed", "NotReadableError"));
          },
        }) as ReturnType<File["stream"]>,
      arrayBuffer: () => Promise.reject(new DOMException("changed", "NotReadableError")),
    };
    expect(await readHarFile(file)).toEqual({ ok: false, error: "capture.har could not be read: it may have changed or moved since it was picked." });
  });

  it("a real File (Blob stream) reads as the parsed document imports", async () => {
    const { result } = await read(new File([text], "capture.har", { type: "application/json" }));
    expect(result.ok && result.exchanges).toEqual(whole.har.exchanges);
  });
});
