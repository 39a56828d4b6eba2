/**
 * Redaction of single values: Authorization credentials, cookie pairs, URLs, form and JSON
 * bodies. Each function returns the redacted value and tells `note` what it removed (in words)
 * and the removed text itself (so other texts can be scrubbed of it). Values that are not secret
 * come back unchanged, character for character.
 */
import { parseAuthorization } from "../credentials/authorization.ts";
import { type JoseRedaction, redactJose, redactJoseInText } from "./jose.ts";
import { type Mask, REDACTED, SHARE_MASK, isHarmlessPlaceholder, isSecretParam, looksLikeRandomSecret, shortName } from "./rules.ts";

/** Hears what was removed: a description and the removed text. */
export type Note = (what: string, secret: string) => void;

function chars(n: number): string {
  return `${n} char${n === 1 ? "" : "s"}`;
}

function joseWhat(r: JoseRedaction, of: string): string {
  return r.kind === "jws"
    ? `signature of the JWT in ${of} (${chars(r.removedChars)}); header and claims kept`
    : `encrypted parts of the JWE in ${of} (${chars(r.removedChars)}); header kept`;
}

/** Every JWT inside `text` loses its signature (shared) or is masked whole (screen). */
export function scanJose(text: string, of: string, note: Note, mask: Mask = SHARE_MASK): string {
  return redactJoseInText(text, (r, token) => {
    note(joseWhat(r, of), r.removed);
    return mask.jose(token, r.value);
  });
}

/**
 * `name=value` pairs inside free text whose name is a secret parameter: a form body pasted
 * into a JSON string (`"note": "password=…&client_secret=…"`), a query quoted in an error
 * message, a custom header holding `token=…`.
 */
