/**
 * Secrets are never shown whole unless the user asks: a credential is shown as its first 4
 * characters and its length, enough to tell two tokens apart (`eyJh… (812 chars)`) and too
 * little to guess the rest. Short values show nothing but their length: 4 characters of a
 * 12-character secret would be a third of it.
 */
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
