import { describe, expect, it } from "vitest";
import { type HeaderList, hasHeader, headerValue, headerValues, isPseudoHeader } from "../../src/core/headers.ts";

const list: HeaderList = [
  { name: ":authority", value: "api.example.com" },
  { name: "Accept", value: "application/json" },
  { name: "x-trace", value: "a" },
  { name: "X-Trace", value: "b" },
  { name: "Set-Cookie", value: "sid=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Secure" },
  { name: "set-cookie", value: "csrf=2; Path=/" },
  { name: "X-Empty", value: "" },
];

describe("headerValues", () => {
  it("finds every field line of a name, case-insensitively, in order", () => {
    expect(headerValues(list, "X-TRACE")).toEqual(["a", "b"]);
    expect(headerValues(list, "accept")).toEqual(["application/json"]);
  });

  it("keeps each Set-Cookie line whole, commas in Expires included (RFC 6265 §3)", () => {
    expect(headerValues(list, "Set-Cookie")).toEqual([
      "sid=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Secure",
      "csrf=2; Path=/",
    ]);
  });

  it("returns an empty list for an absent header", () => {
    expect(headerValues(list, "authorization")).toEqual([]);
    expect(headerValues([], "accept")).toEqual([]);
  });
});

describe("headerValue", () => {
  it("combines repeated field lines with a comma, in order (RFC 9110 §5.3)", () => {
    expect(headerValue(list, "x-trace")).toBe("a, b");
  });

  it("is undefined for an absent header and the empty string for an empty one", () => {
    expect(headerValue(list, "www-authenticate")).toBeUndefined();
    expect(headerValue(list, "x-empty")).toBe("");
  });
});

describe("hasHeader", () => {
  it("matches names case-insensitively, an empty value included", () => {
    expect(hasHeader(list, "ACCEPT")).toBe(true);
    expect(hasHeader(list, "X-Empty")).toBe(true);
    expect(hasHeader(list, "Authorization")).toBe(false);
  });

  it("does not match on a prefix of the name", () => {
    expect(hasHeader(list, "X-Tra")).toBe(false);
    expect(hasHeader(list, "Accept-Encoding")).toBe(false);
  });
});

describe("isPseudoHeader", () => {
  it("recognises HTTP/2 pseudo-headers only", () => {
    expect(isPseudoHeader({ name: ":authority", value: "x" })).toBe(true);
    expect(isPseudoHeader({ name: ":path", value: "/" })).toBe(true);
    expect(isPseudoHeader({ name: "authority", value: "x" })).toBe(false);
    expect(isPseudoHeader({ name: "Authorization", value: "Bearer x" })).toBe(false);
  });
});