const PAIR_IN_TEXT = /(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]{0,63})=([^&\s"'`#<>,;)]+)/g;

/** What a screen mask leaves of a value: at most 4 characters, then "…" (or only bullets). */
const MASKED = /^(.{0,4}…|•+)$/u;

export function redactSecretPairs(text: string, of: string, note: Note, mask: Mask = SHARE_MASK): string {
  if (!text.includes("=")) return text;
  return text.replace(PAIR_IN_TEXT, (whole: string, name: string, raw: string) => {
    if (!isSecretParam(name)) return whole;
    const value = decodeComponent(raw);
    // Placeholders and values masked already stay; a value cut short ("SECRETMARKab…") is still a secret.
    if (isHarmlessPlaceholder(value) || raw === REDACTED || raw === mask.whole(raw) || MASKED.test(raw)) return whole;
    const masked = maskSecretParam(value, raw, `${of} parameter ${shortName(name)}`, note, mask);
    return masked === undefined ? whole : `${name}=${masked}`;
  });
}

/**
 * The value of a parameter named as a secret, masked and noted: a JWT loses its signature (or is
 * masked whole on screen), anything else is masked whole. Undefined when nothing is secret in
 * it (a JWT with nothing to remove). `raw` is the value as written, `value` decoded.
 */
function maskSecretParam(value: string, raw: string, where: string, note: Note, mask: Mask): string | undefined {
  const jose = redactJose(value);
  if (jose) {
    if (jose.removedChars === 0) return undefined;
    note(joseWhat(jose, where), jose.removed);
    return mask.jose(value, jose.value);
  }
  note(`value of ${where} (${chars(value.length)})`, raw);
  if (raw !== value) note(`value of ${where}, decoded`, value);
  return mask.whole(value);
}

/** Free text: secret pairs, then JWTs anywhere. */
export function scanText(text: string, of: string, note: Note, mask: Mask = SHARE_MASK): string {
  return scanJose(redactSecretPairs(text, of, note, mask), of, note, mask);
}

/**
 * A value that is a credential as a whole: a JWT keeps header and claims, a placeholder stays
 * (it is no secret, and often the bug being reported), anything else is replaced. Surrounding
 * spaces and one pair of quotes are kept, so the value's shape still reads.
 */
export function redactWhole(value: string, of: string, note: Note, mask: Mask = SHARE_MASK): string {
  const { lead, quote, core, trail } = shapeOf(value);
  if (core === "" || isHarmlessPlaceholder(core)) return value;
  const jose = redactJose(core);
  if (jose) {
    if (jose.removedChars === 0) return value;
    note(joseWhat(jose, of), jose.removed);
    return `${lead}${quote}${mask.jose(core, jose.value)}${quote}${trail}`;
  }
  note(`value of ${of} (${chars(core.length)})`, core);
  return `${lead}${quote}${mask.whole(core)}${quote}${trail}`;
}

/** Leading and trailing whitespace, one pair of double quotes, and what they hold. */
interface Shape {
  readonly lead: string;
  readonly quote: string;
  readonly core: string;
  readonly trail: string;
}

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";
}

/** Index loops rather than a regex: a lazy pattern with a back-reference is quadratic on long spaces. */
function shapeOf(value: string, quotes = '"'): Shape {
  let a = 0;
  let b = value.length;
  while (a < b && isSpace(value[a])) a++;
  while (b > a && isSpace(value[b - 1])) b--;
  let quote = "";
  const first = value[a];
  if (b - a >= 2 && first !== undefined && quotes.includes(first) && value[b - 1] === first) {
    quote = first;
    a++;
    b--;
  }
  return { lead: value.slice(0, quote ? a - 1 : a), quote, core: value.slice(a, b), trail: value.slice(quote ? b + 1 : b) };
}

/**
 * Authentication schemes (IANA HTTP Authentication Scheme Registry and common private ones). An
 * Authorization value that is one word and not one of these is a token sent without its scheme.
 */
const SCHEMES: ReadonlySet<string> = new Set([
  "basic", "bearer", "concealed", "digest", "dpop", "gnap", "hoba", "mutual", "negotiate", "ntlm", "oauth",
  "privatetoken", "scram-sha-1", "scram-sha-256", "vapid", "aws4-hmac-sha256", "token", "jwt", "apikey",
]);

/**
 * Authorization / Proxy-Authorization (RFC 9110 §11.6.2): the scheme stays, so the diagnosis can
 * still say what was sent; the credentials go. A JWT keeps header and claims, also when the
 * client repeated the scheme or quoted the token (the defects auth.token-placeholder explains).
 */
export function redactAuthorization(value: string, note: Note, mask: Mask = SHARE_MASK): string {
  const auth = parseAuthorization(value);
  const creds = auth.credentials;
  if (creds.trim() === "") {
    // One word: a scheme alone ("Negotiate"), a placeholder ("undefined"), or a short bare token.
    const word = auth.scheme;
    if (word === "" || SCHEMES.has(word.toLowerCase()) || isHarmlessPlaceholder(word)) return value;
    note(`credentials sent without a scheme (${chars(word.length)})`, word);
    return value.replace(word, mask.whole(word));
  }
  if (isHarmlessPlaceholder(creds.trim())) return value;
  const schemeLabel = auth.scheme === "" ? "credentials sent without a scheme" : `${shortName(auth.scheme, 32)} credentials`;
  const at = value.lastIndexOf(creds);
  const head = value.slice(0, at);
  const tail = value.slice(at + creds.length);

  // "Bearer eyJ…", "Bearer Bearer eyJ…", 'Bearer "eyJ…"': find the token inside.
  let prefix = "";
  let inner = creds;
  const scheme = auth.scheme.toLowerCase();
  const trimmed = creds.trimStart();
  if (scheme !== "" && trimmed.slice(0, scheme.length).toLowerCase() === scheme && isSpace(trimmed[scheme.length])) {
    const afterScheme = creds.length - trimmed.length + scheme.length;
    let k = afterScheme;
    while (isSpace(creds[k])) k++;
    prefix = creds.slice(0, k);
    inner = creds.slice(k);
  }
  const shape = shapeOf(inner, "\"'");
  const jose = /\s/.test(shape.core) ? undefined : redactJose(shape.core);
  if (jose) {
    if (jose.removedChars === 0) return value;
    note(joseWhat(jose, schemeLabel), jose.removed);
    return `${head}${prefix}${shape.lead}${shape.quote}${mask.jose(shape.core, jose.value)}${shape.quote}${shape.trail}${tail}`;
  }
  if (prefix !== "" && isHarmlessPlaceholder(inner.trim())) return value;
  note(`${schemeLabel} (${chars(creds.length)})`, creds);
  return auth.scheme === "" ? mask.whole(creds) : `${auth.scheme} ${mask.whole(creds)}`;
}

/** One `name=value` pair of a Cookie or Set-Cookie header: the name and spacing stay. */
function redactPair(pair: string, kind: string, note: Note, mask: Mask): string {
  const eq = pair.indexOf("=");
  // RFC 6265bis §5.6 step 3: a pair without "=" is a nameless cookie whose value is the pair.
  const name = eq === -1 ? "" : pair.slice(0, eq).trim();
  const head = eq === -1 ? "" : pair.slice(0, eq + 1);
  const value = eq === -1 ? pair : pair.slice(eq + 1);
  const of = name === "" ? `a nameless ${kind}` : `${kind} ${shortName(name)}`;
  return head + redactCookieValue(value, of, note, mask);
}

/** A cookie value (`of` names it: "cookie sid"): quotes and spacing stay; a JWT keeps header and claims; the rest goes. */
export function redactCookieValue(value: string, of: string, note: Note, mask: Mask = SHARE_MASK): string {
  const { lead, quote, core, trail } = shapeOf(value);
  if (core === "") return value;
  const jose = redactJose(core);
  if (jose) {
    if (jose.removedChars === 0) return value;
    note(joseWhat(jose, of), jose.removed);
    return `${lead}${quote}${mask.jose(core, jose.value)}${quote}${trail}`;
  }
  note(`value of ${of} (${chars(core.length)})`, core);
  return `${lead}${quote}${mask.whole(core)}${quote}${trail}`;
}

/** Cookie request header (RFC 6265 §4.2.1): every value goes, every name stays. */
export function redactCookieHeader(value: string, note: Note, mask: Mask = SHARE_MASK): string {
  return value
    .split(";")
    .map((pair) => redactPair(pair, "cookie", note, mask))
    .join(";");
}

/** Set-Cookie (RFC 6265 §4.1): the first pair is the cookie; attributes (Path, SameSite…) are no secret. */
export function redactSetCookie(value: string, note: Note, mask: Mask = SHARE_MASK): string {
  const semi = value.indexOf(";");
  const pair = semi === -1 ? value : value.slice(0, semi);
  return redactPair(pair, "cookie", note, mask) + (semi === -1 ? "" : value.slice(semi));
}

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/**
 * `a=1&access_token=…` as in a query, a fragment or a form body (WHATWG URL
 * application/x-www-form-urlencoded): secret names lose their values, JWT values their
 * signatures. Separators, order and encoding of everything else stay as they were.
 */
export function redactParams(text: string, of: string, note: Note, mask: Mask = SHARE_MASK): string {
  return text
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq === -1) return pair;
      const rawName = pair.slice(0, eq);
      const rawValue = pair.slice(eq + 1);
      if (rawValue === "") return pair;
      const name = decodeComponent(rawName);
      const value = decodeComponent(rawValue);
      const where = `${of} parameter ${shortName(name)}`;
      if (isSecretParam(name)) {
        if (isHarmlessPlaceholder(value)) return pair;
        const masked = maskSecretParam(value, rawValue, where, note, mask);
        return masked === undefined ? pair : `${rawName}=${masked}`;
      }
      // Any parameter whose value is a JWT, whatever its name (`?jwt=`, `?assertion=`).
      const jose = redactJose(value);
      if (jose) {
        if (jose.removedChars === 0) return pair;
        note(joseWhat(jose, where), jose.removed);
        return `${rawName}=${mask.jose(value, jose.value)}`;
      }
      // Or a long random token (a signed-URL signature, an unnamed session id).
      if (looksLikeRandomSecret(value)) {
        note(`random token in ${where} (${chars(value.length)})`, rawValue);
        if (rawValue !== value) note(`random token in ${where}, decoded`, value);
        return `${rawName}=${mask.whole(value)}`;
      }
      return pair;
    })
    .join("&");
}

