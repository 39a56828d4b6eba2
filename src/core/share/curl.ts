/**
 * Copy as cURL: a POSIX shell command that repeats the request. Every value from the network is
 * single-quoted (POSIX.1-2017 XCU §2.2.2: nothing inside single quotes is special), with each
 * embedded quote written as '\'' — so no header value, however hostile, can run a command.
 */
import type { Exchange } from "../exchange.ts";
import { isPseudoHeader } from "../headers.ts";
import { shareable } from "./redact-exchange.ts";
import type { ShareOptions } from "./rules.ts";

/** Headers curl writes itself from the URL and the connection; copying them would be wrong or doubled. */
const SET_BY_CURL: ReadonlySet<string> = new Set(["host", "content-length", "connection"]);

/** One shell word holding exactly `s`. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}

/** Plain letters need no quotes; anything else is quoted. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_-]+$/.test(s) ? s : shellQuote(s);
}

/** `Name: value`, or `Name;` for an empty value: curl drops a header given as `Name:` with nothing after it. */
function headerArgument(name: string, value: string): string {
  return value === "" ? `${name};` : `${name}: ${value}`;
}

/** A cURL command line for the request (redacted unless `includeSecrets`). The request body is not captured, so none is sent. */
export function toCurl(x: Exchange, opts: ShareOptions): string {
  const { exchange } = shareable(x, opts.includeSecrets);
  const { url, method, headers } = exchange.request;
  // A quoted word starting with "-" would still be read by curl as an option: give such a URL with --url.
  const args = [/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url) ? shellQuote(url) : `--url ${shellQuote(url)}`];
  // -X HEAD makes curl wait for a body that never comes; --head is curl's way to send HEAD.
  if (method === "HEAD") args.push("--head");
  else if (method !== "GET") args.push(`-X ${shellWord(method)}`);
  for (const h of headers) {
    if (isPseudoHeader(h) || SET_BY_CURL.has(h.name.toLowerCase())) continue;
    args.push(`-H ${shellQuote(headerArgument(h.name, h.value))}`);
  }
  // curl reads [] and {} in a URL as ranges and sets (its "globbing"); "[REDACTED]" is neither.
  if (/[[\]{}]/.test(url)) args.push("--globoff");
  return `curl ${args.join(" \\\n  ")}`;
}
