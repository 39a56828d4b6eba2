/** Time arithmetic and formats: durations, NumericDates, HTTP-dates (RFC 9110 §5.6.7), and the FNV-1a hash. */
import { describe, expect, it } from "vitest";
import { fnv1a64 } from "../../../src/core/tokens/hash.ts";
import { parseHttpDate } from "../../../src/core/tokens/http-date.ts";
import { clockOf, clocksOf, durationOf, isoOf, localOf, relativeOf } from "../../../src/core/text/time.ts";
import { tokenTime } from "../../../src/core/tokens/time.ts";

describe("durations", () => {
  it.each([
    [0.3, "0.3 s"],
    [1, "1 s"],
    [45, "45 s"],
    [60, "1 min"],
    [12 * 60, "12 min"],
    [12 * 60 + 30, "12 min 30 s"],
    [3600, "1 h"],
    [3 * 3600 + 5 * 60, "3 h 5 min"],
    [2 * 86_400 + 4 * 3600, "2 days 4 h"],
    [86_400, "1 day"],
    [366 * 86_400, "1 year 1 day"],
    [-90, "1 min 30 s"],
  ])("%d s is %j", (seconds, text) => {
    expect(durationOf(seconds)).toBe(text);
  });

  it("relates a time to a reference in words", () => {
    const at = Date.UTC(2026, 10, 24, 10);
    expect(relativeOf(at - 12 * 60_000, at, "this request")).toBe("12 min before this request");
    expect(relativeOf(at + 3_600_000, at, "now")).toBe("1 h after now");
    expect(relativeOf(at + 400, at, "this request")).toBe("at the time of this request");
  });
});

describe("NumericDate (RFC 7519 §2)", () => {
  it("is seconds since 1970-01-01T00:00:00Z, shown in UTC without zero milliseconds", () => {
    expect(isoOf(1300819380 * 1000)).toBe("2011-03-22T18:43:00Z");
    expect(isoOf(1300819380.25 * 1000)).toBe("2011-03-22T18:43:00.250Z");
  });

  it("says when a value is beyond the dates ECMAScript can represent", () => {
    expect(isoOf(1e20)).toMatch(/beyond representable dates/);
  });

  it("shows local time with its UTC offset", () => {
    expect(localOf(Date.UTC(2026, 10, 24, 10))).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC[+-]\d{2}:\d{2}$/);
  });

  it("places a time before or after the reference", () => {
    const at = Date.UTC(2026, 10, 24, 10);
    expect(tokenTime(at / 1000 - 1, at, "this request").state).toBe("past");
    expect(tokenTime(at / 1000 + 1, at, "this request").state).toBe("future");
  });
});

describe("HTTP-date (RFC 9110 §5.6.7)", () => {
  // The three forms of the same instant, as RFC 9110 §5.6.7 gives them.
  it.each(["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])("reads %j", (value) => {
    expect(parseHttpDate(value)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });

  it.each(["", "yesterday", "2026-11-24T10:00:00Z", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Foo 1994 08:49:37 GMT"])("refuses %j", (value) => {
    expect(parseHttpDate(value)).toBeUndefined();
  });
});

describe("FNV-1a 64 (draft-eastlake-fnv test vectors)", () => {
  it.each([
    ["", "cbf29ce484222325"],
    ["a", "af63dc4c8601ec8c"],
    ["foobar", "85944171f73967e8"],
  ])("%j → %s", (text, hash) => {
    expect(fnv1a64(text)).toBe(hash);
  });
});

/** FNV-1a 64 as draft-eastlake-fnv §2 writes it, in BigInt over Node's UTF-8: an independent reference. */
function referenceFnv(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, "utf8")) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, "0");
}

describe("FNV-1a 64 against a BigInt reference", () => {
  it.each(["", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln", "é", "Ã©", "日本語のトークン", "\u{1F511} key", "x".repeat(5000)])("%j", (text) => {
    expect(fnv1a64(text)).toBe(referenceFnv(text));
  });
});

describe("clockOf / clocksOf: other requests named by when they started, never by an internal id", () => {
  const at = Date.UTC(2026, 11, 8, 0, 55, 33, 120);
  it("gives the UTC time of day to the millisecond", () => {
    expect(clockOf(at)).toBe("00:55:33.120 UTC");
    expect(clockOf(at + 1_000)).toBe("00:55:34.120 UTC");
  });
  it("lists instants with the zone said once", () => {
    expect(clocksOf([at])).toBe("00:55:33.120 UTC");
    expect(clocksOf([at, at + 400, at + 900])).toBe("00:55:33.120, 00:55:33.520 and 00:55:34.020 UTC");
    expect(clocksOf([])).toBe("");
  });
  it("falls back to words beyond representable dates", () => {
    expect(clockOf(Number.POSITIVE_INFINITY)).toContain("beyond representable dates");
  });
});
