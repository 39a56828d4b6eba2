import { describe, expect, it } from "vitest";
import { piecesAtDelimiters } from "../../../src/panel/break-points.ts";

describe("piecesAtDelimiters", () => {
  it("ends a piece after each list, parameter and path delimiter", () => {
    expect(piecesAtDelimiters("authorization,content-type")).toEqual(["authorization,", "content-type"]);
    expect(piecesAtDelimiters("sid=1;Path=/;HttpOnly")).toEqual(["sid=1;", "Path=/", ";", "HttpOnly"]);
    expect(piecesAtDelimiters("/api/x?a=1&b=2")).toEqual(["/", "api/", "x?", "a=1&", "b=2"]);
  });
  it("keeps a value without delimiters, and the empty value, whole", () => {
    expect(piecesAtDelimiters("eyJhbGciOiJIUzI1NiJ9")).toEqual(["eyJhbGciOiJIUzI1NiJ9"]);
    expect(piecesAtDelimiters("")).toEqual([""]);
  });
  it("joins back to the value, however long", () => {
    const long = `${"a,".repeat(5000)}tail`;
    const pieces = piecesAtDelimiters(long);
    expect(pieces.join("")).toBe(long);
    expect(pieces.length).toBeLessThanOrEqual(2049);
  });
});
