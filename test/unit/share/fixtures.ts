/**
 * Test-side helpers for the share tests: JWTs built from JSON (so expectations can name their
 * parts), and a tiny POSIX shell tokenizer that reads a command the way sh would, refusing any
 * character that would mean something to the shell outside quotes.
 */
import fc from "fast-check";
import type { Exchange } from "../../../src/core/exchange.ts";
import { T0 } from "../helpers.ts";

export function b64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

export interface Jwt {
  readonly token: string;
  readonly header: string;
  readonly payload: string;
  readonly signature: string;
}

/** A JWS with the given claims; the signature is random-looking base64url, never checked. */
export function jwt(claims: Record<string, unknown>, signature = "c2lnbmF0dXJlLWJ5dGVzLXRoYXQtbXVzdC1uZXZlci1sZWFr"): Jwt {
  const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "test-key" }));
  const payload = b64url(JSON.stringify(claims));
  return { token: `${header}.${payload}.${signature}`, header, payload, signature };
}

/** Seconds since the epoch, `offset` seconds away from the capture's clock T0. */
export function at(offsetSeconds: number): number {
  return Math.floor(T0 / 1000) + offsetSeconds;
}

export const EXPIRED = jwt({ iss: "https://id.example.com", sub: "user-42", aud: "api", exp: at(-900), iat: at(-4500) });
export const VALID = jwt({ iss: "https://id.example.com", sub: "user-42", aud: "api", exp: at(3600), iat: at(-60), scope: "read" });

/** Decodes the claims of a (possibly redacted) JWS, as any JWT reader would. */
export function claimsOf(token: string): unknown {
  const payload = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
}

/** An exchange built directly, for tests that need values no HAR importer would produce. */
export function exchange(parts: {
  id?: string;
  method?: string;
  url?: string;
  requestHeaders?: readonly (readonly [string, string])[];
  cookies?: readonly { name: string; value: string }[];
  status?: number;
  statusText?: string;
  responseHeaders?: readonly (readonly [string, string])[];
  body?: { text: string; mimeType: string };
  error?: string;
  resourceType?: string;
  pageUrl?: string;
  observedAt?: number;
  durationMs?: number;
}): Exchange {
  const status = parts.status ?? 200;
  return {
    id: parts.id ?? "e1",
    observedAt: parts.observedAt ?? T0,
    request: {
      method: parts.method ?? "GET",
      url: parts.url ?? "https://api.example.com/v1/orders",
      headers: (parts.requestHeaders ?? []).map(([name, value]) => ({ name, value })),
      cookies: parts.cookies ?? [],
    },
    ...(status > 0
      ? {
          response: {
            status,
            statusText: parts.statusText ?? "",
            headers: (parts.responseHeaders ?? []).map(([name, value]) => ({ name, value })),
            ...(parts.body ? { body: parts.body } : {}),
          },
        }
      : {}),
    ...(parts.error !== undefined ? { error: parts.error } : {}),
    ...(parts.resourceType !== undefined ? { resourceType: parts.resourceType } : {}),
    ...(parts.pageUrl !== undefined ? { pageUrl: parts.pageUrl } : {}),
    ...(parts.durationMs !== undefined ? { durationMs: parts.durationMs } : {}),
    sources: ["har-file"],
  };
}

/** Characters a POSIX shell reads as plain text outside quotes, in the commands under test. */
const PLAIN = /^[A-Za-z0-9_-]$/;

/**
 * Splits a command into words as sh does for the subset a copied cURL command may use: single
 * quotes (everything literal up to the next '), a backslash quoting the next character, a
 * backslash-newline joining lines, and blanks between words. Anything else outside quotes (a
 * newline, `$`, a backtick, `;`, `|`, `&`, `(`, `<`, `"`, `*`…) would be interpreted by the shell,
 * so it is refused: the command under test must never contain one.
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < command.length) {
    const c = command[i]!;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unterminated single quote at ${i}`);
      word += command.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === "\\") {
      const next = command[i + 1];
      if (next === undefined) throw new Error("trailing backslash");
      if (next !== "\n") {
        word += next;
        inWord = true;
      }
      i += 2;
    } else if (c === " " || c === "\t") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
    } else if (PLAIN.test(c)) {
      word += c;
      inWord = true;
      i++;
    } else {
      throw new Error(`unquoted ${JSON.stringify(c)} at ${i}: the shell would interpret it`);
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Characters that mean something to a shell, JavaScript, Markdown, HTML or a header parser. */
const SPECIALS = ["'", '"', "`", "\\", "$", "(", ")", ";", "|", "&", "<", ">", "[", "]", "*", "_", "#", "!", "\n", "\r", "\t", "\u0000", "\u2028", "\u2029", "\u0085", " ", "=", ":", ",", ".", "%", "~", "{", "}"];

/**
 * Strings rich in special characters, with some of any Unicode: most inputs that break quoting
 * are made of these. (Cheaper to generate than fully random Unicode, so more runs fit.)
 */
export function hostileString(maxLength: number): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { arbitrary: fc.constantFrom(...SPECIALS), weight: 4 },
    { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), weight: 4 },
    // Any code point, lone surrogates included.
    { arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), weight: 1 },
  );
  return fc.string({ unit, maxLength });
}
