/**
 * The synchronous signature checks the analysis runs on a refused token whose issuer's keys the
 * page fetched (tokens/identity/signature.ts: RS256, PS256, ES256), against the RFC 7515 and
 * RFC 7520 vectors (test/fixtures/tokens) and tokens signed by jose, and never throwing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { base64UrlToBytes } from "../../../src/core/base64.ts";
import { verifyEs256 } from "../../../src/core/crypto/p256.ts";
import { verifyPs256 } from "../../../src/core/crypto/rsa-pkcs1.ts";
import type { PublicJwk } from "../../../src/core/tokens/identity/metadata.ts";
import { CHECKED_ALGORITHMS, keysVerify, signatureVerifies } from "../../../src/core/tokens/identity/signature.ts";

const DIR = join(__dirname, "..", "..", "fixtures", "tokens");
const CASES: { id: string; token: string }[] = JSON.parse(readFileSync(join(DIR, "jwt-cases.json"), "utf8"));
const RFC_KEYS = JSON.parse(readFileSync(join(DIR, "verify", "rfc-keys.json"), "utf8"));
const vector = (prefix: string) => CASES.find((c) => c.id.startsWith(prefix))!.token;
/** RFC 7520 §3.1 and §3.3 print an EC and an RSA key under the same kid. */
const bilbo: PublicJwk[] = RFC_KEYS.rfc7520.keys.filter((k: { kid: string }) => k.kid === "bilbo.baggins@hobbiton.example");

/** The token with one character of its signature changed (the last one can hold padding bits only). */
function tampered(token: string): string {
  const i = token.length - 5;
  return `${token.slice(0, i)}${token[i] === "A" ? "B" : "A"}${token.slice(i + 1)}`;
}

async function signedWith(alg: "RS256" | "PS256" | "ES256") {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = (await exportJWK(publicKey)) as PublicJwk;
  const token = await new SignJWT({ sub: "user-1", aud: "api" }).setProtectedHeader({ alg, kid: "k" }).sign(privateKey);
  return { jwk, token };
}

describe("signatures checked while the capture is judged", () => {
  it("checks RS256, PS256 and ES256, and no other algorithm", () => {
    expect([...CHECKED_ALGORITHMS].sort()).toEqual(["ES256", "PS256", "RS256"]);
  });

  it.each([
    ["RFC 7515 A.2 (RS256)", "rfc7515-A.2", "RS256", () => RFC_KEYS.rfc7515["A.2"]],
    ["RFC 7515 A.3 (ES256)", "rfc7515-A.3", "ES256", () => RFC_KEYS.rfc7515["A.3"]],
  ] as const)("%s verifies with its key, and not once changed", (_, id, alg, key) => {
    const token = vector(id);
    expect(signatureVerifies(token, alg, key())).toBe(true);
    expect(signatureVerifies(tampered(token), alg, key())).toBe(false);
  });

  it("RFC 7520 §4.1 (RS256): of the two keys under its kid, the RSA one verifies it", () => {
    const token = vector("rfc7520:jws_4_1");
    expect(bilbo.map((k) => k.kty).sort()).toEqual(["EC", "RSA"]);
    expect(keysVerify(token, "RS256", bilbo)).toBe(true);
    expect(keysVerify(tampered(token), "RS256", bilbo)).toBe(false);
    expect(keysVerify(token, "RS256", bilbo.filter((k) => k.kty === "EC"))).toBeUndefined();
  });

  it("leaves what it does not check undecided: RFC 7520 §4.2 (PS384), §4.3 (ES512), a key of another type", () => {
    expect(keysVerify(vector("rfc7520:jws_4_2"), "PS384", bilbo)).toBeUndefined();
    expect(keysVerify(vector("rfc7520:jws_4_3"), "ES512", bilbo)).toBeUndefined();
    expect(signatureVerifies(vector("rfc7515-A.3"), "ES256", RFC_KEYS.rfc7515["A.2"])).toBeUndefined();
    expect(signatureVerifies(vector("rfc7515-A.2"), "RS256", RFC_KEYS.rfc7515["A.3"])).toBeUndefined();
    // A key published for another algorithm does not verify this one (RFC 7517 §4.4).
    expect(signatureVerifies(vector("rfc7515-A.2"), "RS256", { ...RFC_KEYS.rfc7515["A.2"], alg: "PS256" })).toBeUndefined();
    // The P-521 key of RFC 7515 A.4 given as P-256 is not a point of that curve.
    expect(signatureVerifies(vector("rfc7515-A.3"), "ES256", { ...RFC_KEYS.rfc7515["A.4"], crv: "P-256" })).toBeUndefined();
  });

  it.each(["RS256", "PS256", "ES256"] as const)("%s made by jose: verifies, refuses a changed payload and another key's signature", async (alg) => {
    const a = await signedWith(alg);
    const b = await signedWith(alg);
    expect(signatureVerifies(a.token, alg, a.jwk)).toBe(true);
    expect(signatureVerifies(b.token, alg, a.jwk)).toBe(false);
    const [h, p, s] = a.token.split(".");
    expect(signatureVerifies(`${h}.${p}x.${s}`, alg, a.jwk)).toBe(false);
    // The same answer the second time (remembered: retries send the same token again).
    expect(signatureVerifies(b.token, alg, a.jwk)).toBe(false);
    expect(signatureVerifies(a.token, alg, a.jwk)).toBe(true);
  });

  it("PS256 and ES256 refuse signatures of the wrong length or out of range", async () => {
    const ps = await signedWith("PS256");
    const es = await signedWith("ES256");
    const bytes = (t: string) => {
      const d = base64UrlToBytes(t);
      return d.ok ? d.value : new Uint8Array();
    };
    const [ph, pp, psig] = ps.token.split(".") as [string, string, string];
    const message = new TextEncoder().encode(`${ph}.${pp}`);
    expect(verifyPs256(message, bytes(psig).slice(1), bytes(ps.jwk.n!), bytes(ps.jwk.e!))).toBe(false);
    const [eh, ep] = es.token.split(".") as [string, string];
    const esMessage = new TextEncoder().encode(`${eh}.${ep}`);
    const x = bytes(es.jwk.x!);
    const y = bytes(es.jwk.y!);
    expect(verifyEs256(esMessage, new Uint8Array(64), x, y)).toBe(false);
    expect(verifyEs256(esMessage, new Uint8Array(64).fill(0xff), x, y)).toBe(false);
    expect(verifyEs256(esMessage, new Uint8Array(63), x, y)).toBe(false);
  });

  it("never throws on hostile tokens and keys", () => {
    const member = fc.oneof(fc.string({ maxLength: 120 }), fc.uint8Array({ maxLength: 70 }).map((b) => Buffer.from(b).toString("base64url")));
    const key = fc.record({ kty: fc.constantFrom("RSA", "EC", "oct", "x"), crv: fc.constantFrom("P-256", "P-384"), n: member, e: member, x: member, y: member }, { requiredKeys: ["kty"] });
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom(...CHECKED_ALGORITHMS, "none", "HS256", "__proto__", "constructor"), key, (token, alg, jwk) => {
        const r = signatureVerifies(token, alg, jwk);
        expect(r === undefined || typeof r === "boolean").toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
