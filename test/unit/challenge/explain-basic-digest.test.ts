/** Basic (RFC 7617) and Digest (RFC 7616) explainers. */
import { describe, expect, it } from "vitest";
import { explainOne, paramRow, problemCodes, text } from "./explain-helpers.ts";

describe("Basic (RFC 7617)", () => {
  it("names the realm and says how to answer", () => {
    const e = explainOne('Basic realm="WallyWorld"');
    expect(e.family).toBe("Basic");
    expect(e.summary).toContain('realm "WallyWorld"');
    expect(e.next.join(" ")).toContain("Authorization: Basic");
    expect(paramRow(e, "realm").meaning).toContain("RFC 7617");
    expect(e.problems).toEqual([]);
  });

  it("asks for UTF-8 encoding when charset=UTF-8 (RFC 7617 §2.1)", () => {
    const e = explainOne('Basic realm="foo", charset="UTF-8"');
    expect(e.next[0]).toContain("UTF-8");
    expect(e.problems).toEqual([]);
  });

  it("warns of a charset other than UTF-8, naming it", () => {
    const e = explainOne('Basic realm="foo", charset="ISO-8859-1"');
    expect(e.problems).toEqual([expect.objectContaining({ code: "invalid-parameter-value", severity: "warning" })]);
    expect(e.problems[0]!.message).toContain("ISO-8859-1");
  });

  it("reports the missing realm RFC 7617 §2 requires", () => {
    expect(problemCodes(explainOne("Basic"))).toEqual(["missing-parameter"]);
  });

  it("flags a token68, which Basic challenges do not have", () => {
    expect(problemCodes(explainOne("Basic abc"))).toContain("unexpected-token68");
  });

  it("says the credentials sent were refused, and answers a proxy with Proxy-Authorization", () => {
    const e = explainOne('Basic realm="corp"', { header: "Proxy-Authenticate", sentScheme: "Basic", status: 407 });
    expect(e.summary).toContain("refused");
    expect(e.next[0]).toContain("Proxy-Authorization: Basic");
    expect(e.next.join(" ")).toContain('realm "corp"');
  });
});

describe("Digest (RFC 7616)", () => {
  const SHA256 =
    'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';

  it("explains the RFC 7616 §3.9.1 challenge with its real values", () => {
    const e = explainOne(SHA256);
    expect(e.family).toBe("Digest");
    expect(e.summary).toContain('realm "http-auth@example.org"');
    expect(e.summary).toContain("SHA-256");
    expect(paramRow(e, "qop").meaning).toContain("auth-int");
    expect(e.next[0]).toContain('nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"');
    expect(e.next[0]).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
    expect(e.next[0]).toContain("qop=auth");
    expect(e.problems).toEqual([]);
  });

  it("reads -sess algorithms and notes MD5 as kept for compatibility", () => {
    const e = explainOne('Digest realm="r", nonce="n", qop="auth", algorithm=MD5-sess');
    expect(paramRow(e, "algorithm").meaning).toContain("per session");
    expect(problemCodes(e)).toEqual(["weak-algorithm"]);
  });

  it("says stale=true means retry with the new nonce, not ask the user again", () => {
    const e = explainOne('Digest realm="r", nonce="new", qop="auth", algorithm=SHA-256, stale=TRUE', { sentScheme: "Digest" });
    expect(e.summary).toContain("stale=true");
    expect(e.next).toHaveLength(1);
    expect(e.next[0]).toContain("do not ask the user again");
  });

  it("reports missing realm and nonce, the RFC 2069 form without qop, and quoting errors (RFC 7616 §3.3)", () => {
    const e = explainOne('Digest domain=/a, algorithm="SHA-256", stale="false"');
    const codes = problemCodes(e);
    expect(codes.filter((c) => c === "missing-parameter")).toHaveLength(3);
    expect(codes).toContain("must-be-quoted");
    expect(codes.filter((c) => c === "must-not-be-quoted")).toHaveLength(2);
    expect(text(e)).toContain("domain");
  });

  it("flags unknown algorithms and non-boolean flags", () => {
    const e = explainOne('Digest realm="r", nonce="n", qop="auth", algorithm=SHA-1, userhash=yes');
    expect(e.problems.filter((p) => p.code === "invalid-parameter-value").map((p) => p.message).join(" ")).toMatch(/SHA-1.*yes|yes.*SHA-1/s);
  });

  it("asks for a hashed user name when userhash=true", () => {
    expect(explainOne('Digest realm="r", nonce="n", qop="auth", algorithm=SHA-256, userhash=true').next[0]).toContain("userhash=true");
  });
});
