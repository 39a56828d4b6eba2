/**
 * Secrets are never shown whole unless the user asks: a credential is shown as its first 4
 * characters and its length, enough to tell two tokens apart (`eyJh… (812 chars)`) and too
 * little to guess the rest. Short values show nothing but their length: 4 characters of a
 * 12-character secret would be a third of it. Basic credentials show their user and only the
 * password's length. The one place that masks secrets, for finding texts, token readings and the
 * share policy (share/rules.ts).
 */
import { splitBasic } from "../basic-credentials.ts";

const MAX_REVEALED = 4;
const SHOWN_FROM = 13;

export function maskSecret(secret: string): string {
  if (secret.length < SHOWN_FROM) return `${"•".repeat(Math.min(secret.length, 8))} (${secret.length} chars)`;
  return `${secret.slice(0, MAX_REVEALED)}… (${secret.length} chars)`;
}

/**
 * A password shows nothing but its length: unlike a token, a few characters of a password
 * narrow a guess, and there is no second password to tell it apart from.
 */
export function maskPassword(password: string): string {
  return `${"•".repeat(Math.min(password.length, 8))} (${password.length} chars)`;
}

/** The masked form of Basic credentials: the user and the password's length, nothing of the password. */
export function maskBasic(credentials: string): string {
  const split = splitBasic(credentials);
  return split.ok ? `${split.parts.user}:${maskPassword(split.parts.password)}` : maskPassword(credentials);
}

/**
 * Authorization credentials masked by their scheme: Basic shows the user and the password's
 * length (its base64 would give the password's last characters away), everything else its first
 * characters and its length (maskSecret).
 */
export function maskAuthorization(auth: { readonly scheme: string; readonly credentials: string }): string {
  const masked = auth.scheme.toLowerCase() === "basic" ? maskBasic(auth.credentials) : maskSecret(auth.credentials);
  return auth.scheme ? `${auth.scheme} ${masked}` : masked;
}
