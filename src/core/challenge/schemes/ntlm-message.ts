/**
 * NTLM messages as [MS-NLMP] §2.2.1 lays them out: "NTLMSSP\0", a message type, then fixed
 * fields and (length, offset) descriptors into a payload. Every read is bounds-checked against
 * the buffer; a descriptor pointing outside it yields no value rather than an exception.
 */
import { toHex } from "../../base64.ts";

export interface NtlmMessage {
  /** 1 NEGOTIATE (client), 2 CHALLENGE (server), 3 AUTHENTICATE (client). */
  readonly type: number;
  readonly flags?: number;
  readonly flagNames?: readonly string[];
  readonly targetName?: string;
  /** The 8-byte server challenge, hex. */
  readonly serverChallenge?: string;
  /** AV pairs of the challenge's TargetInfo (§2.2.2.1), named. */
  readonly targetInfo?: readonly { readonly name: string; readonly value: string }[];
  readonly domain?: string;
  readonly user?: string;
  readonly workstation?: string;
  /** The sender's OS version (§2.2.2.10), when it sent one. */
  readonly version?: string;
}

const SIGNATURE = [0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00]; // "NTLMSSP\0"

/** NegotiateFlags (§2.2.2.5), most significant first as the specification lists them. */
const FLAGS: readonly (readonly [number, string])[] = [
  [0x80000000, "NEGOTIATE_56"],
  [0x40000000, "NEGOTIATE_KEY_EXCH"],
  [0x20000000, "NEGOTIATE_128"],
  [0x02000000, "NEGOTIATE_VERSION"],
  [0x00800000, "NEGOTIATE_TARGET_INFO"],
  [0x00400000, "REQUEST_NON_NT_SESSION_KEY"],
  [0x00100000, "NEGOTIATE_IDENTIFY"],
  [0x00080000, "NEGOTIATE_EXTENDED_SESSIONSECURITY"],
  [0x00020000, "TARGET_TYPE_SERVER"],
  [0x00010000, "TARGET_TYPE_DOMAIN"],
  [0x00008000, "NEGOTIATE_ALWAYS_SIGN"],
  [0x00002000, "NEGOTIATE_OEM_WORKSTATION_SUPPLIED"],
  [0x00001000, "NEGOTIATE_OEM_DOMAIN_SUPPLIED"],
  [0x00000800, "ANONYMOUS"],
  [0x00000200, "NEGOTIATE_NTLM"],
  [0x00000080, "NEGOTIATE_LM_KEY"],
  [0x00000040, "NEGOTIATE_DATAGRAM"],
  [0x00000020, "NEGOTIATE_SEAL"],
  [0x00000010, "NEGOTIATE_SIGN"],
  [0x00000004, "REQUEST_TARGET"],
  [0x00000002, "NEGOTIATE_OEM"],
  [0x00000001, "NEGOTIATE_UNICODE"],
];
const UNICODE = 0x00000001;
const VERSION = 0x02000000;

/** AV_PAIR ids (§2.2.2.1) shown as text; flags, bindings and the like are left out. */
const AV_NAMES: Readonly<Record<number, string>> = {
  1: "NetBIOS computer name",
  2: "NetBIOS domain name",
  3: "DNS computer name",
  4: "DNS domain name",
  5: "DNS forest name",
  9: "Target SPN",
};
const AV_TIMESTAMP = 7;
const MAX_AV_PAIRS = 32;

function u16(b: Uint8Array, at: number): number | undefined {
  return at >= 0 && at + 2 <= b.length ? b[at]! | (b[at + 1]! << 8) : undefined;
}

function u32(b: Uint8Array, at: number): number | undefined {
  const lo = u16(b, at);
  const hi = u16(b, at + 2);
  return lo === undefined || hi === undefined ? undefined : lo + hi * 0x10000;
}

/** A (length, max length, offset) descriptor's bytes, when they lie inside the message. */
function field(b: Uint8Array, at: number): Uint8Array | undefined {
  const length = u16(b, at);
  const offset = u32(b, at + 4);
  if (length === undefined || offset === undefined || offset + length > b.length) return undefined;
  return b.subarray(offset, offset + length);
}

function utf16le(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i + 1 < b.length; i += 2) out += String.fromCharCode(b[i]! | (b[i + 1]! << 8));
  return out;
}

