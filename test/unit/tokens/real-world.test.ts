/**
 * Tokens issued by real identity providers (test/fixtures/tokens/real-world.json, each with its
 * source). Expected header and claims were read independently of AuthLens.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeToken, type TokenKind } from "../../../src/core/tokens/index.ts";

interface RealToken {
  id: string;
  provider: string;
  source: string;
  token: string;
  expect: { kind: TokenKind; header: Record<string, unknown>; claims?: Record<string, unknown>; issuer?: string };
}

const TOKENS: RealToken[] = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "fixtures", "tokens", "real-world.json"), "utf8"));

describe("real-world tokens", () => {
  it("cover the providers people debug most", () => {
    const providers = TOKENS.map((t) => t.provider).join(" ");
    for (const p of ["Auth0", "Entra ID (Azure AD) v1.0", "Entra ID (Azure AD) v2.0", "Google", "Keycloak", "Firebase", "Cognito"]) expect(providers).toContain(p);
    for (const t of TOKENS) expect(t.source.length).toBeGreaterThan(10);
  });

  it.each(TOKENS.map((t) => [t.id, t] as const))("%s decodes as its provider issued it", (_id, r) => {
    const t = decodeToken(r.token, Date.UTC(2026, 10, 24));
    expect(t.kind).toBe(r.expect.kind);
    expect(t.header).toMatchObject(r.expect.header);
    for (const [name, value] of Object.entries(r.expect.claims ?? {})) expect(t.payload?.[name]).toEqual(value);
    if (r.expect.issuer) expect(t.issuerGuess).toContain(r.expect.issuer);
    expect(t.problems.map((p) => p.code)).not.toContain("token.malformed");
    // Every one of them has long expired by 2026-11-24.
    if (typeof r.expect.claims?.exp === "number") expect(t.times?.exp?.state).toBe("past");
  });

  it("notes the base64 padding of the Entra ID v1.0 sample (RFC 7515 §2 base64url has none)", () => {
    const t = decodeToken(TOKENS.find((r) => r.id === "azure-ad-v1-id-token")!.token);
    expect(t.problems.some((p) => p.code === "token.jwt" && p.message.includes("part #2") && p.message.includes("padding"))).toBe(true);
  });

  it("reads a Cognito refresh token as what it is: a JWE wrapping a JWT", () => {
    const t = decodeToken(TOKENS.find((r) => r.id === "cognito-refresh-token")!.token);
    const note = t.problems.find((p) => p.code === "token.jwe")!;
    expect(note.message).toContain("A256GCM");
    expect(note.message).toContain("RSA-OAEP");
    expect(note.message).toMatch(/nested JWT/);
  });

  it("gives the Google token's times against the request: nbf, iat and exp, in order", () => {
    const r = TOKENS.find((x) => x.id === "google-id-token")!;
    // Half an hour after iat (1672062311): valid, issued 30 min before, expiring 30 min after.
    const t = decodeToken(r.token, (1672062311 + 1800) * 1000);
    expect(t.times?.iat?.relative).toBe("30 min before this request");
    expect(t.times?.exp?.relative).toBe("30 min after this request");
    expect(t.times?.nbf?.relative).toBe("35 min before this request");
    expect(t.problems.filter((p) => p.severity !== "info")).toEqual([]);
  });
});
