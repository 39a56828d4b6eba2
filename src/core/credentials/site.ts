/**
 * Sites and loopback hosts. A site is scheme + registrable domain (HTML "schemelessly same
 * site" + scheme, as "schemeful same-site" cookies use it since Chromium 89).
 *
 * The registrable domain normally comes from the Public Suffix List. Core ships no copy of it:
 * this is a heuristic — the last two labels, or three when the last two are a common multi-part
 * public suffix from the small table below. It errs on rare suffixes (a host under an unlisted
 * multi-part suffix looks same-site with its neighbours) and says so where it matters.
 */

/** Common multi-label public suffixes (ICANN second-level registries and popular hosting suffixes). */
const MULTI_PART_SUFFIXES: ReadonlySet<string> = new Set([
  "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk",
  "com.au", "net.au", "org.au", "edu.au", "gov.au",
  "co.nz", "org.nz", "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp",
  "co.kr", "or.kr", "com.br", "net.br", "org.br", "com.cn", "net.cn", "org.cn",
  "com.mx", "com.ar", "com.tr", "com.tw", "com.hk", "com.sg", "com.my", "co.in", "net.in", "org.in",
  "co.za", "co.il", "com.ua", "com.pl", "co.id", "com.vn", "com.ph",
  // Hosting suffixes where every customer gets a subdomain (each is its own site).
  "github.io", "gitlab.io", "herokuapp.com", "vercel.app", "netlify.app", "pages.dev", "workers.dev",
  "web.app", "firebaseapp.com", "appspot.com", "azurewebsites.net", "cloudfront.net", "amazonaws.com",
  "onrender.com", "fly.dev", "ngrok.io", "ngrok-free.app", "blogspot.com", "glitch.me", "repl.co",
]);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function isIp(host: string): boolean {
  return IPV4.test(host) || host.includes(":") || host.startsWith("[");
}

/** The registrable domain (eTLD+1) of a host, by the heuristic above; IPs and single labels are their own. */
export function registrableDomain(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, "");
  if (isIp(h)) return h;
  const labels = h.split(".");
  if (labels.length <= 2) return h;
  const lastTwo = labels.slice(-2).join(".");
  return MULTI_PART_SUFFIXES.has(lastTwo) ? labels.slice(-3).join(".") : lastTwo;
}

export interface Site {
  readonly scheme: string;
  readonly domain: string;
}

/** The site of a URL, or undefined when it does not parse or has no host. */
export function siteOf(url: string): Site | undefined {
  try {
    const u = new URL(url);
    if (u.hostname === "") return undefined;
    return { scheme: u.protocol.replace(/:$/, "").replace(/^ws(s?)$/, "http$1"), domain: registrableDomain(u.hostname) };
  } catch {
    return undefined;
  }
}

export function sameSite(a: Site, b: Site): boolean {
  return a.scheme === b.scheme && a.domain === b.domain;
}

/**
 * Loopback hosts, where plain http is not "over the network": 127.0.0.0/8 and ::1 (RFC 6890
 * §2.2.2/§2.2.3), "localhost" and "*.localhost" (RFC 6761 §6.3; browsers resolve them to
 * loopback themselves).
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  return /^127(\.\d{1,3}){3}$/.test(h);
}
