/**
 * Which API a request belongs to, for comparing the tokens it accepted and refused: its origin
 * plus the first segment of a path that has more (`https://api.example.com/v1/orders` →
 * `https://api.example.com/v1`), as one service behind one gateway route usually is. Coarser
 * would mix APIs that share a host; finer would miss evidence from the same API's other routes.
 */
export function apiOf(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.origin === "null") return undefined;
  const segments = u.pathname.split("/").filter((s) => s !== "");
  return segments.length >= 2 ? `${u.origin}/${segments[0]}` : u.origin;
}
