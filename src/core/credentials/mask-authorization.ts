/**
 * Authorization credentials masked by their scheme: Basic shows the user and the password's
 * length (its base64 would give the password's last characters away), everything else its first
 * 6 and last 4 characters.
 */
import { maskBasic } from "../tokens/basic.ts";
import type { AuthorizationValue } from "./authorization.ts";
import { maskSecret } from "./mask.ts";

export function maskAuthorization(auth: AuthorizationValue): string {
  const masked = auth.scheme.toLowerCase() === "basic" ? maskBasic(auth.credentials) : maskSecret(auth.credentials);
  return auth.scheme ? `${auth.scheme} ${masked}` : masked;
}
