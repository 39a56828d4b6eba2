/**
 * `authlens token --jwks | --key | --secret-env`: the built bundle as a child process verifies the
 * RFC vectors and jose-signed tokens against key files and an environment variable, reads a
 * token from standard input ("-"), and fails in one line on unusable keys. Exit 0 when the
 * signature verifies, 1 when it does not, 2 for an unusable call.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, expectOneLineFailure, ROOT, runCli } from "./run-cli.ts";

const FIXTURES = join(ROOT, "test", "fixtures", "tokens");
const CASES: { id: string; token: string }[] = JSON.parse(readFileSync(join(FIXTURES, "jwt-cases.json"), "utf8"));
const KEYS = JSON.parse(readFileSync(join(FIXTURES, "verify", "rfc-keys.json"), "utf8"));
const X509 = JSON.parse(readFileSync(join(FIXTURES, "verify", "x509.json"), "utf8"));
const token = (prefix: string) => CASES.find((c) => c.id.startsWith(prefix))!.token;
const A2 = token("rfc7515-A.2");
const A5_NONE = token("rfc7515-A.5");
const RFC7520_RS256 = token("rfc7520:jws_4_1");

const DIR = mkdtempSync(join(tmpdir(), "authlens-keys-"));
function file(name: string, text: string): string {
  const path = join(DIR, name);
  writeFileSync(path, text);
  return path;
}
const A2_JWKS = file("a2.json", JSON.stringify({ keys: [{ ...KEYS.rfc7515["A.2"], kid: "2011", use: "sig" }] }));
const RFC7520_JWKS = file("rfc7520.json", JSON.stringify(KEYS.rfc7520));
const ROTATED_JWKS = file("rotated.json", JSON.stringify({ keys: KEYS.rfc7520.keys.map((k: Record<string, unknown>) => ({ ...k, kid: "2026-rotated" })) }));
const EC_CERT = file("cert.pem", X509.ecCertificate);
const NO_KEYS = file("none.json", '{"keys": [{"kty": "RSA"}]}');

const SECRET = "a-shared-secret-of-at-least-32-bytes!";
let HS256 = "";

beforeAll(async () => {
  buildCli();
  HS256 = await new SignJWT({ sub: "user-42", aud: "api" }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(SECRET));
}, 60_000);

async function verified(args: string[], env: Record<string, string> = {}, input = "") {
  const r = await runCli(["token", "--json", ...args], env, input);
  expect(r.stderr).toBe("");
  const out = JSON.parse(r.stdout) as { kind: string; header?: unknown; problems: { code: string; message: string }[]; signature?: Record<string, unknown> & { verdict: string; reason: string; notes: string[] } };
  return { code: r.code, out, stdout: r.stdout };
}

describe("help", () => {
  it("documents the key options, standard input and the exit statuses", async () => {
    const r = await runCli(["token", "--help"]);
    expect(r.code).toBe(0);
    for (const word of ["--jwks <file>", "--key <file>", "--secret-env <name>", "or - to read it from standard input", '"signature"?', "RFC 8725 §3.1", "Nothing is fetched"]) expect(r.stdout).toContain(word);
    expect(r.stdout).toMatch(/\n {2}1 {2}a key option was given and the signature is not verified/);
    for (const line of r.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});

describe("verifies", () => {
  it("RFC 7515 A.2 with --jwks: valid, exit 0", async () => {
    const { code, out } = await verified(["--jwks", A2_JWKS, A2]);
    expect(code).toBe(0);
    expect(out.signature).toMatchObject({ verdict: "valid", alg: "RS256", key: { kid: "2011", kty: "RSA", origin: "jwk" } });
    expect(out.kind).toBe("jws");
  });

  it("RFC 7520 §4.1 with its JWKS, as text", async () => {
    const r = await runCli(["token", "--jwks", RFC7520_JWKS, RFC7520_RS256]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Signature, checked locally (nothing was sent anywhere):");
    expect(r.stdout.replace(/\s+/g, " ")).toContain('VALID: the RS256 signature verifies with key #2 of the JWKS (kid "bilbo.baggins@hobbiton.example") (RFC 7518 §3.3)');
    expect(r.stdout).not.toContain("The signature is not checked");
  });

  it("a tampered token: invalid, exit 1", async () => {
    const parts = A2.split(".");
    const tampered = [parts[0], `${parts[1]!.slice(0, 10)}${parts[1]![10] === "A" ? "B" : "A"}${parts[1]!.slice(11)}`, parts[2]].join(".");
    const { code, out } = await verified(["--jwks", A2_JWKS, tampered]);
    expect(code).toBe(1);
    expect(out.signature).toMatchObject({ verdict: "invalid" });
    expect(out.signature!.reason).toMatch(/signature does not verify with/);
  });

  it("a kid the JWKS does not hold: key-unknown, exit 1", async () => {
    const { code, out } = await verified(["--jwks", ROTATED_JWKS, RFC7520_RS256]);
    expect(code).toBe(1);
    expect(out.signature!.verdict).toBe("key-unknown");
    expect(out.signature!.reason).toContain('no key has the token\'s kid "bilbo.baggins@hobbiton.example"');
  });

  it("alg none is refused, whatever the keys", async () => {
    const { code, out } = await verified(["--jwks", A2_JWKS, A5_NONE]);
    expect(code).toBe(1);
    expect(out.signature!.verdict).toBe("invalid");
  });

  it("--key with an X.509 certificate", async () => {
    const { code, out } = await verified(["--key", EC_CERT, X509.es256]);
    expect(code).toBe(0);
    expect(out.signature).toMatchObject({ verdict: "valid", key: { origin: "certificate", kty: "EC", crv: "P-256" } });
  });

  it("--secret-env: the secret from the environment, never printed", async () => {
    const { code, out, stdout } = await verified(["--secret-env", "API_JWT_SECRET", HS256], { API_JWT_SECRET: SECRET });
    expect(code).toBe(0);
    expect(out.signature!.verdict).toBe("valid");
    expect(stdout).not.toContain(SECRET);
    const wrong = await verified(["--secret-env", "API_JWT_SECRET", HS256], { API_JWT_SECRET: "another-secret-of-at-least-32-bytes!!" });
    expect(wrong.code).toBe(1);
    expect(wrong.out.signature!.verdict).toBe("invalid");
  });

  it("an HS256 token against an RSA public key: algorithm confusion refused (RFC 8725 §3.1)", async () => {
    const forged = await new SignJWT({ sub: "admin" }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(X509.ecCertificate));
    const { code, out } = await verified(["--key", EC_CERT, forged]);
    expect(code).toBe(1);
    expect(out.signature!.reason).toContain("RFC 8725 §3.1");
  });
});

describe("standard input and pasted tokens", () => {
  it('"-" reads the token from standard input, wrapped as a log wraps it', async () => {
    const wrapped = `Bearer ${A2.match(/.{1,64}/g)!.join("\n")}\n`;
    const { code, out } = await verified(["--jwks", A2_JWKS, "-"], {}, wrapped);
    expect(code).toBe(0);
    expect(out.kind).toBe("jws");
    expect(out.problems[0]!.message).toMatch(/^the pasted token held \d+ whitespace characters/);
    expect(out.signature!.verdict).toBe("valid");
  });

  it("decoding alone still works from standard input, exit 0", async () => {
    const r = await runCli(["token", "--json", "-"], {}, A2);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).signature).toBeUndefined();
  });

  it("a five-part token without enc still shows its header", async () => {
    const header = Buffer.from('{"alg":"RSA-OAEP","kid":"k1"}').toString("base64url");
    const { code, out } = await verified([`${header}.a.b.c.d`]);
    expect(code).toBe(0);
    expect(out.kind).toBe("malformed");
    expect(out.header).toEqual({ alg: "RSA-OAEP", kid: "k1" });
  });

  it("token.invalid is reported by the command", async () => {
    const header = Buffer.from('{"alg":"ES256"}').toString("base64url");
    const payload = Buffer.from('{"sub":"a","aud":42}').toString("base64url");
    const { out } = await verified([`${header}.${payload}.${Buffer.alloc(32, 1).toString("base64url")}`]);
    expect(out.problems.filter((p) => p.code === "token.invalid").map((p) => p.message)).toEqual([
      expect.stringContaining("ES256 signatures are always 64 bytes"),
      expect.stringContaining("aud is 42"),
    ]);
  });
});

describe("unusable calls: exit 2, one line", () => {
  it.each([
    [["token", "--jwks", "/nonexistent/jwks.json", "x"], /no such file: "\/nonexistent\/jwks\.json"/],
    [["token", "--jwks", "JWKS", "--key", "KEY", "x"], /give one of --jwks, --key, --secret-env, not --jwks and --key/],
    [["token", "--secret-env", "AUTHLENS_NOT_SET", "x"], /the environment variable "AUTHLENS_NOT_SET" named by --secret-env is not set, or empty/],
    [["token", "--jwks", DIR, "x"], /is a directory, not a key file/],
    [["token", "-"], /the token read from standard input is empty/],
  ])("%j", async (args, message) => {
    expect(expectOneLineFailure(await runCli(args))).toMatch(message);
  });

  it("a key file with no usable key says why", async () => {
    const line = expectOneLineFailure(await runCli(["token", "--jwks", NO_KEYS, A2]));
    expect(line).toMatch(/holds no key AuthLens can verify with: key #1 of the JWKS: an RSA key needs "n" and "e"/);
  });

  it("a PEM private key is refused with a warning", async () => {
    const path = file("private.pem", "-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n");
    const line = expectOneLineFailure(await runCli(["token", "--key", path, A2]));
    expect(line).toMatch(/is a private key \(PRIVATE KEY\): verifying needs only the public key; never paste or share a private key/);
  });
});