/**
 * A URL: the password of `user:password@`, secret query and fragment parameters (OAuth's implicit
 * flow returns tokens in the fragment), and JWTs anywhere in the path. Works on the text, so a
 * URL that does not parse is still redacted and one that does keeps its exact spelling.
 */
export function redactUrl(url: string, note: Note, mask: Mask = SHARE_MASK): string {
  const hash = url.indexOf("#");
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? undefined : url.slice(hash + 1);
  const q = beforeHash.indexOf("?");
  const base = q === -1 ? beforeHash : beforeHash.slice(0, q);
  const query = q === -1 ? undefined : beforeHash.slice(q + 1);

  let head = base;
  const authority = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/]*)/.exec(base);
  if (authority) {
    const auth = authority[2]!;
    const at = auth.lastIndexOf("@");
    const colon = at === -1 ? -1 : auth.indexOf(":");
    if (colon !== -1 && colon < at && at - colon > 1) {
      const password = auth.slice(colon + 1, at);
      note(`password in the URL (${chars(password.length)})`, password);
      head = `${authority[1]}${auth.slice(0, colon + 1)}${mask.whole(password)}${auth.slice(at)}${base.slice(authority[0].length)}`;
    }
  }
  head = scanJose(head, "the URL path", note, mask);
  const redactedQuery = query === undefined ? "" : `?${redactParams(query, "URL", note, mask)}`;
  const redactedFragment =
    fragment === undefined
      ? ""
      : `#${fragment.includes("=") ? redactParams(fragment, "URL fragment", note, mask) : scanJose(fragment, "the URL fragment", note, mask)}`;
  return head + redactedQuery + redactedFragment;
}

