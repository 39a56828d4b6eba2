/** Negotiate (RFC 4559) and NTLM ([MS-NLMP]) explainers, and the NTLM message reader behind them. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readNtlmMessage } from "../../../src/core/challenge/schemes/ntlm-message.ts";
import { explainOne, NTLM_TYPE1, NTLM_TYPE2, NTLM_TYPE3, paramRow, problemCodes } from "./explain-helpers.ts";

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, "base64"));
const b64 = (hex: string) => Buffer.from(hex.replace(/\s/g, ""), "hex").toString("base64");

/**
 * SPNEGO tokens built by hand from RFC 4178 §4.2 and RFC 2743 §3.1: a NegTokenInit (GSS-API
 * InitialContextToken, tag 0x60, SPNEGO OID 1.3.6.1.5.5.2) offering Kerberos
 * (1.2.840.113554.1.2.2), and a NegTokenResp ([1]) with negState accept-completed (0) and
 * supportedMech Kerberos.
 */
const KRB5_OID = "06 09 2a 86 48 86 f7 12 01 02 02";
const NEG_TOKEN_INIT = b64(`60 1b 06 06 2b 06 01 05 05 02 a0 11 30 0f a0 0d 30 0b ${KRB5_OID}`);
const NEG_TOKEN_RESP_DONE = b64(`a1 14 30 12 a0 03 0a 01 00 a1 0b ${KRB5_OID}`);

describe("NTLM message reader ([MS-NLMP] §2.2.1)", () => {
  // Expected values from Eric Glass's "The NTLM Authentication Protocol" (davenport), which
  // publishes these three messages with their decoded fields.
  it("reads the type 1 message: flags, OEM domain and workstation", () => {
    expect(readNtlmMessage(bytes(NTLM_TYPE1))).toMatchObject({ type: 1, flags: 0x3207, domain: "DOMAIN", workstation: "WORKSTATION" });
  });

  it("reads the type 2 message: target, flags, challenge and target info", () => {
    const m = readNtlmMessage(bytes(NTLM_TYPE2))!;
    expect(m).toMatchObject({ type: 2, flags: 0x00810201, targetName: "DOMAIN", serverChallenge: "0123456789abcdef" });
    expect(m.flagNames).toEqual(["NEGOTIATE_TARGET_INFO", "TARGET_TYPE_DOMAIN", "NEGOTIATE_NTLM", "NEGOTIATE_UNICODE"]);
    expect(m.targetInfo).toEqual([
      { name: "NetBIOS domain name", value: "DOMAIN" },
      { name: "NetBIOS computer name", value: "SERVER" },
      { name: "DNS domain name", value: "domain.com" },
      { name: "DNS computer name", value: "server.domain.com" },
    ]);
  });

  it("reads the type 3 message: domain, user and workstation in Unicode", () => {
    expect(readNtlmMessage(bytes(NTLM_TYPE3))).toMatchObject({ type: 3, domain: "DOMAIN", user: "user", workstation: "WORKSTATION" });
  });

  it("ignores descriptors that point outside the message", () => {
    const b = bytes(NTLM_TYPE2);
    b[16] = 0xff; // target name offset far past the end
    b[17] = 0xff;
    const m = readNtlmMessage(b)!;
    expect(m.type).toBe(2);
    expect(m.targetName).toBeUndefined();
    expect(m.serverChallenge).toBe("0123456789abcdef");
  });

  it("returns nothing for bytes that are not NTLM", () => {
    expect(readNtlmMessage(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(readNtlmMessage(new TextEncoder().encode("NTLMSSP"))).toBeUndefined();
  });

  it("never throws on truncated or random messages", () => {
    const full = bytes(NTLM_TYPE2);
    fc.assert(
      fc.property(fc.nat({ max: full.length }), fc.uint8Array({ maxLength: 80 }), (cut, tail) => {
        const b = new Uint8Array([...full.subarray(0, Math.max(12, cut)), ...tail]);
        const m = readNtlmMessage(b);
        expect(m?.type).toBe(2);
      }),
      { numRuns: 300 },
    );
  });
});

describe("NTLM", () => {
  it("explains the offer and the connection it needs", () => {
    const e = explainOne("NTLM");
    expect(e.family).toBe("NTLM");
    expect(e.summary).toContain("type 1");
    expect(e.next.join(" ")).toContain("same TCP connection");
    expect(e.problems).toEqual([]);
  });

  it("decodes a type 2 challenge and names its target", () => {
    const e = explainOne(`NTLM ${NTLM_TYPE2}`);
    expect(e.summary).toContain('"DOMAIN"');
    expect(paramRow(e, "NTLM message").value).toBe("2");
    expect(paramRow(e, "Target name").value).toBe("DOMAIN");
    expect(paramRow(e, "Flags").meaning).toContain("NEGOTIATE_UNICODE");
    expect(paramRow(e, "DNS computer name").value).toBe("server.domain.com");
    expect(e.next[0]).toContain("type 3");
  });

  it("flags a client message (type 1 or 3) inside a challenge", () => {
    expect(problemCodes(explainOne(`NTLM ${NTLM_TYPE1}`))).toEqual(["unexpected-message"]);
  });

  it("flags a token that is not an NTLM message", () => {
    expect(problemCodes(explainOne("NTLM abcd"))).toEqual(["undecodable-token"]);
  });
});

describe("Negotiate", () => {
  it("explains the offer: Kerberos, else NTLM, and the browser allow lists", () => {
    const e = explainOne("Negotiate");
    expect(e.summary).toContain("Kerberos");
    expect(e.summary).toContain("NTLM");
    expect(e.next.join(" ")).toContain("AuthServerAllowlist");
  });

  it("names Kerberos in a SPNEGO token", () => {
    const e = explainOne(`Negotiate ${NEG_TOKEN_INIT}`);
    expect(paramRow(e, "Mechanism").value).toBe("Kerberos");
    expect(paramRow(e, "Token").value).toBe("SPNEGO initial token");
  });

  it("recognises the final mutual-authentication token (negState accept-completed)", () => {
    const e = explainOne(`Negotiate ${NEG_TOKEN_RESP_DONE}`, { status: 200 });
    expect(paramRow(e, "SPNEGO state").value).toBe("accept-completed");
    expect(e.next[0]).toContain("final message");
  });

  it("decodes raw NTLM sent under Negotiate", () => {
    const e = explainOne(`Negotiate ${NTLM_TYPE2}`);
    expect(paramRow(e, "Mechanism").value).toBe("NTLM");
    expect(paramRow(e, "Target name").value).toBe("DOMAIN");
  });

  it("flags a token that is not base64", () => {
    expect(problemCodes(explainOne("Negotiate ~~~~"))).toEqual(["undecodable-token"]);
  });
});
