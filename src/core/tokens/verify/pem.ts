/**
 * PEM text (RFC 7468) → public keys: "PUBLIC KEY" (SubjectPublicKeyInfo, RFC 7468 §13),
 * "CERTIFICATE" (its subject's key, §5) and "RSA PUBLIC KEY" (PKCS #1, RFC 8017). Private keys
 * are refused with a word of warning: verifying needs only the public half. Never throws.
 */
import { base64ToBytes } from "../../base64.ts";
import { certificateSpki, pkcs1ToSpki, spkiInfo } from "./der.ts";
import { type KeySet, type KeyOrigin, VERIFY_LIMITS, type VerificationKey } from "./types.ts";

const BEGIN = "-----BEGIN ";
const END = "-----END ";
const DASHES = "-----";

interface Block {
  readonly label: string;
  readonly body: string;
}

/**
 * The blocks of a PEM text, in one pass: each BEGIN ends at the next END (blocks do not nest),
 * whose label must be the same (RFC 7468 §2). Text between blocks is ignored, as §2 allows.
 */
function pemBlocks(text: string, max: number): { blocks: Block[]; more: number } {
  const blocks: Block[] = [];
  let more = 0;
  for (let at = text.indexOf(BEGIN); at !== -1; at = text.indexOf(BEGIN, at)) {
    const labelEnd = text.indexOf(DASHES, at + BEGIN.length);
    if (labelEnd === -1 || labelEnd - at > 60) {
      at += BEGIN.length;
      continue;
    }
    const label = text.slice(at + BEGIN.length, labelEnd);
    const end = text.indexOf(END, labelEnd);
    if (end === -1) break;
    const close = `${END}${label}${DASHES}`;
    if (text.startsWith(close, end)) {
      if (blocks.length < max) blocks.push({ label, body: text.slice(labelEnd + DASHES.length, end) });
      else more++;
      at = end + close.length;
    } else at = end + END.length;
  }
  return { blocks, more };
}

const LABELS: Readonly<Record<string, { readonly origin: KeyOrigin; readonly what: string }>> = {
  "PUBLIC KEY": { origin: "spki", what: "the PEM public key" },
  CERTIFICATE: { origin: "certificate", what: "the certificate's public key" },
  "RSA PUBLIC KEY": { origin: "pkcs1", what: "the PEM RSA public key" },
};

function spkiOf(origin: KeyOrigin, der: Uint8Array): Uint8Array | undefined {
  if (origin === "certificate") return certificateSpki(der);
  if (origin === "pkcs1") return pkcs1ToSpki(der);
  return der;
}

/** Every public key in a PEM text; a text with none says why in `problems`. */
export function parsePem(text: string): KeySet {
  if (typeof text !== "string" || text.length > VERIFY_LIMITS.keyTextChars) {
    return { keys: [], problems: [`the PEM text is over ${VERIFY_LIMITS.keyTextChars / 1024} KB; a public key or certificate is a few KB`] };
  }
  const keys: VerificationKey[] = [];
  const problems: string[] = [];
  const { blocks, more } = pemBlocks(text, VERIFY_LIMITS.keys);
  if (blocks.length === 0) return { keys, problems: ['no PEM block: expected "-----BEGIN PUBLIC KEY-----" or "-----BEGIN CERTIFICATE-----" (RFC 7468)'] };
  blocks.forEach(({ label, body }, i) => {
    const name = blocks.length === 1 ? "" : ` #${i + 1}`;
    if (/PRIVATE KEY/.test(label)) {
      problems.push(`block${name} is a private key (${label}): verifying needs only the public key; never paste or share a private key`);
      return;
    }
    const kind = Object.hasOwn(LABELS, label) ? LABELS[label]! : undefined;
    if (!kind) {
      problems.push(`block${name} is "${label}", not a public key or a certificate`);
      return;
    }
    const der = base64ToBytes(body.replace(/\s+/g, ""));
    if (!der.ok) {
      problems.push(`block${name} (${label}) is not base64: ${der.reason}`);
      return;
    }
    const spki = spkiOf(kind.origin, der.value);
    const info = spki ? spkiInfo(spki) : { error: `not a DER ${label === "CERTIFICATE" ? "X.509 certificate (RFC 5280 §4.1)" : "public key"}` };
    if ("error" in info) {
      problems.push(`block${name} (${label}): ${info.error}`);
      return;
    }
    if (info.kty === "RSA" && (info.modulusBits ?? 0) > VERIFY_LIMITS.rsaBits) {
      problems.push(`block${name}: an RSA key of ${info.modulusBits} bits, beyond the ${VERIFY_LIMITS.rsaBits} AuthLens reads`);
      return;
    }
    keys.push({
      kty: info.kty,
      ...(info.crv ? { crv: info.crv } : {}),
      ...(info.modulusBits ? { modulusBits: info.modulusBits } : {}),
      origin: kind.origin,
      label: `${kind.what}${name}`,
      spki: spki!,
    });
  });
  if (more > 0) problems.push(`${more} more PEM blocks were not read (AuthLens reads ${VERIFY_LIMITS.keys})`);
  return { keys, problems };
}
