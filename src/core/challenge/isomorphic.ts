/**
 * HTTP field values are bytes; RFC 9110 §5.5 reads the ones above 0x7F as obs-text, and
 * browsers expose them one character per byte (the WHATWG Encoding standard's "isomorphic
 * decode"). A realm in UTF-8 therefore arrives as "foo-Ã¤" rather than "foo-ä": nothing in the
 * challenge says which charset was meant, so AuthLens shows both readings.
 */

/** One character per byte, U+0000–U+00FF. */
export function isomorphicDecode(bytes: Uint8Array): string {
  let out = "";
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return out;
}

/** Longest value given a second reading; realms and descriptions are short. */
const MAX_UTF8_GUESS = 4_096;
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The UTF-8 reading of an isomorphically decoded value, when it differs and is valid UTF-8
 * ("foo-Ã¤" → "foo-ä"); undefined for plain ASCII, for Latin-1 text that is not UTF-8, and for
 * values holding characters above U+00FF (already decoded by the capture).
 */
export function utf8Reading(value: string): string | undefined {
  if (value.length > MAX_UTF8_GUESS) return undefined;
  let high = false;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff) return undefined;
    if (c >= 0x80) high = true;
    bytes[i] = c;
  }
  if (!high) return undefined;
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}
