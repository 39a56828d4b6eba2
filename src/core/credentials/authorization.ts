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

/**
 * Registered schemes are short words (Basic, Bearer, DPoP, Negotiate…). A lone value that is long
 * or dotted is a token sent without its scheme: it goes in `credentials`, so it is masked like any
 * other secret, and `scheme` stays empty.
 */
function looksLikeBareToken(word: string): boolean {
  return word.length > 24 || word.includes(".") || /^eyJ/.test(word);
}

export function parseAuthorization(raw: string): AuthorizationValue {
  const m = /^[ \t]*([^ \t]*)[ \t]*([\s\S]*)$/.exec(raw);
  const scheme = m?.[1] ?? "";
  const credentials = m?.[2] ?? "";
  if (credentials === "" && looksLikeBareToken(scheme)) return { scheme: "", credentials: scheme, raw };
  return { scheme, credentials, raw };
}
