/** The cases auth.token-placeholder gained: whitespace inside a token68 (RFC 9110 §11.2), invisible characters. */
import { describe, expect, it } from "vitest";
import { parseAuthorization } from "../../../src/core/credentials/authorization.ts";
import { findPlaceholder, isPlaceholderValue } from "../../../src/core/credentials/placeholder.ts";
import { OPAQUE_TOKEN } from "../helpers.ts";

describe("stray whitespace", () => {
  it.each([
    `Bearer ${OPAQUE_TOKEN.slice(0, 10)} ${OPAQUE_TOKEN.slice(10)}`,
    `DPoP ${OPAQUE_TOKEN.slice(0, 10)} ${OPAQUE_TOKEN.slice(10)}`,
    `Bearer \u200b${OPAQUE_TOKEN}`,
    `Bearer ${OPAQUE_TOKEN}\ufeff`,
  ])("fires on %j", (value) => {
    expect(findPlaceholder(parseAuthorization(value))?.what).toMatch(/whitespace/);
  });

  it("not for auth-params, which have spaces by grammar", () => {
    expect(findPlaceholder(parseAuthorization('Digest username="Mufasa", realm="x"'))).toBeUndefined();
  });
});

describe("isPlaceholderValue", () => {
  it.each(["", " ", "undefined", '"null"', "[object Object]", "{{token}}", "<token>", "NaN"])("%j holds no token", (v) => {
    expect(isPlaceholderValue(v)).toBe(true);
  });
  it.each([OPAQUE_TOKEN, "undefined-but-real-9f8e7d6c5b4a", "nullable"])("%j is a value", (v) => {
    expect(isPlaceholderValue(v)).toBe(false);
  });
});
