/**
 * Challenges back to field-value text (RFC 9110 §11.3), in the form every parser reads the
 * same way: a space after the scheme, parameters separated by ", ", and every value quoted
 * (RFC 9110 §11.5 requires it for realm, and a quoted-string holds any value a token does).
 * Parsing the result gives the same challenges again.
 */
import type { Challenge } from "./types.ts";

/** quoted-string (RFC 9110 §5.6.4): `"` and `\` escaped with a backslash. */
export function quoteValue(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

export function serializeChallenge(c: Challenge): string {
  const params = Object.entries(c.params).map(([name, value]) => `${name}=${quoteValue(value)}`);
  const parts = [...(c.token68 !== undefined ? [c.token68] : []), ...params];
  return parts.length === 0 ? c.scheme : `${c.scheme} ${parts.join(", ")}`;
}

/** Several challenges as one field value. */
export function serializeChallenges(challenges: readonly Challenge[]): string {
  return challenges.map(serializeChallenge).join(", ");
}
