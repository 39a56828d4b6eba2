/**
 * Just enough DER (ITU-T X.690 §8, §10) to read public keys: the SubjectPublicKeyInfo of a PEM
 * public key (RFC 5280 §4.1.2.7), the one inside an X.509 certificate (RFC 5280 §4.1), and an
 * RSA public key in PKCS #1 form (RFC 8017 Appendix A.1.1) wrapped into one. Every read is
 * bounds-checked: hostile bytes give `undefined`, never an exception or a read past the end.
 */
import type { KeyType } from "./types.ts";

interface Tlv {
  readonly tag: number;
  /** Where the whole element starts, its content starts and ends. */
  readonly start: number;
  readonly content: number;
  readonly end: number;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OBJECT_IDENTIFIER = 0x06;
/** [0] EXPLICIT, constructed: the version of a TBSCertificate. */
const CONTEXT_0 = 0xa0;

/** One element at `at`, ending no later than `limit`; single-byte tags, definite lengths of up to 4 bytes. */
function tlv(b: Uint8Array, at: number, limit: number): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = b[at]!;
  if ((tag & 0x1f) === 0x1f) return undefined;
  let length = b[at + 1]!;
  let content = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || content + n > limit) return undefined;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[content + i]!;
    content += n;
  }
  const end = content + length;
  return end > limit ? undefined : { tag, start: at, content, end };
}

/** The elements inside a constructed one, at most `max`. */
function children(b: Uint8Array, parent: Tlv, max: number): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.content; at < parent.end && out.length < max; ) {
    const child = tlv(b, at, parent.end);
    if (!child) return out;
    out.push(child);
    at = child.end;
  }
  return out;
}

function hex(b: Uint8Array, t: Tlv): string {
  let s = "";
  for (let i = t.content; i < t.end; i++) s += b[i]!.toString(16).padStart(2, "0");
  return s;
}

/** Key algorithm and curve object identifiers, DER content in hex → what they name. */
const KEY_OIDS: Readonly<Record<string, { readonly kty: KeyType; readonly crv?: string } | "pss">> = {
  "2a864886f70d010101": { kty: "RSA" }, // rsaEncryption, RFC 8017 Appendix C
  "2a864886f70d01010a": "pss", // id-RSASSA-PSS, RFC 4055 §3.1
  "2a8648ce3d0201": { kty: "EC" }, // id-ecPublicKey, RFC 5480 §2.1.1
  "2b6570": { kty: "OKP", crv: "Ed25519" }, // id-Ed25519, RFC 8410 §3
  "2b6571": { kty: "OKP", crv: "Ed448" }, // id-Ed448, RFC 8410 §3
};

const CURVE_OIDS: Readonly<Record<string, string>> = {
  "2a8648ce3d030107": "P-256", // secp256r1, RFC 5480 §2.1.1.1
  "2b81040022": "P-384", // secp384r1
  "2b81040023": "P-521", // secp521r1
};

export interface SpkiInfo {
  readonly kty: KeyType;
  readonly crv?: string;
  readonly modulusBits?: number;
}

/** Bits of a positive INTEGER's value (its leading zero octet and bits not counted). */
function integerBits(b: Uint8Array, t: Tlv): number {
  let i = t.content;
  while (i < t.end && b[i] === 0) i++;
  if (i === t.end) return 0;
  return (t.end - i) * 8 - Math.clz32(b[i]!) + 24;
}

/** What a SubjectPublicKeyInfo holds, or why it cannot be used. */
export function spkiInfo(spki: Uint8Array): SpkiInfo | { readonly error: string } {
  const top = tlv(spki, 0, spki.length);
  if (!top || top.tag !== SEQUENCE || top.end !== spki.length) return { error: "not a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7)" };
  const [algorithm, key] = children(spki, top, 2);
  if (!algorithm || algorithm.tag !== SEQUENCE || !key || key.tag !== BIT_STRING) return { error: "not a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7)" };
  const [oid, params] = children(spki, algorithm, 2);
  if (!oid || oid.tag !== OBJECT_IDENTIFIER) return { error: "the public key names no algorithm" };
  const kind = KEY_OIDS[hex(spki, oid)];
  if (kind === undefined) return { error: "the public key is of a type JWS does not sign with (neither RSA, EC nor Ed25519/Ed448)" };
  if (kind === "pss") return { error: "an RSA key restricted to PSS (id-RSASSA-PSS, RFC 4055), which WebCrypto does not import; export it as a plain rsaEncryption key" };
  if (kind.kty === "EC") {
    const crv = params && params.tag === OBJECT_IDENTIFIER ? CURVE_OIDS[hex(spki, params)] : undefined;
    return crv ? { kty: "EC", crv } : { error: "an EC key on a curve JWS does not use (ES256, ES384 and ES512 use P-256, P-384 and P-521)" };
  }
  if (kind.kty === "RSA") {
    // The BIT STRING holds one octet of unused bits (0), then RSAPublicKey ::= SEQUENCE { n, e }.
    const inner = tlv(spki, key.content + 1, key.end);
    const n = inner && inner.tag === SEQUENCE ? children(spki, inner, 1)[0] : undefined;
    return n && n.tag === INTEGER ? { kty: "RSA", modulusBits: integerBits(spki, n) } : { error: "the RSA public key does not parse (RFC 8017 Appendix A.1.1)" };
  }
  return kind;
}

/** The SubjectPublicKeyInfo of an X.509 certificate (RFC 5280 §4.1: the 7th field of TBSCertificate, 6th without a version). */
export function certificateSpki(cert: Uint8Array): Uint8Array | undefined {
  const top = tlv(cert, 0, cert.length);
  if (!top || top.tag !== SEQUENCE) return undefined;
  const tbs = children(cert, top, 1)[0];
  if (!tbs || tbs.tag !== SEQUENCE) return undefined;
  const fields = children(cert, tbs, 8);
  const index = fields[0]?.tag === CONTEXT_0 ? 6 : 5;
  const spki = fields[index];
  return spki && spki.tag === SEQUENCE ? cert.slice(spki.start, spki.end) : undefined;
}

function lengthOctets(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return [0x80 | out.length, ...out];
}

function element(tag: number, content: readonly number[] | Uint8Array): number[] {
  return [tag, ...lengthOctets(content.length), ...content];
}

/** AlgorithmIdentifier { rsaEncryption, NULL }. */
const RSA_ALGORITHM = element(SEQUENCE, [...element(OBJECT_IDENTIFIER, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]), 0x05, 0x00]);

/** A PKCS #1 RSAPublicKey ("BEGIN RSA PUBLIC KEY") as the SubjectPublicKeyInfo WebCrypto imports. */
export function pkcs1ToSpki(pkcs1: Uint8Array): Uint8Array | undefined {
  const top = tlv(pkcs1, 0, pkcs1.length);
  if (!top || top.tag !== SEQUENCE || top.end !== pkcs1.length) return undefined;
  const bits = element(BIT_STRING, [0x00, ...pkcs1]);
  return new Uint8Array(element(SEQUENCE, [...RSA_ALGORITHM, ...bits]));
}
