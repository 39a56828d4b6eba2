/**
 * Secrets are never shown whole unless the user asks: a credential is shown as its first 6
 * and last 4 characters with its length, enough to tell two tokens apart.
 */
export function maskSecret(secret: string): string {
  if (secret.length <= 12) return `${"•".repeat(Math.min(secret.length, 8))} (${secret.length} chars)`;
  return `${secret.slice(0, 6)}…${secret.slice(-4)} (${secret.length} chars)`;
}
