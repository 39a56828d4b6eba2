/** Keys pasted under "Verify signature…" (core/tokens/verify/key-text.ts): a JWKS, one JWK, a list of JWKs, PEM, or a secret as typed. */
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { keysFromText, pastedKind } from "../../../src/core/tokens/verify/key-text.ts";
import { verifyJws } from "../../../src/core/tokens/verify/index.ts";

describe("keys pasted to verify a signature", () => {
  it.each([
    ['{"keys": []}', "jwks"],
    ['  {"kty": "EC"}', "jwks"],
    ["[{}]", "jwks"],
    ["-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "pem"],
    ["my shared secret", "secret"],
  ] as const)("%j reads as %s", (text, kind) => expect(pastedKind(text)).toBe(kind));

  it("a JWK Set, one JWK, a list of JWKs and a PEM public key each verify the token they sign", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1" };
    const token = await new SignJWT({ sub: "u" }).setProtectedHeader({ alg: "ES256", kid: "k1" }).sign(privateKey);
    for (const text of [JSON.stringify({ keys: [jwk] }), JSON.stringify(jwk), JSON.stringify([jwk]), await exportSPKI(publicKey)]) {
      const { keys } = keysFromText(text);
      expect((await verifyJws(token, keys)).verdict, text.slice(0, 30)).toBe("valid");
    }
  });

  it("a secret is taken exactly as typed, spaces included", async () => {
    const secret = " correct horse battery staple ";
    const token = await new SignJWT({ sub: "u" }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(secret));
    expect((await verifyJws(token, keysFromText(secret).keys)).verdict).toBe("valid");
    expect((await verifyJws(token, keysFromText(secret.trim()).keys)).verdict).toBe("invalid");
  });

  it("text that is neither says why, and never throws", () => {
    expect(keysFromText('{"keys": 5}').keys.problems.length).toBeGreaterThan(0);
    expect(keysFromText("-----BEGIN NOTHING-----").keys.keys).toEqual([]);
    expect(keysFromText("").keys.problems).toEqual(["the secret is empty"]);
  });
});