function latin1(b: Uint8Array): string {
  let out = "";
  for (const byte of b) out += String.fromCharCode(byte);
  return out;
}

function text(b: Uint8Array, at: number, flags: number | undefined): string | undefined {
  const bytes = field(b, at);
  if (!bytes) return undefined;
  return (flags ?? 0) & UNICODE ? utf16le(bytes) : latin1(bytes);
}

function flagNames(flags: number): string[] {
  return FLAGS.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
}

function version(b: Uint8Array, at: number, flags: number | undefined): string | undefined {
  if (flags === undefined || (flags & VERSION) === 0 || at + 8 > b.length) return undefined;
  const build = u16(b, at + 2);
  return `Windows ${b[at]}.${b[at + 1]} (build ${build})`;
}

/** FILETIME: 100 ns intervals since 1601-01-01 UTC. */
function filetime(b: Uint8Array, at: number): string | undefined {
  const lo = u32(b, at);
  const hi = u32(b, at + 4);
  if (lo === undefined || hi === undefined) return undefined;
  const ms = (hi * 2 ** 32 + lo) / 10_000 - 11_644_473_600_000;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function targetInfo(bytes: Uint8Array | undefined): { name: string; value: string }[] | undefined {
  if (!bytes) return undefined;
  const items: { name: string; value: string }[] = [];
  let at = 0;
  for (let n = 0; n < MAX_AV_PAIRS; n++) {
    const id = u16(bytes, at);
    const length = u16(bytes, at + 2);
    if (id === undefined || length === undefined || id === 0 || at + 4 + length > bytes.length) break;
    const value = bytes.subarray(at + 4, at + 4 + length);
    const name = AV_NAMES[id];
    if (name !== undefined) items.push({ name, value: utf16le(value) });
    else if (id === AV_TIMESTAMP) {
      const time = filetime(value, 0);
      if (time !== undefined) items.push({ name: "Server time", value: time });
    }
    at += 4 + length;
  }
  return items;
}

type Reader = (b: Uint8Array) => Omit<NtlmMessage, "type">;

/** The fixed layout of each message type (§2.2.1.1–§2.2.1.3). */
const READERS: Readonly<Record<number, Reader>> = {
  1: (b) => {
    const flags = u32(b, 12);
    return {
      ...(flags !== undefined ? { flags, flagNames: flagNames(flags) } : {}),
      ...optional("domain", text(b, 16, 0)),
      ...optional("workstation", text(b, 24, 0)),
      ...optional("version", version(b, 32, flags)),
    };
  },
  2: (b) => {
    const flags = u32(b, 20);
    const challenge = b.length >= 32 ? toHex(b.subarray(24, 32)) : undefined;
    return {
      ...(flags !== undefined ? { flags, flagNames: flagNames(flags) } : {}),
      ...optional("targetName", text(b, 12, flags)),
      ...optional("serverChallenge", challenge),
      ...optional("targetInfo", b.length >= 48 ? targetInfo(field(b, 40)) : undefined),
      ...optional("version", version(b, 48, flags)),
    };
  },
  3: (b) => {
    const flags = u32(b, 60);
    return {
      ...(flags !== undefined ? { flags, flagNames: flagNames(flags) } : {}),
      ...optional("domain", text(b, 28, flags)),
      ...optional("user", text(b, 36, flags)),
      ...optional("workstation", text(b, 44, flags)),
      ...optional("version", version(b, 64, flags)),
    };
  },
};

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function isNtlm(b: Uint8Array, at = 0): boolean {
  if (at + SIGNATURE.length > b.length) return false;
  return SIGNATURE.every((byte, i) => b[at + i] === byte);
}

/** The NTLM message in these bytes, or undefined when they do not start with one. */
export function readNtlmMessage(b: Uint8Array): NtlmMessage | undefined {
  if (!isNtlm(b)) return undefined;
  const type = u32(b, 8);
  if (type === undefined) return undefined;
  const read = READERS[type];
  return { type, ...(read ? read(b) : {}) };
}

/** Where "NTLMSSP\0" starts inside a larger token (SPNEGO wraps NTLM), or -1. */
export function findNtlm(b: Uint8Array, limit = 4_096): number {
  const end = Math.min(b.length, limit);
  for (let i = 0; i + SIGNATURE.length <= end; i++) if (isNtlm(b, i)) return i;
  return -1;
}
