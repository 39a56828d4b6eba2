/**
 * `authlens challenge` end to end: the built bundle, run as a child process. The JSON output is
 * a contract ({"challenges","problems","lenient"}); the text output is checked for the values
 * each card must name.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, expectOneLineFailure, runCli } from "./run-cli.ts";

beforeAll(() => {
  buildCli();
}, 60_000);

interface JsonChallenge {
  scheme: string;
  token68?: string;
  params: Record<string, string>;
}

interface JsonProblem {
  code: string;
  severity: string;
  message: string;
  challenge: number | null;
  offset: number;
}

interface JsonOutput {
  challenges: JsonChallenge[];
  problems: JsonProblem[];
  lenient: JsonChallenge[];
  verdict: string;
  wellFormed: boolean;
  headline: string;
}

async function json(...args: string[]): Promise<JsonOutput> {
  const r = await runCli(["challenge", "--json", ...args]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as JsonOutput;
}

describe("authlens challenge --json", () => {
  it("prints challenges, problems and lenient, then the verdict, for a well-formed value", async () => {
    const out = await json('Bearer realm="example", error="invalid_token", error_description="The access token expired"');
    expect(Object.keys(out)).toEqual(["challenges", "problems", "lenient", "verdict", "wellFormed", "headline"]);
    expect(out.verdict).toBe("well-formed");
    expect(out.wellFormed).toBe(true);
    const expected = [{ scheme: "Bearer", params: { realm: "example", error: "invalid_token", error_description: "The access token expired" } }];
    expect(out.challenges).toEqual(expected);
    expect(out.lenient).toEqual(expected);
    expect(out.problems).toEqual([]);
  });

  it("takes each argument as one field line, in order", async () => {
    const out = await json("Negotiate", "NTLM");
    expect(out.challenges).toEqual([
      { scheme: "Negotiate", params: {} },
      { scheme: "NTLM", params: {} },
    ]);
  });

  it("keeps token68 and lower-cases parameter names", async () => {
    const out = await json("Negotiate YIIBhg==", 'NEWAUTH REALM="x"');
    expect(out.challenges).toEqual([
      { scheme: "Negotiate", token68: "YIIBhg==", params: {} },
      { scheme: "NEWAUTH", params: { realm: "x" } },
    ]);
  });

  it("empties challenges when the strict reading fails, and shows the lenient one; exit 0", async () => {
    const out = await json("Basic realm=foo, realm=bar");
    expect(out.challenges).toEqual([]);
    expect(out.lenient).toEqual([{ scheme: "Basic", params: { realm: "foo" } }]);
    expect(out.problems.map((p) => [p.code, p.severity])).toEqual([
      ["unquoted-realm", "warning"],
      ["duplicate-parameter", "error"],
    ]);
    for (const p of out.problems) expect(Object.keys(p)).toEqual(["code", "severity", "message", "challenge", "offset"]);
  });

  it("reads --proxy values the same way", async () => {
    const out = await json("--proxy", 'Basic realm="corp-proxy"');
    expect(out.challenges).toEqual([{ scheme: "Basic", params: { realm: "corp-proxy" } }]);
  });
});

describe("authlens challenge (text)", () => {
  it("prints a card per challenge: scheme, summary, parameters, problems, next steps", async () => {
    const r = await runCli(["challenge", 'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    for (const word of [
      "does not parse under RFC 9110",
      "Challenge 1 of 1: Bearer",
      "OAuth 2.0 bearer token",
      "Parameters:",
      'error_description = "the token does not have a valid audience"',
      "Problems:",
      "ERROR",
      "comma is missing",
      "Next:",
      "new access token",
    ]) {
      expect(r.stdout).toContain(word);
    }
  });

  it("decodes an NTLM challenge and answers a proxy with Proxy-Authorization", async () => {
    const type2 =
      "TlRMTVNTUAACAAAADAAMADAAAAABAoEAASNFZ4mrze8AAAAAAAAAAGIAYgA8AAAARABPAE0AQQBJAE4AAgAMAEQATwBNAEEASQBOAAEADABTAEUAUgBWAEUAUgAEABQAZABvAG0AYQBpAG4ALgBjAG8AbQADACIAcwBlAHIAdgBlAHIALgBkAG8AbQBhAGkAbgAuAGMAbwBtAAAAAAA=";
    const r = await runCli(["challenge", "--proxy", `NTLM ${type2}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Proxy-Authenticate: 1 challenge, well-formed/);
    expect(r.stdout).toContain('Target name = "DOMAIN"');
    expect(r.stdout).toContain("Proxy-Authorization: NTLM <type 3 message>");
  });

  it("shows control characters from the value as visible escapes", async () => {
    const r = await runCli(["challenge", 'Basic realm="a\u001b[31mb"']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("\u001b[31m");
    expect(r.stdout).toContain("\\x1b");
  });

  it("is listed in the top help and has its own", async () => {
    const top = await runCli(["--help"]);
    expect(top.stdout).toContain("challenge <field-value>...");
    const help = await runCli(["challenge", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: authlens challenge <field-value>\.\.\. \[--proxy\] \[--json\]/);
    expect(help.stdout).toContain('"challenges"');
  });
});

describe("unusable calls", () => {
  it.each([
    ["no argument", ["challenge"], "needs <field-value>..."],
    ["an unknown flag", ["challenge", "--bogus", "Basic"], 'unknown option "--bogus"'],
    ["a value given to a flag", ["challenge", "--json=yes", "Basic"], "--json takes no value"],
  ])("%s: exit 2 with one clear line", async (_label, args, words) => {
    const line = expectOneLineFailure(await runCli(args));
    expect(line).toContain(words);
  });
});
