/**
 * `authlens token` end to end: the built bundle as a child process, on the shared vectors
 * (test/fixtures/tokens). Exit 0 whenever a token was read, malformed included; 2 for an
 * unusable call. The Basic password and whole tokens never reach the output.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, expectOneLineFailure, ROOT, runCli } from "./run-cli.ts";

interface JwtCase {
  id: string;
  token: string;
  expect: { type: string; header: Record<string, unknown>; payload?: unknown };
}

const FIXTURES = join(ROOT, "test", "fixtures", "tokens");
const CASES: JwtCase[] = JSON.parse(readFileSync(join(FIXTURES, "jwt-cases.json"), "utf8"));
const RFC7519 = CASES.find((c) => c.id.startsWith("rfc7515-A.1"))!;
const UNSECURED = CASES.find((c) => c.expect.type === "Unsecured JWS")!;
const JWE = CASES.find((c) => c.id.startsWith("rfc7519-A.1"))!;

beforeAll(() => {
  buildCli();
}, 60_000);

async function json(args: string[]) {
  const r = await runCli(["token", "--json", ...args]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("");
  expect(r.stdout.endsWith("\n")).toBe(true);
  return JSON.parse(r.stdout) as Record<string, unknown> & { problems: { code: string; severity: string; message: string }[] };
}

describe("help", () => {
  it("is listed among the commands", async () => {
    const r = await runCli(["--help"]);
    expect(r.stdout).toMatch(/token <token>\s+Decode a JWT/);
  });

  it("documents the arguments, --json, --at and the JSON shape", async () => {
    const r = await runCli(["token", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: authlens token <token> \[--json\] \[--at <ISO time>\]/);
    for (const word of ["--json", "--at", '"kind"', '"times"', "never", "Exit status", "Examples"]) expect(r.stdout).toContain(word);
    for (const line of r.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});

describe("--json", () => {
  it("RFC 7519 §3.1: header, claims and exp in ISO, judged at --at", async () => {
    const out = await json(["--at", "2011-03-22T18:00:00Z", RFC7519.token]);
    expect(out.kind).toBe("jws");
    expect(out.header).toEqual(RFC7519.expect.header);
    expect(out.payload).toEqual(RFC7519.expect.payload);
    expect(out.times).toEqual({ exp: "2011-03-22T18:43:00Z" });
    expect(out.problems).toEqual([]);
  });

  it("judges times against now without --at: the 2011 token has expired", async () => {
    const out = await json([RFC7519.token]);
    const expired = out.problems.find((p) => p.code === "auth.token-expired")!;
    expect(expired.severity).toBe("error");
    expect(expired.message).toMatch(/ before now \(exp 2011-03-22T18:43:00Z\)$/);
  });

  it("accepts the whole Authorization value", async () => {
    const out = await json(["--at", "2011-03-22T18:00:00Z", `Bearer ${RFC7519.token}`]);
    expect(out.kind).toBe("jws");
  });

  it.each(CASES.map((c) => [c.id, c] as const))("vector %s", async (_id, c) => {
    const out = await json(["--at", "2011-01-01T00:00:00Z", c.token]);
    expect(out.kind).toBe({ JWS: "jws", "Unsecured JWS": "unsecured", JWE: "jwe" }[c.expect.type]);
    expect(out.header).toEqual(c.expect.header);
  });

  it("alg none is reported", async () => {
    const out = await json([UNSECURED.token]);
    expect(out.kind).toBe("unsecured");
    expect(out.problems.map((p) => p.code)).toContain("token.alg-none");
  });

  it("a JWE shows its header only", async () => {
    const out = await json([JWE.token]);
    expect(out.kind).toBe("jwe");
    expect(out.payload).toBeUndefined();
    expect(out.problems[0]?.code).toBe("token.jwe");
  });

  it("Basic: the user, never the password (RFC 7617 §2)", async () => {
    const r = await runCli(["token", "--json", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="]);
    expect(r.stdout).not.toContain("open sesame");
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ kind: "basic", user: "Aladdin" });
    expect(Object.keys(out).sort()).toEqual(["kind", "problems", "user"]);
  });

  it("a token that does not decode is a result: exit 0, with the reason", async () => {
    const out = await json(["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0"]);
    expect(out.kind).toBe("malformed");
    expect(out.problems[0]).toMatchObject({ code: "token.malformed", severity: "warning" });
    expect(out.problems[0]!.message).toContain("has 2 parts");
  });

  it("an opaque token", async () => {
    const out = await json(["ghp_16C7e42F292c6912E7710c838347Ae178B4a9f0dQ3"]);
    expect(out.kind).toBe("opaque");
    expect(out.problems[0]!.message).toContain("GitHub personal access token");
  });
});

describe("text card", () => {
  it("shows kind, header, claims with meanings, times relative to --at, and never the token whole", async () => {
    const r = await runCli(["token", "--at", "2011-03-22T18:00:00Z", RFC7519.token]);
    expect(r.code).toBe(0);
    for (const text of [
      "Signed JWT (JWS)",
      "The signature is not checked",
      "Header:",
      "alg: HS256",
      "Claims:",
      "iss: joe",
      "issuer: who created and signed the token (RFC 7519 §4.1.1)",
      "exp: 1300819380 (2011-03-22T18:43:00Z)",
      "Times, relative to 2011-03-22T18:00:00Z:",
      "43 min after 2011-03-22T18:00:00Z",
    ]) {
      // Lines wrap at 100 columns: compare with the wrapping undone.
      expect(r.stdout.replace(/\s+/g, " ")).toContain(text);
    }
    expect(r.stdout).not.toContain(RFC7519.token);
    for (const line of r.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it("lists findings with their severity", async () => {
    const r = await runCli(["token", "--at", "2026-11-24T10:00:00Z", RFC7519.token]);
    expect(r.stdout).toContain("Findings:");
    expect(r.stdout).toMatch(/ERROR auth\.token-expired: expired 15 years \d+ days before 2026-11-24T10:00:00Z/);
  });

  it("Basic: the user, and the password only as its length", async () => {
    const r = await runCli(["token", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="]);
    expect(r.stdout).toContain("Basic credentials");
    expect(r.stdout).toContain("user-id: Aladdin");
    expect(r.stdout).toContain("password: •••••••• (11 chars)");
    expect(r.stdout).not.toContain("open sesame");
  });
});

describe("unusable calls: exit 2, one line", () => {
  it.each([
    [["token"], /needs <token>/],
    [["token", ""], /the token is empty/],
    [["token", "--at", "yesterday", RFC7519.token], /--at must be an ISO 8601 time/],
    [["token", "--at", "2026-13-45T99:00:00Z", RFC7519.token], /--at must be an ISO 8601 time/],
    [["token", "a", "b"], /unexpected argument/],
  ])("%j", async (args, message) => {
    const line = expectOneLineFailure(await runCli(args));
    expect(line).toMatch(message);
  });
});
