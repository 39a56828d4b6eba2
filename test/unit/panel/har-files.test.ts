/** The panel's message for a picked file that is not JSON: one sentence, none of the file's bytes. */
import { describe, expect, it } from "vitest";
import { notJsonMessage } from "../../../src/panel/worker/har-read.ts";

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error("expected a parse error");
}

describe("notJsonMessage", () => {
  it.each([
    ["garbage <img src=x onerror=alert(1)> \u202e", "it is not valid JSON"],
    ['{"log": {"entries": [', "the file looks truncated"],
    ['{"log": "unterminated', "the file looks truncated"],
    ["\u0000\u0001binary\u00ff", "it is not valid JSON"],
  ])("%j → one sentence without the file's bytes", (text, says) => {
    const message = notJsonMessage("capture.har", parseError(text));
    expect(message).toContain("capture.har is not a HAR file");
    expect(message).toContain(says);
    // No fragment of the input is echoed.
    for (const fragment of ["garbage", "onerror", "\u202e", "entries", "unterminated", "binary", "\u0000"]) expect(message).not.toContain(fragment);
    expect(message.split(". ").length).toBe(1);
  });
});
