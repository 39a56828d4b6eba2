/**
 * Signature verification (core/tokens/verify): the RFC 7515 Appendix A, RFC 7520 §4 and RFC 8037
 * vectors against the keys the RFCs print; keys generated with jose for every supported alg (sign
 * with jose, verify with AuthLens); key selection by kid, alg, kty and use (RFC 7517 §4); what a
 * verifier must refuse (RFC 8725 §3.1); PEM public keys, certificates and PKCS #1 keys; and never
 * a throw or a rejected promise on hostile input.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { type CryptoKey, type JWK, exportJWK, exportSPKI, generateKeyPair, generateSecret, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { mergeKeySets, parseJwks, parsePem, secretKey, verifyJws } from "../../../src/core/tokens/verify/index.ts";

const DIR = join(import.meta.dirname, "..", "..", "fixtures", "tokens");
const VECTORS: { id: string; token: string }[] = JSON.parse(readFileSync(join(DIR, "jwt-cases.json"), "utf8"));
const RFC_KEYS = JSON.parse(readFileSync(join(DIR, "verify", "rfc-keys.json"), "utf8"));
const X509 = JSON.parse(readFileSync(join(DIR, "verify", "x509.json"), "utf8"));

const vector = (prefix: string) => VECTORS.find((v) => v.id.startsWith(prefix))!.token;

/** One character of a part changed: the token no longer matches its signature. */
function tamper(token: string, part = 1): string {
  const parts = token.split(".");
  const p = parts[part]!;
  const i = Math.floor(p.length / 2);
  parts[part] = `${p.slice(0, i)}${p[i] === "A" ? "B" : "A"}${p.slice(i + 1)}`;
  return parts.join(".");
}

describe("RFC vectors verify with the keys the RFCs print", () => {
  const rfc7515 = RFC_KEYS.rfc7515;
  const cases: [string, string, unknown][] = [
    ["RFC 7515 A.1 (HS256)", vector("rfc7515-A.1"), rfc7515["A.1"]],
    ["RFC 7515 A.2 (RS256)", vector("rfc7515-A.2"), rfc7515["A.2"]],
    ["RFC 7515 A.3 (ES256)", vector("rfc7515-A.3"), rfc7515["A.3"]],
    ["RFC 7515 A.4 (ES512)", rfc7515["A.4-token"], rfc7515["A.4"]],
    ["RFC 7520 §4.1 (RS256)", vector("rfc7520:jws_4_1"), RFC_KEYS.rfc7520],
    ["RFC 7520 §4.2 (PS384)", vector("rfc7520:jws_4_2"), RFC_KEYS.rfc7520],
    ["RFC 7520 §4.3 (ES512)", vector("rfc7520:jws_4_3"), RFC_KEYS.rfc7520],
    ["RFC 7520 §4.4 (HS256)", vector("rfc7520:jws_4_4"), RFC_KEYS.rfc7520],
    ["RFC 8037 A.4 (EdDSA, Ed25519)", vector("rfc7520:curve25519_jws"), RFC_KEYS.rfc8037],
    ["RFC 7797 (b64: false, HS256)", vector("rfc7520:rfc7797"), rfc7515["A.1"]],
  ];

  it.each(cases)("%s", async (_name, token, keys) => {
    const set = parseJwks(keys);
    expect(set.problems).toEqual([]);
    const ok = await verifyJws(token, set);
    expect(ok).toMatchObject({ verdict: "valid", tried: 1 });
    expect(ok.reason).toMatch(/^the \S+ signature verifies with /);
    const bad = await verifyJws(tamper(token), set);
    expect(bad.verdict).toBe("invalid");
    expect(bad.reason).toMatch(/signature does not verify with/);
  });

  it("selects RFC 7520's keys by kid and type: the same kid names an EC and an RSA key", async () => {
    const set = parseJwks(RFC_KEYS.rfc7520);
    const r = await verifyJws(vector("rfc7520:jws_4_3"), set);
    expect(r.key).toMatchObject({ kty: "EC", crv: "P-521", kid: "bilbo.baggins@hobbiton.example", origin: "jwk" });
    expect(r.kid).toBe("bilbo.baggins@hobbiton.example");
    expect(r.alg).toBe("ES512");
  });

  it("the unsecured A.5 and the JWEs are not verified", async () => {
    const set = parseJwks(RFC_KEYS.rfc7515["A.2"]);
    const none = await verifyJws(vector("rfc7515-A.5"), set);
    expect(none.verdict).toBe("invalid");
    expect(none.reason).toContain("RFC 8725 §3.1");
    expect((await verifyJws(vector("rfc7519-A.1"), set)).verdict).toBe("unsupported");
  });
});

