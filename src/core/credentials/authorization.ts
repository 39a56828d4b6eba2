/**
 * The Authorization request header (RFC 9110 §11.6.2): `credentials = auth-scheme [ 1*SP
 * ( token68 / #auth-param ) ]`. Split on the first run of spaces; the rest is the credentials.
 */
export interface AuthorizationValue {
  /** As sent, e.g. "Bearer"; compare case-insensitively (RFC 9110 §11.1). */
  readonly scheme: string;
  /** Everything after the scheme and its separating spaces, unmodified. */
  readonly credentials: string;
  readonly raw: string;
}

export function parseAuthorization(raw: string): AuthorizationValue {
  const m = /^[ \t]*([^ \t]*)[ \t]*([\s\S]*)$/.exec(raw);
  return { scheme: m?.[1] ?? "", credentials: m?.[2] ?? "", raw };
}
