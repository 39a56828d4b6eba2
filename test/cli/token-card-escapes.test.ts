/**
 * `authlens token`'s card prints the masked token: its first and last characters come from the
 * token as given, so a control or bidi character there reached the terminal raw (found by
 * `npm run fuzz`: "Bearer \u2069`data…"). The card shows it as a visible escape.
 */
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.ts";
import { run } from "../../src/cli/run.ts";

async function card(token: string): Promise<string> {
  let out = "";
  const io: Io = { stdout: (t) => (out += t), stderr: () => {}, stdoutIsTTY: false, columns: undefined, env: {} };
  expect(await run(["token", "--at", "2026-11-24T10:00:00Z", "--", token], io)).toBe(0);
  return out;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe("the token card", () => {
  it.each([
    ["a bidi isolate at the start", "Bearer \u2069`data:abcdefghijklmnop"],
    // A mask reveals the first 4 characters (share/rules.ts): the BEL is among them.
    ["BEL among the first characters", "Bearer _\u0007Host-abcdefghijklmnopqrstuvwxyzC"],
    ["a C1 CSI", "\u009b31mabcdefghijklmnopqrstuvwx\u009b0m"],
  ])("shows %s in the masked token as an escape", async (_label, token) => {
    const out = await card(token);
    expect(out).not.toMatch(RAW);
    expect(out).toMatch(/\\(u20[0-9a-f]{2}|x[0-9a-f]{2})/);
  });
});
