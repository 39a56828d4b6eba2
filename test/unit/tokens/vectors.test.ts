/**
 * The shared test vectors (test/fixtures/tokens, from RFC 7515/7516/7519/7520/7797 and RFC 7617):
 * their `expect` fields define the decoding. Data-driven: one test per vector.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitBasic } from "../../../src/core/basic-credentials.ts";
import { decodeToken } from "../../../src/core/tokens/index.ts";
import type { TokenKind } from "../../../src/core/tokens/index.ts";

const DIR = join(import.meta.dirname, "..", "..", "fixtures", "tokens");

interface JwtCase {
  id: string;
  token: string;
  expect: { type: string; header: Record<string, unknown>; payload?: unknown; segments?: number; signature?: string };
  notes?: string;
}
interface BasicCase {
  header: string;
  user: string;
  password: string;
  source: string;
}

const JWT_CASES: JwtCase[] = JSON.parse(readFileSync(join(DIR, "jwt-cases.json"), "utf8"));
const BASIC_CASES: BasicCase[] = JSON.parse(readFileSync(join(DIR, "basic-cases.json"), "utf8"));

/** The vectors' "type" names → AuthLens's kinds. */
const KIND: Record<string, TokenKind> = { JWS: "jws", "Unsecured JWS": "unsecured", JWE: "jwe" };

/** RFC 7515 App. A.1's claims set, which "same as A.1" refers to. */
const A1_PAYLOAD = JWT_CASES.find((c) => c.id.startsWith("rfc7515-A.1"))!.expect.payload as Record<string, unknown>;

/** The vectors' notes say which payloads are not JSON: plain text (RFC 7520 §4), detached (§4.5), b64:false (RFC 7797). */
function textPayloadOf(c: JwtCase): string | undefined {
  if (c.notes?.includes("It’s a dangerous business")) return "It’s a dangerous business, Frodo";
  if (c.notes?.includes("Example of Ed25519 signing")) return "Example of Ed25519 signing";
  if (c.notes?.includes("'This is the payload string!'")) return "This is the payload string!";
  return undefined;
}

describe("JOSE vectors (jwt-cases.json)", () => {
  it("has the vectors", () => {
    expect(JWT_CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(JWT_CASES.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const t = decodeToken(c.token);
    expect(t.kind).toBe(KIND[c.expect.type]);
    expect(t.header).toEqual(c.expect.header);
    expect(t.length).toBe(c.token.length);
    if (c.expect.segments !== undefined) expect(c.token.split(".")).toHaveLength(c.expect.segments);

    const payload = c.expect.payload === "same as A.1" ? A1_PAYLOAD : c.expect.payload;
    if (typeof payload === "object" && payload !== null) expect(t.payload).toEqual(payload);
    if (t.kind === "jwe") {
      // Encrypted: the header is all there is; the vectors' claims stay unread.
      expect(t.payload).toBeUndefined();
      expect(t.problems.some((p) => p.code === "token.jwe" && p.message.includes(String(c.expect.header.enc)))).toBe(true);
      if (c.expect.header.cty === "JWT") expect(t.problems.some((p) => /nested/.test(p.message))).toBe(true);
    }
    const text = textPayloadOf(c);
    if (text !== undefined) {
      expect(t.payload).toBeUndefined();
      expect(t.payloadText).toContain(text);
    }
    if (c.id.includes("detached")) expect(t.problems.some((p) => /detached/.test(p.message))).toBe(true);
    if (c.expect.type === "Unsecured JWS") expect(t.problems.map((p) => p.code)).toContain("token.alg-none");
    // A vector decodes: none of them is malformed.
    expect(t.problems.map((p) => p.code)).not.toContain("token.malformed");
  });

  it("reads RFC 7519 §3.1's exp as 2011-03-22T18:43:00Z, and says it expired before a 2026 request", () => {
    const t = decodeToken(JWT_CASES[0]!.token, Date.UTC(2026, 0, 1));
    expect(t.times?.exp?.iso).toBe("2011-03-22T18:43:00Z");
    expect(t.times?.exp?.state).toBe("past");
    expect(t.problems.find((p) => p.code === "auth.token-expired")?.severity).toBe("error");
  });

  it("keeps the header's members whatever its CRLF and spaces (RFC 7515 A.1)", () => {
    expect(Object.keys(decodeToken(JWT_CASES[0]!.token).header ?? {})).toEqual(["typ", "alg"]);
  });

  it("does not decode the raw RFC 7797 payload as base64url, and finds b64 in crit", () => {
    const c = JWT_CASES.find((v) => v.id.includes("b64_false"))!;
    const t = decodeToken(c.token);
    const note = t.problems.find((p) => /RFC 7797/.test(p.message));
    expect(note?.severity).toBe("info");
  });
});

function leafStrings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(leafStrings);
  if (typeof v === "object" && v !== null) return Object.values(v).flatMap(leafStrings);
  return [];
}

describe("Basic vectors (basic-cases.json)", () => {
  it.each(BASIC_CASES.map((c) => [c.header, c] as const))("%s", (_h, c) => {
    const t = decodeToken(c.header);
    expect(t.kind).toBe("basic");
    expect(t.user).toBe(c.user);
    const credentials = c.header.slice("Basic ".length);
    const split = splitBasic(credentials);
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    // "123£ via Latin-1 fallback": the expected password is the text before " via".
    const password = c.password.replace(/ via Latin-1 fallback.*$/, "");
    expect(split.parts.password).toBe(password);
    expect(split.parts.charset).toBe(c.password.includes("Latin-1") ? "ISO-8859-1" : "UTF-8");
    // The password never appears in what AuthLens returns (as a word: "pass" is inside "password").
    if (password !== "") {
      const word = new RegExp(`(^|[^A-Za-z])${password.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^A-Za-z]|$)`);
      for (const text of leafStrings(t)) expect(text).not.toMatch(word);
    }
    expect(t.masked).toBe(`${c.user}:${"•".repeat(Math.min([...password].length, 8))} (${password.length} chars)`);
  });
});