/**
 * A JSON text: string members named like SECRET_PARAMS lose their values, JWT strings anywhere
 * their signatures. A small scanner rewrites only those string literals, so numbers, spacing and
 * member order stay exactly as sent (re-serialising would round large numbers) and a body that
 * is not valid JSON (cut short by a capture limit) is still redacted.
 */
export function redactJsonText(text: string, of: string, note: Note, mask: Mask = SHARE_MASK): string {
  let out = "";
  let last = 0;
  /** The member name whose value comes next, when the scanner is right after `"name":`. */
  let member: string | undefined;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== 0x22) {
      // Anything but whitespace between a member's colon and a string means the value is not a string.
      if (member !== undefined && c !== 0x3a && c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) member = undefined;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 0x5c) j += 2;
      else if (d === 0x22) break;
      else j++;
    }
    const end = Math.min(j + 1, n);
    const literal = text.slice(i, end);
    let k = end;
    while (k < n && /\s/.test(text[k]!)) k++;
    if (text[k] === ":") {
      member = jsonString(literal);
      i = k + 1;
      continue;
    }
    const value = jsonString(literal);
    const where = member === undefined ? of : `member ${shortName(member)} of ${of}`;
    let replacement: string | undefined;
    if (member !== undefined && isSecretParam(member) && value !== "" && !isHarmlessPlaceholder(value)) {
      const jose = redactJose(value);
      if (jose) {
        if (jose.removedChars > 0) {
          note(joseWhat(jose, where), jose.removed);
          replacement = JSON.stringify(mask.jose(value, jose.value));
        }
      } else {
        note(`value of ${where} (${chars(value.length)})`, value);
        replacement = JSON.stringify(mask.whole(value));
      }
    } else if (member !== undefined && looksLikeRandomSecret(value)) {
      // Under any name: a long random token in a body is a credential (a session id, an API key).
      note(`random token in ${where} (${chars(value.length)})`, value);
      replacement = JSON.stringify(mask.whole(value));
    } else {
      // Inside any string: `secret=value` pairs (a form pasted into a note), then JWTs.
      const paired = redactSecretPairs(value, where, note, mask);
      const base = paired === value ? literal : JSON.stringify(paired);
      const scanned = scanJose(base, where, note, mask);
      if (scanned !== literal) replacement = scanned;
    }
    if (replacement !== undefined) {
      out += text.slice(last, i) + replacement;
      last = end;
    }
    member = undefined;
    i = end;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** The text of a JSON string literal; the raw inside when it does not parse (cut short). */
function jsonString(literal: string): string {
  try {
    const v: unknown = JSON.parse(literal);
    return typeof v === "string" ? v : literal;
  } catch {
    return literal.replace(/^"/, "").replace(/"$/, "");
  }
}

/** A body by its media type: JSON, a form, or any other text (where only JWTs are looked for). */
export function redactBody(text: string, mimeType: string, of: string, note: Note, mask: Mask = SHARE_MASK): string {
  const type = mimeType.toLowerCase();
  if (type.includes("json") || /^\s*[{[]/.test(text)) return redactJsonText(text, of, note, mask);
  if (type.includes("x-www-form-urlencoded") || /^[^\s=&]+=[^\s&]*(&[^\s=&]+=[^\s&]*)*$/.test(text.trim())) return redactParams(text, of, note, mask);
  return scanText(text, of, note, mask);
}
