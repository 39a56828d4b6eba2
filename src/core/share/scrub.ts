/**
 * Texts AuthLens builds from an exchange (finding details, evidence, explanations) are masked
 * where they are built, but a secret may still sit inside a quoted URL or header. The scrubber
 * removes from any such text every secret the redaction of that exchange removed, any
 * `name=value` of a secret parameter, and JWTs (rules.ts decides what is secret).
 */
import { type Mask, SHARE_MASK } from "./rules.ts";
import { redactSecretPairs, scanJose } from "./values.ts";

/** Removed texts shorter than this are not searched for in other texts (a cookie value "1" is everywhere). */
export const MIN_SCRUBBED_SECRET = 8;

const ignore = (): void => {};

export function textScrubber(secrets: readonly string[], mask: Mask = SHARE_MASK): (text: string) => string {
  const long = [...new Set(secrets.filter((s) => s.length >= MIN_SCRUBBED_SECRET))].sort((a, b) => b.length - a.length);
  return (text) => {
    let t = text;
    for (const s of long) if (t.includes(s)) t = t.split(s).join(mask.whole(s));
    return scanJose(redactSecretPairs(t, "text", ignore, mask), "text", ignore, mask);
  };
}
