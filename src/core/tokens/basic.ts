/**
 * Basic credentials (RFC 7617 §2): base64 of `user-id ":" password`. The user-id cannot contain
 * a colon, so the split is at the first one. The charset is UTF-8 only when the server asked for
 * it (`charset="UTF-8"`, §2.1); otherwise it is unspecified, and ISO-8859-1 is what servers
 * historically assume, so bytes that are not valid UTF-8 are read as ISO-8859-1.
 *
 * The password is decoded only to be measured: it never leaves this module.
 */
import { maskPassword } from "../credentials/mask.ts";
import { type Charset, base64ToBytes, textOf } from "../base64.ts";
import { type TokenReading, malformed } from "./reading.ts";
import type { TokenProblem } from "./types.ts";

export interface BasicParts {
  readonly user: string;
  readonly password: string;
  readonly charset: Charset;
}

/** Splits Basic credentials; exported for tests only (the vectors check the password). */
export function splitBasic(credentials: string): { ok: true; parts: BasicParts } | { ok: false; reason: string } {
  const bytes = base64ToBytes(credentials.trim());
  if (!bytes.ok) return { ok: false, reason: `the Basic credentials are not base64: ${bytes.reason} (RFC 7617 §2)` };
  const { text, charset } = textOf(bytes.value);
  const colon = text.indexOf(":");
  if (colon === -1) return { ok: false, reason: "the decoded Basic credentials have no \":\" between user-id and password (RFC 7617 §2)" };
  return { ok: true, parts: { user: text.slice(0, colon), password: text.slice(colon + 1), charset } };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 7617 §2 forbids control characters, so they are looked for.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function readBasic(credentials: string): TokenReading {
  const split = splitBasic(credentials);
  if (!split.ok) return malformed(split.reason);
  const { user, password, charset } = split.parts;
  const problems: TokenProblem[] = [
    {
      code: "token.basic",
      severity: "info",
      message: `Basic credentials for user ${JSON.stringify(user)}; the password (${password.length} character${password.length === 1 ? "" : "s"}) is not shown`,
    },
  ];
  if (charset === "ISO-8859-1") {
    problems.push({
      code: "token.basic",
      severity: "info",
      message: "the credentials are not valid UTF-8 and were read as ISO-8859-1; a server that advertised charset=\"UTF-8\" (RFC 7617 §2.1) will read other characters",
    });
  }
  if (user === "") problems.push({ code: "token.basic", severity: "warning", message: "the user-id is empty" });
  if (CONTROL.test(user) || CONTROL.test(password)) {
    problems.push({ code: "token.basic", severity: "warning", message: "the user-id or password contains control characters, which RFC 7617 §2 forbids" });
  }
  return {
    kind: "basic",
    user,
    claims: [
      { name: "user-id", value: user, meaning: "who is signing in (RFC 7617 §2)" },
      { name: "password", value: maskPassword(password), meaning: "never shown; only its length" },
      { name: "charset", value: charset, meaning: "how the bytes were read (RFC 7617 §2.1)" },
    ],
    problems,
  };
}

/** The masked form of Basic credentials: the user and the password's length, nothing of the password. */
export function maskBasic(credentials: string): string {
  const split = splitBasic(credentials);
  return split.ok ? `${split.parts.user}:${maskPassword(split.parts.password)}` : maskPassword(credentials);
}
