/**
 * HS256 JWTs for the scenario lab. The secret is a published constant on purpose: these
 * tokens only ever guard a loopback test server, and AuthLens decodes them locally.
 */
import {
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomUUID,
  sign as signWithKey,
  timingSafeEqual,
  verify as verifyWithKey,
} from "node:crypto";

export const LAB_JWT_SECRET = "authlens-lab-hs256-secret-not-for-real-use";
export const LAB_AUDIENCE = "authlens-lab-api";
export const LAB_SUBJECT = "lab-user-42";
/** Deliberately lacks `admin`, so the forbidden-403 scenario can use an otherwise valid token. */
export const LAB_SCOPE = "lab:read profile";

const EXPIRED_AGO_S = 15 * 60;
const VALID_FOR_S = 60 * 60;
const NOT_BEFORE_IN_S = 10 * 60;
/**
 * How far a DPoP proof's `iat` may lie from the server's clock. Real servers allow minutes; the
 * lab mints proofs per page load, like its tokens, so it allows as long as a token lives.
 */
const DPOP_IAT_WINDOW_S = VALID_FOR_S;

export interface LabClaims {
  iss: string;
  sub: string;
  aud: string;
  scope: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

export interface LabTokens {
  valid: string;
  expired: string;
  /** Signed correctly, but its `nbf` lies 10 minutes in the future. */
  notYetValid: string;
}

export type VerifyFailure =
  | "malformed"
  | "unsupported-alg"
  | "bad-signature"
  | "expired"
  | "not-yet-valid"
  | "wrong-issuer"
  | "wrong-audience";

export type VerifyResult = { ok: true; claims: LabClaims } | { ok: false; reason: VerifyFailure };

export interface VerifyOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to the current time. */
  now?: number;
  issuer?: string;
  audience?: string;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

function sign(input: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(input).digest();
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function mintToken(claims: LabClaims, secret: string = LAB_JWT_SECRET): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify(claims));
  const signingInput = `${header}.${payload}`;
  return `${signingInput}.${base64url(sign(signingInput, secret))}`;
}

/** The issuer is the API origin, so tokens must be minted after the API port is known. */
export function mintLabTokens(apiOrigin: string, now: number = nowSeconds()): LabTokens {
  const base = { iss: apiOrigin, sub: LAB_SUBJECT, aud: LAB_AUDIENCE, scope: LAB_SCOPE };
  const expiredAt = now - EXPIRED_AGO_S;
  return {
    valid: mintToken({ ...base, iat: now, exp: now + VALID_FOR_S }),
    expired: mintToken({ ...base, iat: expiredAt - VALID_FOR_S, exp: expiredAt }),
    notYetValid: mintToken({ ...base, iat: now, nbf: now + NOT_BEFORE_IN_S, exp: now + NOT_BEFORE_IN_S + VALID_FOR_S }),
  };
}

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLabClaims(value: Record<string, unknown>): value is LabClaims {
  return (
    typeof value.iss === "string" &&
    typeof value.sub === "string" &&
    typeof value.aud === "string" &&
    typeof value.scope === "string" &&
    typeof value.iat === "number" &&
    typeof value.exp === "number"
  );
}

export function verifyToken(token: string, opts: VerifyOptions = {}): VerifyResult {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (!isRecord(header)) return { ok: false, reason: "malformed" };
  // Pinning the algorithm is what stops `alg: none` and algorithm-confusion tokens.
  if (header.alg !== "HS256") return { ok: false, reason: "unsupported-alg" };

  const expected = sign(`${headerPart}.${payloadPart}`, opts.secret ?? LAB_JWT_SECRET);
  const actual = Buffer.from(signaturePart, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, reason: "bad-signature" };
  }

  const claims = decodeJson(payloadPart);
  if (!isRecord(claims) || !isLabClaims(claims)) return { ok: false, reason: "malformed" };
  const now = opts.now ?? nowSeconds();
  if (claims.exp <= now) return { ok: false, reason: "expired" };
  if (typeof claims.nbf === "number" && claims.nbf > now) return { ok: false, reason: "not-yet-valid" };
  if (opts.issuer !== undefined && claims.iss !== opts.issuer) return { ok: false, reason: "wrong-issuer" };
  if (opts.audience !== undefined && claims.aud !== opts.audience) {
    return { ok: false, reason: "wrong-audience" };
  }
  return { ok: true, claims };
}

