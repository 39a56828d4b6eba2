/**
 * The streaming HAR reader against JSON.parse: whatever the chunking, it yields the entries,
 * creator and pages JSON.parse finds in the document, and refuses what JSON.parse refuses.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HarStream, type HarStreamShape, JsonStreamError } from "../../src/core/har-stream.ts";
import { analyzeImported } from "../../src/core/analyze-har.ts";
import { analyzeHar } from "../../src/core/analyze-har.ts";
import { harImporter } from "../../src/core/har.ts";
import { FIXTURE_DIR, FULL_HAR, SANITIZED_HAR } from "./chrome-har.ts";

interface Read {
  entries: unknown[];
  creator: unknown[];
  pages: unknown[];
  shape: HarStreamShape;
}

/** Feeds `text` cut at `cuts` (offsets, any order). */
function read(text: string, cuts: readonly number[] = []): Read {
  const out: Read = { entries: [], creator: [], pages: [], shape: "ok" };
  const stream = new HarStream({
    entry(value, index) {
      expect(index).toBe(out.entries.length);
      out.entries.push(value);
    },
    creator: (value) => out.creator.push(value),
    pages: (value) => out.pages.push(value),
  });
  const at = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
  let from = 0;
  for (const c of at) {
    stream.feed(text.slice(from, c));
    from = c;
  }
  stream.feed(text.slice(from));
  out.shape = stream.end();
  return out;
}

const json = fc.jsonValue({ maxDepth: 3 });
const entry = fc.oneof(json, fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 4 }));
const har = fc.record(
  {
    log: fc.record(
      { version: fc.constant("1.2"), creator: json, pages: json, entries: fc.array(entry, { maxLength: 8 }), other: json },
      { requiredKeys: ["entries"] },
    ),
    extra: json,
  },
  { requiredKeys: ["log"] },
);

describe("HarStream", () => {
  it("yields what JSON.parse finds, however the text is cut and spaced", () => {
    fc.assert(
      fc.property(har, fc.array(fc.nat(2000), { maxLength: 12 }), fc.boolean(), (doc, cuts, pretty) => {
        const text = JSON.stringify(doc, null, pretty ? 2 : undefined);
        const got = read(text, cuts);
        // JSON.stringify drops undefined and reads -0 as 0: compare with the round trip.
        const parsed = JSON.parse(text) as { log: { entries: unknown[]; creator?: unknown; pages?: unknown } };
        expect(got.shape).toBe("ok");
        expect(got.entries).toEqual(parsed.log.entries);
        expect(got.creator).toEqual("creator" in parsed.log ? [parsed.log.creator] : []);
        expect(got.pages).toEqual("pages" in parsed.log ? [parsed.log.pages] : []);
      }),
    );
  });

  it("keeps brackets, quotes and escapes inside strings apart from the structure", () => {
    const tricky = ['a]}"[{', "\\", '\\"', "\\\\", "\u2028", "😀", "}\\\\\\\"]"];
    const doc = { log: { entries: tricky.map((t) => ({ request: { url: t, headers: [{ name: t, value: t }] } })) } };
    const text = JSON.stringify(doc);
    for (let cut = 0; cut <= text.length; cut++) expect(read(text, [cut, cut + 1, cut + 7]).entries).toEqual(doc.log.entries);
  });

  it.each<[string, string, HarStreamShape]>([
    ["a JSON array", "[]", "top-not-object"],
    ["a string", '"log"', "top-not-object"],
    ["no log", '{"version": 1}', "no-log"],
    ["log not an object", '{"log": [1]}', "no-log"],
    ["no entries", '{"log": {"version": "1.2", "creator": {"name": "x"}}}', "no-entries"],
    ["entries not a list", '{"log": {"entries": {}}}', "no-entries"],
    ["empty entries", '{"log": {"entries": []}}', "ok"],
  ])("tells %s", (_, text, shape) => {
    expect(read(text).shape).toBe(shape);
  });

  it.each([
    ["a truncated file", '{"log": {"entries": [{"a": 1}, {"b"'],
    ["a trailing comma", '{"log": {"entries": [],}}'],
    ["a trailing comma in entries", '{"log": {"entries": [1,]}}'],
    ["a bad entry", '{"log": {"entries": [{"a": tru}]}}'],
    ["a missing colon", '{"log" {"entries": []}}'],
    ["text after the document", '{"log": {"entries": []}} x'],
    ["an unterminated string", '{"log": {"entries": ["abc'],
    ["nothing", "   "],
  ])("refuses %s, with where", (_, text) => {
    expect(() => JSON.parse(text)).toThrow();
    let error: unknown;
    try {
      read(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonStreamError);
    expect((error as JsonStreamError).offset).toBeGreaterThanOrEqual(0);
    expect((error as JsonStreamError).offset).toBeLessThanOrEqual(text.length);
  });

  it.each([FULL_HAR, SANITIZED_HAR])("gives %s the findings analyzeHar gives the parsed document", (name) => {
    const text = readFileSync(join(FIXTURE_DIR, name), "utf8");
    const importer = harImporter();
    const stream = new HarStream({ entry: importer.entry, creator: importer.creator, pages: importer.pages });
    for (let i = 0; i < text.length; i += 4096) stream.feed(text.slice(i, i + 4096));
    expect(stream.end()).toBe("ok");
    const streamed = analyzeImported(importer.finish());
    const whole = analyzeHar(JSON.parse(text));
    if (!streamed.ok || !whole.ok) throw new Error("analysis failed");
    expect(streamed.analysis.diagnoses).toEqual(whole.analysis.diagnoses);
    expect(streamed.analysis.facts).toEqual(whole.analysis.facts);
    expect(streamed.analysis.har.skipped).toEqual(whole.analysis.har.skipped);
  });

  it("orders entries by start time and gives pages read after the entries", () => {
    const doc = {
      log: {
        entries: [
          { startedDateTime: "2025-01-01T00:00:02Z", pageref: "p1", request: { url: "https://a.example/2" } },
          42,
          { startedDateTime: "2025-01-01T00:00:01Z", pageref: "p1", request: { url: "https://a.example/1" } },
        ],
        pages: [{ id: "p1", title: "https://app.example/" }],
      },
    };
    const importer = harImporter();
    const stream = new HarStream({ entry: importer.entry, creator: importer.creator, pages: importer.pages });
    stream.feed(JSON.stringify(doc));
    stream.end();
    const har = importer.finish();
    const whole = analyzeHar(doc);
    if (!whole.ok) throw new Error(whole.error);
    expect(har).toEqual(whole.analysis.har);
    expect(har.exchanges.map((x) => [x.id, x.request.url, x.pageUrl])).toEqual([
      ["e1", "https://a.example/1", "https://app.example/"],
      ["e2", "https://a.example/2", "https://app.example/"],
    ]);
  });
});
