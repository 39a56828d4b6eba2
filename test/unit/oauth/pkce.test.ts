/** SHA-256 against FIPS 180-4's examples and PKCE's S256 against RFC 7636 Appendix B. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64UrlEncode, checkPkce, s256Challenge, wellFormedVerifier } from "../../../src/core/oauth/pkce.ts";
import { sha256 } from "../../../src/core/crypto/sha256.ts";

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
const ascii = (s: string) => new TextEncoder().encode(s);

describe("sha256 (FIPS 180-4)", () => {
  // The examples of FIPS 180-4 (NIST's "SHA256.pdf" example values) and the empty message.
  it.each([
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
  ])("SHA-256(%j)", (message, digest) => {
    expect(hex(sha256(ascii(message)))).toBe(digest);
  });

  it("one million 'a' (FIPS 180-4 long message)", () => {
    expect(hex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("agrees with node:crypto at every length around the block and padding boundaries", () => {
    for (let n = 0; n < 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      expect(hex(sha256(bytes)), `length ${n}`).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
  });
});

describe("PKCE (RFC 7636)", () => {
  const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  it("computes the S256 challenge of Appendix B", () => {
    expect(s256Challenge(verifier)).toBe(challenge);
    expect(wellFormedVerifier(verifier)).toBe(true);
  });

  it("encodes base64url without padding (RFC 4648 §10 vectors)", () => {
    expect(["", "f", "fo", "foo", "foob", "fooba", "foobar"].map((s) => base64UrlEncode(ascii(s)))).toEqual(["", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"]);
    expect(base64UrlEncode(Uint8Array.of(0xfb, 0xff))).toBe("-_8");
  });

  it("tells a match, a mismatch, a method disagreement and a missing side apart", () => {
    expect(checkPkce(challenge, "S256", verifier)).toEqual({ kind: "match", method: "S256" });
    expect(checkPkce(verifier, "plain", verifier)).toEqual({ kind: "match", method: "plain" });
    expect(checkPkce(verifier, undefined, verifier)).toEqual({ kind: "match", method: "plain" });
    const other = "x".repeat(43);
    expect(checkPkce(challenge, "S256", other)).toEqual({ kind: "mismatch", method: "S256", computed: s256Challenge(other) });
    expect(checkPkce(challenge, "plain", verifier)).toEqual({ kind: "method-disagrees", declared: "plain", used: "S256" });
    expect(checkPkce(challenge, undefined, verifier)).toEqual({ kind: "method-disagrees", declared: "plain", used: "S256" });
    expect(checkPkce(verifier, "S256", verifier)).toEqual({ kind: "method-disagrees", declared: "S256", used: "plain" });
    expect(checkPkce(challenge, "S256", undefined)).toEqual({ kind: "verifier-missing", method: "S256" });
    expect(checkPkce(undefined, undefined, verifier)).toEqual({ kind: "challenge-missing" });
    expect(checkPkce(undefined, undefined, undefined)).toEqual({ kind: "unused" });
    expect(checkPkce(challenge, "S512", verifier)).toEqual({ kind: "unknown-method", method: "S512" });
  });
});