/** Every algorithm the engine supports, with the key jose makes for it. */
const ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512"] as const;

interface Made {
  readonly token: string;
  readonly jwk: JWK;
  readonly publicKey?: CryptoKey;
  readonly secret?: Uint8Array;
}

async function make(alg: (typeof ALGS)[number], kid: string): Promise<Made> {
  const claims = { iss: "https://id.example.com", sub: "user-42", aud: "api" };
  if (alg.startsWith("HS")) {
    const secret = (await generateSecret(alg, { extractable: true })) as CryptoKey;
    const jwk = await exportJWK(secret);
    const token = await new SignJWT(claims).setProtectedHeader({ alg, kid, typ: "JWT" }).sign(secret);
    return { token, jwk: { ...jwk, kid, alg }, secret: Buffer.from(jwk.k!, "base64url") };
  }
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
  const token = await new SignJWT(claims).setProtectedHeader({ alg, kid, typ: "JWT" }).sign(privateKey);
  return { token, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" }, publicKey };
}

describe("keys generated with jose, for every supported alg", () => {
  it.each(ALGS)("%s: valid, tampered, wrong kid, from a JWKS", async (alg) => {
    const m = await make(alg, `k-${alg}`);
    const other = await make(alg, "k-other");
    const jwks = parseJwks(JSON.stringify({ keys: [other.jwk, m.jwk] }));
    expect(jwks.keys).toHaveLength(2);

    const ok = await verifyJws(m.token, jwks);
    expect(ok).toMatchObject({ verdict: "valid", alg, kid: `k-${alg}`, tried: 1, key: { kid: `k-${alg}`, origin: "jwk" } });

    for (const part of [0, 1, 2]) expect((await verifyJws(tamper(m.token, part), jwks)).verdict, `part ${part}`).not.toBe("valid");
    expect((await verifyJws(tamper(m.token, 1), jwks)).verdict).toBe("invalid");

    const rotated = parseJwks({ keys: [other.jwk] });
    const unknown = await verifyJws(m.token, rotated);
    expect(unknown.verdict).toBe("key-unknown");
    expect(unknown.reason).toContain(`no key has the token's kid "k-${alg}" (RFC 7515 §4.1.4): its kids are "k-other"`);

    // The other key of the same type, offered without its kid: tried, and it does not verify.
    const { kid: _kid, ...anonymous } = other.jwk;
    expect((await verifyJws(m.token, parseJwks(anonymous))).verdict).toBe("invalid");
  });

  it.each(ALGS.filter((a) => !a.startsWith("HS")))("%s: from a PEM public key (SPKI)", async (alg) => {
    const m = await make(alg, "k1");
    const pem = parsePem(`some text before\n${await exportSPKI(m.publicKey!)}\n`);
    expect(pem.problems).toEqual([]);
    const r = await verifyJws(m.token, pem);
    expect(r).toMatchObject({ verdict: "valid", key: { origin: "spki", label: "the PEM public key" } });
    expect((await verifyJws(tamper(m.token), pem)).verdict).toBe("invalid");
  });

  it.each(["HS256", "HS384", "HS512"] as const)("%s: with the secret the user supplies", async (alg) => {
    const m = await make(alg, "k1");
    const r = await verifyJws(m.token, secretKey(m.secret!));
    expect(r).toMatchObject({ verdict: "valid", key: { origin: "secret", label: "the secret" } });
    expect((await verifyJws(m.token, secretKey("not the secret"))).verdict).toBe("invalid");
  });

  it("a secret as text is its UTF-8 bytes, and a short one is pointed out (RFC 7518 §3.2)", async () => {
    const token = await new SignJWT({ sub: "a" }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("pässwörd"));
    const r = await verifyJws(`Bearer ${token}`, secretKey("pässwörd"));
    expect(r.verdict).toBe("valid");
    expect(r.notes).toEqual([expect.stringMatching(/^the secret is 10 bytes: RFC 7518 §3\.2 requires at least 32 for HS256/)]);
  });
});

describe("X.509 certificates and PKCS #1 keys (fixtures made with openssl)", () => {
  it.each([
    ["an EC certificate", X509.ecCertificate, X509.es256, "certificate"],
    ["an RSA certificate", X509.rsaCertificate, X509.rs256, "certificate"],
    ["an RSA PUBLIC KEY (PKCS #1)", X509.rsaPkcs1, X509.rs256, "pkcs1"],
  ])("%s", async (_name, pem: string, token: string, origin: string) => {
    const set = parsePem(pem);
    expect(set.keys).toHaveLength(1);
    expect(set.keys[0]!.origin).toBe(origin);
    expect((await verifyJws(token, set)).verdict).toBe("valid");
    expect((await verifyJws(tamper(token), set)).verdict).toBe("invalid");
  });

  it("reads the RSA modulus size from the certificate", () => {
    expect(parsePem(X509.rsaCertificate).keys[0]).toMatchObject({ kty: "RSA", modulusBits: 2048 });
    expect(parsePem(X509.ecCertificate).keys[0]).toMatchObject({ kty: "EC", crv: "P-256" });
  });

  it("several blocks, a private key refused with a warning", () => {
    const set = parsePem(`${X509.ecCertificate}\n-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n${X509.rsaPkcs1}`);
    expect(set.keys.map((k) => k.label)).toEqual(["the certificate's public key #1", "the PEM RSA public key #3"]);
    expect(set.problems).toEqual([expect.stringMatching(/^block #2 is a private key \(PRIVATE KEY\): verifying needs only the public key; never paste or share a private key$/)]);
  });
});

describe("what a verifier must refuse (RFC 8725 §3.1, RFC 7515 §4.1.11, RFC 7517 §4)", () => {
  it("HS256 with an RSA public key as the secret: the algorithm-confusion forgery", async () => {
    const m = await make("RS256", "rsa-1");
    const pemText = await exportSPKI(m.publicKey!);
    // The attacker signs with the public key's PEM bytes as an HMAC secret.
    const forged = await new SignJWT({ sub: "admin" }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(pemText));
    const byPem = await verifyJws(forged, parsePem(pemText));
    expect(byPem.verdict).toBe("invalid");
    expect(byPem.reason).toMatch(/^HS256 needs a shared secret \(HMAC\), but the PEM public key is an RSA public key: a verifier must not use a key of another type or curve than the token's alg names \(RFC 8725 §3\.1\), which is how tokens are forged/);
    expect(byPem.tried).toBe(0);
    const byKid = await verifyJws(await new SignJWT({}).setProtectedHeader({ alg: "HS256", kid: "rsa-1" }).sign(new TextEncoder().encode(pemText)), parseJwks({ keys: [m.jwk] }));
    expect(byKid.verdict).toBe("invalid");
    expect(byKid.key).toMatchObject({ kid: "rsa-1", kty: "RSA" });
  });

  it("a key published for another alg, or for encryption", async () => {
    const m = await make("RS256", "k1");
    const forRs512 = await verifyJws(m.token, parseJwks({ ...m.jwk, alg: "RS512" }));
    expect(forRs512.verdict).toBe("invalid");
    expect(forRs512.reason).toContain("is for alg RS512, not RS256 (RFC 7517 §4.4; RFC 8725 §3.1)");
    const forEnc = await verifyJws(m.token, parseJwks({ ...m.jwk, use: "enc" }));
    expect(forEnc.reason).toContain('is for use "enc", not "sig" (RFC 7517 §4.2)');
    const ops = await verifyJws(m.token, parseJwks({ ...m.jwk, key_ops: ["encrypt"] }));
    expect(ops.reason).toContain('not "verify" (RFC 7517 §4.3)');
  });

  it("an ES256 token against a P-384 key, and an RS256 token against EC keys only: no key fits", async () => {
    const es = await make("ES256", "k1");
    const p384 = await make("ES384", "k1");
    const r = await verifyJws(es.token, parseJwks({ keys: [p384.jwk] }));
    expect(r.verdict).toBe("invalid");
    const rs = await make("RS256", "k9");
    const { kid: _k, ...anonymous } = es.jwk;
    const none = await verifyJws(rs.token, parseJwks({ keys: [anonymous] }));
    expect(none.verdict).toBe("key-unknown");
    expect(none.reason).toMatch(/^RS256 needs an RSA public key, and the key given is not one$/);
  });

  it("critical parameters it does not understand, and b64 false outside crit", async () => {
    const m = await make("HS256", "k1");
    const set = secretKey(m.secret!);
    const header = Buffer.from(JSON.stringify({ alg: "HS256", crit: ["urn:example:ext"], "urn:example:ext": 1 })).toString("base64url");
    const r = await verifyJws(`${header}.e30.${"A".repeat(43)}`, set);
    expect(r.verdict).toBe("invalid");
    expect(r.reason).toContain("RFC 7515 §4.1.11");
    const b64 = Buffer.from(JSON.stringify({ alg: "HS256", b64: false })).toString("base64url");
    expect((await verifyJws(`${b64}.payload.${"A".repeat(43)}`, set)).reason).toContain("RFC 7797 §6");
  });

  it("a short RSA key verifies but is pointed out (RFC 7518 §3.3)", async () => {
    const pair = await crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
    const input = `${Buffer.from('{"alg":"RS256"}').toString("base64url")}.e30`;
    const sig = Buffer.from(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", pair.privateKey, new TextEncoder().encode(input))).toString("base64url");
    const r = await verifyJws(`${input}.${sig}`, parseJwks(await crypto.subtle.exportKey("jwk", pair.publicKey)));
    expect(r.verdict).toBe("valid");
    expect(r.notes[0]).toMatch(/is a 1024-bit RSA key: RFC 7518 §3\.3 requires 2048 bits or more/);
  });
});

describe("reading key sets", () => {
  it("skips keys that cannot verify, says why, and keeps none of their private members", () => {
    const set = parseJwks({
      keys: [
        { kty: "RSA", n: "AQAB" },
        { kty: "EC", crv: "secp256k1", x: "a", y: "b" },
        { kty: "OKP", crv: "X25519", x: "abc" },
        { kty: "foo" },
        "not a key",
        { ...RFC_KEYS.rfc7515["A.3"], d: "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI", kid: "k" },
      ],
    });
    expect(set.keys).toHaveLength(1);
    expect(set.keys[0]!.jwk).toEqual({ kty: "EC", crv: "P-256", x: RFC_KEYS.rfc7515["A.3"].x, y: RFC_KEYS.rfc7515["A.3"].y });
    expect(set.problems).toEqual([
      'key #1 of the JWKS: an RSA key needs "n" and "e" (RFC 7518 §6.3.1)',
      expect.stringContaining('key #2 of the JWKS: crv "secp256k1" is not a curve JWS signs with'),
      expect.stringContaining('key #3 of the JWKS: crv "X25519" is not a signing curve'),
      expect.stringContaining('key #4 of the JWKS: kty "foo"'),
      "key #5 of the JWKS is not a JSON object",
      expect.stringContaining("key #6 of the JWKS (kid \"k\") holds private key members (d)"),
    ]);
  });

  it("refuses what is not a JWKS, in words", () => {
    expect(parseJwks("{not json").problems[0]).toMatch(/^the JWKS is not JSON/);
    expect(parseJwks("[]").problems[0]).toMatch(/not a JSON object/);
    expect(parseJwks("{}").problems[0]).toMatch(/neither a JWK Set/);
    expect(parseJwks('{"keys": {}}').problems[0]).toMatch(/"keys" is not an array/);
    expect(parseJwks(`{"keys": [${"[".repeat(100)}${"]".repeat(100)}]}`).problems[0]).toMatch(/nests deeper/);
    expect(parseJwks(" ".repeat(300 * 1024)).problems[0]).toMatch(/over 256 KB/);
    expect(parsePem("hello").problems[0]).toMatch(/^no PEM block/);
  });

  it("bounds the keys read", () => {
    const jwk = RFC_KEYS.rfc7515["A.3"];
    const set = parseJwks({ keys: Array.from({ length: 150 }, (_, i) => ({ ...jwk, kid: `k${i}` })) });
    expect(set.keys).toHaveLength(100);
    expect(set.problems).toEqual(["50 more keys were not read (AuthLens reads 100)"]);
  });

  it("merges sets: a captured JWKS and a pasted PEM", async () => {
    const set = mergeKeySets(parseJwks(RFC_KEYS.rfc7520), parsePem(X509.ecCertificate));
    expect((await verifyJws(X509.es256, set)).verdict).toBe("valid");
    expect((await verifyJws(vector("rfc7520:jws_4_1"), set)).verdict).toBe("valid");
  });

  it("no usable key is an error that says why", async () => {
    const r = await verifyJws(vector("rfc7515-A.2"), parseJwks("{}"));
    expect(r.verdict).toBe("error");
    expect(r.reason).toMatch(/^no usable key: neither a JWK Set/);
  });
});

describe("never throws, never rejects", () => {
  const someKeys = mergeKeySets(parseJwks(RFC_KEYS.rfc7520), parseJwks(RFC_KEYS.rfc8037), secretKey("s"));
  const json = fc.jsonValue({ maxDepth: 4 });
  const jwkish = fc.record(
    { kty: fc.constantFrom("RSA", "EC", "OKP", "oct", "x"), kid: fc.string({ maxLength: 8 }), crv: fc.constantFrom("P-256", "P-521", "Ed25519", "Ed448", "X25519"), n: fc.base64String(), e: fc.string(), x: fc.string(), y: fc.string(), k: fc.string(), alg: fc.string({ maxLength: 6 }), use: fc.string({ maxLength: 4 }), key_ops: json },
    { requiredKeys: [] },
  );

  it("on random tokens against real keys", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.array(fc.base64String({ maxLength: 80 }), { maxLength: 6 }).map((p) => p.join("."))), async (token) => {
        const r = await verifyJws(token, someKeys);
        expect(["valid", "invalid", "key-unknown", "unsupported", "error"]).toContain(r.verdict);
        expect(r.verdict).not.toBe("valid");
      }),
      { numRuns: 300 },
    );
  });

  it("on random headers against random JWKS JSON", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ alg: fc.constantFrom("RS256", "PS512", "ES256", "ES512", "EdDSA", "HS256", "none", "x"), kid: fc.string({ maxLength: 8 }), crit: json, b64: json }, { requiredKeys: ["alg"] }),
        fc.oneof(fc.array(jwkish, { maxLength: 5 }).map((keys) => JSON.stringify({ keys })), json.map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 })),
        fc.uint8Array({ maxLength: 140 }),
        async (header, jwks, sig) => {
          const token = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.e30.${Buffer.from(sig).toString("base64url")}`;
          const r = await verifyJws(token, parseJwks(jwks));
          expect(r.verdict).not.toBe("valid");
          expect(typeof r.reason).toBe("string");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("on random PEM-like text and random DER", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), fc.constantFrom("PUBLIC KEY", "CERTIFICATE", "RSA PUBLIC KEY"), (text, der, label) => {
        parsePem(text);
        const set = parsePem(`-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64")}\n-----END ${label}-----`);
        expect(set.keys.length + set.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("a PEM text of many unclosed blocks is read in one pass", () => {
    const set = parsePem("-----BEGIN PUBLIC KEY-----\n".repeat(9000));
    expect(set.keys).toEqual([]);
  });
});
