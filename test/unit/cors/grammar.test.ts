/** Fetch §2.2.1 grammar pieces: `#token` lists, method normalization, the safelisted methods. */
import { describe, expect, it } from "vitest";
import {
  displayHeaderName,
  extractTokenList,
  getCombined,
  isSafelistedMethod,
  isToken,
  normalizeMethod,
} from "../../../src/core/cors/grammar.ts";
import type { HeaderList } from "../../../src/core/headers.ts";

const h = (...pairs: [string, string][]): HeaderList => pairs.map(([name, value]) => ({ name, value }));

describe("extract header list values (#token)", () => {
  it("is absent (null) without the header", () => {
    expect(extractTokenList(h(["Other", "x"]), "access-control-allow-methods")).toBeUndefined();
  });

  it.each([
    ["GET, POST", ["GET", "POST"]],
    ["GET,POST", ["GET", "POST"]],
    ["  PUT \t", ["PUT"]],
    ["GET, , POST,", ["GET", "POST"]],
    ["", []],
    ["*", ["*"]],
    ["X-Custom-Header, Authorization", ["X-Custom-Header", "Authorization"]],
  ])("parses %j", (value, values) => {
    expect(extractTokenList(h(["Access-Control-Allow-Methods", value]), "access-control-allow-methods")).toEqual({ ok: true, values });
  });

  it.each([
    ["GET;POST", "GET;POST"],
    ["GET POST", "GET POST"],
    ['"GET"', '"GET"'],
    ["GET, P(UT", "P(UT"],
    ["Authorization; Content-Type", "Authorization; Content-Type"],
    ["x-a, x b", "x b"],
  ])("fails on %j, naming %j", (value, bad) => {
    expect(extractTokenList(h(["Access-Control-Allow-Headers", value]), "access-control-allow-headers")).toEqual({ ok: false, bad });
  });

  it("joins every field line, in order; one bad line fails the whole", () => {
    expect(extractTokenList(h(["Access-Control-Allow-Methods", "GET"], ["access-control-allow-methods", "PUT, DELETE"]), "access-control-allow-methods")).toEqual({
      ok: true,
      values: ["GET", "PUT", "DELETE"],
    });
    expect(extractTokenList(h(["Access-Control-Allow-Methods", "GET"], ["Access-Control-Allow-Methods", "P;T"]), "access-control-allow-methods")).toEqual({ ok: false, bad: "P;T" });
  });

  it("reads a newline in a captured value as two field lines", () => {
    expect(extractTokenList(h(["Access-Control-Allow-Methods", "GET\nPUT"]), "access-control-allow-methods")).toEqual({ ok: true, values: ["GET", "PUT"] });
  });
});

describe("get (combined value)", () => {
  it("joins field lines with `, ` and trims tab or space", () => {
    expect(getCombined(h(["A", " x "], ["a", "y"]), "a")).toBe("x, y");
    expect(getCombined(h(["B", "1"]), "a")).toBeUndefined();
  });
});

describe("normalize (Fetch §2.2.1)", () => {
  it.each([
    ["get", "GET"],
    ["Delete", "DELETE"],
    ["options", "OPTIONS"],
    ["put", "PUT"],
    ["post", "POST"],
    ["head", "HEAD"],
    ["patch", "patch"],
    ["Patch", "Patch"],
    ["PATCH", "PATCH"],
    ["propfind", "propfind"],
  ])("%s → %s", (method, normalized) => {
    expect(normalizeMethod(method)).toBe(normalized);
  });
});

describe("CORS-safelisted method", () => {
  it("is GET, HEAD or POST, compared exactly", () => {
    for (const m of ["GET", "HEAD", "POST"]) expect(isSafelistedMethod(m)).toBe(true);
    for (const m of ["PUT", "DELETE", "PATCH", "OPTIONS", "get", "post"]) expect(isSafelistedMethod(m)).toBe(false);
  });
});

describe("tokens and names", () => {
  it("knows a token", () => {
    expect(isToken("X-Client-Version")).toBe(true);
    expect(isToken("*")).toBe(true);
    expect(isToken("a b")).toBe(false);
    expect(isToken("")).toBe(false);
    expect(isToken("ä")).toBe(false);
  });

  it("spells header names for fixes", () => {
    expect(displayHeaderName("authorization")).toBe("Authorization");
    expect(displayHeaderName("x-client-version")).toBe("X-Client-Version");
    expect(displayHeaderName("www-authenticate")).toBe("WWW-Authenticate");
  });
});
