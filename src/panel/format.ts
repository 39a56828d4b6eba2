/** Presentation helpers: how values look, never what they mean (that is core's job). */

/**
 * "/api/orders?id=3" plus the host, for a narrow Name column. Read from the text as given (a URL
 * parser would percent-encode the masks core put in it: `SECR%E2%80%A6`).
 */
export function shortUrl(url: string): { name: string; host: string } {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/.exec(url);
  if (!m) return { name: url, host: "" };
  const authority = m[1] ?? "";
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  const pathname = m[2] || "/";
  const last = pathname.split("/").filter(Boolean).pop() ?? "";
  return { name: `${last ? `/${last}` : "/"}${m[3] ?? ""}`, host: `${host}${pathname}` };
}

/** "RFC 9110 §15.5.2", "MDN: WWW-Authenticate", "Fetch: #http-cors-protocol" for a docs URL. */
export function docsLabel(url: string): string {
  try {
    const u = new URL(url);
    const rfc = /\/rfc\/rfc(\d+)/.exec(u.pathname);
    if (rfc) {
      const section = /^#section-([\d.]+)/.exec(u.hash);
      return `RFC ${rfc[1]}${section ? ` §${section[1]}` : ""}`;
    }
    if (u.hostname === "developer.mozilla.org") return `MDN: ${u.pathname.split("/").filter(Boolean).pop() ?? "HTTP"}`;
    if (u.hostname === "fetch.spec.whatwg.org") return `Fetch standard${u.hash ? ` ${u.hash}` : ""}`;
    return u.hostname + u.pathname;
  } catch {
    return url;
  }
}

export const STATUS_TEXT: Record<number, string> = {
  0: "(failed)",
  401: "Unauthorized",
  403: "Forbidden",
  407: "Proxy Auth Required",
};

/** "87 ms", "1.24 s", "2.0 min", as the Network panel's Time column writes durations. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}
