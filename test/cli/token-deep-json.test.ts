/**
 * `authlens token` on a JWT whose header or payload is JSON nested 5,000 deep: it printed
 * "internal error: Maximum call stack size exceeded". Now the token does not decode, and the
 * card and the JSON say why (bounded-json.ts).
 */
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.ts";
import { run } from "../../src/cli/run.ts";
import { b64url } from "../unit/tokens/make.ts";

const deep = `${"[".repeat(5_000)}${"]".repeat(5_000)}`;
const HEADER = `${b64url(`{"alg":"HS256","x":${deep}}`)}.${b64url('{"sub":"u"}')}.c2ln`;
const PAYLOAD = `${b64url('{"alg":"HS256"}')}.${b64url(`{"sub":"u","x":${deep}}`)}.c2ln`;

async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  // 100 columns, the width the phrases below were written for (80 when nothing says).
  const io: Io = { stdout: (t) => (out += t), stderr: (t) => (out += t), stdoutIsTTY: false, columns: undefined, env: { COLUMNS: "100" } };
  return { code: await run(argv, io), out };
}

describe("authlens token, JSON nested 5,000 deep", () => {
  // A token that does not decode still shows the part that does (issue 14): the other one.
  it.each([
    ["header", HEADER, { payload: { sub: "u" } }],
    ["payload", PAYLOAD, { header: { alg: "HS256" } }],
  ])("in the %s: token.malformed, in the card and in --json", async (part, token, decoded) => {
    const card = await cli(["token", "--at", "2026-11-24T10:00:00Z", token]);
    expect(card.code).toBe(0);
    expect(card.out).toContain("Does not decode");
    expect(card.out).toContain(`${part} JSON nested deeper than 64 levels`);
    const json = await cli(["token", "--json", "--at", "2026-11-24T10:00:00Z", token]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({
      kind: "malformed",
      ...decoded,
      problems: [{ code: "token.malformed", severity: "warning", message: expect.stringContaining(`${part} JSON nested deeper than 64 levels`) }],
    });
  });
});
