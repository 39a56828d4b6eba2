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

/** One problem as the text prints it: the card it sits in, its label and its words. */
interface TextProblem {
  challenge: number | null;
  severity: string;
  text: string;
}

const SEVERITY_OF: Record<string, string> = { ERROR: "error", WARN: "warning", INFO: "info" };
const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();

/** The text report read back: its headline and every problem line under each card's "Problems:". */
function readText(stdout: string): { headline: string; cards: string[]; problems: TextProblem[] } {
  const blocks = stdout.split("\n\n");
  const headline = squeeze(blocks[0]!);
  const cards: string[] = [];
  const problems: TextProblem[] = [];
  let card: number | null = null;
  let inProblems = false;
  for (const line of stdout.split("\n").slice(1)) {
    const title = /^Challenge (\d+) /.exec(line);
    if (title || line.startsWith("No readable challenge")) {
      card = title ? Number(title[1]) - 1 : null;
      cards.push(line);
      inProblems = false;
      continue;
    }
    // A card's sections are separated by blank lines and start two spaces in.
    if (line === "" || /^ {2}\S/.test(line)) {
      inProblems = line === "  Problems:";
      continue;
    }
    if (!inProblems) continue;
    const item = /^ {4}(ERROR|WARN|INFO) +(.*)$/.exec(line);
    if (item) problems.push({ challenge: card, severity: SEVERITY_OF[item[1]!]!, text: item[2]! });
    else problems[problems.length - 1]!.text += ` ${line.trim()}`;
  }
  return { headline, cards, problems };
}

/** The text and the JSON of the same call, checked to say the same thing. */
async function bothAgree(...args: string[]): Promise<JsonOutput> {
  const out = await json(...args);
  const r = await runCli(["challenge", ...args]);
  expect(r.code).toBe(0);
  const text = readText(r.stdout);
  expect(text.headline).toBe(squeeze(out.headline));
  expect(text.cards).toHaveLength(Math.max(1, out.lenient.length));
  expect(text.problems).toEqual(
    out.problems.map((p) => ({ challenge: p.challenge, severity: p.severity, text: squeeze(`${p.message} (at character ${p.offset})`) })),
  );
  expect(out.wellFormed).toBe(out.verdict === "well-formed");
  expect(text.headline.includes("well-formed")).toBe(out.wellFormed);
  if (out.wellFormed) expect(out.problems.every((p) => p.severity === "info")).toBe(true);
  if (out.verdict === "does-not-parse") expect(out.challenges).toEqual([]);
  else expect(out.challenges).toEqual(out.lenient);
  return out;
}

