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
  return word.length > 24 || word.includes(".") || word.startsWith("eyJ");
}

const isTabOrSpace = (c: string | undefined) => c === " " || c === "\t";

/**
 * `[ \t]* scheme [ \t]* credentials`, read by hand: a pattern matching the rest of the value
 * would run over a whole token, for every request of a capture.
 */
export function parseAuthorization(raw: string): AuthorizationValue {
  let i = 0;
  while (isTabOrSpace(raw[i])) i++;
  const start = i;
  while (i < raw.length && !isTabOrSpace(raw[i])) i++;
  const scheme = raw.slice(start, i);
  while (isTabOrSpace(raw[i])) i++;
  const credentials = raw.slice(i);
  if (credentials === "" && looksLikeBareToken(scheme)) return { scheme: "", credentials: scheme, raw };
  return { scheme, credentials, raw };
}
