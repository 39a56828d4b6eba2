/**
 * Was this capture stripped of credentials? Chromium's default "Export HAR (sanitized)" drops
 * Authorization, Cookie and Set-Cookie and empties the cookie lists without leaving a mark;
 * other tools replace values with "[REDACTED]" and the like. Either way a missing Cookie header
 * proves nothing, so credential verdicts are withheld (FINDINGS.md `har.sanitized`).
 */
import { credentialProof } from "./credentials/proven-sent.ts";
import type { Exchange } from "./exchange.ts";
import { fieldNames, headerValueLists, headerValues } from "./headers.ts";
import { isPreflight } from "./preflight.ts";
import { requestRef } from "./text/describe.ts";

const CREDENTIAL_REQUEST_HEADERS = fieldNames(["authorization", "cookie", "proxy-authorization"]);
/** "[REDACTED]", "<sanitized>", "***", and "[Authorization redacted]" (Cloudflare's har-sanitizer). */
const REDACTION_WORD = "(redacted|sanitized|removed|filtered|hidden|masked|omitted|scrubbed)";
const REDACTED_VALUE = new RegExp(
  // the bare word, optionally bracketed; a bracketed phrase around it; or a run of * or x
  `^[[<({]?\\s*${REDACTION_WORD}\\s*[\\]>)}]?$|^[[<({][\\w\\s-]{0,40}\\b${REDACTION_WORD}\\b[\\w\\s]{0,20}[\\]>)}]$|^\\*{3,}$|^x{3,}$`,
  "i",
);

const MAX_MARK_LENGTH = 80;

/** Chromium's DevTools name themselves "WebInspector" in `log.creator`. */
const CHROMIUM_CREATORS = new Set(["webinspector"]);

/** Authorization, Cookie and Proxy-Authorization values, then Set-Cookie, then HAR `request.cookies`. */
function credentialValues(x: Exchange): string[] {
  // Plain loops: this runs over every exchange of a capture, most of which carry one or two values.
  const values: string[] = [];
  const fields = headerValueLists(x.request.headers, CREDENTIAL_REQUEST_HEADERS);
  for (let i = 0; i < fields.length; i++) {
    const lines = fields[i];
    if (lines) for (let j = 0; j < lines.length; j++) values.push(lines[j]!);
  }
  if (x.response) for (const v of headerValues(x.response.headers, "set-cookie")) values.push(v);
  for (const c of x.request.cookies) values.push(c.value);
  return values;
}

/**
 * AuthLens's own redacted exports keep the scheme of every Authorization header and the name of
 * every cookie, replacing only the secret values: which credentials went out is still known, so
 * such a file is not "stripped".
 */
const REDACTING_BUT_FAITHFUL_CREATORS = new Set(["authlens"]);

/** Does a credential value (at most MAX_MARK_LENGTH long) read as a redaction mark? */
function isMark(v: string): boolean {
  const bare = v.replace(/^\s*[A-Za-z][\w-]*\s+/, "").trim(); // "Bearer [REDACTED]" → "[REDACTED]"
  return REDACTED_VALUE.test(v.trim()) || REDACTED_VALUE.test(bare);
}

/** strippedCredentialsReason, fed one exchange at a time (by the import, while each is fresh in memory). */
export interface CredentialMarkReader {
  see(x: Exchange): void;
  /** The verdict on the exchanges seen, as strippedCredentialsReason gives it. */
  reason(creator: string | undefined): string | undefined;
  /**
   * The verdict so far, for a reader that shows exchanges before the last is seen: reason()'s,
   * except that the content-based proof (which names a count and a request) waits for the end.
   */
  provisional(creator: string | undefined): string | undefined;
}

export function credentialMarkReader(): CredentialMarkReader {
  let seen = 0;
  let any = 0;
  let mark: string | undefined;
  /** The first exchange that proves a credential was sent although none shows. */
  let proof: { readonly request: string; readonly how: string } | undefined;
  function faithful(creator: string | undefined): boolean {
    return creator !== undefined && REDACTING_BUT_FAITHFUL_CREATORS.has(creator.toLowerCase());
  }
  function provisional(creator: string | undefined): string | undefined {
    if (faithful(creator)) return undefined;
    if (mark !== undefined) return mark;
    // No count in the words: they hold from the first request to the last.
    if (any === 0 && seen > 0 && creator !== undefined && CHROMIUM_CREATORS.has(creator.toLowerCase())) {
      return `none of the requests in this Chromium HAR carries an Authorization, Cookie or Set-Cookie header, which is what Chromium's default "Export HAR (sanitized)" produces`;
    }
    return undefined;
  }
  return {
    see(x) {
      seen++;
      if (mark !== undefined) return;
      const values = credentialValues(x);
      if (proof === undefined && values.length === 0) {
        // A refused request may say what the server read; a preflight announces the page's headers.
        const preflight = isPreflight(x);
        const how = preflight || (x.response?.status ?? 0) >= 400 ? credentialProof(x, preflight ? x : undefined) : undefined;
        if (how !== undefined) proof = { request: requestRef(x), how };
      }
      for (const v of values) {
        any++;
        // Redaction marks are short; a real token is not worth running the patterns over.
        if (v.length > MAX_MARK_LENGTH) continue;
        if (isMark(v)) {
          mark = `credential values in this HAR are replaced by "${v.trim().slice(0, 40)}"`;
          return;
        }
      }
    },
    reason(creator) {
      const settled = provisional(creator);
      if (settled !== undefined || faithful(creator)) return settled;
      // Judged by content, whatever tool wrote the file: no credential anywhere, yet one was sent.
      if (any === 0 && proof !== undefined) {
        return `none of the ${seen} requests in this capture carries an Authorization, Cookie or Set-Cookie header, yet credentials were sent: on ${proof.request}, ${proof.how}`;
      }
      return undefined;
    },
    provisional,
  };
}

/** Why this HAR file looks stripped of credentials, or undefined when credentials are visible. */
export function strippedCredentialsReason(exchanges: readonly Exchange[], creator: string | undefined): string | undefined {
  if (creator !== undefined && REDACTING_BUT_FAITHFUL_CREATORS.has(creator.toLowerCase())) return undefined;
  const reader = credentialMarkReader();
  // Indexed: once per analysis over every exchange, mostly before V8 optimises it.
  for (let i = 0; i < exchanges.length; i++) reader.see(exchanges[i]!);
  return reader.reason(creator);
}
