/**
 * What a Negotiate token (RFC 4559) holds, read just far enough to name it: SPNEGO (RFC 4178)
 * wraps a Kerberos or an NTLM token, and Windows servers also send raw NTLM under Negotiate.
 * The mechanism is found by its OID bytes; the outcome by NegTokenResp's negState.
 */
import { findNtlm, type NtlmMessage, readNtlmMessage } from "./ntlm-message.ts";

export interface SpnegoReading {
  readonly mechanism: "Kerberos" | "NTLM" | "unknown";
  /** "SPNEGO initial token", "SPNEGO response", or "raw NTLM" (no SPNEGO wrapper). */
  readonly wrapper: string;
  /** NegTokenResp negState (RFC 4178 §4.2.2), when present. */
  readonly state?: string;
  readonly ntlm?: NtlmMessage;
}

/** DER-encoded OIDs: tag 06, length, value. */
const KERBEROS_OIDS = [
  [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02], // 1.2.840.113554.1.2.2
  [0x06, 0x09, 0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02], // 1.2.840.48018.1.2.2 (Microsoft)
];
const NTLM_OID = [0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a]; // 1.3.6.1.4.1.311.2.2.10

const NEG_STATES: Readonly<Record<number, string>> = {
  0: "accept-completed: authentication succeeded",
  1: "accept-incomplete: another round is needed",
  2: "reject: the server refused the credentials",
  3: "request-mic: the server asks for a MIC",
};

/** How far into a token to look for OIDs and negState. */
const SCAN_LIMIT = 4_096;

function contains(b: Uint8Array, pattern: readonly number[]): boolean {
  const end = Math.min(b.length, SCAN_LIMIT);
  outer: for (let i = 0; i + pattern.length <= end; i++) {
    for (let j = 0; j < pattern.length; j++) if (b[i + j] !== pattern[j]) continue outer;
    return true;
  }
  return false;
}

/** negState is `[0] ENUMERATED` at the start of NegTokenResp: a0 03 0a 01 <state>. */
function negState(b: Uint8Array): string | undefined {
  for (let i = 0; i + 4 < Math.min(b.length, 16); i++) {
    if (b[i] === 0xa0 && b[i + 1] === 0x03 && b[i + 2] === 0x0a && b[i + 3] === 0x01) return NEG_STATES[b[i + 4]!] ?? `unknown (${b[i + 4]})`;
  }
  return undefined;
}

export function readSpnego(b: Uint8Array): SpnegoReading {
  const raw = readNtlmMessage(b);
  if (raw) return { mechanism: "NTLM", wrapper: "raw NTLM", ntlm: raw };
  const wrapper = b[0] === 0x60 ? "SPNEGO initial token" : b[0] === 0xa1 ? "SPNEGO response" : "unrecognised token";
  const state = b[0] === 0xa1 ? negState(b) : undefined;
  const at = findNtlm(b, SCAN_LIMIT);
  const ntlm = at >= 0 ? readNtlmMessage(b.subarray(at)) : undefined;
  const mechanism = ntlm || contains(b, NTLM_OID) ? "NTLM" : KERBEROS_OIDS.some((oid) => contains(b, oid)) ? "Kerberos" : "unknown";
  return { mechanism, wrapper, ...(state !== undefined ? { state } : {}), ...(ntlm ? { ntlm } : {}) };
}
