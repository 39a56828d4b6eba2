/**
 * Secrets are never shown whole unless the user asks: a credential is shown as its first 6
 * and last 4 characters with its length, enough to tell two tokens apart.
 */
export function maskSecret(secret: string): string {
  if (secret.length <= 12) return `${"•".repeat(Math.min(secret.length, 8))} (${secret.length} chars)`;
  return `${secret.slice(0, 6)}…${secret.slice(-4)} (${secret.length} chars)`;
}

/**
 * A password shows nothing but its length: unlike a token, a few characters of a password
 * narrow a guess, and there is no second password to tell it apart from.
 */
export function maskPassword(password: string): string {
  return `${"•".repeat(Math.min(password.length, 8))} (${password.length} chars)`;
}
