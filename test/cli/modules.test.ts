/** The CLI's pure modules, in process: wrapping, argument parsing, decoding, escaping, colour. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CommandSpec, parseCommandArgs } from "../../src/cli/args.ts";
import { analyzeCommand } from "../../src/cli/analyze.ts";
import { CliError, type Io } from "../../src/cli/io.ts";
import { decodeText, describeJsonError, lineAndColumn } from "../../src/cli/read-har.ts";
import { ANSI, PLAIN, styleFor } from "../../src/cli/style.ts";
import { safeLine, safeProse } from "../../src/cli/terminal-text.ts";
import { wrap, wrapIndented } from "../../src/cli/wrap.ts";
import { FIXTURE_DIR, fixtureFiles } from "./chrome-har.ts";

function io(over: Partial<Io>): Io {
  return { stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, columns: undefined, env: {}, ...over };
}

describe("wrap", () => {
  it("never exceeds the width and keeps every non-space character in order", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.integer({ min: 1, max: 120 }), (text, width) => {
        const lines = wrap(text, width);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
        expect(lines.join("").replace(/[ \t\n]/g, "")).toBe(text.replace(/[ \t\n]/g, ""));
      }),
    );
  });

  it("breaks between words, cuts only words longer than a line", () => {
    expect(wrap("the quick brown fox", 10)).toEqual(["the quick", "brown fox"]);
    expect(wrap("token: abcdefghijklmnop", 8)).toEqual(["token:", "abcdefgh", "ijklmnop"]);
    expect(wrap("one\ntwo three", 20)).toEqual(["one", "two three"]);
  });

  it("indents, with a hanging first prefix", () => {
    expect(wrapIndented("alpha beta gamma delta", 30, "     ", "Fix: ")).toEqual(["Fix: alpha beta gamma delta"]);
    const lines = wrapIndented("alpha beta gamma delta epsilon zeta eta theta", 26, "     ", "Fix: ");
    expect(lines[0]!.startsWith("Fix: ")).toBe(true);
    for (const l of lines.slice(1)) expect(l.startsWith("     ")).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(26);
  });
});

describe("terminal-safe text", () => {
  it("turns control and bidi characters into visible escapes", () => {
    expect(safeLine("a\u001b[31mb\u0007\n\u202e")).toBe("a\\x1b[31mb\\x07\\n\\u202e");
    expect(safeProse("line one\r\nline\ttwo\u009b")).toBe("line one\nline\\ttwo\\x9b");
  });

  it("escapes what the panel escapes: zero-width space, word joiner and byte-order mark too, not the emoji joiner", () => {
    expect(safeLine("ad\u200bmin\u2060\ufeff")).toBe("ad\\u200bmin\\u2060\\ufeff");
    expect(safeLine("👩\u200d💻")).toBe("👩\u200d💻");
  });

  it("leaves no raw control character in any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that no control character gets through.
        expect(safeLine(s)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
      }),
    );
  });
});

describe("reading files", () => {
  it("drops a UTF-8 BOM and decodes UTF-16 by its BOM", () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe("{}");
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("{}", "utf16le")]))).toBe("{}");
    expect(decodeText(Buffer.from([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d]))).toBe("{}");
    expect(decodeText(Buffer.from("{}"))).toBe("{}");
  });

  it("counts lines and columns from 1", () => {
    expect(lineAndColumn("ab\ncd\nef", 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn("ab\ncd\nef", 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn("ab\ncd\nef", 8)).toEqual({ line: 3, column: 3 });
  });

  it("describes JSON errors without repeating the input", () => {
    for (const text of ["secret-token-garbage", '{"a": secret}', '{"a": 1} trailing-secret', '{"log": {"entries": ["secr']) {
      let message = "";
      try {
        JSON.parse(text);
      } catch (e) {
        message = (e as Error).message;
      }
      const described = describeJsonError(message, text);
      expect(described).toMatch(/^not valid JSON/);
      expect(described).not.toContain("secret");
      expect(described).not.toContain("secr");
    }
  });
});

describe("argument parsing", () => {
  const spec: CommandSpec = analyzeCommand;

  it("accepts options before or after the file, --name=value, and -- before a dash-named file", () => {
    expect(parseCommandArgs(spec, ["x.har", "--json"]).options.get("--json")).toBe(true);
    expect(parseCommandArgs(spec, ["--fail-on", "warning", "x.har"]).options.get("--fail-on")).toBe("warning");
    expect(parseCommandArgs(spec, ["--fail-on=error", "x.har"]).positionals).toEqual(["x.har"]);
    expect(parseCommandArgs(spec, ["--", "-weird.har"]).positionals).toEqual(["-weird.har"]);
    expect(parseCommandArgs(spec, ["x.har", "--fail-on", "error", "--fail-on", "warning"]).options.get("--fail-on")).toBe("warning");
  });

  it("rejects what it does not know, pointing at the command's help", () => {
    for (const argv of [["x.har", "--nope"], ["x.har", "--fail-on", "fatal"], [], ["a", "b"], ["x.har", "--fail-on", "--json"]]) {
      let error: unknown;
      try {
        parseCommandArgs(spec, argv);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).helpFor).toBe("analyze");
    }
  });
});

describe("colour", () => {
  it("only on a terminal, and never with NO_COLOR set (https://no-color.org)", () => {
    expect(styleFor(io({ stdoutIsTTY: true }))).toBe(ANSI);
    expect(styleFor(io({ stdoutIsTTY: false }))).toBe(PLAIN);
    expect(styleFor(io({ stdoutIsTTY: true, env: { NO_COLOR: "1" } }))).toBe(PLAIN);
  });
});

describe("fixtures", () => {
  it("are what test/cli/chrome-har.ts generates (run it with tsx to refresh them)", () => {
    for (const [name, content] of Object.entries(fixtureFiles())) {
      expect(readFileSync(join(FIXTURE_DIR, name), "utf8"), name).toBe(content);
    }
  });
});
