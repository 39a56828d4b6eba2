/**
 * An origin option for a real server's config: an http(s) origin exactly as URL serializes it
 * (RFC 6454 §6.1), so nothing else (a path, a quote, a `;`) can reach an nginx config or a CORS
 * allow-list.
 */
export function checkedOrigin(name: string, value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== value) {
    throw new Error(`${name} must be an http(s) origin such as http://127.0.0.1:8080, not ${JSON.stringify(value)}`);
  }
  return value;
}
