/**
 * Basic credentials (RFC 7617 §2): base64 of `user-id ":" password`. The user-id cannot contain
 * a colon, so the split is at the first one. The charset is UTF-8 only when the server asked for
 * it (`charset="UTF-8"`, §2.1); otherwise it is unspecified, and ISO-8859-1 is what servers
 * historically assume, so bytes that are not valid UTF-8 are read as ISO-8859-1. Shared by the
 * token reading (tokens/basic.ts), the masking of secrets (text/mask.ts) and the token request
 * (oauth/token-request.ts).
 */
import { type Charset, base64ToBytes, textOf } from "./base64.ts";

export interface BasicParts {
  readonly user: string;
  readonly password: string;
  readonly charset: Charset;
}

/** Splits Basic credentials into user-id and password; undecodable credentials say why. */
export function splitBasic(credentials: string): { ok: true; parts: BasicParts } | { ok: false; reason: string } {
  const bytes = base64ToBytes(credentials.trim());
  if (!bytes.ok) return { ok: false, reason: `the Basic credentials are not base64: ${bytes.reason} (RFC 7617 §2)` };
  const { text, charset } = textOf(bytes.value);
  const colon = text.indexOf(":");
  if (colon === -1) return { ok: false, reason: "the decoded Basic credentials have no \":\" between user-id and password (RFC 7617 §2)" };
  return { ok: true, parts: { user: text.slice(0, colon), password: text.slice(colon + 1), charset } };
}
