/** core/base64.ts: the one decoder, its lenient and strict readings, against Node's own. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64ToBytes, base64UrlToBytes, decodeBase64, MAX_BASE64_CHARS, textOf, toHex } from "../../src/core/base64.ts";

describe("base64", () => {
  it("decodes any bytes as Node does, in both alphabets, padded or not", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const std = Buffer.from(bytes).toString("base64");
        const url = Buffer.from(bytes).toString("base64url");
        expect([...(decodeBase64(std) ?? [])]).toEqual([...bytes]);
        expect([...(decodeBase64(url) ?? [])]).toEqual([...bytes]);
        const strict = base64ToBytes(std);
        const strictUrl = base64UrlToBytes(url);
        expect(strict.ok && [...strict.value]).toEqual([...bytes]);
        expect(strictUrl.ok && [...strictUrl.value]).toEqual([...bytes]);
      }),
    );
  });

  it("says what is wrong, in words a finding can quote", () => {
    expect(base64UrlToBytes("ab+c")).toEqual({ ok: false, reason: 'character "+" is not in the base64url alphabet (RFC 4648 §5)' });
    expect(base64UrlToBytes("abcde")).toEqual({ ok: false, reason: "5 characters cannot be base64url (a length of 4n+1 never is)" });
    expect(base64ToBytes("ab_c")).toEqual({ ok: false, reason: 'character "_" is not in the base64 alphabet (RFC 4648 §4)' });
    expect(base64ToBytes("a===")).toEqual({ ok: false, reason: "the padding or length is not valid base64" });
  });

  it("bounds the lenient reading and refuses what is not base64", () => {
    expect(decodeBase64("A".repeat(MAX_BASE64_CHARS + 4))).toBeUndefined();
    expect(decodeBase64("ab c")).toBeUndefined();
    expect(decodeBase64("abcde")).toBeUndefined();
    expect(decodeBase64("ab===")).toBeUndefined();
  });

  it("reads text as UTF-8, else Latin-1, and writes hex", () => {
    expect(textOf(new Uint8Array([0xc3, 0xa9]))).toEqual({ text: "é", charset: "UTF-8" });
    expect(textOf(new Uint8Array([0xe9]))).toEqual({ text: "é", charset: "ISO-8859-1" });
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe("000fff");
  });
});
