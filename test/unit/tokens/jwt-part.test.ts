/**
 * jwt-part.ts runs jwt-decode's algorithm natively before calling jwt-decode: both must agree on
 * every input, in value and in failure (the failure being jwt-decode's own error).
 */
import fc from "fast-check";
import { jwtDecode } from "jwt-decode";
import { describe, expect, it } from "vitest";
import { decodeHeaderPart, decodePayloadPart } from "../../../src/core/tokens/jwt-part.ts";

type Outcome = { value: unknown } | { error: string };

function outcome(f: () => unknown): Outcome {
  try {
    return { value: f() };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function agree(part: string): void {
  expect(outcome(() => decodePayloadPart(part))).toEqual(outcome(() => jwtDecode(`.${part}`)));
  expect(outcome(() => decodeHeaderPart(part))).toEqual(outcome(() => jwtDecode(part, { header: true })));
}

const json = fc.jsonValue().map((v) => JSON.stringify(v) ?? "null");

describe("jwt-part agrees with jwt-decode", () => {
  it("on JSON encoded as UTF-8, ISO-8859-1 bytes, with or without padding", () => {
    fc.assert(
      fc.property(json, fc.constantFrom("utf8", "latin1") as fc.Arbitrary<BufferEncoding>, fc.boolean(), (text, encoding, padded) => {
        const b64 = Buffer.from(text, encoding).toString(padded ? "base64" : "base64url");
        agree(b64);
        agree(b64.replace(/\+/g, "-").replace(/\//g, "_"));
      }),
      { numRuns: 500 },
    );
  });

  it("on random bytes, and on random strings", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: 40, unit: "binary" }), (bytes, s) => {
        agree(Buffer.from(bytes).toString("base64url"));
        agree(s);
      }),
      { numRuns: 500 },
    );
  });

  it.each(["", "e30", "e30=", "e30==", "eyJh", "eyJ", "W10", "bnVsbA", "77u_e30", "%%%", "e3", "ew0KICJhIjogMQ0KfQ"])("on %j", (part) => {
    agree(part);
  });
});
