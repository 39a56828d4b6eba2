/**
 * CHROMIUM_CORS_ERROR_TO_CODE against the catalogue's Chromium column (copied into
 * test/fixtures/cors/findings-cors.json) and the CDP enum (test/fixtures/cors/SOURCES.md, table A).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHROMIUM_CORS_ERRORS, CHROMIUM_CORS_ERROR_TO_CODE, CORS_CHECKS, codeForChromiumCorsError } from "../../../src/core/cors/index.ts";
import { CATALOGUE, isFindingCode } from "../../../src/core/findings.ts";

interface Row {
  code: string;
  severity: string;
  chromium: string;
}

const ROWS = (JSON.parse(readFileSync(new URL("../../fixtures/cors/findings-cors.json", import.meta.url), "utf8")) as { rows: Row[] }).rows;
const SOURCES = readFileSync(new URL("../../fixtures/cors/SOURCES.md", import.meta.url), "utf8");

/** "(Preflight)MissingAllowOriginHeader" → both names; "A, B" → both. Dashes and "(none yet)" name nothing. */
function namesIn(column: string): string[] {
  const out: string[] = [];
  for (const part of column.split(",").map((p) => p.trim())) {
    const m = /^(\(Preflight\))?([A-Z][A-Za-z]+)$/.exec(part);
    if (!m) continue;
    out.push(m[2]!);
    if (m[1]) out.push(`Preflight${m[2]}`);
  }
  return out;
}

function cellNames(cell: string): string[] {
  const text = cell.replace(/\(was [^)]*\)/, "").trim();
  const group = /^([A-Za-z]*)\{(.*)\}$/.exec(text);
  if (group) return group[2]!.split(",").map((name) => `${group[1]}${name.trim()}`);
  return text.split("/").map((name) => name.trim());
}

describe("CHROMIUM_CORS_ERROR_TO_CODE", () => {
  it("maps every value of FINDINGS.md's Chromium column to that row's code", () => {
    let mapped = 0;
    for (const row of ROWS) {
      for (const name of namesIn(row.chromium)) {
        expect(CHROMIUM_CORS_ERROR_TO_CODE[name], name).toBe(row.code);
        mapped++;
      }
    }
    expect(mapped).toBe(23);
  });

  it("knows every current CDP Network.CorsError value of table A, and only finding codes", () => {
    const tableA = SOURCES.slice(SOURCES.indexOf("## A."), SOURCES.indexOf("## B."));
    // Rows numbered in the current pdl ("|3|Name|", "|11-16|Preflight{A, B}|", "|17-18|A / B|");
    // rows in parentheses were removed from CDP.
    const current = [...tableA.matchAll(/^\|\d+(?:-\d+)?\|([^|]+)\|/gm)].flatMap((m) => cellNames(m[1]!));
    expect(current).toHaveLength(28);
    for (const name of current) expect(Object.hasOwn(CHROMIUM_CORS_ERROR_TO_CODE, name), name).toBe(true);
    for (const name of CHROMIUM_CORS_ERRORS) expect(isFindingCode(CHROMIUM_CORS_ERROR_TO_CODE[name]!)).toBe(true);
    expect(Object.keys(CHROMIUM_CORS_ERROR_TO_CODE).sort()).toEqual([...CHROMIUM_CORS_ERRORS].sort());
  });

  it("sends what a capture can never show to cors.blocked", () => {
    expect(CHROMIUM_CORS_ERROR_TO_CODE.DisallowedByMode).toBe("cors.blocked");
    expect(CHROMIUM_CORS_ERROR_TO_CODE.NoCorsRedirectModeNotFollow).toBe("cors.blocked");
    expect(codeForChromiumCorsError("SomethingNew")).toBe("cors.blocked");
    expect(codeForChromiumCorsError("toString")).toBe("cors.blocked");
  });

  it("agrees with the check table: each check's Chromium name maps back to its code", () => {
    for (const check of CORS_CHECKS) {
      if (check.chromium === null) continue;
      expect(CHROMIUM_CORS_ERROR_TO_CODE[check.chromium], check.name).toBe(check.code);
    }
  });

  it("leaves no CORS code of the catalogue without a check or a rule", () => {
    const checked = new Set<string>(CORS_CHECKS.map((c) => c.code));
    const byRules = ["cors.blocked", "cors.preflight-trigger"];
    for (const row of ROWS) expect(checked.has(row.code) || byRules.includes(row.code), row.code).toBe(true);
    for (const row of ROWS) expect(CATALOGUE[row.code as keyof typeof CATALOGUE].severity).toBe(row.severity);
  });
});
