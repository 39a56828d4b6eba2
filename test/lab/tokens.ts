/**
 * HS256 JWTs for the scenario lab. The secret is a published constant on purpose: these
 * tokens only ever guard a loopback test server, and AuthLens decodes them locally.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const LAB_JWT_SECRET = "authlens-lab-hs256-secret-not-for-real-use";
export const LAB_AUDIENCE = "authlens-lab-api";
export const LAB_SUBJECT = "lab-user-42";
/** Deliberately lacks `admin`, so the forbidden-403 scenario can use an otherwise valid token. */
export const LAB_SCOPE = "lab:read profile";

const EXPIRED_AGO_S = 15 * 60;
const VALID_FOR_S = 60 * 60;

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
}

export type VerifyFailure =
  | "malformed"
  | "unsupported-alg"
  | "bad-signature"
  | "expired"
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
  if (claims.exp <= (opts.now ?? nowSeconds())) return { ok: false, reason: "expired" };
  if (opts.issuer !== undefined && claims.iss !== opts.issuer) return { ok: false, reason: "wrong-issuer" };
  if (opts.audience !== undefined && claims.aud !== opts.audience) {
    return { ok: false, reason: "wrong-audience" };
  }
  return { ok: true, claims };
}

export function hasScope(claims: LabClaims, scope: string): boolean {
  return claims.scope.split(" ").includes(scope);
}
