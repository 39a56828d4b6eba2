/** auth.challenge-malformed */
import { describe, expect, it } from "vitest";
import { challengeMalformedRule } from "../../../src/core/challenge/rules/malformed.ts";
import { TRUNCATION_MARK } from "../../../src/core/limits.ts";
import { codes, entry, evidenceValue, exchangeOf, one, ruleOn } from "../helpers.ts";
import { TARGET } from "./rule-helpers.ts";

const run = (headers: Record<string, string> | [string, string][], status = 401) =>
  ruleOn(challengeMalformedRule, exchangeOf("e1", entry({ url: TARGET, status, responseHeaders: headers })));

describe("auth.challenge-malformed", () => {
  it("fires on the AWS API Gateway challenge, naming the problem and the corrected header", () => {
    const value = 'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"';
    const f = one(run({ "WWW-Authenticate": value }), "auth.challenge-malformed");
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain("WWW-Authenticate");
    expect(f.detail).toContain("401");
    expect(f.detail).toContain("GET /v1/orders");
    expect(f.detail).toContain("character 16");
    expect(f.detail).toContain("comma is missing before error");
    const corrected = 'Bearer scope="", error="invalid_token", error_description="the token does not have a valid audience"';
    expect(f.detail).toContain(corrected);
    expect(evidenceValue(f, "WWW-Authenticate")).toBe(value);
    expect(evidenceValue(f, "Lenient reading")).toBe(corrected);
    expect(evidenceValue(f, "Problem at character 16")).toContain("comma");
    expect(f.fix).toBe(`Make the server send the same challenge written correctly: \`WWW-Authenticate: ${corrected}\`.`);
  });

  it("fires on Proxy-Authenticate of a 407, naming that header", () => {
    const f = one(run({ "Proxy-Authenticate": 'Basic realm="corp", realm="other"' }, 407), "auth.challenge-malformed");
    expect(f.detail).toContain("Proxy-Authenticate");
    expect(f.detail).toContain("realm appears more than once");
    expect(f.fix).toContain('Proxy-Authenticate: Basic realm="corp"');
  });

  it("fires on a comma missing between challenges, showing both challenges of the lenient reading", () => {
    const f = one(run({ "WWW-Authenticate": "Basic realm=foo Digest realm=bar" }), "auth.challenge-malformed");
    expect(f.detail).toContain("character 16");
    expect(f.detail).toContain("comma is missing before the Digest challenge");
    expect(evidenceValue(f, "Lenient reading")).toBe('Basic realm="foo", Digest realm="bar"');
    expect(f.fix).toContain('WWW-Authenticate: Basic realm="foo", Digest realm="bar"');
  });

  it("says when no challenge can be read at all", () => {
    const f = one(run({ "WWW-Authenticate": '"quoted", "only"' }), "auth.challenge-malformed");
    expect(f.detail).toContain("No client can read a challenge");
    expect(evidenceValue(f, "Lenient reading")).toBe("(no challenge)");
    expect(f.fix).toContain('Bearer realm="api"');
  });

  it("reads Firefox's joined lines as separate field lines, not as a bad line feed", () => {
    expect(run({ "WWW-Authenticate": "Negotiate\nNTLM" })).toEqual([]);
  });

  it("says when AuthLens cut the header", () => {
    const f = one(run({ "WWW-Authenticate": `Basic realm="${"x".repeat(50)}${TRUNCATION_MARK}` }), "auth.challenge-malformed");
    expect(f.detail).toContain("its end is missing");
  });

  it.each([
    ["a well-formed challenge", { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token"' }],
    ["warnings only (unquoted realm, obs-fold)", { "WWW-Authenticate": "Basic realm=api,\r\n Newauth" }],
    ["no challenge header", {}],
    ["an empty challenge header (auth.challenge-missing covers it)", { "WWW-Authenticate": "  " }],
  ])("does not fire on %s", (_label, headers) => {
    expect(codes(run(headers))).toEqual([]);
  });
});
