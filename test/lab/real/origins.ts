/** Origins as the real stacks write them. */

export function originOf(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** The page's origin as people write it in config: `localhost` where the page runs on 127.0.0.1. */
export function localhostVariant(origin: string): string {
  const url = new URL(origin);
  url.hostname = url.hostname === "localhost" ? "127.0.0.1" : "localhost";
  return url.origin;
}
