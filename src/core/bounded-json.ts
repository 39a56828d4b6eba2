/**
 * JSON from a capture (JWT headers and claims, token-endpoint and error bodies), parsed with its
 * nesting bounded. V8's JSON.parse reads any depth, but what later walks the value recurses:
 * JSON.stringify (claim rendering, the CLI's --json, copies), structured clone (the panel's
 * worker) and the panel's claim tree. A header nested 5,000 deep then ends as "Maximum call
 * stack size exceeded" far from where it came in. So depth is measured on the text, before
 * parsing, and a value nested deeper than MAX_JSON_DEPTH is refused with a reason that says so.
 */

/**
 * Levels of objects and arrays accepted. Real JOSE headers and claims sets nest 2–4 levels
 * (Keycloak's resource_access, a `cnf.jwk`); W3C verifiable credentials in SD-JWT VC reach ~10.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * The deepest nesting of objects and arrays in a JSON text, counted no further than `max` + 1.
 * Brackets inside strings do not count (RFC 8259 §7: a string ends at an unescaped quote). One
 * linear pass, no recursion; on text that is not JSON the count is only an estimate, which is
 * enough: JSON.parse refuses that text anyway.
 */
export function jsonDepth(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > max) return deepest;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return deepest;
}

/** The words every refusal uses, so that readers of a finding see one phrasing. */
export function tooDeepReason(what: string, max = MAX_JSON_DEPTH): string {
  return `${what} JSON nested deeper than ${max} levels; AuthLens reads JSON up to ${max} levels deep, and no real one nests that far`;
}

export type BoundedJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly tooDeep: boolean; readonly reason: string };

/**
 * JSON.parse with nesting bounded. `what` names the text in the reason ("header", "the
 * response body"). Never throws.
 */
export function parseBoundedJson(text: string, what: string, max = MAX_JSON_DEPTH): BoundedJson {
  if (jsonDepth(text, max) > max) return { ok: false, tooDeep: true, reason: tooDeepReason(what, max) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, tooDeep: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
