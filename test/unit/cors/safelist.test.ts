/** Fetch §2.2.2: CORS-safelisted request-headers and the CORS-unsafe request-header names. */
import { describe, expect, it } from "vitest";
import {
  authorHeaders,
  mimeEssence,
  requestHeaderSafety,
  unsafeRequestHeaders,
} from "../../../src/core/cors/safelist.ts";

const safe = (name: string, value: string) => requestHeaderSafety(name, value).safe;

describe("CORS-safelisted request-header", () => {
  it.each([
    ["Accept", "application/json"],
    ["Accept", "*/*"],
    ["Accept-Language", "en-GB,en;q=0.9"],
    ["Content-Language", "de-DE"],
    ["Content-Type", "text/plain"],
    ["Content-Type", "text/plain;charset=UTF-8"],
    ["Content-Type", "application/x-www-form-urlencoded"],
    ["content-type", "multipart/form-data; boundary=----x"],
    ["Content-Type", "TEXT/PLAIN"],
    ["Range", "bytes=0-"],
    ["Range", "bytes=100-200"],
  ])("%s: %s is safelisted", (name, value) => {
    expect(safe(name, value)).toBe(true);
  });

  it.each([
    ["Authorization", "Bearer abc", "not one of the CORS-safelisted request headers"],
    ["X-Requested-With", "XMLHttpRequest", "not one of the CORS-safelisted request headers"],
    ["Content-Type", "application/json", "`application/json` is not one of"],
    ["Content-Type", "application/json; charset=utf-8", "`application/json` is not one of"],
    ["Content-Type", "text/plain; charset=\"utf-8\"", 'contains "\\""'],
    ["Content-Type", "text", "not a MIME type"],
    ["Accept", "application/json (v2)", 'contains "("'],
    ["Accept-Language", "en_GB", "letters, digits"],
    ["Range", "bytes=-500", "single `bytes=start-`"],
    ["Range", "bytes=5-1", "single `bytes=start-`"],
    ["Range", "bytes=0-1,5-6", "single `bytes=start-`"],
  ])("%s: %s is not (%s)", (name, value, why) => {
    const r = requestHeaderSafety(name, value);
    expect(r.safe).toBe(false);
    if (!r.safe) expect(r.why).toContain(why);
  });

  it("refuses a value longer than 128 bytes, counting bytes, not characters", () => {
    expect(safe("Accept", "a".repeat(128))).toBe(true);
    const long = requestHeaderSafety("Accept", "a".repeat(129));
    expect(long).toEqual({ safe: false, why: expect.stringContaining("129 bytes, over the 128-byte limit") });
    // 64 two-byte characters are 128 bytes; one more ASCII character makes 129.
    expect(safe("Accept", "é".repeat(64))).toBe(true);
    expect(requestHeaderSafety("Accept", `${"é".repeat(64)}a`)).toEqual({ safe: false, why: expect.stringContaining("129 bytes") });
  });
});

describe("MIME essence", () => {
  it("follows MIME Sniffing's parser", () => {
    expect(mimeEssence(" Text/Plain ; charset=utf-8")).toBe("text/plain");
    expect(mimeEssence("text/plain;")).toBe("text/plain");
    expect(mimeEssence("/plain")).toBeUndefined();
    expect(mimeEssence("text/")).toBeUndefined();
    expect(mimeEssence("te xt/plain")).toBeUndefined();
  });
});

describe("CORS-unsafe request-header names", () => {
  it("are lower-cased, sorted and distinct", () => {
    const names = unsafeRequestHeaders([
      { name: "X-Zeta", value: "1" },
      { name: "Authorization", value: "Bearer x" },
      { name: "x-zeta", value: "2" },
      { name: "Accept", value: "application/json" },
    ]).map((h) => h.name);
    expect(names).toEqual(["authorization", "x-zeta"]);
  });

  it("take in every safelisted header once their values pass 1024 bytes together", () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ name: i % 2 === 0 ? "Accept" : "Content-Language", value: "a".repeat(120) }));
    expect(unsafeRequestHeaders(nine.slice(0, 8))).toEqual([]); // 960 bytes
    const over = unsafeRequestHeaders(nine); // 1080 bytes
    expect(over.map((h) => h.name)).toEqual(["accept", "content-language"]);
    expect(over[0]!.why).toContain("1080 bytes, over the 1024-byte total");
  });
});

describe("the page's own headers", () => {
  it("leave out what the browser sets itself (forbidden names, Sec-, Proxy-, User-Agent, pseudo-headers)", () => {
    const kept = authorHeaders([
      { name: ":authority", value: "api.example.com" },
      { name: "Origin", value: "https://app.example.com" },
      { name: "Cookie", value: "a=1" },
      { name: "Referer", value: "https://app.example.com/" },
      { name: "Accept-Encoding", value: "gzip" },
      { name: "sec-fetch-mode", value: "cors" },
      { name: "Proxy-Authorization", value: "Basic x" },
      { name: "User-Agent", value: "Mozilla/5.0" },
      { name: "Authorization", value: "Bearer x" },
      { name: "Content-Type", value: "application/json" },
    ]).map((h) => h.name);
    expect(kept).toEqual(["Authorization", "Content-Type"]);
  });
});
