/**
 * Basic credentials (RFC 7617 §2) as a token reading: the user-id shown, the password measured.
 * The split itself is basic-credentials.ts.
 *
 * The password is decoded only to be measured: it never leaves this module.
 */
import { splitBasic } from "../basic-credentials.ts";
import { maskPassword } from "../text/mask.ts";
import { type TokenReading, malformed } from "./reading.ts";
import type { TokenProblem } from "./types.ts";

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
