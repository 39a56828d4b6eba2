/**
 * IP address spaces of the Local Network Access draft (WICG, successor of Private Network
 * Access): a request from a `public` page to a `local` or `loopback` address needs the user's
 * permission in Chromium (LocalNetworkAccessPermissionDenied) and a secure page
 * (InsecureLocalNetwork). Decided from the URL's host only: literal IPs by range, `localhost`
 * and `*.localhost` as loopback (RFC 6761 §6.3), `*.local` as local (mDNS, RFC 6762). A capture
 * does not say which address a domain name resolved to, so every other name counts as public.
 */
import { lowerCased } from "../headers.ts";

export type AddressSpace = "public" | "local" | "loopback";

type Range = readonly [first: number, prefixBits: number, space: AddressSpace];

const ip4 = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

/** IPv4 ranges (LNA "IP address space" table; 0.0.0.0/8 reaches the host itself on Linux and macOS). */
const IPV4_RANGES: readonly Range[] = [
  [ip4(127, 0, 0, 0), 8, "loopback"],
  [ip4(0, 0, 0, 0), 8, "loopback"],
  [ip4(10, 0, 0, 0), 8, "local"],
  [ip4(100, 64, 0, 0), 10, "local"],
  [ip4(172, 16, 0, 0), 12, "local"],
  [ip4(192, 168, 0, 0), 16, "local"],
  [ip4(198, 18, 0, 0), 15, "local"],
  [ip4(169, 254, 0, 0), 16, "local"],
];

function ipv4Space(host: string): AddressSpace | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  const addr = ip4(parts[0]!, parts[1]!, parts[2]!, parts[3]!);
  for (const [first, bits, space] of IPV4_RANGES) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((addr & mask) >>> 0 === first) return space;
  }
  return "public";
}

/** IPv6 (as the URL parser writes it: lower case, compressed, in brackets). */
function ipv6Space(host: string): AddressSpace | undefined {
  if (!host.startsWith("[") || !host.endsWith("]")) return undefined;
  const a = host.slice(1, -1).toLowerCase();
  if (a === "::1") return "loopback";
  if (a === "::") return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d, written by the URL parser as ::ffff:xxxx:xxxx): the IPv4 space.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (mapped) {
    const hi = Number.parseInt(mapped[1]!, 16);
    const lo = Number.parseInt(mapped[2]!, 16);
    return ipv4Space(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  const first = Number.parseInt(a.split(":")[0] || "0", 16);
  if ((first & 0xfe00) === 0xfc00) return "local"; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return "local"; // fe80::/10 link-local
  return "public";
}

/** The address space of a URL's host (`URL.hostname`, already canonical), never throwing. */
export function hostAddressSpace(hostname: string): AddressSpace {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  const ip = ipv4Space(host) ?? ipv6Space(host);
  if (ip) return ip;
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  if (host.endsWith(".local")) return "local";
  return "public";
}

export function urlAddressSpace(url: string): AddressSpace | undefined {
  try {
    return hostAddressSpace(new URL(url).hostname);
  } catch {
    return undefined;
  }
}

/**
 * A cheap look at a URL before parsing it: could its host be local at all (a literal IP, a
 * `localhost` or `.local` name)? Most requests go to named public hosts, and this runs on every
 * request of a capture, so it scans the authority by hand.
 */
export function mayBeLocalUrl(url: string): boolean {
  const sep = url.indexOf("://");
  if (sep === -1) return false;
  let start = sep + 3;
  let end = start;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 0x2f || c === 0x3f || c === 0x23) break; // / ? #
    if (c === 0x40) start = end + 1; // userinfo@
    end++;
  }
  const first = url.charCodeAt(start);
  if (first === 0x5b || (first >= 0x30 && first <= 0x39)) return true; // [ or a digit
  const authority = lowerCased(url.slice(start, end));
  return authority.includes("localhost") || /\.local(?::|\.?$)/.test(authority);
}
