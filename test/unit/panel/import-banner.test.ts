/** The import banner's text: progress counts, and unreadable entries listed as visible text, bounded. */
import { describe, expect, it } from "vitest";
import type { SkippedEntry } from "../../../src/core/har.ts";
import { diagnosingText, readingText, SKIPPED_LISTED, skippedLines, skippedText } from "../../../src/panel/import-banner.ts";

describe("import banner text", () => {
  it("says how far the import is, counts written with separators", () => {
    expect(readingText("capture.har")).toBe("Reading capture.har…");
    // While read, the file's entry total is unknown: the entries read so far, and the share of its bytes.
    expect(readingText("capture.har", { entries: 4_000, percent: 40 })).toBe("Reading capture.har… 4,000 entries so far (40%)");
    expect(readingText("capture.har", { entries: 1, percent: 0 })).toBe("Reading capture.har… 1 entry so far (0%)");
    expect(readingText("a\u202e.har", { entries: 0, percent: 3 })).toBe("Reading a⟨U+202E⟩.har… 0 entries so far (3%)");
    expect(diagnosingText("capture.har", 4_000, 10_000)).toBe("Diagnosing capture.har… 4,000 of 10,000");
    expect(skippedText(1)).toBe("1 entry could not be read");
    expect(skippedText(1_234)).toBe("1,234 entries could not be read");
  });

  it("lists each entry by its place in the file, its request when known, and why in one sentence", () => {
    const { lines, more } = skippedLines(
      [
        { index: 9, reason: "the request has no URL", method: "POST" },
        { index: 2, reason: "the entry is not an object" },
      ],
      false,
    );
    expect(more).toBe(0);
    expect(lines).toEqual([
      { where: "log.entries[2]", reason: "The entry is not an object." },
      { where: "log.entries[9]", request: "POST", reason: "The request has no URL." },
    ]);
  });

  it("shows hostile text as visible text: controls escaped, markup left as characters, secrets masked", () => {
    const hostile: SkippedEntry = {
      index: 0,
      reason: "the entry <img src=x onerror=alert(1)> \u202egnp.exe",
      method: "GET\u200b<b>",
      url: "https://api.example.com/a?access_token=s3cr3t-value-1234&x=\u202e1",
    };
    const [masked] = skippedLines([hostile], false).lines;
    expect(masked?.reason).toBe("The entry <img src=x onerror=alert(1)> ⟨U+202E⟩gnp.exe.");
    expect(masked?.request).toContain("GET⟨U+200B⟩<b> https://api.example.com/a?access_token=");
    expect(masked?.request).not.toContain("s3cr3t-value-1234");
    expect(masked?.request).not.toContain("\u202e");
    const [shown] = skippedLines([hostile], true).lines;
    expect(shown?.request).toContain("s3cr3t-value-1234");
    expect(shown?.request).not.toContain("\u202e");
  });

  it("lists at most SKIPPED_LISTED, in file order, and counts the rest", () => {
    const many: SkippedEntry[] = Array.from({ length: 250 }, (_, i) => ({ index: 249 - i, reason: "the entry has no request" }));
    const { lines, more } = skippedLines(many, false);
    expect(lines).toHaveLength(SKIPPED_LISTED);
    expect(lines[0]?.where).toBe("log.entries[0]");
    expect(lines.at(-1)?.where).toBe(`log.entries[${SKIPPED_LISTED - 1}]`);
    expect(more).toBe(250 - SKIPPED_LISTED);
  });
});
