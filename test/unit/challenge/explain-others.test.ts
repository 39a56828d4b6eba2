/** HOBA, Mutual, SCRAM, PrivateToken and unknown schemes. */
import { describe, expect, it } from "vitest";
import { explainChallenges } from "../../../src/core/challenge/explain.ts";
import { SCHEMES } from "../../../src/core/challenge/schemes/registry.ts";
import { explainOne, paramRow, problemCodes, text } from "./explain-helpers.ts";

describe("HOBA (RFC 7486)", () => {
  it("explains the challenge and its lifetime", () => {
    const e = explainOne('HOBA challenge="dGVzdC1jaGFsbGVuZ2U", max-age="120", realm="shop"');
    expect(e.family).toBe("HOBA");
    expect(e.summary).toContain('realm "shop"');
    expect(paramRow(e, "max-age").meaning).toContain("2 minutes");
    expect(e.next[0]).toContain("within 120 seconds");
    expect(e.problems).toEqual([]);
  });

  it("reports the two required parameters when missing (RFC 7486 §3)", () => {
    expect(problemCodes(explainOne('HOBA realm="shop"'))).toEqual(["missing-parameter", "missing-parameter"]);
  });
});

describe("Mutual (RFC 8120)", () => {
  it("reads the reason", () => {
    const e = explainOne('Mutual version=1, algorithm=iso-kam3-dl-2048-sha256, validation=host, realm="example", reason=invalid-credential');
    expect(e.family).toBe("Mutual");
    expect(e.summary).toContain("the password (or other credential) is wrong");
    expect(paramRow(e, "reason").meaning).toContain("wrong");
  });

  it("flags an unknown reason", () => {
    expect(problemCodes(explainOne('Mutual realm="r", reason=bored'))).toEqual(["invalid-parameter-value"]);
  });
});

describe("SCRAM (RFC 7804)", () => {
  it("decodes the server-first message in data (RFC 5802 §5.1)", () => {
    const data = Buffer.from("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096").toString("base64");
    const e = explainOne(`SCRAM-SHA-256 sid=AAAABBBBCCCCDDDD, data=${data}`);
    expect(e.family).toBe("SCRAM");
    expect(paramRow(e, "data").meaning).toContain("4096 iterations");
    expect(e.summary).toContain("in progress");
  });

  it("notes that SCRAM-SHA-1 is for compatibility only", () => {
    expect(explainOne('SCRAM-SHA-1 realm="testrealm@example.com"').summary).toContain("SCRAM-SHA-256");
  });
});

describe("PrivateToken (RFC 9577)", () => {
  /** TokenChallenge (RFC 9577 §2.1.1): type 2, issuer "issuer.example", empty context, origin "origin.example". */
  const challenge = Buffer.concat([
    Buffer.from([0x00, 0x02, 0x00, 14]),
    Buffer.from("issuer.example"),
    Buffer.from([0x00, 0x00, 14]),
    Buffer.from("origin.example"),
  ]).toString("base64url");

  it("decodes the token challenge: type, issuer and origin", () => {
    const e = explainOne(`PrivateToken challenge="${challenge}", token-key="AAAA", max-age="10"`);
    expect(e.family).toBe("PrivateToken");
    expect(e.summary).toContain("issuer.example");
    expect(paramRow(e, "challenge").meaning).toContain("Blind RSA");
    expect(paramRow(e, "challenge").meaning).toContain("origin.example");
    expect(e.problems).toEqual([]);
  });

  it("flags a missing or undecodable challenge", () => {
    expect(problemCodes(explainOne('PrivateToken token-key="AAAA"'))).toEqual(["missing-parameter"]);
    expect(problemCodes(explainOne('PrivateToken challenge="!!"'))).toEqual(["undecodable-token"]);
  });
});

describe("unknown schemes", () => {
  it("are shown generically, never dropped, parameters as sent", () => {
    const e = explainOne('Newauth realm="apps", type=1, title="Login to \\"apps\\""');
    expect(e.family).toBe("Unknown");
    expect(e.params.map((p) => [p.name, p.value])).toEqual([
      ["realm", "apps"],
      ["type", "1"],
      ["title", 'Login to "apps"'],
    ]);
    expect(e.summary).toContain("`Newauth`");
  });

  it("recognise a renamed Basic and common unregistered names", () => {
    expect(explainOne('xBasic realm="api"').summary).toContain("renamed Basic");
    expect(explainOne('Kerberos realm="x"').summary).toContain("Negotiate");
  });

  it("keep a token68", () => {
    expect(paramRow(explainOne("Custom abc=="), "token68").value).toBe("abc==");
  });
});

describe("every explainer", () => {
  it.each(Object.keys(SCHEMES))("%s: has data for its parameters and words its summary from the challenge", (scheme) => {
    const [e] = explainChallenges([`${scheme} realm="r-${scheme}"`]);
    expect(e!.family).not.toBe("Unknown");
    expect(e!.summary.length).toBeGreaterThan(30);
    expect(e!.next.length).toBeGreaterThan(0);
    expect(e!.raw).toBe(`${scheme} realm="r-${scheme}"`);
    expect(text(e!)).toContain(`r-${scheme}`);
  });

  it("explains an unreadable field as such", () => {
    const [e] = explainChallenges([",,"]);
    expect(e!.scheme).toBe("");
    expect(e!.problems.map((p) => p.code)).toContain("empty-field");
  });
});
