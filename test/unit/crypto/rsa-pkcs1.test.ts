/**
 * The synchronous RS256 check the analysis runs on a refused token whose key the page fetched
 * (crypto/rsa-pkcs1.ts), against tokens and keys made with jose, and never throwing on anything.
 */
import fc from "fast-check";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { base64UrlToBytes } from "../../../src/core/base64.ts";
import { verifyRs256 } from "../../../src/core/crypto/rsa-pkcs1.ts";

const bytes = (b64url: string) => {
  const d = base64UrlToBytes(b64url);
  if (!d.ok) throw new Error(d.reason);
  return d.value;
};
const ascii = (s: string) => new TextEncoder().encode(s);

async function signed(modulusLength: number) {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { modulusLength, extractable: true });
  const jwk = await exportJWK(publicKey);
  const token = await new SignJWT({ sub: "user-1", aud: "api" }).setProtectedHeader({ alg: "RS256", kid: "k" }).sign(privateKey);
  const [h, p, s] = token.split(".") as [string, string, string];
  return { n: bytes(jwk.n!), e: bytes(jwk.e!), message: ascii(`${h}.${p}`), signature: bytes(s), h, p };
}

describe("RS256, synchronously", () => {
  it.each([2048, 3072, 4096])("verifies a %i-bit key's signature, and refuses a changed payload or another key's", async (bits) => {
    const a = await signed(bits);
    expect(verifyRs256(a.message, a.signature, a.n, a.e)).toBe(true);
    expect(verifyRs256(ascii(`${a.h}.${a.p}x`), a.signature, a.n, a.e)).toBe(false);
    const flipped = a.signature.slice();
    flipped[10]! ^= 1;
    expect(verifyRs256(a.message, flipped, a.n, a.e)).toBe(false);
    const b = await signed(bits);
    expect(verifyRs256(a.message, a.signature, b.n, b.e)).toBe(false);
  });

  it("refuses a signature of the wrong length, and does not judge a key it cannot use", async () => {
    const a = await signed(2048);
    expect(verifyRs256(a.message, a.signature.slice(1), a.n, a.e)).toBe(false);
    expect(verifyRs256(a.message, a.signature, a.n, new Uint8Array([2]))).toBeUndefined();
    expect(verifyRs256(a.message, a.signature, a.n.slice(0, 32), a.e)).toBeUndefined();
    expect(verifyRs256(a.message, a.signature, new Uint8Array(2000).fill(0xff), a.e)).toBeUndefined();
  });

  it("never throws on hostile bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 9 }), (m, s, n, e) => {
        const r = verifyRs256(m, s, n, e);
        expect(r === undefined || typeof r === "boolean").toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