export function hasScope(claims: LabClaims, scope: string): boolean {
  return claims.scope.split(" ").includes(scope);
}

// ── DPoP (RFC 9449) ────────────────────────────────────────────────────────────────────────

export interface DpopProofInput {
  /** HTTP method of the request the proof is for. */
  htm: string;
  /** Its URL without query and fragment. */
  htu: string;
  /** The access token sent along, hashed into `ath`. */
  accessToken: string;
  /** Server-provided nonce, once the server asked for one. */
  nonce?: string;
  now?: number;
}

export interface DpopProofClaims {
  htm: string;
  htu: string;
  iat: number;
  jti: string;
  ath?: string;
  nonce?: string;
}

export type DpopVerifyResult =
  | { ok: true; claims: DpopProofClaims; jwk: JsonWebKey }
  | { ok: false; reason: string };

let dpopKey: KeyObject | undefined;
let dpopJwk: JsonWebKey | undefined;

/** One P-256 key per process: the lab's client has a single DPoP key pair. */
function labDpopKey(): { key: KeyObject; jwk: JsonWebKey } {
  if (dpopKey === undefined || dpopJwk === undefined) {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const { kty, crv, x, y } = pair.publicKey.export({ format: "jwk" });
    dpopKey = pair.privateKey;
    dpopJwk = { kty, crv, x, y };
  }
  return { key: dpopKey, jwk: dpopJwk };
}

function accessTokenHash(accessToken: string): string {
  return createHash("sha256").update(accessToken, "ascii").digest("base64url");
}

/** An ES256 `dpop+jwt` proof with the public key in its header. */
export function mintDpopProof(input: DpopProofInput): string {
  const { key, jwk } = labDpopKey();
  const header = base64url(JSON.stringify({ typ: "dpop+jwt", alg: "ES256", jwk }));
  const claims: DpopProofClaims = {
    jti: randomUUID(),
    htm: input.htm,
    htu: input.htu,
    iat: input.now ?? nowSeconds(),
    ath: accessTokenHash(input.accessToken),
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
  };
  const signingInput = `${header}.${base64url(JSON.stringify(claims))}`;
  const signature = signWithKey("sha256", Buffer.from(signingInput), { key, dsaEncoding: "ieee-p1363" });
  return `${signingInput}.${base64url(signature)}`;
}

/** The checks of RFC 9449 §4.3 that a lab needs; the nonce is left to the caller. */
export function verifyDpopProof(
  proof: string,
  expected: { htm: string; htu: string; accessToken: string; now?: number },
): DpopVerifyResult {
  const parts = proof.split(".");
  if (parts.length !== 3) return { ok: false, reason: "not a JWS" };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (!isRecord(header) || header.typ !== "dpop+jwt") return { ok: false, reason: "typ is not dpop+jwt" };
  if (header.alg !== "ES256") return { ok: false, reason: "alg is not ES256" };
  if (!isRecord(header.jwk) || "d" in header.jwk) return { ok: false, reason: "no public jwk" };
  const jwk = header.jwk as JsonWebKey;
  let valid = false;
  try {
    const key = createPublicKey({ key: jwk, format: "jwk" });
    const signature = Buffer.from(signaturePart, "base64url");
    valid = verifyWithKey("sha256", Buffer.from(`${headerPart}.${payloadPart}`), { key, dsaEncoding: "ieee-p1363" }, signature);
  } catch {
    return { ok: false, reason: "unusable jwk" };
  }
  if (!valid) return { ok: false, reason: "bad signature" };
  const claims = decodeJson(payloadPart);
  if (!isRecord(claims) || typeof claims.jti !== "string" || typeof claims.iat !== "number") {
    return { ok: false, reason: "claims missing" };
  }
  if (claims.htm !== expected.htm) return { ok: false, reason: "htm mismatch" };
  if (claims.htu !== expected.htu) return { ok: false, reason: "htu mismatch" };
  if (Math.abs(claims.iat - (expected.now ?? nowSeconds())) > DPOP_IAT_WINDOW_S) return { ok: false, reason: "iat out of window" };
  if (claims.ath !== accessTokenHash(expected.accessToken)) return { ok: false, reason: "ath mismatch" };
  return { ok: true, claims: claims as unknown as DpopProofClaims, jwk };
}