describe("authlens challenge: the text and the JSON agree", () => {
  it("Basic without realm: parses, with the scheme's error in both, and is never called well-formed", async () => {
    const out = await bothAgree("Basic");
    expect(out.verdict).toBe("parses-with-errors");
    expect(out.wellFormed).toBe(false);
    expect(out.headline).toBe("WWW-Authenticate: 1 challenge; parses under RFC 9110 §11, with 1 problem (1 error).");
    expect(out.problems).toEqual([expect.objectContaining({ code: "missing-parameter", severity: "error", challenge: 0 })]);
    expect(out.problems[0]!.message).toContain("realm");
  });

  it("Digest without nonce: the scheme's error, warning and note, in the text's order", async () => {
    const out = await bothAgree('Digest realm="x"');
    expect(out.verdict).toBe("parses-with-errors");
    expect(out.problems.map((p) => [p.code, p.severity])).toEqual([
      ["missing-parameter", "error"],
      ["weak-algorithm", "info"],
      ["missing-parameter", "warning"],
    ]);
    expect(out.problems[0]!.message).toContain("nonce");
  });

  it("an unknown Digest algorithm: a warning only, so it parses but is not well-formed", async () => {
    const out = await bothAgree('Digest realm="x", nonce="n", algorithm=FOO-9, qop="auth"');
    expect(out.verdict).toBe("parses-with-warnings");
    expect(out.problems).toEqual([expect.objectContaining({ code: "invalid-parameter-value", severity: "warning" })]);
    expect(out.problems[0]!.message).toContain("FOO-9");
  });

  it("an unquoted realm: warnings only", async () => {
    const out = await bothAgree("Basic realm=x");
    expect(out.verdict).toBe("parses-with-warnings");
    expect(out.headline).toContain("with 1 problem (1 warning)");
  });

  it("notes only: well-formed, and the note is listed in both", async () => {
    const out = await bothAgree('Digest realm="x", nonce="n", qop="auth"');
    expect(out.verdict).toBe("well-formed");
    expect(out.headline).toBe("WWW-Authenticate: 1 challenge, well-formed (RFC 9110 §11), with 1 note.");
    expect(out.problems).toEqual([expect.objectContaining({ code: "weak-algorithm", severity: "info" })]);
  });

  it("clean: well-formed, no problem", async () => {
    const out = await bothAgree('Basic realm="x", charset="UTF-8"', 'Bearer realm="api"');
    expect(out.verdict).toBe("well-formed");
    expect(out.problems).toEqual([]);
    expect(out.headline).toBe("WWW-Authenticate: 2 challenges, well-formed (RFC 9110 §11).");
  });

  it("`Basic realm=foo Digest realm=bar`: two challenges, the missing comma an error, each scheme's problems on its card", async () => {
    const out = await bothAgree("Basic realm=foo Digest realm=bar");
    expect(out.verdict).toBe("does-not-parse");
    expect(out.lenient).toEqual([
      { scheme: "Basic", params: { realm: "foo" } },
      { scheme: "Digest", params: { realm: "bar" } },
    ]);
    expect(out.problems).toContainEqual(expect.objectContaining({ code: "missing-comma", severity: "error", challenge: 1 }));
    expect(out.problems).toContainEqual(expect.objectContaining({ code: "missing-parameter", severity: "error", challenge: 1 }));
    expect(out.headline).toContain("shown as a client would most likely read it (2 challenges)");
  });

  it('`Bearer realm="a" error="invalid_token"`: one challenge with both parameters, the missing comma an error', async () => {
    const out = await bothAgree('Bearer realm="a" error="invalid_token"');
    expect(out.lenient).toEqual([{ scheme: "Bearer", params: { realm: "a", error: "invalid_token" } }]);
    expect(out.problems).toEqual([expect.objectContaining({ code: "missing-comma", challenge: 0, offset: 17 })]);
  });

  it('`Basic realm="x" Bearer`: a bare scheme at the end is a challenge of its own', async () => {
    const out = await bothAgree('Basic realm="x" Bearer');
    expect(out.lenient).toEqual([
      { scheme: "Basic", params: { realm: "x" } },
      { scheme: "Bearer", params: {} },
    ]);
    expect(out.verdict).toBe("does-not-parse");
  });

  it('`Basic realm="Digest realm=x"`: a scheme name in a quoted-string splits nothing', async () => {
    const out = await bothAgree('Basic realm="Digest realm=x"');
    expect(out.verdict).toBe("well-formed");
    expect(out.challenges).toEqual([{ scheme: "Basic", params: { realm: "Digest realm=x" } }]);
  });

  it("an unknown word after a missing comma is not a challenge", async () => {
    const out = await bothAgree('Basic realm="x" Newauth realm="y"');
    expect(out.lenient).toEqual([{ scheme: "Basic", params: { realm: "x" } }]);
    expect(out.problems).toEqual([expect.objectContaining({ code: "unexpected-after-value", severity: "error" })]);
  });

  it("no readable challenge: the problems belong to no challenge", async () => {
    const out = await bothAgree('"Basic"');
    expect(out.verdict).toBe("does-not-parse");
    expect(out.lenient).toEqual([]);
    expect(out.headline).toContain("no challenge can be read from it");
    expect(out.problems.every((p) => p.challenge === null)).toBe(true);
  });

  it("--proxy: DPoP in Proxy-Authenticate is an error of the scheme, in both", async () => {
    const out = await bothAgree("--proxy", 'DPoP algs="ES256"');
    expect(out.verdict).toBe("parses-with-errors");
    expect(out.headline).toMatch(/^Proxy-Authenticate: /);
    expect(out.problems).toContainEqual(expect.objectContaining({ code: "not-for-proxy", severity: "error" }));
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
