/** auth.scheme-mismatch: the 401 verdict when the Authorization scheme is not one the server challenged. */
import { describe, expect, it } from "vitest";
import { credentialVerdictRule } from "../../../src/core/credentials/verdict.ts";
import { OPAQUE_TOKEN, REAL_JWT, codes, entry, evidenceValue, exchangeOf, one, ruleOn, visibleText } from "../helpers.ts";
import { TARGET } from "./rule-helpers.ts";

const run = (authorization: string | undefined, challenge: string | string[] | undefined, extra: Record<string, string> = {}) =>
  ruleOn(
    credentialVerdictRule,
    exchangeOf(
      "e1",
      entry({
        url: TARGET,
        status: 401,
        requestHeaders: { ...(authorization !== undefined ? { Authorization: authorization } : {}), ...extra },
        responseHeaders: challenge === undefined ? {} : (Array.isArray(challenge) ? challenge : [challenge]).map((c) => ["WWW-Authenticate", c] as [string, string]),
      }),
    ),
  );

describe("auth.scheme-mismatch", () => {
  it("is the one verdict when a Bearer token meets a Basic-only server, naming both", () => {
    const findings = run(`Bearer ${REAL_JWT}`, 'Basic realm="Restricted"');
    expect(codes(findings)).toEqual(["auth.scheme-mismatch"]);
    const f = one(findings, "auth.scheme-mismatch");
    expect(f.severity).toBe("error");
    expect(f.detail).toContain("Authorization: Bearer");
    expect(f.detail).toContain("only accepts Basic");
    expect(f.detail).toContain('Basic realm="Restricted"');
    expect(f.fix).toContain("nginx auth_basic");
    expect(evidenceValue(f, "Challenged schemes")).toBe("Basic");
    expect(visibleText(f)).not.toContain(REAL_JWT);
  });

  it("lists every challenged scheme across field lines (IIS)", () => {
    const f = one(run(`Bearer ${OPAQUE_TOKEN}`, ["Negotiate", "NTLM"]), "auth.scheme-mismatch");
    expect(f.detail).toContain("only accepts Negotiate or NTLM");
    expect(f.fix).toContain("anonymous authentication");
  });

  it("says a DPoP-bound token must be sent as DPoP", () => {
    expect(one(run(`Bearer ${OPAQUE_TOKEN}`, 'DPoP algs="ES256"'), "auth.scheme-mismatch").fix).toContain("Authorization: DPoP <token>");
  });

  it("gives a generic fix naming the challenged scheme otherwise", () => {
    const f = one(run("ApiKey abc123", 'Bearer realm="api"'), "auth.scheme-mismatch");
    expect(f.fix).toContain("`Authorization: Bearer …`");
    expect(f.fix).toContain("ApiKey");
  });

  it.each([
    ["the scheme matches case-insensitively", `bearer ${OPAQUE_TOKEN}`, 'BEARER realm="api"', "auth.credentials-rejected"],
    ["the scheme is one of several challenged", `DPoP ${OPAQUE_TOKEN}`, 'Bearer, DPoP algs="ES256"', "auth.credentials-rejected"],
    ["there is no challenge to compare with", `Bearer ${OPAQUE_TOKEN}`, undefined, "auth.credentials-rejected"],
    ["the header is a placeholder (its own finding explains it)", "Bearer undefined", 'Basic realm="x"', "auth.credentials-rejected"],
    ["only cookies were sent", undefined, 'Basic realm="x"', "auth.credentials-rejected"],
    ["nothing was sent", undefined, 'Bearer realm="x"', "auth.no-credentials-sent"],
  ])("is not the verdict when %s", (_label, authorization, challenge, verdict) => {
    const extra: Record<string, string> = _label.startsWith("only cookies") ? { Cookie: "sid=1" } : {};
    expect(codes(run(authorization, challenge, extra))).toEqual([verdict]);
  });
});
