/**
 * JSON nested 5,000 deep in a token or a body: parsed fine by V8, but every later walk of the
 * value (JSON.stringify in claim rendering and --json, structured clone to the panel) recursed
 * until "Maximum call stack size exceeded". Core refuses such JSON where it comes in, with a
 * token.malformed that names the part and the limit.
 */
import { describe, expect, it } from "vitest";
import { jsonDepth, MAX_JSON_DEPTH, parseBoundedJson } from "../../../src/core/bounded-json.ts";
import { jwtPart } from "../../../src/core/tokens/claim-values.ts";
import { describeExchange } from "../../../src/core/detail.ts";
import { toReport } from "../../../src/core/report.ts";
import { decodeToken } from "../../../src/core/tokens/index.ts";
import { analyze, chromeEntry, harOf } from "../helpers.ts";
import { b64url, validClaims } from "./make.ts";

const DEEP = 5_000;
const deepArray = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;

const headerDeep = `${b64url(`{"alg":"RS256","x":${deepArray(DEEP)}}`)}.${b64url(JSON.stringify(validClaims()))}.c2ln`;
const payloadDeep = `${b64url('{"alg":"RS256"}')}.${b64url(`{"sub":"u","x":${deepObject(DEEP)}}`)}.c2ln`;
const payloadDeepArray = `${b64url('{"alg":"RS256"}')}.${b64url(deepArray(DEEP))}.c2ln`;

describe("jsonDepth", () => {
  it("counts objects and arrays, not brackets inside strings", () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{{\\"[[["}')).toBe(1);
    expect(jsonDepth("42")).toBe(0);
  });

  it("stops counting one past the limit", () => {
    expect(jsonDepth(deepArray(DEEP), 10)).toBe(11);
  });

  it("parses JSON at the limit and refuses one level more", () => {
    expect(parseBoundedJson(deepArray(MAX_JSON_DEPTH), "body")).toMatchObject({ ok: true });
    expect(parseBoundedJson(deepArray(MAX_JSON_DEPTH + 1), "body")).toEqual({
      ok: false,
      tooDeep: true,
      reason: expect.stringContaining(`body JSON nested deeper than ${MAX_JSON_DEPTH} levels`),
    });
  });
});

describe("a JWT with deeply nested JSON", () => {
  it.each([
    ["header", headerDeep, "part #1 (the header): header JSON nested deeper than 64 levels"],
    ["payload (an object)", payloadDeep, "part #2 (the payload): payload JSON nested deeper than 64 levels"],
    ["payload (an array)", payloadDeepArray, "part #2 (the payload): payload JSON nested deeper than 64 levels"],
  ])("in the %s is token.malformed, and its reading serializes", (_label, token, message) => {
    const t = decodeToken(`Bearer ${token}`, Date.UTC(2026, 10, 24));
    expect(t.kind).toBe("malformed");
    expect(t.problems).toEqual([expect.objectContaining({ code: "token.malformed", message: expect.stringContaining(message) })]);
    expect(() => JSON.stringify(t)).not.toThrow();
    expect(() => structuredClone(t)).not.toThrow();
  });

  it("is not read by the challenge rules either", () => {
    expect(jwtPart(headerDeep, 0)).toBeUndefined();
    expect(jwtPart(payloadDeep, 1)).toBeUndefined();
  });

  it("in a captured request: the analysis, the report and the detail view all complete", () => {
    const har = harOf([
      chromeEntry({ status: 401, requestHeaders: { Authorization: `Bearer ${headerDeep}` }, responseHeaders: { "WWW-Authenticate": 'Bearer error="invalid_token"' } }),
      chromeEntry({ status: 401, requestHeaders: { Authorization: `Bearer ${payloadDeep}` }, responseHeaders: { "WWW-Authenticate": "Bearer" } }),
    ]);
    const analysis = analyze(har);
    const report = JSON.parse(JSON.stringify(toReport(analysis.diagnoses)));
    expect(report.exchanges).toHaveLength(2);
    const malformed = analysis.diagnoses.flatMap((d) => d.findings).filter((f) => f.code === "token.malformed");
    expect(malformed.map((f) => f.detail).join("\n")).toMatch(/nested deeper than 64 levels/);
    for (const d of analysis.diagnoses) {
      const detail = describeExchange(d.exchange.id, analysis.har.exchanges, analysis.facts);
      expect(detail?.unavailable).toEqual([]);
      expect(() => structuredClone(detail)).not.toThrow();
    }
  });
});

describe("a JSON response body nested 5,000 deep", () => {
  it("is neither a token source nor an OAuth error body, and the analysis completes", () => {
    const e = chromeEntry({ method: "POST", url: "https://id.example.com/oauth/token", status: 400 });
    const text = `{"error":"invalid_grant","access_token":"${headerDeep}","x":${deepObject(DEEP)}}`;
    (e.response as Record<string, unknown>).content = { size: text.length, mimeType: "application/json", text };
    const analysis = analyze(harOf([e]));
    const codes = analysis.diagnoses[0]!.findings.map((f) => f.code);
    expect(codes).not.toContain("oauth.invalid-grant");
    expect(codes).not.toContain("token.jwt");
    expect(() => JSON.stringify(toReport(analysis.diagnoses))).not.toThrow();
  });
});
