/**
 * `Bearer undefined` and its relatives: a token variable that was never set, serialized by the
 * client. The server can only answer 401, and the cause is always in the client's code.
 * A table of tell-tale credential strings, each with what it means and where it comes from;
 * the rule that reports them is rules/token-placeholder.ts.
 */
import type { AuthorizationValue } from "./authorization.ts";

export interface PlaceholderMatch {
  /** Short name of the defect, e.g. "the string \"undefined\"". */
  readonly what: string;
  /** The usual cause in client code. */
  readonly cause: string;
}

interface PlaceholderRule {
  readonly test: (credentials: string, scheme: string) => boolean;
  readonly what: (credentials: string, scheme: string) => string;
  readonly cause: string;
}

const LITERALS: Record<string, string> = {
  undefined: "a JavaScript variable that was never assigned was interpolated into the header",
  null: "a token variable holding null (nothing stored yet, or cleared on logout) was interpolated into the header",
  nan: "a numeric operation on the token produced NaN",
  "[object object]": "an object (often the whole token response) was interpolated instead of its access_token field",
  none: "a Python None was formatted into the header",
  nil: "a nil value was formatted into the header",
  false: "a boolean (often a failed lookup) was interpolated instead of the token",
};

/** Schemes whose credentials are one token68 (RFC 6750 §2.1, RFC 9449 §7.1). */
const TOKEN68_SCHEMES: ReadonlySet<string> = new Set(["bearer", "dpop"]);

const RULES: readonly PlaceholderRule[] = [
  {
    test: (c, s) => s === "" && c.trim() !== "",
    what: () => "a bare token without its scheme (no `Bearer ` before it)",
    cause: "the header was set to the token alone; servers read the first word as the scheme and reject it",
  },
  {
    // `Authorization: undefined`: no scheme at all, the whole value is the placeholder.
    test: (c, s) => c.trim() === "" && Object.hasOwn(LITERALS, s.toLowerCase()),
    what: (_c, s) => `the whole header value is the string "${s}"`,
    cause: "the header value was built from an unset variable, without any scheme",
  },
  {
    test: (c) => c.trim() === "",
    what: (_c, s) => `an empty ${s} credential`,
    cause: "the header is added before the token is available, or the token variable is an empty string",
  },
  {
    test: (c) => c.length <= 20 && Object.hasOwn(LITERALS, c.trim().replace(/^"(.*)"$/, "$1").toLowerCase()),
    what: (c) => `the string "${c.trim()}"`,
    cause: "",
  },
  {
    test: (c, s) => {
      if (s === "") return false;
      const head = c.slice(0, s.length + 1).toLowerCase();
      const scheme = s.toLowerCase();
      return head === `${scheme} ` || (c.trim().length === s.length && c.trim().toLowerCase() === scheme);
    },
    what: (_c, s) => `the scheme written twice ("${s} ${s} …")`,
    cause: "the stored token already includes its scheme and the client prefixes it again",
  },
  {
    test: (c) => /^\{\{.*\}\}$|^\$\{.*\}$|^<[^>]*>$|^%[A-Za-z_]+%$|^:[A-Za-z_]+$/.test(c.trim()),
    what: (c) => `an unfilled template "${c.trim()}"`,
    cause: "a template or environment variable (Postman, .env, a docs example) was never substituted",
  },
  {
    test: (c) => c.length > 1 && /^["'].*["']$/.test(c.trim()),
    what: () => "a token wrapped in quotes",
    cause: "the token was stored as a JSON string (JSON.stringify) and its quotes are sent as part of it",
  },
  {
    // A token68 (RFC 9110 §11.2) never contains whitespace, so for the token schemes a single
    // space inside is already a defect (a token pasted with its line wrap); so are invisible
    // characters copied from a web page (zero-width space, BOM).
    test: (c, s) => /[\r\n\t\u200b\ufeff]|\s$|\s{2,}/.test(c) || (TOKEN68_SCHEMES.has(s.toLowerCase()) && /\s/.test(c.trim())),
    what: () => "stray whitespace inside the credentials",
    cause: "the token was read from a file or a form with its newline or padding",
  },
];

const TEMPLATE = /^\{\{.*\}\}$|^\$\{.*\}$|^<[^>]*>$|^%[A-Za-z_]+%$|^:[A-Za-z_]+$/;

/**
 * True for a credential string that holds no token at all: empty, a serialized non-value
 * ("undefined", "null", "[object Object]"…, quoted or not) or an unfilled template. Decoders
 * skip these instead of reporting them as opaque tokens: token-placeholder already explains them.
 */
export function isPlaceholderValue(value: string): boolean {
  // Literals are short and templates start with one of these: a long token is ruled out at once.
  if (value.length > 24 && !/^\s*["{$<%:]/.test(value)) return false;
  const v = value.trim().replace(/^"(.*)"$/, "$1");
  return v === "" || (v.length <= 20 && Object.hasOwn(LITERALS, v.toLowerCase())) || TEMPLATE.test(v);
}

/**
 * The first placeholder defect in these credentials, or undefined when they look like a real
 * value. Rules read the verdict on a request's Authorization from its view (ctx.view(x).placeholder).
 */
export function findPlaceholder(auth: AuthorizationValue): PlaceholderMatch | undefined {
  return placeholderIn(auth.credentials, auth.scheme);
}

function placeholderIn(credentials: string, scheme: string): PlaceholderMatch | undefined {
  for (const rule of RULES) {
    if (!rule.test(credentials, scheme)) continue;
    const key = (credentials.trim() || scheme).slice(0, 24).replace(/^"(.*)"$/, "$1").toLowerCase();
    const literal = Object.hasOwn(LITERALS, key) ? LITERALS[key] : undefined;
    return { what: rule.what(credentials, scheme), cause: rule.cause || literal || "" };
  }
  return undefined;
}
